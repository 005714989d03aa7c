/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_v1.c - resource writes, freezer and stats for v1 hierarchies.
 *
 * Values are written as the kernel takes them (-1 is "unlimited" for the
 * memory files); a value the kernel rejects fails with the file and the
 * value in the message (cgi_write).  Order matters where the kernel
 * checks one file against another: memory against memsw, cfs quota
 * against period, rt runtime against period.
 */
#include "cgroup_v1.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MEMSW "memory.memsw.limit_in_bytes"

static int set_i64(const char *dir, const char *file, int64_t v, struct rm_err *err)
{
	return cgi_writef(dir, file, err, "%" PRId64, v);
}

/* Write limit and memsw in the order the kernel accepts: memsw may never
 * be below the memory limit, so when the new memsw is above the current
 * limit it goes first (runc's setMemoryAndSwap). */
static int set_mem_and_swap(const char *dir, int64_t limit, int64_t swap, struct rm_err *err)
{
	if (limit == -1 && swap == 0 && cgi_exists(dir, MEMSW))
		swap = -1;
	if (limit && swap) {
		uint64_t cur;
		if (cgi_read_u64(dir, "memory.limit_in_bytes", &cur, err) < 0)
			return -1;
		if (swap == -1 || cur < (uint64_t)swap) {
			if (set_i64(dir, MEMSW, swap, err) < 0)
				return rm_wrap(err, "linux.resources.memory.swap");
			return set_i64(dir, "memory.limit_in_bytes", limit, err);
		}
	}
	if (limit && set_i64(dir, "memory.limit_in_bytes", limit, err) < 0)
		return -1;
	if (swap && set_i64(dir, MEMSW, swap, err) < 0)
		return rm_wrap(err, "linux.resources.memory.swap");
	return 0;
}

/* memory.kernelTCP, where the kernel still has the file (v1 only; it is
 * gone with the v1 kmem accounting in newer kernels: then ignored). */
static int set_kernel_tcp(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if (!r->has_mem_kernel_tcp || !r->mem_kernel_tcp ||
	    !cgi_exists(dir, "memory.kmem.tcp.limit_in_bytes"))
		return 0;
	if (set_i64(dir, "memory.kmem.tcp.limit_in_bytes", r->mem_kernel_tcp, err) < 0)
		return rm_wrap(err, "linux.resources.memory.kernelTCP");
	return 0;
}

/* The plain kernel limit is ignored, as runc does (the caller warns): kmem
 * limits are deprecated and newer kernels refuse them. */
int cgv1_memory(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if (set_mem_and_swap(dir, r->has_mem_limit ? r->mem_limit : 0,
			     r->has_mem_swap ? r->mem_swap : 0, err) < 0)
		return -1;
	if (r->has_mem_reservation && r->mem_reservation &&
	    set_i64(dir, "memory.soft_limit_in_bytes", r->mem_reservation, err) < 0)
		return -1;
	if (r->has_mem_disable_oom && r->mem_disable_oom &&
	    cgi_write(dir, "memory.oom_control", "1", err) < 0)
		return -1;
	if (set_kernel_tcp(dir, r, err) < 0)
		return -1;
	if (r->has_mem_swappiness) {
		if (r->mem_swappiness > 100)
			return rm_fail(err, EINVAL, "linux.resources.memory.swappiness: %" PRIu64
				       " is out of range (0-100)", r->mem_swappiness);
		if (cgi_writef(dir, "memory.swappiness", err, "%" PRIu64, r->mem_swappiness) < 0)
			return -1;
	}
	return 0;
}

/* The kernel clamps cpu.shares to 2..262144 silently: read it back. */
static int set_shares(const char *dir, uint64_t shares, struct rm_err *err)
{
	uint64_t got;
	if (cgi_writef(dir, "cpu.shares", err, "%" PRIu64, shares) < 0 ||
	    cgi_read_u64(dir, "cpu.shares", &got, err) < 0)
		return -1;
	if (got != shares)
		return rm_fail(err, EINVAL, "linux.resources.cpu.shares: %" PRIu64 " is out of range "
			       "(the kernel made it %" PRIu64 ")", shares, got);
	return 0;
}

/* period then quota, unless the kernel refuses the period against the old
 * quota: then quota first (runc does the same dance). */
static int set_cfs(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	bool period = r->has_cpu_period && r->cpu_period, quota = r->has_cpu_quota && r->cpu_quota;
	if (period && cgi_writef(dir, "cpu.cfs_period_us", err, "%" PRIu64, r->cpu_period) < 0) {
		if (err->errnum != EINVAL || !quota ||
		    set_i64(dir, "cpu.cfs_quota_us", r->cpu_quota, err) < 0 ||
		    cgi_writef(dir, "cpu.cfs_period_us", err, "%" PRIu64, r->cpu_period) < 0)
			return -1;
		quota = false;
	}
	if (quota && set_i64(dir, "cpu.cfs_quota_us", r->cpu_quota, err) < 0)
		return -1;
	if (r->has_cpu_burst && cgi_writef(dir, "cpu.cfs_burst_us", err, "%" PRIu64, r->cpu_burst) < 0)
		return -1;
	return 0;
}

