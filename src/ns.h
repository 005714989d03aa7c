/* SPDX-License-Identifier: Apache-2.0 */
/* ns.h - namespaces: clone flags, joining by path, id maps, loopback. */
#ifndef RM_NS_H
#define RM_NS_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"
#include "spec.h"

/* CLONE_NEW* flag of a namespace type. */
int ns_clone_flag(enum rm_ns_type t);
/* Flags for the namespaces to create (listed without a path). */
int ns_flags_to_create(const struct rm_spec *s);
/* Open the ns paths to join (before clone, so a bad path fails early);
 * fds[i] = -1 when type i is not joined. */
int ns_open_paths(const struct rm_spec *s, int fds[RM_NS_COUNT], struct rm_err *err);
void ns_close_paths(int fds[RM_NS_COUNT]);
/* A pid namespace is joined by the parent before clone: setns(CLONE_NEWPID)
 * only places the caller's future children in it. */
int ns_join_pid_for_children(int fds[RM_NS_COUNT], struct rm_err *err);
/* setns into the other opened namespaces (user first so the rest are allowed). */
int ns_join(int fds[RM_NS_COUNT], struct rm_err *err);
/* Write one map file ("uid_map" or "gid_map") of /proc/PID. */
int ns_write_map(pid_t pid, const char *file, const struct rm_idmap *m, size_t n, struct rm_err *err);
/* Write /proc/PID/{uid_map,setgroups,gid_map} for a child in a new user ns. */
int ns_write_id_maps(pid_t pid, const struct rm_spec *s, struct rm_err *err);
/* Bring up "lo" in a new network namespace. */
int ns_loopback_up(struct rm_err *err);

/* unshare a time namespace, write linux.timeOffsets, enter it. */
int ns_setup_time(const struct rm_spec *s, struct rm_err *err);

#endif
