/* SPDX-License-Identifier: Apache-2.0 */
/* spec_resources.c - linux.resources -> struct rm_resources (no syscalls).
 *
 * The same decoder reads config.json's linux.resources and the JSON that
 * `update --resources` gets (a bare LinuxResources object).  Values are
 * kept as written, with has_ flags: zero means "unset" for most keys but
 * not all (see cgroup.c), so the decoder does not decide.  Checks here are
 * the ones the kernel cannot make for us: names that become file names
 * (hugepage sizes, unified keys) and device rule syntax.
 */
#include "spec_resources.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>


static bool present(const struct json_ctx *c, int obj, const char *key)
{
	int v = json_get(c->j, obj, key);
	return v >= 0 && !json_is_null(c->j, v);
}

static int dec_swappiness(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_resources *r = base;
	int64_t v;
	if (json_i64(c, t, path, &v) < 0)
		return -1;
	if (v == -1)            /* runc and docker use -1 for "leave it alone" */
		return 0;
	if (v < 0 || v > 100)
		return json_error(c, t, path, "swappiness must be between 0 and 100");
	r->mem_swappiness = (uint64_t)v;
	r->has_mem_swappiness = true;
	return 0;
}

static int dec_memory(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFH("limit", JF_I64, struct rm_resources, mem_limit, has_mem_limit),
		JFH("reservation", JF_I64, struct rm_resources, mem_reservation, has_mem_reservation),
		JFH("swap", JF_I64, struct rm_resources, mem_swap, has_mem_swap),
		JFH("kernel", JF_I64, struct rm_resources, mem_kernel, has_mem_kernel),
		JFH("kernelTCP", JF_I64, struct rm_resources, mem_kernel_tcp, has_mem_kernel_tcp),
		JFF("swappiness", dec_swappiness),
		JFH("disableOOMKiller", JF_BOOL, struct rm_resources, mem_disable_oom, has_mem_disable_oom),
		JFH("useHierarchy", JF_BOOL, struct rm_resources, mem_use_hierarchy, has_mem_use_hierarchy),
		JFH("checkBeforeUpdate", JF_BOOL, struct rm_resources, mem_check_before_update,
		    has_mem_check_before_update),
	};
	return json_decode(c, t, path, f, RM_COUNT(f), base);
}

static int dec_cpu(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFH("shares", JF_U64, struct rm_resources, cpu_shares, has_cpu_shares),
		JFH("quota", JF_I64, struct rm_resources, cpu_quota, has_cpu_quota),
		JFH("period", JF_U64, struct rm_resources, cpu_period, has_cpu_period),
		JFH("burst", JF_U64, struct rm_resources, cpu_burst, has_cpu_burst),
		JFH("realtimeRuntime", JF_I64, struct rm_resources, cpu_realtime_runtime,
		    has_cpu_realtime_runtime),
		JFH("realtimePeriod", JF_U64, struct rm_resources, cpu_realtime_period,
		    has_cpu_realtime_period),
		JFH("idle", JF_I64, struct rm_resources, cpu_idle, has_cpu_idle),
		JF("cpus", JF_STR, struct rm_resources, cpu_cpus),
		JF("mems", JF_STR, struct rm_resources, cpu_mems),
	};
	return json_decode(c, t, path, f, RM_COUNT(f), base);
}

static int dec_pids(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFH("limit", JF_I64, struct rm_resources, pids_limit, has_pids_limit),
	};
	return json_decode(c, t, path, f, RM_COUNT(f), base);
}

/* Weights are uint16 in the spec; the kernel checks the 10..1000 range. */
static int narrow_u16(const struct json_ctx *c, int obj, const char *path, const char *key,
		      uint32_t v, uint16_t *out)
{
	char sub[256];
	if (v > UINT16_MAX)
		return json_error(c, json_get(c->j, obj, key), JPATH(sub, path, key),
				  "integer out of range (0-65535)");
	*out = (uint16_t)v;
	return 0;
}