int cgv1_cpu(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if (r->has_cpu_shares && r->cpu_shares && set_shares(dir, r->cpu_shares, err) < 0)
		return -1;
	if (set_cfs(dir, r, err) < 0)
		return -1;
	if (r->has_cpu_realtime_period && r->cpu_realtime_period &&
	    cgi_writef(dir, "cpu.rt_period_us", err, "%" PRIu64, r->cpu_realtime_period) < 0)
		return -1;
	if (r->has_cpu_realtime_runtime && r->cpu_realtime_runtime &&
	    set_i64(dir, "cpu.rt_runtime_us", r->cpu_realtime_runtime, err) < 0)
		return -1;
	if (r->has_cpu_idle && set_i64(dir, "cpu.idle", r->cpu_idle, err) < 0)
		return -1;
	return 0;
}

/* A new v1 cpu cgroup starts with cpu.rt_runtime_us 0 and a child never
 * gets more than its parent, so a container that asks for a realtime
 * budget under directories we just made failed with EINVAL.  Give each of
 * them (top-down, leaf excluded) the period and budget the container asks
 * for, as runc does.  Directories that existed before are not touched. */
int cgv1_rt_parents(const char *leaf, int made, const struct rm_resources *r, struct rm_err *err)
{
	char dir[RM_CG_PATH_MAX];
	if (!r->has_cpu_realtime_runtime || r->cpu_realtime_runtime <= 0)
		return 0;
	for (int up = made - 1; up >= 1; up--) {
		snprintf(dir, sizeof dir, "%s", leaf);
		for (int k = 0; k < up; k++) {
			char *slash = strrchr(dir, '/');
			if (!slash)
				return 0;
			*slash = '\0';
		}
		if (r->has_cpu_realtime_period && r->cpu_realtime_period &&
		    cgi_writef(dir, "cpu.rt_period_us", err, "%" PRIu64, r->cpu_realtime_period) < 0)
			return rm_wrap(err, "linux.resources.cpu.realtimePeriod");
		if (set_i64(dir, "cpu.rt_runtime_us", r->cpu_realtime_runtime, err) < 0)
			return rm_wrap(err, "linux.resources.cpu.realtimeRuntime");
	}
	return 0;
}

int cgv1_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_cpuset(dir, r, err);
}

int cgv1_cpuset_inherit(const char *dir, bool fresh, struct rm_err *err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char parent[RM_CG_PATH_MAX], val[4096];
	snprintf(parent, sizeof parent, "%s", dir);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	for (size_t i = 0; i < 2; i++) {
		/* A directory we just made is empty: no need to look. */
		if (!fresh && cgi_read(dir, files[i], val, sizeof val, err) < 0)
			return -1;
		if (!fresh && val[0] != '\n' && val[0])
			continue;
		if (cgi_read(parent, files[i], val, sizeof val, err) < 0)
			return -1;
		val[strcspn(val, "\n")] = '\0';
		if (cgi_write(dir, files[i], val, err) < 0)
			return -1;
	}
	return 0;
}

/* 0 is unset; a negative limit is "max" (runc). */
int cgv1_pids(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if (r->pids_limit < 0)
		return cgi_write(dir, "pids.max", "max", err);
	return set_i64(dir, "pids.max", r->pids_limit, err);
}

static int write_devs(const char *dir, const char *file, const struct rm_blkio_dev *d, size_t n,
		      bool weight, struct rm_err *err)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = weight ? d[i].weight : d[i].rate;
		if (weight && !d[i].has_weight)
			continue;
		if (cgi_writef(dir, file, err, "%" PRId64 ":%" PRId64 " %" PRIu64, d[i].major,
			       d[i].minor, v) < 0)
			return -1;
	}
	return 0;
}

/* Since Linux 5.0 CFQ is gone: blkio.weight exists only with BFQ, as blkio.bfq.weight. */
static const char *weight_file(const char *dir, const char *plain, const char *bfq)
{
	return cgi_exists(dir, plain) || !cgi_exists(dir, bfq) ? plain : bfq;
}

