/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_v2.c - resource writes, freezer and stats for the unified hierarchy.
 *
 * The config speaks cgroup v1 (shares, blkio weight, memory+swap); the
 * conversions below are the ones runc and crun use, so a container gets
 * the same figures whichever runtime starts it.  Controllers must be
 * switched on in every ancestor's cgroup.subtree_control before their files
 * appear in the leaf (cgv2_enable).
 */
#include "cgroup_v2.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *v2_name(int c)
{
	return c == RM_CGC_BLKIO ? "io" : cgi_ctrl_name((enum rm_cg_ctrl)c);
}

static int enable_in(const char *dir, uint32_t want, uint32_t need, struct rm_err *err)
{
	char buf[512], list[512] = "";
	uint32_t have, on;
	if (cgi_read(dir, "cgroup.controllers", buf, sizeof buf, err) < 0)
		return -1;
	have = cgi_v2_list(buf);
	if (cgi_read(dir, "cgroup.subtree_control", buf, sizeof buf, err) < 0)
		return -1;
	on = cgi_v2_list(buf);
	want &= ~CGI_V2_CORE_BITS & ~on;
	if (need & ~CGI_V2_CORE_BITS & ~have & ~on)
		return rm_fail(err, ENOTSUP, "%s: controllers missing from cgroup.controllers (%s)",
			       dir, buf);
	want &= have;
	for (int c = 0; c < RM_CGC_COUNT; c++)
		if (want & RM_CG_BIT(c))
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s+%s",
				 list[0] ? " " : "", v2_name(c));
	if (!list[0] || cgi_write(dir, "cgroup.subtree_control", list, RM_ERR_IGNORE) == 0)
		return 0;
	/* One at a time: only a needed one may fail the container (EBUSY here
	 * means the directory has processes: v2's no-internal-process rule). */
	for (int c = 0; c < RM_CGC_COUNT; c++) {
		char one[32];
		if (!(want & RM_CG_BIT(c)))
			continue;
		snprintf(one, sizeof one, "+%s", v2_name(c));
		if (cgi_write(dir, "cgroup.subtree_control", one, err) < 0 && (need & RM_CG_BIT(c)))
			return -1;
	}
	return 0;
}

int cgv2_enable(const char *top, const char *leaf, uint32_t want, uint32_t need, struct rm_err *err)
{
	char dir[RM_CG_PATH_MAX];
	size_t tl = strlen(top);
	want |= need;
	if (!(want & ~CGI_V2_CORE_BITS))
		return 0;
	snprintf(dir, sizeof dir, "%s", leaf);
	/* Walk down: each '/' after `top` ends an ancestor of the leaf. */
	for (char *s = dir + tl; s && *s; s = strchr(s + 1, '/')) {
		if (*s != '/')
			break;
		*s = '\0';
		int r = enable_in(dir, want, need, err);
		*s = '/';
		if (r < 0)
			return -1;
	}
	return 0;
}

uint64_t cgv2_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t cgv2_blkio_to_io_weight(uint64_t weight)
{
	if (weight == 0)
		return 0;
	return 1 + (weight - 10) * 9999 / 990;
}

int cgv2_swap_max(int64_t limit, int64_t swap, int64_t *out, struct rm_err *err)
{
	*out = 0;
	if (limit == -1 && swap == 0) {    /* unlimited memory: unlimited swap too */
		*out = -1;
		return 1;
	}
	if (swap == 0)
		return 0;
	if (swap == -1) {
		*out = -1;
		return 1;
	}
	if (limit == 0 || limit == -1)
		return rm_fail(err, EINVAL, "linux.resources.memory.swap: a swap limit needs a memory limit");
	if (swap < limit)
		return rm_fail(err, EINVAL, "linux.resources.memory.swap %" PRId64 " is below "
			       "memory.limit %" PRId64 " (swap counts memory+swap)", swap, limit);
	*out = swap - limit;        /* 0 when equal: no swap at all */
	return 1;
}

static int write_max(const char *dir, const char *file, int64_t v, struct rm_err *err)
{
	if (v < 0)
		return cgi_write(dir, file, "max", err);
	return cgi_writef(dir, file, err, "%" PRId64, v);
}

/* swappiness and disableOOMKiller have no v2 file: ignored, as runc does. */
int cgv2_memory(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	int64_t limit = r->has_mem_limit ? r->mem_limit : 0, swap;
	int has_swap = cgv2_swap_max(limit, r->has_mem_swap ? r->mem_swap : 0, &swap, err);
	if (has_swap < 0)
		return -1;
	if (has_swap && !(swap < 0 && !cgi_exists(dir, "memory.swap.max")) &&
	    write_max(dir, "memory.swap.max", swap, err) < 0)
		return rm_wrap(err, "linux.resources.memory.swap");
	if (limit && write_max(dir, "memory.max", limit, err) < 0)
		return -1;
	if (r->has_mem_reservation && r->mem_reservation &&
	    write_max(dir, "memory.low", r->mem_reservation, err) < 0)
		return -1;
	return 0;
}