struct wire_dev { int64_t major, minor; uint64_t rate; uint32_t weight, leaf; bool has_w, has_l; };

/* [{major, minor, weight?, leafWeight?}] or [{major, minor, rate}] */
static int dec_devs(const struct json_ctx *c, int t, const char *path, bool throttle,
		    struct rm_blkio_dev **out, size_t *n)
{
	static const struct json_field f[] = {
		JF("major", JF_I64, struct wire_dev, major),
		JF("minor", JF_I64, struct wire_dev, minor),
		JF("rate", JF_U64, struct wire_dev, rate),
		JFH("weight", JF_U32, struct wire_dev, weight, has_w),
		JFH("leafWeight", JF_U32, struct wire_dev, leaf, has_l),
	};
	char sub[256];
	struct rm_blkio_dev *d = json_items(c, t, path, sizeof *d, n);
	if (!d)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < *n; i++, it = json_next(c->j, it)) {
		struct wire_dev w = { 0 };
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, it, sub, f, RM_COUNT(f), &w) < 0)
			return -1;
		if (!present(c, it, "major") || !present(c, it, "minor") ||
		    (throttle && !present(c, it, "rate")))
			return json_error(c, it, sub, throttle ? "major, minor and rate are required"
							       : "major and minor are required");
		if (w.major < 0 || w.minor < 0)
			return json_error(c, it, sub, "major and minor must not be negative");
		d[i] = (struct rm_blkio_dev){ .major = w.major, .minor = w.minor, .rate = w.rate,
					      .has_weight = w.has_w, .has_leaf_weight = w.has_l };
		if (narrow_u16(c, it, sub, "weight", w.weight, &d[i].weight) < 0 ||
		    narrow_u16(c, it, sub, "leafWeight", w.leaf, &d[i].leaf_weight) < 0)
			return -1;
	}
	*out = d;
	return 0;
}

static int dec_blkio(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct {
		const char *key;
		bool throttle;
		size_t ptr, cnt;
	} lists[] = {
#define L(k, th, m) { k, th, offsetof(struct rm_resources, m), offsetof(struct rm_resources, n_##m) }
		L("weightDevice", false, blkio_weight_dev),
		L("throttleReadBpsDevice", true, throttle_read_bps),
		L("throttleWriteBpsDevice", true, throttle_write_bps),
		L("throttleReadIOPSDevice", true, throttle_read_iops),
		L("throttleWriteIOPSDevice", true, throttle_write_iops),
#undef L
	};
	struct { uint32_t weight, leaf; bool has_w, has_l; } w = { 0 };
	static const struct json_field f[] = {
		JFH("weight", JF_U32, __typeof__(w), weight, has_w),
		JFH("leafWeight", JF_U32, __typeof__(w), leaf, has_l),
	};
	struct rm_resources *r = base;
	char sub[256];
	if (json_decode(c, t, path, f, RM_COUNT(f), &w) < 0 ||
	    narrow_u16(c, t, path, "weight", w.weight, &r->blkio_weight) < 0 ||
	    narrow_u16(c, t, path, "leafWeight", w.leaf, &r->blkio_leaf_weight) < 0)
		return -1;
	r->has_blkio_weight = w.has_w;
	r->has_blkio_leaf_weight = w.has_l;
	for (size_t i = 0; i < RM_COUNT(lists); i++) {
		int v = json_get(c->j, t, lists[i].key);
		if (v < 0 || json_is_null(c->j, v))
			continue;
		if (dec_devs(c, v, JPATH(sub, path, lists[i].key), lists[i].throttle,
			     (struct rm_blkio_dev **)((char *)r + lists[i].ptr),
			     (size_t *)((char *)r + lists[i].cnt)) < 0)
			return -1;
	}
	return 0;
}

/* "2MB", "64KB", "1GB": it becomes part of a file name (hugetlb.2MB.max). */
static bool is_page_size(const char *s)
{
	size_t d = strspn(s, "0123456789");
	return d > 0 && d < 12 && s[0] != '0' && strchr("KMGTP", s[d]) && s[d] && s[d + 1] == 'B' &&
	       s[d + 2] == '\0';
}

