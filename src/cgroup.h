/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup.h - place a container in cgroups and apply linux.resources.
 *
 * Backends: v1 (one hierarchy per controller), v2 (unified), hybrid (v1
 * controllers plus a cgroup2 mount; the v1 side carries the limits, the v2
 * tree only what v1 lacks, e.g. hugetlb or `unified` keys), none.
 * Kernel-facing: plain file writes under /sys/fs/cgroup; never touches JSON.
 *
 * Untrusted input: cgroupsPath and every resource value come from the
 * bundle.  A path is cleaned lexically so ".." cannot climb above the
 * hierarchy (or the caller's cgroup for a relative path), and `unified` keys
 * must be plain file names.
 */
#ifndef RM_CGROUP_H
#define RM_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "rdt.h"
#include "resources.h"

enum rm_cg_mode { RM_CG_AUTO, RM_CG_NONE };          /* --cgroup-manager */
enum rm_cg_backend { RM_CG_BACKEND_NONE, RM_CG_BACKEND_V1, RM_CG_BACKEND_V2,
		     RM_CG_BACKEND_HYBRID };

/* Controllers, as bits of rm_cgroup.ctrl[].  "io" on v2 is RM_CGC_BLKIO. */
enum rm_cg_ctrl {
	RM_CGC_CPU, RM_CGC_CPUACCT, RM_CGC_CPUSET, RM_CGC_MEMORY, RM_CGC_DEVICES,
	RM_CGC_FREEZER, RM_CGC_BLKIO, RM_CGC_PIDS, RM_CGC_HUGETLB, RM_CGC_NET_CLS,
	RM_CGC_NET_PRIO, RM_CGC_RDMA, RM_CGC_PERF_EVENT, RM_CGC_MISC,
	RM_CGC_NAMED,        /* v1 name=systemd: no controller, joined like runc */
	RM_CGC_UNIFIED,      /* the directory is in a cgroup2 tree */
	RM_CGC_COUNT
};
#define RM_CG_BIT(c) (1u << (c))

#define RM_CG_PATH_MAX 512
#define RM_CG_MAX_DIRS 24

/* Everything later commands need to find the cgroup again; it is plain data
 * (no pointers) so it can be saved in the container's state or sent over a
 * pipe as bytes.  dirs[] is the truth: one absolute directory per hierarchy
 * (v1: per mount, v2/hybrid: one in the cgroup2 tree). */
struct rm_cgroup {
	enum rm_cg_backend backend;
	char path[RM_CG_PATH_MAX];               /* cleaned cgroupsPath, e.g. /ID */
	int ndirs;
	char dirs[RM_CG_MAX_DIRS][RM_CG_PATH_MAX]; /* absolute leaf dirs (removed by cg_destroy) */
	uint32_t ctrl[RM_CG_MAX_DIRS];           /* RM_CG_BIT()s each dir carries */
	uint8_t created[RM_CG_MAX_DIRS];         /* path components we mkdir'ed (leaf first) */
	bool devices_bpf;                        /* v2: we attached a device program */
	/* linux.intelRdt: the resctrl group every process joins (cg_enter);
	 * removed by cg_destroy when rdt_created. */
	char rdt_dir[RM_CG_PATH_MAX];
	bool rdt_created;
};

/* Discover the hierarchy, create the container's cgroup(s) and apply `res`
 * (res may be NULL).  `cgroups_path` is linux.cgroupsPath or NULL (then
 * /<id>, as runc); a relative path is relative to the caller's cgroup.
 * On failure nothing is left behind. */
int cg_create(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
	      const char *id, const struct rm_resources *res, struct rm_err *err);
/* linux.intelRdt: find the resctrl mount (refused without one), make or
 * check the group and write its schemata; cg_enter then adds processes. */
int cg_rdt_prepare(struct rm_cgroup *cg, const struct rm_rdt *rdt, const char *id,
		   struct rm_err *err);
/* Move pid into every cgroup of the container (and its resctrl group). */
int cg_enter(const struct rm_cgroup *cg, pid_t pid, struct rm_err *err);
/* Remove the container's cgroup directories (retrying while they drain). */
int cg_destroy(struct rm_cgroup *cg, struct rm_err *err);

/* Resolve the same directories cg_create would, without creating anything:
 * for `delete` when the state was lost in a crash.  Only existing
 * directories are recorded; created[] is 1 for each. */
int cg_open(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
	    const char *id, struct rm_err *err);

/* Which backend this host has (reads /proc/self/mountinfo). */
enum rm_cg_backend cg_detect(void);
const char *cg_backend_name(enum rm_cg_backend b);

/* Apply resources to a live container: `update`.  Zeros mean unset, as
 * docker and containerd send them; memory.checkBeforeUpdate refuses a limit
 * below the current usage; v2 device programs are replaced atomically. */
int cg_update(const struct rm_cgroup *cg, const struct rm_resources *res, struct rm_err *err);

/* pause/resume: v1 freezer.state, v2 cgroup.freeze; both wait until the
 * kernel reports the cgroup frozen (or thawed). */
int cg_freeze(const struct rm_cgroup *cg, struct rm_err *err);
int cg_thaw(const struct rm_cgroup *cg, struct rm_err *err);
/* *frozen = the cgroup is paused (for `state` and `events`). */
int cg_is_frozen(const struct rm_cgroup *cg, bool *frozen, struct rm_err *err);

/* Pids in the container's cgroup (cgroup.procs): fills at most `max` and
 * returns how many there are (call again with a bigger array if more). */
int cg_pids(const struct rm_cgroup *cg, pid_t *pids, size_t max, struct rm_err *err);
/* Send sig to every process: `kill --all`.  Freezes around the signal so
 * a forking process cannot escape (v2 SIGKILL uses cgroup.kill). */
int cg_kill(const struct rm_cgroup *cg, int sig, struct rm_err *err);
/* Number of OOM kills in the container's memory cgroup so far. */
int cg_oom_count(const struct rm_cgroup *cg, uint64_t *count, struct rm_err *err);

#define RM_CG_MAX_BLKIO 32
enum rm_blkio_op { RM_BLKIO_READ, RM_BLKIO_WRITE, RM_BLKIO_SYNC, RM_BLKIO_ASYNC,
		   RM_BLKIO_DISCARD, RM_BLKIO_TOTAL };
struct rm_blkio_stat { uint32_t major, minor; enum rm_blkio_op op; uint64_t value; };

/* Figures for `events --stats`, shaped like runc's types.Stats.  A figure
 * the host does not provide stays 0; has_* says which groups were read. */
struct rm_cg_stats {
	bool has_cpu, has_memory, has_pids, has_blkio;
	/* cpu (nanoseconds) */
	uint64_t cpu_total, cpu_user, cpu_kernel;
	uint64_t cpu_periods, cpu_throttled_periods, cpu_throttled_time;
	/* memory (bytes) */
	uint64_t mem_usage, mem_max_usage, mem_limit, mem_failcnt, mem_cache;
	uint64_t swap_usage, swap_limit;          /* v1: memsw (memory+swap) as runc */
	uint64_t kernel_usage;
	uint64_t oom_kills;
	/* pids */
	uint64_t pids_current, pids_limit;        /* limit 0 = max */
	/* blkio: bytes then ios */
	struct rm_blkio_stat io_bytes[RM_CG_MAX_BLKIO], io_ops[RM_CG_MAX_BLKIO];
	int n_io_bytes, n_io_ops;
};
int cg_stats(const struct rm_cgroup *cg, struct rm_cg_stats *st, struct rm_err *err);

#endif