/* cpu.max is "QUOTA PERIOD"; a period alone keeps the current quota. */
static int set_cpu_max(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	bool quota = r->has_cpu_quota && r->cpu_quota, period = r->has_cpu_period && r->cpu_period;
	char q[32] = "max", cur[64];
	uint64_t p = period ? r->cpu_period : 100000;
	if (!quota && !period)
		return 0;
	if (quota && r->cpu_quota > 0)
		snprintf(q, sizeof q, "%" PRId64, r->cpu_quota);
	if (!quota && cgi_read(dir, "cpu.max", cur, sizeof cur, RM_ERR_IGNORE) > 0)
		util_scan(cur, "%31s", q);
	if (quota && !period && cgi_read(dir, "cpu.max", cur, sizeof cur, RM_ERR_IGNORE) > 0)
		util_scan(cur, "%*s %" SCNu64, &p);
	return cgi_writef(dir, "cpu.max", err, "%s %" PRIu64, q, p);
}

int cgv2_cpu(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if ((r->has_cpu_realtime_period && r->cpu_realtime_period) ||
	    (r->has_cpu_realtime_runtime && r->cpu_realtime_runtime))
		return rm_fail(err, ENOTSUP, "linux.resources.cpu.realtimePeriod/realtimeRuntime: "
			       "not supported on cgroup v2");
	if (r->has_cpu_shares && r->cpu_shares &&
	    cgi_writef(dir, "cpu.weight", err, "%" PRIu64, cgv2_shares_to_weight(r->cpu_shares)) < 0)
		return -1;
	if (set_cpu_max(dir, r, err) < 0)
		return -1;
	if (r->has_cpu_burst && cgi_writef(dir, "cpu.max.burst", err, "%" PRIu64, r->cpu_burst) < 0)
		return -1;
	if (r->has_cpu_idle && cgi_writef(dir, "cpu.idle", err, "%" PRId64, r->cpu_idle) < 0)
		return -1;
	return 0;
}

int cgv2_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_cpuset(dir, r, err);
}

int cgv2_pids(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return write_max(dir, "pids.max", r->pids_limit, err);
}

static int io_max(const char *dir, const struct rm_blkio_dev *d, size_t n, const char *key,
		  struct rm_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (cgi_writef(dir, "io.max", err, "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d[i].major,
			       d[i].minor, key, d[i].rate) < 0)
			return -1;
	return 0;
}

/* BFQ takes the v1 weight as it is; without BFQ io.weight needs converting.
 * leafWeight has no v2 equivalent and is ignored, as runc does. */
int cgv2_io(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	bool bfq = cgi_exists(dir, "io.bfq.weight");
	const char *wf = bfq ? "io.bfq.weight" : "io.weight";
	if (r->has_blkio_weight && r->blkio_weight &&
	    cgi_writef(dir, wf, err, "%" PRIu64, bfq ? r->blkio_weight
						     : cgv2_blkio_to_io_weight(r->blkio_weight)) < 0)
		return -1;
	for (size_t i = 0; i < r->n_blkio_weight_dev; i++) {
		const struct rm_blkio_dev *d = &r->blkio_weight_dev[i];
		if (d->has_weight &&
		    cgi_writef(dir, wf, err, "%" PRId64 ":%" PRId64 " %" PRIu64, d->major, d->minor,
			       bfq ? d->weight : cgv2_blkio_to_io_weight(d->weight)) < 0)
			return -1;
	}
	return io_max(dir, r->throttle_read_bps, r->n_throttle_read_bps, "rbps", err) < 0 ||
	       io_max(dir, r->throttle_write_bps, r->n_throttle_write_bps, "wbps", err) < 0 ||
	       io_max(dir, r->throttle_read_iops, r->n_throttle_read_iops, "riops", err) < 0 ||
	       io_max(dir, r->throttle_write_iops, r->n_throttle_write_iops, "wiops", err) < 0 ? -1 : 0;
}

int cgv2_hugetlb(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_hugetlb(dir, r, "max", err);
}

int cgv2_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	return cgi_write_rdma(dir, r, err);
}

/* Raw key/values: the key must name a file of this cgroup, nothing else. */
int cgv2_unified(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	for (size_t i = 0; i < r->n_unified; i++) {
		const char *k = r->unified[i].key;
		if (!*k || strchr(k, '/') || k[0] == '.' || !strchr(k, '.'))
			return rm_fail(err, EINVAL, "linux.resources.unified: \"%s\" is not a cgroup file name", k);
		if (!cgi_exists(dir, k))
			return rm_fail(err, ENOENT, "linux.resources.unified.%s: no such file in %s "
				       "(is its controller available?)", k, dir);
		if (cgi_write(dir, k, r->unified[i].value, err) < 0)
			return -1;
	}
	return 0;
}

int cgv2_is_frozen(const char *dir, bool *frozen, struct rm_err *err)
{
	uint64_t v = 0;
	(void)err;
	*frozen = cgi_keyed(dir, "cgroup.events", "frozen", &v) == 0 && v == 1;
	return 0;
}