static int dec_hugepages(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("pageSize", JF_STR, struct rm_hugepage, page_size),
		JF("limit", JF_U64, struct rm_hugepage, limit),
	};
	struct rm_resources *r = base;
	char sub[256];
	r->hugepages = json_items(c, t, path, sizeof *r->hugepages, &r->n_hugepages);
	if (!r->hugepages)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < r->n_hugepages; i++, it = json_next(c->j, it)) {
		struct rm_hugepage *h = &r->hugepages[i];
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, it, sub, f, RM_COUNT(f), h) < 0)
			return -1;
		if (!h->page_size || !present(c, it, "limit"))
			return json_error(c, it, sub, "pageSize and limit are required");
		if (!is_page_size(h->page_size))
			return json_error(c, it, sub, "pageSize \"%s\" is not a size such as 2MB",
					  h->page_size);
	}
	return 0;
}

static int dec_priorities(const struct json_ctx *c, int t, const char *path, struct rm_resources *r)
{
	struct wire_prio { char *name; uint32_t prio; } w;
	static const struct json_field f[] = {
		JF("name", JF_STR, struct wire_prio, name),
		JF("priority", JF_U32, struct wire_prio, prio),
	};
	char sub[256];
	r->net_prio = json_items(c, t, path, sizeof *r->net_prio, &r->n_net_prio);
	if (!r->net_prio)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < r->n_net_prio; i++, it = json_next(c->j, it)) {
		memset(&w, 0, sizeof w);
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, it, sub, f, RM_COUNT(f), &w) < 0)
			return -1;
		if (!w.name || !*w.name || strpbrk(w.name, " \n/") || !present(c, it, "priority"))
			return json_error(c, it, sub, "an interface name and a priority are required");
		r->net_prio[i] = (struct rm_kv_num){ w.name, w.prio };
	}
	return 0;
}

static int dec_network(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFH("classID", JF_U32, struct rm_resources, net_class_id, has_net_class_id),
	};
	char sub[256];
	if (json_decode(c, t, path, f, RM_COUNT(f), base) < 0)
		return -1;
	int v = json_get(c->j, t, "priorities");
	if (v >= 0 && !json_is_null(c->j, v))
		return dec_priorities(c, v, JPATH(sub, path, "priorities"), base);
	return 0;
}

/* {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}} */
static int dec_rdma(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFH("hcaHandles", JF_U32, struct rm_rdma, hca_handles, has_handles),
		JFH("hcaObjects", JF_U32, struct rm_rdma, hca_objects, has_objects),
	};
	struct rm_resources *r = base;
	char sub[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	r->n_rdma = (size_t)json_len(c->j, t);
	r->rdma = arena_array(c->arena, r->n_rdma + 1, sizeof *r->rdma);
	if (!r->rdma)
		return rm_fail(c->err, ENOMEM, "%s", path);
	int it = t + 1;
	for (size_t i = 0; i < r->n_rdma; i++, it = json_next(c->j, it + 1)) {
		struct rm_rdma *d = &r->rdma[i];
		if (json_string(c, it, path, &d->device) < 0)
			return -1;
		JPATH(sub, path, d->device);
		if (!*d->device || strpbrk(d->device, " \n="))
			return json_error(c, it, sub, "not an RDMA device name");
		if (json_decode(c, it + 1, sub, f, RM_COUNT(f), d) < 0)
			return -1;
	}
	return 0;
}

