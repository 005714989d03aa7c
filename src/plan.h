/* SPDX-License-Identifier: Apache-2.0 */
/* plan.h - what the container start will do, resolved once in the parent
 * before clone: absolute paths, namespace flags, options from the command
 * line.  The child inherits it by memory (no re-exec, nothing re-parsed). */
#ifndef RM_PLAN_H
#define RM_PLAN_H

#include <limits.h>
#include <stdbool.h>

#include "err.h"
#include "init.h"
#include "spec.h"

#define RM_PLAN_MAX_IDMAPS 32

struct rm_plan {
	const struct rm_spec *spec;
	char id[256];
	char bundle[PATH_MAX];        /* absolute */
	char rootfs[PATH_MAX];        /* absolute, symlinks resolved on the host side */
	int clone_flags;              /* namespaces to create */
	bool new_cgroupns;            /* unshare(CLONE_NEWCGROUP) after joining the cgroup */
	bool new_timens;              /* unshare + offsets in the child (ns_setup_time) */
	bool new_userns;              /* device nodes are bind-mounted, not made */
	bool no_pivot;                /* --no-pivot: MS_MOVE + chroot */
	int preserve_fds;             /* --preserve-fds N: 3..3+N-1 reach the process */
	bool console_socket;          /* a --console-socket receives the pty master */
	bool no_new_keyring;          /* --no-new-keyring: keep the caller's session keyring */
	enum rm_init_mode init;       /* --init or the annotation: runc-mini stays PID 1 */
	const char *exec_fifo;        /* create: the init waits here for `start`; NULL for run */
	const struct rm_state *state; /* for the hooks' state JSON */
	/* linux.seccomp compiled in the parent (container.c), loaded by the
	 * init just before execve; sc_len 0 = no filter. */
	struct sock_filter *sc_insns;
	size_t sc_len;
	unsigned sc_flags;
	bool sc_listener;             /* SCMP_ACT_NOTIFY: loaded before READY, the
				       * listener handed to listenerPath's agent */
	/* linux.resources; NULL when the config has no resources. */
	const struct rm_resources *resources;
	struct rm_resources res_copy;
	/* Idmapped mounts, made by the parent as detached trees before clone
	 * (mount_idmap.c); the child inherits the fds and attaches them. */
	struct { size_t mount; int fd; } idmaps[RM_PLAN_MAX_IDMAPS];
	size_t n_idmaps;
	/* A warning for the user (e.g. capabilities this kernel does not
	 * know); container.c hands it to rm_warn, main prints it. */
	char warning[256];
};

struct rm_state;
struct sock_filter;

struct rm_plan_opts {
	const char *id;
	bool no_new_keyring;
	bool no_pivot;
	int preserve_fds;
	bool console_socket;
	enum rm_init_mode init;
};

int plan_build(struct rm_plan *p, const struct rm_spec *s, const char *bundle,
	       const struct rm_plan_opts *o, struct rm_err *err);

#endif
