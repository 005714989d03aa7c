/* SPDX-License-Identifier: Apache-2.0 */
/* spec_legacy.c - early runc's container.json -> struct rm_spec.
 *
 * The format runc used before the OCI spec settled (an example:
 * tests/unit/fixtures/legacy-container.json): processes[0], top-level cpus
 * and memory (MB), namespace "process" for pid, capability names without
 * CAP_, devices by name, mount options as one comma string, "./" as the root
 * meaning the bundle itself, and a user given by name (looked up in the
 * container's /etc/passwd by process.c, inside the rootfs).  No syscalls here.
 */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "capnames.h"
#include "json.h"


/* Device names the legacy format knows, with their fixed numbers. */
static const struct { const char *name; int major, minor; } legacy_devs[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 },
	{ "urandom", 1, 9 }, { "tty", 5, 0 }, { "console", 5, 1 }, { "fuse", 10, 229 },
};

static int dec_user_name(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_process *p = base;
	if (json_type(c->j, t) == JSON_PRIMITIVE)   /* a numeric uid also works */
		return json_u32_max(c, t, path, RM_USER_ID_MAX, &p->uid);
	return json_string(c, t, path, &p->user_name);
}

static int dec_process(const struct json_ctx *c, int t, struct rm_spec *s)
{
	static const struct json_field f[] = {
		JF("tty", JF_BOOL, struct rm_process, terminal),
		JFF("user", dec_user_name),
		JF("cwd", JF_STR, struct rm_process, cwd),
	};
	struct rm_process *p = &s->process;
	if (json_expect(c, t, JSON_ARRAY, "processes") < 0)
		return -1;
	if (json_len(c->j, t) < 1)
		return json_error(c, t, "processes", "at least one process is required");
	if (json_len(c->j, t) > 1)
		return json_error(c, t, "processes", "only one process per container is supported");
	int it = t + 1, v;
	if (json_decode(c, it, "processes[0]", f, sizeof f / sizeof f[0], p) < 0)
		return -1;
	if ((v = json_get(c->j, it, "args")) >= 0 &&
	    json_strv(c, v, "processes[0].args", &p->args, &p->n_args) < 0)
		return -1;
	if ((v = json_get(c->j, it, "env")) >= 0 && !json_is_null(c->j, v) &&
	    json_strv(c, v, "processes[0].env", &p->env, &p->n_env) < 0)
		return -1;
	spec_dedup_env(p->env, &p->n_env);
	if (p->cwd && !*p->cwd)
		p->cwd = NULL;      /* "" meant "/" */
	if (p->user_name && !*p->user_name)
		p->user_name = NULL;
	return 0;
}

static int dec_namespaces(const struct json_ctx *c, int t, struct rm_spec *s)
{
	char sub[64], *type;
	if (json_expect(c, t, JSON_ARRAY, "namespaces") < 0)
		return -1;
	int it = t + 1;
	for (int i = 0; i < json_len(c->j, t); i++, it = json_next(c->j, it)) {
		JPATH_AT(sub, "namespaces", i);
		int ty = json_get(c->j, it, "type");
		if (json_expect(c, it, JSON_OBJECT, sub) < 0)
			return -1;
		if (ty < 0)
			return json_error(c, it, sub, "type is required");
		strcat(sub, ".type");
		if (json_string(c, ty, sub, &type) < 0)
			return -1;
		int ns = strcmp(type, "process") == 0 ? RM_NS_PID
			 : strcmp(type, "net") == 0 ? RM_NS_NET : spec_ns_from_name(type);
		if (ns < 0)
			return json_error(c, ty, sub, "unknown namespace type \"%s\"", type);
		s->ns[ns].wanted = true;
	}
	return 0;
}

