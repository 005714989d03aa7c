/* SPDX-License-Identifier: Apache-2.0 */
/* spec_proc.c - process.scheduler, process.ioPriority,
 * process.execCPUAffinity, linux.personality and linux.timeOffsets.
 * Names are mapped to numbers here; nothing touches the kernel. */
#include "spec_proc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct name_num { const char *name; uint64_t num; };

static int lookup(const struct name_num *t, size_t n, const char *name, uint64_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0) {
			*out = t[i].num;
			return 0;
		}
	return -1;
}

/* uapi values (linux/sched.h, linux/sched/types.h). */
static const struct name_num policies[] = {
	{ "SCHED_OTHER", 0 }, { "SCHED_FIFO", 1 }, { "SCHED_RR", 2 }, { "SCHED_BATCH", 3 },
	{ "SCHED_ISO", 4 }, { "SCHED_IDLE", 5 }, { "SCHED_DEADLINE", 6 },
};
static const struct name_num sched_flags[] = {
	{ "SCHED_FLAG_RESET_ON_FORK", 0x01 }, { "SCHED_FLAG_RECLAIM", 0x02 },
	{ "SCHED_FLAG_DL_OVERRUN", 0x04 }, { "SCHED_FLAG_KEEP_POLICY", 0x08 },
	{ "SCHED_FLAG_KEEP_PARAMS", 0x10 }, { "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20 },
	{ "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40 },
};
static const struct name_num io_classes[] = {
	{ "IOPRIO_CLASS_RT", 1 }, { "IOPRIO_CLASS_BE", 2 }, { "IOPRIO_CLASS_IDLE", 3 },
};
static const struct name_num domains[] = { { "LINUX", 0x0000 }, { "LINUX32", 0x0008 } };
static const struct name_num persona_flags[] = {
	{ "UNAME26", 0x0020000 }, { "ADDR_NO_RANDOMIZE", 0x0040000 }, { "FDPIC_FUNCPTRS", 0x0080000 },
	{ "MMAP_PAGE_ZERO", 0x0100000 }, { "ADDR_COMPAT_LAYOUT", 0x0200000 },
	{ "READ_IMPLIES_EXEC", 0x0400000 }, { "ADDR_LIMIT_32BIT", 0x0800000 },
	{ "SHORT_INODE", 0x1000000 }, { "WHOLE_SECONDS", 0x2000000 }, { "STICKY_TIMEOUTS", 0x4000000 },
	{ "ADDR_LIMIT_3GB", 0x8000000 },
};

/* A string array whose names map through a table, OR-ed together. */
static int flag_list(const struct json_ctx *c, int t, const char *path, const struct name_num *tab, size_t n,
		     char ***names, uint64_t *out)
{
	size_t cnt;
	if (json_strv(c, t, path, names, &cnt) < 0)
		return -1;
	*out = 0;
	int it = t + 1;
	for (size_t i = 0; i < cnt; i++, it = json_next(c->j, it)) {
		uint64_t v;
		if (lookup(tab, n, (*names)[i], &v) < 0)
			return json_error(c, it, path, "unknown flag \"%s\"", (*names)[i]);
		*out |= v;
	}
	return 0;
}

int spec_decode_scheduler(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("policy", JF_STR, struct rm_sched, policy),
		JF("nice", JF_I32, struct rm_sched, nice),
		JF("priority", JF_I32, struct rm_sched, priority),
		JF("runtime", JF_U64, struct rm_sched, runtime),
		JF("deadline", JF_U64, struct rm_sched, deadline),
		JF("period", JF_U64, struct rm_sched, period),
	};
	struct rm_sched *s = &((struct rm_process *)base)->sched;
	char sub[256];
	uint64_t v;
	if (json_decode(c, t, path, f, RM_COUNT(f), s) < 0)
		return -1;
	s->set = true;
	int pt = json_get(c->j, t, "policy");
	if (!s->policy)
		return json_error(c, t, path, "policy is required");
	if (lookup(policies, RM_COUNT(policies), s->policy, &v) < 0)
		return json_error(c, pt, json_path(sub, sizeof sub, path, "policy", -1),
				  "unknown policy \"%s\"", s->policy);
	s->policy_num = (uint32_t)v;
	if (s->nice < -20 || s->nice > 19)
		return json_error(c, json_get(c->j, t, "nice"), json_path(sub, sizeof sub, path, "nice", -1),
				  "must be between -20 and 19, got %d", s->nice);
	int ft = json_get(c->j, t, "flags");
	if (ft >= 0 && !json_is_null(c->j, ft) &&
	    flag_list(c, ft, json_path(sub, sizeof sub, path, "flags", -1), sched_flags, RM_COUNT(sched_flags),
		      &s->flags, &s->flags_num) < 0)
		return -1;
	return 0;
}

int spec_decode_ioprio(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("class", JF_STR, struct rm_ioprio, class_name),
		JF("priority", JF_I32, struct rm_ioprio, priority),
	};
	struct rm_ioprio *io = &((struct rm_process *)base)->ioprio;
	char sub[256];
	uint64_t v;
	if (json_decode(c, t, path, f, RM_COUNT(f), io) < 0)
		return -1;
	io->set = true;
	if (!io->class_name)
		return json_error(c, t, path, "class is required");
	if (lookup(io_classes, RM_COUNT(io_classes), io->class_name, &v) < 0)
		return json_error(c, json_get(c->j, t, "class"), json_path(sub, sizeof sub, path, "class", -1),
				  "unknown class \"%s\"", io->class_name);
	io->class_num = (int)v;
	if (io->priority < 0 || io->priority > 7)
		return json_error(c, json_get(c->j, t, "priority"), json_path(sub, sizeof sub, path, "priority", -1),
				  "must be between 0 and 7, got %d", io->priority);
	return 0;
}

