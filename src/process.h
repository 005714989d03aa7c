/* SPDX-License-Identifier: Apache-2.0 */
/* process.h - the container process: user, groups, rlimits, cwd, env,
 * no_new_privs, fds, and the final execve. Runs in the child after pivot. */
#ifndef RM_PROCESS_H
#define RM_PROCESS_H

#include <limits.h>
#include <sys/types.h>

#include "err.h"
#include "spec.h"

struct rm_exec {
	uid_t uid;
	gid_t gid;
	gid_t *groups;            /* RM_GROUPS_MAX of static storage (proc_prepare) */
	size_t n_groups;
	char path[PATH_MAX];      /* resolved executable */
	char home[PATH_MAX];      /* for HOME when the env lacks it */
};

/* Resolve the user (a legacy user name through /etc/passwd and /etc/group
 * of the container), HOME and the executable (PATH of process.env). */
int proc_prepare(const struct rm_process *p, struct rm_exec *x, struct rm_err *err);
int proc_set_rlimits(const struct rm_process *p, struct rm_err *err);
int proc_set_oom_score_adj(const struct rm_process *p, struct rm_err *err);
/* Bounding set, user and groups, capabilities, no_new_privs, umask, cwd. */
/* The real, effective and saved uids (or gids) all are want, read back
 * after a switch: an id the kernel took as "unchanged" must not pass. */
int proc_check_ids(bool uids, unsigned want, struct rm_err *err);
int proc_switch_identity(const struct rm_process *p, const struct rm_exec *x, struct rm_err *err);
/* Mark fds >= 3 + preserve close-on-exec (CVE-2024-21626: no host fd may
 * reach the container). */
int proc_close_fds(int preserve, struct rm_err *err);
/* process_attr.c: process.scheduler and process.ioPriority (before the
 * identity switch), execCPUAffinity.final and the LSM exec label (called
 * by proc_exec), linux.personality; proc_check_lsm runs in the parent. */
int proc_set_sched(const struct rm_process *p, struct rm_err *err);
int proc_set_initial_affinity(const struct rm_process *p, struct rm_err *err);
int proc_set_affinity(const struct rm_process *p, struct rm_err *err);
int proc_set_personality(const struct rm_spec *s, struct rm_err *err);
int proc_check_lsm(const struct rm_process *p, struct rm_err *err);
int proc_set_lsm_label(const struct rm_process *p, struct rm_err *err);
/* execve; returns only on failure.  Sets execCPUAffinity.final and the LSM
 * label first. */
int proc_exec(const struct rm_process *p, const struct rm_exec *x, struct rm_err *err);

#endif