static int dec_caps(const struct json_ctx *c, int t, struct rm_spec *s)
{
	char **names;
	size_t n;
	uint64_t mask = 0;
	if (json_strv(c, t, "capabilities", &names, &n) < 0)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < n; i++, it = json_next(c->j, it)) {
		int cap = cap_from_name(names[i], 1);
		/* Warn and go on, as the OCI decoder (runtime-spec, runc). */
		if (cap < 0) {
			json_warn(c, it, "capabilities", "unknown capability \"%.64s\" ignored", names[i]);
			continue;
		}
		mask |= 1ULL << cap;
	}
	/* Early runc kept exactly these: bounding, effective and permitted. */
	struct rm_caps *caps = &s->process.caps;
	caps->set[RM_CAP_BOUNDING] = caps->set[RM_CAP_EFFECTIVE] = caps->set[RM_CAP_PERMITTED] = mask;
	return 0;
}

static int dec_devices(const struct json_ctx *c, int t, struct rm_spec *s)
{
	char **names, path[64];
	if (json_strv(c, t, "devices", &names, &s->n_devices) < 0)
		return -1;
	s->devices = arena_array(&s->arena, s->n_devices + 1, sizeof *s->devices);
	if (!s->devices)
		return rm_fail(c->err, ENOMEM, "devices");
	int it = t + 1;
	for (size_t i = 0; i < s->n_devices; i++, it = json_next(c->j, it)) {
		size_t k = 0, nk = sizeof legacy_devs / sizeof legacy_devs[0];
		while (k < nk && strcmp(legacy_devs[k].name, names[i]) != 0)
			k++;
		if (k == nk)
			return json_error(c, it, "devices", "unknown device \"%s\"", names[i]);
		struct rm_device *d = &s->devices[i];
		snprintf(path, sizeof path, "/dev/%s", names[i]);
		d->path = arena_strdup(&s->arena, path);
		if (!d->path)
			return rm_fail(c->err, ENOMEM, "devices");
		d->type = 'c';
		d->major = legacy_devs[k].major;
		d->minor = legacy_devs[k].minor;
		d->mode = 0666;
		d->has_mode = true;
	}
	return 0;
}

/* "nosuid,mode=755" -> {"nosuid", "mode=755", NULL} */
static int split_options(const struct json_ctx *c, const char *path, const char *opts, struct rm_mount *m)
{
	size_t n = 1;
	for (const char *p = opts; *p; p++)
		n += *p == ',';
	m->options = arena_array(c->arena, n + 1, sizeof(char *));
	if (!m->options)
		return rm_fail(c->err, ENOMEM, "%s", path);
	m->n_options = 0;
	for (const char *p = opts; *p;) {
		size_t len = strcspn(p, ",");
		if (len && !(m->options[m->n_options++] = arena_strndup(c->arena, p, len)))
			return rm_fail(c->err, ENOMEM, "%s", path);
		p += len;
		p += *p == ',';
	}
	return 0;
}

static int dec_mounts(const struct json_ctx *c, int t, struct rm_spec *s)
{
	static const struct json_field f[] = {
		JF("type", JF_STR, struct rm_mount, type),
		JF("source", JF_STR, struct rm_mount, source),
		JF("destination", JF_STR, struct rm_mount, destination),
	};
	char sub[64], sp[96], *opts;
	if (json_expect(c, t, JSON_ARRAY, "mounts") < 0)
		return -1;
	s->n_mounts = (size_t)json_len(c->j, t);
	s->mounts = arena_array(&s->arena, s->n_mounts + 1, sizeof *s->mounts);
	if (!s->mounts)
		return rm_fail(c->err, ENOMEM, "mounts");
	int it = t + 1;
	for (size_t i = 0; i < s->n_mounts; i++, it = json_next(c->j, it)) {
		struct rm_mount *m = &s->mounts[i];
		JPATH_AT(sub, "mounts", (int)i);
		if (json_decode(c, it, sub, f, 3, m) < 0)
			return -1;
		if (!m->destination || !*m->destination)
			return json_error(c, it, sub, "destination is required");
		int o = json_get(c->j, it, "options");
		opts = "";
		if (o >= 0 && json_type(c->j, o) == JSON_ARRAY) {
			if (json_strv(c, o, JPATH(sp, sub, "options"), &m->options, &m->n_options) < 0)
				return -1;
			continue;
		}
		if (o >= 0 && !json_is_null(c->j, o) && json_string(c, o, JPATH(sp, sub, "options"), &opts) < 0)
			return -1;
		if (split_options(c, sub, opts, m) < 0)
			return -1;
	}
	return 0;
}

