/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_host.h - the host layer of the cgroup code (cgroup_host.c), below
 * the v1 and v2 writers and the dispatch in cgroup.c: the discovered
 * hierarchies, file helpers, paths, what a config asks for, the default
 * device rules and the writers v1 and v2 share.  Private to the cgroup files.
 */
#ifndef RM_CGROUP_HOST_H
#define RM_CGROUP_HOST_H

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
 * fixtures).  Only mounts a path lookup reaches count (see mountinfo.h).
 * Never fails for a host without cgroups: host->n is then 0. */
int cgi_discover(struct cg_host *host, const char *mountinfo, const char *self_cgroup,
		 struct rm_err *err);
enum rm_cg_backend cgi_backend(const struct cg_host *host);
/* Controller name <-> enum ("io" is blkio on v2); -1 if unknown. */
int cgi_ctrl_from_name(const char *name);
const char *cgi_ctrl_name(enum rm_cg_ctrl c);

/* Controllers that are not listed in cgroup.controllers but every v2
 * cgroup has: the freezer (cgroup.freeze, 5.2+), devices (eBPF), cpu
 * accounting (cpu.stat). */
#define CGI_V2_CORE_BITS (RM_CG_BIT(RM_CGC_FREEZER) | RM_CG_BIT(RM_CGC_DEVICES) | \
			  RM_CG_BIT(RM_CGC_CPUACCT))
/* Bits of a v2 controller list ("cpu io memory"). */
uint32_t cgi_v2_list(const char *buf);
/* Controllers a v2 directory offers (cgroup.controllers + core files). */
uint32_t cgi_v2_available(const char *dir);

/* Lexically clean a cgroupsPath: "a/../b//c" -> "/b/c"; never above the top. */
int cgi_clean_path(const char *in, char *out, size_t len, struct rm_err *err);
/* cgroupsPath (NULL: the default for id) -> a cleaned path; *relative when
 * it counts from the caller's own cgroup.  systemd slice paths are refused. */
int cgi_resolve_path(const char *cgroups_path, const char *id, char *rel, bool *relative,
		     struct rm_err *err);
/* The leaf for hierarchy h; *base_len = length of the part that exists
 * before us (mount point, plus our own cgroup for a relative path). */
int cgi_leaf_path(const struct cg_hier *h, const char *rel, bool relative, char *out,
		  size_t *base_len, struct rm_err *err);
/* The directory that carries controller c, or NULL. */
const char *cgi_dir(const struct rm_cgroup *cg, enum rm_cg_ctrl c);
bool cgi_is_v2_dir(const struct rm_cgroup *cg, const char *dir);

/* File helpers: every error names DIR/FILE and the value. */
int cgi_write(const char *dir, const char *file, const char *value, struct rm_err *err);
int cgi_writef(const char *dir, const char *file, struct rm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* One open, then one write(2) per value: for files that take one item
 * per write (devices.allow, devices.deny). */
int cgi_write_each(const char *dir, const char *file, const char *const *values, size_t n,
		   struct rm_err *err);
/* Read a small file into buf (NUL-terminated, trailing newline kept). */
int cgi_read(const char *dir, const char *file, char *buf, size_t len, struct rm_err *err);
int cgi_read_u64(const char *dir, const char *file, uint64_t *v, struct rm_err *err);
bool cgi_exists(const char *dir, const char *file);
/* Value of `key` in a "key value" per line file (memory.stat, cpu.stat, ...). */
int cgi_keyed(const char *dir, const char *file, const char *key, uint64_t *v);

/* Does res ask for anything the controller group handles?  Zeros that
 * engines send for "unset" do not count. */
bool cgi_wants_memory(const struct rm_resources *r);
bool cgi_wants_cpu(const struct rm_resources *r);
bool cgi_wants_cpuset(const struct rm_resources *r);
bool cgi_wants_blkio(const struct rm_resources *r);
bool cgi_wants_pids(const struct rm_resources *r);
bool cgi_wants_hugetlb(const struct rm_resources *r);
bool cgi_wants_net_cls(const struct rm_resources *r);
bool cgi_wants_net_prio(const struct rm_resources *r);
bool cgi_wants_rdma(const struct rm_resources *r);
bool cgi_wants_devices(const struct rm_resources *r);

/* The device rules to enforce: the config's rules, then allows for the
 * devices every container gets (null, zero, ... pts), as runc and crun add. */
#define CG_MAX_DEV_RULES 512
size_t cgi_device_rules(const struct rm_resources *r, struct rm_dev_rule *out, size_t max);

/* Writers v1 and v2 share: cpuset.cpus/mems and rdma.max have one syntax;
 * hugetlb.<size>.<suffix> for each hugepageLimits entry (v1:
 * "limit_in_bytes", v2: "max"). */
int cgi_write_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgi_write_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err);
int cgi_write_hugetlb(const char *dir, const struct rm_resources *r, const char *suffix,
		      struct rm_err *err);

/* Run step until it sets *done (1 ms, doubling to 64 ms between rounds),
 * at most `rounds` times: 0 done, 1 not done in time, -1 step failed.
 * The freezers of both versions wait for the kernel with it. */
typedef int (*cgi_step_fn)(const char *dir, bool want, bool *done, struct rm_err *err);
int cgi_poll(const char *dir, bool want, int rounds, cgi_step_fn step, struct rm_err *err);

#endif
