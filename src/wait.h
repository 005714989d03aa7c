/* SPDX-License-Identifier: Apache-2.0 */
/* wait.h - the foreground loop of `run` and `exec`: forward signals to the
 * container's process, proxy its terminal, reap it, give back its status. */
#ifndef RM_WAIT_H
#define RM_WAIT_H

#include <signal.h>
#include <sys/types.h>

#include "console.h"
#include "err.h"

struct rm_waiter {
	pid_t pid;                 /* the process we wait for (our child) */
	int sigfd;                 /* signalfd of the forwarded signals */
	int master;                /* pty master to proxy, or -1 */
	sigset_t oldmask;          /* restored by waiter_close */
	struct rm_tty_state tty;
};

/* Block the forwarded signals and open a signalfd for them (before the
 * child exists, so no signal is lost). */
int waiter_init(struct rm_waiter *w, struct rm_err *err);
/* Until w->pid exits: forward signals, proxy the terminal.  *status is its
 * exit status, 128+N when killed by signal N. */
void waiter_loop(struct rm_waiter *w, int *status);
void waiter_close(struct rm_waiter *w);

#endif
