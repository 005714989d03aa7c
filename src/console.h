/* SPDX-License-Identifier: Apache-2.0 */
/* console.h - the container's terminal: a pty from the container's own
 * devpts, its slave as the process's controlling terminal and stdio, its
 * master handed to runc-mini (or to a --console-socket). */
#ifndef RM_CONSOLE_H
#define RM_CONSOLE_H

#include <stdbool.h>
#include <termios.h>

#include "err.h"
#include "spec.h"

/* In the container: open a pty of its devpts, make the slave our
 * controlling terminal and fds 0-2.  Returns the master fd. */
int console_open_child(const struct rm_process *p, struct rm_err *err);
/* The same for the container's init, which also gets it bound on
 * /dev/console.  An exec'd process never takes /dev/console over: its pty
 * is hung up when it exits, and runc leaves /dev/console alone too. */
int console_setup_child(const struct rm_process *p, struct rm_err *err);

/* Caller side: raw mode on our terminal while proxying, restored after. */
struct rm_tty_state { bool saved; struct termios tio; };
void console_raw(int fd, struct rm_tty_state *st);
void console_restore(int fd, struct rm_tty_state *st);
/* Copy our window size to the pty (on start and on SIGWINCH). */
void console_copy_winsize(int from, int to);
/* Send the master over a unix socket with SCM_RIGHTS (--console-socket). */
int console_send_master(const char *socket_path, int master, struct rm_err *err);

#endif