int cgv1_blkio(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	const char *wf = weight_file(dir, "blkio.weight", "blkio.bfq.weight");
	if (r->has_blkio_weight && r->blkio_weight &&
	    cgi_writef(dir, wf, err, "%u", r->blkio_weight) < 0)
		return -1;
	if (r->has_blkio_leaf_weight && r->blkio_leaf_weight &&
	    cgi_writef(dir, "blkio.leaf_weight", err, "%u", r->blkio_leaf_weight) < 0)
		return -1;
	const char *wdf = weight_file(dir, "blkio.weight_device", "blkio.bfq.weight_device");
	if (write_devs(dir, wdf, r->blkio_weight_dev, r->n_blkio_weight_dev, true, err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_blkio_weight_dev; i++) {
		const struct rm_blkio_dev *d = &r->blkio_weight_dev[i];
		if (d->has_leaf_weight &&
		    cgi_writef(dir, "blkio.leaf_weight_device", err, "%" PRId64 ":%" PRId64 " %u",
			       d->major, d->minor, d->leaf_weight) < 0)
			return -1;
	}
	return write_devs(dir, "blkio.throttle.read_bps_device", r->throttle_read_bps,
			  r->n_throttle_read_bps, false, err) < 0 ||
	       write_devs(dir, "blkio.throttle.write_bps_device", r->throttle_write_bps,
			  r->n_throttle_write_bps, false, err) < 0 ||
	       write_devs(dir, "blkio.throttle.read_iops_device", r->throttle_read_iops,
			  r->n_throttle_read_iops, false, err) < 0 ||
	       write_devs(dir, "blkio.throttle.write_iops_device", r->throttle_write_iops,
			  r->n_throttle_write_iops, false, err) < 0 ? -1 : 0;
}

int cgv1_hugetlb(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_hugetlb(dir, r, "limit_in_bytes", err);
}

int cgv1_net_cls(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_writef(dir, "net_cls.classid", err, "%u", r->net_class_id);
}

int cgv1_net_prio(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	for (size_t i = 0; i < r->n_net_prio; i++)
		if (cgi_writef(dir, "net_prio.ifpriomap", err, "%s %" PRIu64, r->net_prio[i].key,
			       r->net_prio[i].value) < 0)
			return -1;
	return 0;
}

int cgv1_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_rdma(dir, r, err);
}

static void rule_text(const struct rm_dev_rule *d, char *buf, size_t len)
{
	char maj[24] = "*", min[24] = "*";
	if (d->major >= 0)
		snprintf(maj, sizeof maj, "%" PRId64, d->major);
	if (d->minor >= 0)
		snprintf(min, sizeof min, "%" PRId64, d->minor);
	if (d->type == 'a')
		snprintf(buf, len, "a");     /* the kernel takes only the bare "a" for all */
	else
		snprintf(buf, len, "%c %s:%s %s", d->type, maj, min, d->access[0] ? d->access : "rwm");
}

/* Rules in order, as the v1 device controller evaluates them, from a
 * deny-all start as runc's: a deny of "a" resets the cgroup to deny-all,
 * then each allow opens one door. */
int cgv1_devices(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	static struct rm_dev_rule rules[CG_MAX_DEV_RULES + 1];
	static char text[CG_MAX_DEV_RULES + 1][64];
	const char *v[CG_MAX_DEV_RULES + 1];
	rules[0] = (struct rm_dev_rule){ false, 'a', -1, -1, "rwm" };
	size_t n = 1 + cgi_device_rules(r, rules + 1, CG_MAX_DEV_RULES);
	for (size_t i = 0; i < n; i++) {
		rule_text(&rules[i], text[i], sizeof text[i]);
		v[i] = text[i];
	}
	/* Each run of rules for one file: one open, one write per rule. */
	for (size_t i = 0, end; i < n; i = end) {
		for (end = i + 1; end < n && rules[end].allow == rules[i].allow; end++)
			;
		if (cgi_write_each(dir, rules[i].allow ? "devices.allow" : "devices.deny", v + i,
				   end - i, err) < 0)
			return -1;
	}
	return 0;
}

/* FREEZING is a transient state; writing FROZEN again nudges tasks that
 * were in an uninterruptible sleep. */
static int freeze_step(const char *dir, bool freeze, bool *done, struct rm_err *err)
{
	const char *want = freeze ? "FROZEN" : "THAWED";
	char state[64];
	if (cgi_write(dir, "freezer.state", want, err) < 0 ||
	    cgi_read(dir, "freezer.state", state, sizeof state, err) < 0)
		return -1;
	*done = strncmp(state, want, strlen(want)) == 0;
	return 0;
}

int cgv1_freeze(const char *dir, bool freeze, struct rm_err *err)
{
	int r = cgi_poll(dir, freeze, 2000, freeze_step, err);
	if (r <= 0)
		return r;
	if (freeze)
		cgi_write(dir, "freezer.state", "THAWED", RM_ERR_IGNORE);
	return rm_fail(err, EBUSY, "%s/freezer.state: still not %s", dir, freeze ? "FROZEN" : "THAWED");
}