bool spec_cpu_list_valid(const char *list)
{
	const char *p = list;
	if (!*p)
		return false;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b;
		if (end == p || a < 0 || a >= 1024)
			return false;
		p = end;
		b = a;
		if (*p == '-') {
			b = strtol(++p, &end, 10);
			if (end == p || b < a || b >= 1024)
				return false;
			p = end;
		}
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return false;
	}
	return true;
}

int spec_decode_affinity(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("initial", JF_STR, struct rm_affinity, initial),
		JF("final", JF_STR, struct rm_affinity, final),
	};
	struct rm_affinity *a = &((struct rm_process *)base)->affinity;
	char sub[256];
	if (json_decode(c, t, path, f, RM_COUNT(f), a) < 0)
		return -1;
	if (a->initial && *a->initial && !spec_cpu_list_valid(a->initial))
		return json_error(c, json_get(c->j, t, "initial"), json_path(sub, sizeof sub, path, "initial", -1),
				  "malformed CPU list \"%s\"", a->initial);
	if (a->final && *a->final && !spec_cpu_list_valid(a->final))
		return json_error(c, json_get(c->j, t, "final"), json_path(sub, sizeof sub, path, "final", -1),
				  "malformed CPU list \"%s\"", a->final);
	return 0;
}

int spec_decode_personality(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	char sub[256];
	uint64_t dom, fl = 0;
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	int d = json_get(c->j, t, "domain");
	if (d < 0 || json_is_null(c->j, d))
		return json_error(c, t, path, "domain is required");
	if (json_string(c, d, json_path(sub, sizeof sub, path, "domain", -1), &s->personality_domain) < 0)
		return -1;
	if (lookup(domains, RM_COUNT(domains), s->personality_domain, &dom) < 0)
		return json_error(c, d, sub, "unknown domain \"%s\" (LINUX or LINUX32)", s->personality_domain);
	int f = json_get(c->j, t, "flags");
	if (f >= 0 && !json_is_null(c->j, f) &&
	    flag_list(c, f, json_path(sub, sizeof sub, path, "flags", -1), persona_flags, RM_COUNT(persona_flags),
		      &s->personality_flags, &fl) < 0)
		return -1;
	s->has_personality = true;
	s->personality = (unsigned long)(dom | fl);
	return 0;
}

static int dec_offset(const struct json_ctx *c, int t, const char *path, struct rm_time_offset *o)
{
	static const struct json_field f[] = {
		JF("secs", JF_I64, struct rm_time_offset, secs),
		JF("nanosecs", JF_U32, struct rm_time_offset, nanosecs),
	};
	if (json_decode(c, t, path, f, RM_COUNT(f), o) < 0)
		return -1;
	if (o->nanosecs >= 1000000000u)
		return json_error(c, json_get(c->j, t, "nanosecs"), path, "nanosecs must be below 1000000000");
	o->set = true;
	return 0;
}

int spec_decode_time_offsets(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	char sub[256];
	int v;
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	if ((v = json_get(c->j, t, "monotonic")) >= 0 && !json_is_null(c->j, v) &&
	    dec_offset(c, v, json_path(sub, sizeof sub, path, "monotonic", -1), &s->time_monotonic) < 0)
		return -1;
	if ((v = json_get(c->j, t, "boottime")) >= 0 && !json_is_null(c->j, v) &&
	    dec_offset(c, v, json_path(sub, sizeof sub, path, "boottime", -1), &s->time_boottime) < 0)
		return -1;
	return 0;
}