static int freeze_step(const char *dir, bool freeze, bool *done, struct rm_err *err)
{
	bool f;
	if (cgv2_is_frozen(dir, &f, err) < 0)
		return -1;
	*done = f == freeze;
	return 0;
}

int cgv2_freeze(const char *dir, bool freeze, struct rm_err *err)
{
	if (!cgi_exists(dir, "cgroup.freeze"))
		return rm_fail(err, ENOTSUP, "%s: no cgroup.freeze (the v2 freezer needs Linux 5.2)", dir);
	if (cgi_write(dir, "cgroup.freeze", freeze ? "1" : "0", err) < 0)
		return -1;
	if (cgi_poll(dir, freeze, 500, freeze_step, err) == 0)
		return 0;
	if (freeze)
		cgi_write(dir, "cgroup.freeze", "0", RM_ERR_IGNORE);
	return rm_fail(err, EBUSY, "%s/cgroup.events: still not %s", dir, freeze ? "frozen" : "thawed");
}

int cgv2_oom_count(const char *dir, uint64_t *count, struct rm_err *err)
{
	(void)err;
	if (cgi_keyed(dir, "memory.events", "oom_kill", count) < 0)
		*count = 0;
	return 0;
}

/* io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" */
static void io_stats(const char *dir, struct rm_cg_stats *st)
{
	char buf[8192];
	if (cgi_read(dir, "io.stat", buf, sizeof buf, RM_ERR_IGNORE) < 0)
		return;
	st->has_blkio = true;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned maj, min;
		unsigned long long rb = 0, wb = 0, ri = 0, wi = 0;
		if (util_scan(l, "%u:%u rbytes=%llu wbytes=%llu rios=%llu wios=%llu", &maj, &min, &rb,
			   &wb, &ri, &wi) != 6 || st->n_io_bytes + 2 > RM_CG_MAX_BLKIO)
			continue;
		st->io_bytes[st->n_io_bytes++] = (struct rm_blkio_stat){ maj, min, RM_BLKIO_READ, rb };
		st->io_bytes[st->n_io_bytes++] = (struct rm_blkio_stat){ maj, min, RM_BLKIO_WRITE, wb };
		st->io_ops[st->n_io_ops++] = (struct rm_blkio_stat){ maj, min, RM_BLKIO_READ, ri };
		st->io_ops[st->n_io_ops++] = (struct rm_blkio_stat){ maj, min, RM_BLKIO_WRITE, wi };
	}
}

void cgv2_stats(const char *dir, struct rm_cg_stats *st)
{
	uint64_t v;
	st->has_cpu = cgi_keyed(dir, "cpu.stat", "usage_usec", &v) == 0;
	st->cpu_total = v * 1000;
	if (cgi_keyed(dir, "cpu.stat", "user_usec", &v) == 0)
		st->cpu_user = v * 1000;
	if (cgi_keyed(dir, "cpu.stat", "system_usec", &v) == 0)
		st->cpu_kernel = v * 1000;
	cgi_keyed(dir, "cpu.stat", "nr_periods", &st->cpu_periods);
	cgi_keyed(dir, "cpu.stat", "nr_throttled", &st->cpu_throttled_periods);
	if (cgi_keyed(dir, "cpu.stat", "throttled_usec", &v) == 0)
		st->cpu_throttled_time = v * 1000;
	st->has_memory = cgi_read_u64(dir, "memory.current", &st->mem_usage, RM_ERR_IGNORE) == 0;
	cgi_read_u64(dir, "memory.peak", &st->mem_max_usage, RM_ERR_IGNORE);
	cgi_read_u64(dir, "memory.max", &st->mem_limit, RM_ERR_IGNORE);
	cgi_keyed(dir, "memory.events", "max", &st->mem_failcnt);
	cgi_keyed(dir, "memory.stat", "file", &st->mem_cache);
	cgi_keyed(dir, "memory.stat", "kernel", &st->kernel_usage);
	cgv2_oom_count(dir, &st->oom_kills, RM_ERR_IGNORE);
	/* runc reports v2 swap as memory+swap, the v1 shape engines expect. */
	if (cgi_read_u64(dir, "memory.swap.current", &v, RM_ERR_IGNORE) == 0)
		st->swap_usage = v + st->mem_usage;
	if (cgi_read_u64(dir, "memory.swap.max", &v, RM_ERR_IGNORE) == 0)
		st->swap_limit = v == UINT64_MAX || st->mem_limit == UINT64_MAX ? UINT64_MAX
										  : v + st->mem_limit;
	st->has_pids = cgi_read_u64(dir, "pids.current", &st->pids_current, RM_ERR_IGNORE) == 0;
	if (cgi_read_u64(dir, "pids.max", &st->pids_limit, RM_ERR_IGNORE) == 0 && st->pids_limit == UINT64_MAX)
		st->pids_limit = 0;
	io_stats(dir, st);
}
