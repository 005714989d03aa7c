/* cgroup_int.h - what cgroup.c, cgroup_v1.c, cgroup_v2.c and cgroup_bpf.c
 * share: the discovered hierarchies, file helpers that name the file and
 * value in every error, and the per-controller writers of each backend.
 * Private to the cgroup files.
 */
#ifndef RM_CGROUP_INT_H
#define RM_CGROUP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"

/* One mounted hierarchy, as /proc/self/mountinfo and /proc/self/cgroup show it. */
struct cg_hier {
	char mnt[RM_CG_PATH_MAX];      /* mount point, e.g. /sys/fs/cgroup/memory */
	char root[RM_CG_PATH_MAX];     /* the part of the hierarchy mounted there (mountinfo field 4) */
	char own[RM_CG_PATH_MAX];      /* our cgroup below mnt, e.g. /process_api/X, "/" at the top */
	uint32_t ctrl;                 /* RM_CG_BIT()s: v1 from the mount options, v2 cgroup.controllers */
	bool v2;
};

struct cg_host {
	struct cg_hier h[RM_CG_MAX_DIRS];
	int n;
	int v2;                        /* index of the cgroup2 hierarchy, -1 if none */
	int nv1;                       /* v1 hierarchies that carry a controller */
};

/* Parse a mountinfo and a /proc/PID/cgroup file (paths, so tests can feed
 * fixtures).  Never fails for a host without cgroups: host->n is then 0. */
int cgi_discover(struct cg_host *host, const char *mountinfo, const char *self_cgroup,
		 struct rm_err *err);
enum rm_cg_backend cgi_backend(const struct cg_host *host);
/* Controller name <-> enum ("io" is blkio on v2); -1 if unknown. */
int cgi_ctrl_from_name(const char *name);
const char *cgi_ctrl_name(enum rm_cg_ctrl c);
/* Lexically clean a cgroupsPath: "a/../b//c" -> "/b/c"; never above the top. */
int cgi_clean_path(const char *in, char *out, size_t len, struct rm_err *err);

/* The directory that carries controller c, or NULL. */
const char *cgi_dir(const struct rm_cgroup *cg, enum rm_cg_ctrl c);
bool cgi_is_v2_dir(const struct rm_cgroup *cg, const char *dir);

/* File helpers: every error names DIR/FILE and the value. */
int cgi_write(const char *dir, const char *file, const char *value, struct rm_err *err);
int cgi_writef(const char *dir, const char *file, struct rm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Read a small file into buf (NUL-terminated, trailing newline kept). */
int cgi_read(const char *dir, const char *file, char *buf, size_t len, struct rm_err *err);
int cgi_read_u64(const char *dir, const char *file, uint64_t *v, struct rm_err *err);
bool cgi_exists(const char *dir, const char *file);
/* Value of `key` in a "key value" per line file (memory.stat, cpu.stat, ...). */
int cgi_keyed(const char *dir, const char *file, const char *key, uint64_t *v);

/* Does res ask for anything the controller group handles?  Zeros that
 * engines send for "unset" do not count (see cgroup.c). */
bool cgi_wants_memory(const struct rm_resources *r);
bool cgi_wants_cpu(const struct rm_resources *r);
bool cgi_wants_cpuset(const struct rm_resources *r);
bool cgi_wants_blkio(const struct rm_resources *r);

/* Writers: one per controller group and backend.  `update` is true for a
 * live container (ordering against current values matters then). */
typedef int (*cg_apply_fn)(const char *dir, const struct rm_resources *r, bool update,
			   struct rm_err *err);

int cgv1_memory(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_cpu(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_cpuset(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_pids(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_blkio(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_hugetlb(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_net_cls(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_net_prio(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_rdma(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv1_devices(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
/* Copy cpuset.cpus/mems from the parent into a new v1 cpuset dir: a v1
 * cpuset cgroup starts empty and refuses tasks (ENOSPC) until both are set. */
int cgv1_cpuset_inherit(const char *dir, struct rm_err *err);
int cgv1_freeze(const char *dir, bool freeze, struct rm_err *err);
int cgv1_is_frozen(const char *dir, bool *frozen, struct rm_err *err);
void cgv1_stats(const struct rm_cgroup *cg, struct rm_cg_stats *st);
int cgv1_oom_count(const char *dir, uint64_t *count, struct rm_err *err);

int cgv2_memory(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_cpu(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_cpuset(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_pids(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_io(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_hugetlb(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_rdma(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
int cgv2_unified(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);
/* Turn on `want` controllers in cgroup.subtree_control of every directory
 * from `top` down to the parent of `leaf`; `need` ones must succeed. */
int cgv2_enable(const char *top, const char *leaf, uint32_t want, uint32_t need, struct rm_err *err);
/* Controllers a v2 directory offers (cgroup.controllers + core files). */
uint32_t cgv2_available(const char *dir);
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

/* The device rules to enforce: the config's rules, then allows for the
 * devices every container gets (null, zero, ... pts), as runc and crun add. */
size_t cgi_device_rules(const struct rm_resources *r, struct rm_dev_rule *out, size_t max);
#define CG_MAX_DEV_RULES 512

/* v2 devices: build the eBPF program for the rules (exposed for tests).
 * Returns the instruction count. */
struct bpf_insn;
#define CG_MAX_INSNS (8 * CG_MAX_DEV_RULES + 16)
int cgbpf_build(const struct rm_dev_rule *rules, size_t n, struct bpf_insn *out, size_t max,
		struct rm_err *err);
/* Load and attach to dir, then detach any program that was there before. */
int cgbpf_apply(const char *dir, const struct rm_resources *r, bool update, struct rm_err *err);

/* hugetlb.<size>.<suffix> for each hugepageLimits entry (v1:
 * "limit_in_bytes", v2: "max"). */
int cgi_write_hugetlb(const char *dir, const struct rm_resources *r, const char *suffix, struct rm_err *err);

#endif
