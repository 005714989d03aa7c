/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_v2.h - resource writers, freezer and stats of the unified
 * hierarchy (cgroup_v2.c), and the v1 -> v2 conversions.  Built on
 * cgroup_host.h; called only by cgroup.c. */
#ifndef RM_CGROUP_V2_H
#define RM_CGROUP_V2_H

#include "cgroup_host.h"

int cgv2_memory(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_cpu(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_pids(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_io(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_hugetlb(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgv2_unified(const char *dir, const struct rm_resources *r, struct rm_err *err);
/* Turn on `want` controllers in cgroup.subtree_control of every directory
 * from `top` down to the parent of `leaf`; `need` ones must succeed. */
int cgv2_enable(const char *top, const char *leaf, uint32_t want, uint32_t need, struct rm_err *err);
int cgv2_freeze(const char *dir, bool freeze, struct rm_err *err);
int cgv2_is_frozen(const char *dir, bool *frozen, struct rm_err *err);
void cgv2_stats(const char *dir, struct rm_cg_stats *st);
int cgv2_oom_count(const char *dir, uint64_t *count, struct rm_err *err);

/* shares (v1, 2..262144) -> cpu.weight (1..10000), as runc and crun do. */
uint64_t cgv2_shares_to_weight(uint64_t shares);
/* blkio.weight (10..1000) -> io.weight (1..10000). */
uint64_t cgv2_blkio_to_io_weight(uint64_t weight);
/* v1 memory.swap is memory+swap; v2 memory.swap.max is swap alone.
 * Returns 0 and *out (-1 = max, 0 = unset) or -1 with err filled. */
int cgv2_swap_max(int64_t limit, int64_t swap, int64_t *out, struct rm_err *err);

#endif
