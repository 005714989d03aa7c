/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_v1.h - resource writers, freezer and stats of the v1 hierarchies
 * (cgroup_v1.c).  Built on cgroup_host.h; called only by cgroup.c. */
#ifndef RM_CGROUP_V1_H
#define RM_CGROUP_V1_H

#include "cgroup_host.h"

int cgv1_memory(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_cpu(const char *dir, const struct rm_resources *r, struct rm_err *err);
/* Give the `made` - 1 directories above leaf that we made the realtime
 * budget the config asks for (a child never has more than its parent). */
int cgv1_rt_parents(const char *leaf, int made, const struct rm_resources *r, struct rm_err *err);
int cgv1_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_pids(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_blkio(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_hugetlb(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_net_cls(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_net_prio(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv1_devices(const char *dir, const struct rm_resources *r, struct rm_err *err);
/* Copy cpuset.cpus/mems from the parent into a v1 cpuset dir whose files
 * are empty (fresh: we just made it, so they are): a v1 cpuset cgroup
 * starts empty and refuses tasks (ENOSPC) until both are set. */
int cgv1_cpuset_inherit(const char *dir, bool fresh, struct rm_err *err);
int cgv1_freeze(const char *dir, bool freeze, struct rm_err *err);
int cgv1_is_frozen(const char *dir, bool *frozen, struct rm_err *err);
void cgv1_stats(const struct rm_cgroup *cg, struct rm_cg_stats *st);
int cgv1_oom_count(const char *dir, uint64_t *count, struct rm_err *err);

#endif