/* {"memory.high": "64M"}: keys become file names in the container's cgroup. */
static int dec_unified(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_resources *r = base;
	char sub[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	r->n_unified = (size_t)json_len(c->j, t);
	r->unified = arena_array(c->arena, r->n_unified + 1, sizeof *r->unified);
	if (!r->unified)
		return rm_fail(c->err, ENOMEM, "%s", path);
	int it = t + 1;
	for (size_t i = 0; i < r->n_unified; i++, it = json_next(c->j, it + 1)) {
		struct rm_unified *u = &r->unified[i];
		if (json_string(c, it, path, &u->key) < 0)
			return -1;
		JPATH(sub, path, u->key);
		if (!*u->key || strchr(u->key, '/') || u->key[0] == '.' || !strchr(u->key, '.'))
			return json_error(c, it, sub, "not a cgroup file name such as memory.high");
		if (json_string(c, it + 1, sub, &u->value) < 0)
			return -1;
	}
	return 0;
}

static int check_access(const char *a)
{
	if (strlen(a) > 3)
		return -1;
	for (const char *p = a; *p; p++)
		if (!strchr("rwm", *p) || strchr(p + 1, *p))
			return -1;
	return 0;
}

/* [{allow, type?, major?, minor?, access?}]: absent type is "a", absent
 * major/minor are wildcards (-1), absent access is "rwm". */
static int dec_dev_rule(const struct json_ctx *c, int it, const char *sub, struct rm_dev_rule *d)
{
	struct wire_rule { bool allow; char *type, *access; int64_t major, minor; bool has_maj, has_min; } w;
	static const struct json_field f[] = {
		JF("allow", JF_BOOL, struct wire_rule, allow),
		JF("type", JF_STR, struct wire_rule, type),
		JF("access", JF_STR, struct wire_rule, access),
		JFH("major", JF_I64, struct wire_rule, major, has_maj),
		JFH("minor", JF_I64, struct wire_rule, minor, has_min),
	};
	memset(&w, 0, sizeof w);
	if (json_decode(c, it, sub, f, RM_COUNT(f), &w) < 0)
		return -1;
	if (!present(c, it, "allow"))
		return json_error(c, it, sub, "allow is required");
	if (w.type && (strlen(w.type) != 1 || !strchr("abc", w.type[0])))
		return json_error(c, it, sub, "type \"%s\" is not a, b or c", w.type);
	if (w.access && check_access(w.access) < 0)
		return json_error(c, it, sub, "access \"%s\" is not a combination of r, w and m", w.access);
	if ((w.has_maj && w.major < -1) || (w.has_min && w.minor < -1) ||
	    w.major > INT32_MAX || w.minor > INT32_MAX)
		return json_error(c, it, sub, "major/minor out of range");
	d->allow = w.allow;
	d->type = w.type ? w.type[0] : 'a';
	d->major = w.has_maj ? w.major : -1;
	d->minor = w.has_min ? w.minor : -1;
	snprintf(d->access, sizeof d->access, "%s", w.access && *w.access ? w.access : "rwm");
	return 0;
}

static int dec_devices(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_resources *r = base;
	char sub[256];
	r->devices = json_items(c, t, path, sizeof *r->devices, &r->n_devices);
	if (!r->devices)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < r->n_devices; i++, it = json_next(c->j, it))
		if (dec_dev_rule(c, it, JPATH_AT(sub, path, (int)i), &r->devices[i]) < 0)
			return -1;
	return 0;
}

int spec_decode_resources(const struct json_ctx *c, int t, const char *path, struct rm_resources *r)
{
	static const struct json_field f[] = {
		JFF("memory", dec_memory),
		JFF("cpu", dec_cpu),
		JFF("pids", dec_pids),
		JFF("blockIO", dec_blkio),
		JFF("hugepageLimits", dec_hugepages),
		JFF("network", dec_network),
		JFF("rdma", dec_rdma),
		JFF("unified", dec_unified),
		JFF("devices", dec_devices),
	};
	return json_decode(c, t, path, f, RM_COUNT(f), r);
}

int spec_parse_resources(const char *name, const char *buf, size_t len, struct rm_arena *a,
			 struct rm_resources *r, struct rm_err *err)
{
	struct rm_json j;
	if (json_parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, a, err };
	int ret = spec_decode_resources(&c, 0, "resources", r);
	json_free(&j);
	return ret;
}