int cgv1_is_frozen(const char *dir, bool *frozen, struct rm_err *err)
{
	char state[64];
	if (cgi_read(dir, "freezer.state", state, sizeof state, err) < 0)
		return -1;
	*frozen = strncmp(state, "THAWED", 6) != 0;
	return 0;
}

int cgv1_oom_count(const char *dir, uint64_t *count, struct rm_err *err)
{
	(void)err;
	/* oom_kill appeared in 4.13; older kernels report only under_oom. */
	if (cgi_keyed(dir, "memory.oom_control", "oom_kill", count) < 0)
		*count = 0;
	return 0;
}

/* "8:0 Read 4096" lines of blkio.throttle.* */
static int blkio_entries(const char *dir, const char *file, struct rm_blkio_stat *out, int max)
{
	static const char *const ops[] = { "Read", "Write", "Sync", "Async", "Discard", "Total" };
	char buf[8192], op[16];
	unsigned maj, min;
	unsigned long long v;
	int n = 0;
	if (cgi_read(dir, file, buf, sizeof buf, RM_ERR_IGNORE) < 0)
		return 0;
	for (char *l = buf; l && *l && n < max; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (util_scan(l, "%u:%u %15s %llu", &maj, &min, op, &v) != 4)
			continue;
		for (int k = 0; k < 6; k++)
			if (strcmp(op, ops[k]) == 0)
				out[n++] = (struct rm_blkio_stat){ maj, min, (enum rm_blkio_op)k, v };
	}
	return n;
}

static void mem_stats(const char *dir, struct rm_cg_stats *st)
{
	st->has_memory = cgi_read_u64(dir, "memory.usage_in_bytes", &st->mem_usage, RM_ERR_IGNORE) == 0;
	cgi_read_u64(dir, "memory.max_usage_in_bytes", &st->mem_max_usage, RM_ERR_IGNORE);
	cgi_read_u64(dir, "memory.limit_in_bytes", &st->mem_limit, RM_ERR_IGNORE);
	cgi_read_u64(dir, "memory.failcnt", &st->mem_failcnt, RM_ERR_IGNORE);
	cgi_keyed(dir, "memory.stat", "cache", &st->mem_cache);
	cgi_read_u64(dir, "memory.memsw.usage_in_bytes", &st->swap_usage, RM_ERR_IGNORE);
	cgi_read_u64(dir, "memory.memsw.limit_in_bytes", &st->swap_limit, RM_ERR_IGNORE);
	cgi_read_u64(dir, "memory.kmem.usage_in_bytes", &st->kernel_usage, RM_ERR_IGNORE);
	cgv1_oom_count(dir, &st->oom_kills, RM_ERR_IGNORE);
}

static void cpu_stats(const char *cpu, const char *acct, struct rm_cg_stats *st)
{
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t ticks;
	if (acct) {
		st->has_cpu = cgi_read_u64(acct, "cpuacct.usage", &st->cpu_total, RM_ERR_IGNORE) == 0;
		if (hz > 0 && cgi_keyed(acct, "cpuacct.stat", "user", &ticks) == 0)
			st->cpu_user = ticks * (1000000000ull / (uint64_t)hz);
		if (hz > 0 && cgi_keyed(acct, "cpuacct.stat", "system", &ticks) == 0)
			st->cpu_kernel = ticks * (1000000000ull / (uint64_t)hz);
	}
	if (cpu) {
		cgi_keyed(cpu, "cpu.stat", "nr_periods", &st->cpu_periods);
		cgi_keyed(cpu, "cpu.stat", "nr_throttled", &st->cpu_throttled_periods);
		cgi_keyed(cpu, "cpu.stat", "throttled_time", &st->cpu_throttled_time);
	}
}

void cgv1_stats(const struct rm_cgroup *cg, struct rm_cg_stats *st)
{
	const char *d;
	cpu_stats(cgi_dir(cg, RM_CGC_CPU), cgi_dir(cg, RM_CGC_CPUACCT), st);
	if ((d = cgi_dir(cg, RM_CGC_MEMORY)))
		mem_stats(d, st);
	if ((d = cgi_dir(cg, RM_CGC_PIDS))) {
		st->has_pids = cgi_read_u64(d, "pids.current", &st->pids_current, RM_ERR_IGNORE) == 0;
		if (cgi_read_u64(d, "pids.max", &st->pids_limit, RM_ERR_IGNORE) == 0 &&
		    st->pids_limit == UINT64_MAX)
			st->pids_limit = 0;
	}
	if ((d = cgi_dir(cg, RM_CGC_BLKIO))) {
		st->has_blkio = true;
		st->n_io_bytes = blkio_entries(d, "blkio.throttle.io_service_bytes_recursive",
					       st->io_bytes, RM_CG_MAX_BLKIO);
		st->n_io_ops = blkio_entries(d, "blkio.throttle.io_serviced_recursive",
					     st->io_ops, RM_CG_MAX_BLKIO);
	}
}