/* cpus: a fraction of CPUs -> CFS quota over a 100ms period; memory: MB. */
static int dec_limits(const struct json_ctx *c, struct rm_spec *s)
{
	struct rm_resources *r = &s->resources;
	double cpus;
	int64_t mb;
	int v;
	if ((v = json_get(c->j, 0, "cpus")) >= 0 && !json_is_null(c->j, v)) {
		if (json_double(c, v, "cpus", &cpus) < 0)
			return -1;
		/* The kernel's smallest CFS quota is 1 ms of a 100 ms period. */
		if (cpus < 0 || cpus > 4096 || (cpus > 0 && cpus < 0.01))
			return json_error(c, v, "cpus", "out of range (0.01 to 4096, or 0 for no limit)");
		if (cpus > 0) {
			r->cpu_period = 100000;
			r->cpu_quota = (int64_t)(cpus * 100000 + 0.5);
			r->has_cpu_period = r->has_cpu_quota = true;
			s->has_resources = true;
		}
	}
	if ((v = json_get(c->j, 0, "memory")) >= 0 && !json_is_null(c->j, v)) {
		if (json_i64(c, v, "memory", &mb) < 0)
			return -1;
		if (mb < 0 || mb > (INT64_MAX >> 20))
			return json_error(c, v, "memory", "out of range");
		if (mb > 0) {
			r->mem_limit = mb << 20;
			r->has_mem_limit = true;
			s->has_resources = true;
		}
	}
	return 0;
}

static int decode_legacy(const struct json_ctx *c, struct rm_spec *s)
{
	int v;
	if (json_expect(c, 0, JSON_OBJECT, "(top level)") < 0)
		return -1;
	if ((v = json_get(c->j, 0, "processes")) < 0)
		return rm_fail(c->err, 0, "%s: processes: required", c->j->name);
	s->has_process = true;
	if (dec_process(c, v, s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "root")) >= 0) {
		int p = json_get(c->j, v, "path"), ro = json_get(c->j, v, "readonly");
		if (json_expect(c, v, JSON_OBJECT, "root") < 0 ||
		    (p >= 0 && json_string(c, p, "root.path", &s->root_path) < 0) ||
		    (ro >= 0 && json_bool(c, ro, "root.readonly", &s->root_readonly) < 0))
			return -1;
	}
	if ((v = json_get(c->j, 0, "hostname")) >= 0 && json_string(c, v, "hostname", &s->hostname) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "namespaces")) >= 0 && dec_namespaces(c, v, s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "capabilities")) >= 0 && !json_is_null(c->j, v) && dec_caps(c, v, s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "devices")) >= 0 && !json_is_null(c->j, v) && dec_devices(c, v, s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "mounts")) >= 0 && !json_is_null(c->j, v) && dec_mounts(c, v, s) < 0)
		return -1;
	return dec_limits(c, s);
}

int spec_parse_legacy(struct rm_spec *s, const char *name, const char *buf, size_t len,
		      struct rm_err *err)
{
	struct rm_json j;
	memset(s, 0, sizeof *s);
	s->legacy = true;
	if (json_parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, &s->arena, err };
	int r = decode_legacy(&c, s);
	if (r == 0 && !s->root_path)
		s->root_path = arena_strdup(&s->arena, "./");
	if (r == 0 && !(s->file = arena_strdup(&s->arena, name)))
		r = rm_fail(err, ENOMEM, "%s", name);
	if (r == 0)
		r = spec_validate(s, err);
	json_free(&j);
	if (r < 0) {
		spec_free(s);
		s->legacy = true;
	}
	return r;
}
