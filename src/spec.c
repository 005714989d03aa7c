/* SPDX-License-Identifier: Apache-2.0 */
/* spec.c - OCI runtime-spec config.json -> struct rm_spec.
 *
 * Pure decoding: no syscalls.  Each OCI object is a table of
 * {key, type, offset}; json_decode() walks it.  Unknown keys are ignored
 * (forward compatibility), wrong types are errors naming the JSON path.
 */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capnames.h"
#include "json.h"
#include "seccomp.h"
#include "spec_proc.h"
#include "spec_resources.h"


/* One SemVer number: digits, no sign, no leading zero, no overflow. */
static const char *semver_number(const char *p, unsigned *out)
{
	unsigned long v = 0;
	const char *st = p;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (unsigned)(*p++ - '0');
		if (v > 99999)
			return NULL;
	}
	if (p == st || (*st == '0' && p - st > 1))
		return NULL;
	*out = (unsigned)v;
	return p;
}

/* ociVersion: 1.0.0 .. 1.3.x, SemVer, with an optional -pre/+build suffix. */
static int check_version(const struct json_ctx *c, int t, const char *v)
{
	unsigned maj, min, patch;
	const char *p = semver_number(v, &maj);
	if (p && *p == '.')
		p = semver_number(p + 1, &min);
	else
		p = NULL;
	if (p && *p == '.')
		p = semver_number(p + 1, &patch);
	else
		p = NULL;
	if (!p || (*p && *p != '-' && *p != '+') || ((*p == '-' || *p == '+') && !p[1]))
		return json_error(c, t, "ociVersion", "malformed version \"%s\"", v);
	if (maj != 1 || min > 3)
		return json_error(c, t, "ociVersion", "unsupported version \"%s\" (supported: 1.0.0 to 1.3.x)", v);
	return 0;
}

static int dec_idmaps(const struct json_ctx *c, int t, const char *path, struct rm_idmap **out, size_t *n)
{
	static const struct json_field f[] = {
		JF("containerID", JF_U32, struct rm_idmap, container_id),
		JF("hostID", JF_U32, struct rm_idmap, host_id),
		JF("size", JF_U32, struct rm_idmap, size),
	};
	char sub[256];
	struct rm_idmap *m = json_items(c, t, path, sizeof *m, n);
	if (!m)
		return -1;
	for (size_t i = 0, it = (size_t)t + 1; i < *n; i++, it = (size_t)json_next(c->j, (int)it)) {
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, (int)it, sub, f, 3, &m[i]) < 0)
			return -1;
		if (json_get(c->j, (int)it, "size") < 0)
			return json_error(c, (int)it, sub, "size is required");
	}
	*out = m;
	return 0;
}

static int dec_mount_uidmaps(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_mount *m = base;
	return dec_idmaps(c, t, path, &m->uid_maps, &m->n_uid_maps);
}

static int dec_mount_gidmaps(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_mount *m = base;
	return dec_idmaps(c, t, path, &m->gid_maps, &m->n_gid_maps);
}

static int dec_mount_options(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_mount *m = base;
	return json_strv(c, t, path, &m->options, &m->n_options);
}

static int dec_mounts(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	static const struct json_field f[] = {
		JF("destination", JF_STR, struct rm_mount, destination),
		JF("type", JF_STR, struct rm_mount, type),
		JF("source", JF_STR, struct rm_mount, source),
		JFF("options", dec_mount_options),
		JFF("uidMappings", dec_mount_uidmaps),
		JFF("gidMappings", dec_mount_gidmaps),
	};
	char sub[256];
	s->mounts = json_items(c, t, path, sizeof *s->mounts, &s->n_mounts);
	if (!s->mounts)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < s->n_mounts; i++, it = json_next(c->j, it)) {
		struct rm_mount *m = &s->mounts[i];
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, it, sub, f, sizeof f / sizeof f[0], m) < 0)
			return -1;
		if (!m->destination || !*m->destination)
			return json_error(c, it, sub, "destination is required");
		if (!m->options && !(m->options = arena_alloc(c->arena, sizeof(char *))))
			return rm_fail(c->err, ENOMEM, "%s", sub);
	}
	return 0;
}

static int dec_capset(const struct json_ctx *c, int t, const char *path, struct rm_caps *caps, int which)
{
	char **names;
	size_t n;
	if (json_strv(c, t, path, &names, &n) < 0)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < n; i++, it = json_next(c->j, it)) {
		int cap = cap_from_name(names[i], 0);
		/* runtime-spec: a runtime SHOULD NOT fail on a capability it
		 * does not know (a newer kernel's), but log a warning (runc). */
		if (cap < 0) {
			json_warn(c, it, path, "unknown capability \"%.64s\" ignored", names[i]);
			continue;
		}
		caps->set[which] |= 1ULL << cap;
	}
	return 0;
}

static int dec_caps(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const char *const keys[RM_CAP_NSETS] = {
		[RM_CAP_BOUNDING] = "bounding", [RM_CAP_EFFECTIVE] = "effective",
		[RM_CAP_PERMITTED] = "permitted", [RM_CAP_INHERITABLE] = "inheritable",
		[RM_CAP_AMBIENT] = "ambient",
	};
	struct rm_process *p = base;
	char sub[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	for (int i = 0; i < RM_CAP_NSETS; i++) {
		int v = json_get(c->j, t, keys[i]);
		if (v >= 0 && !json_is_null(c->j, v) && dec_capset(c, v, JPATH(sub, path, keys[i]), &p->caps, i) < 0)
			return -1;
	}
	return 0;
}

static int dec_rlimits(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_process *p = base;
	char sub[256], *type;
	p->rlimits = json_items(c, t, path, sizeof *p->rlimits, &p->n_rlimits);
	if (!p->rlimits)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < p->n_rlimits; i++, it = json_next(c->j, it)) {
		struct rm_rlimit *r = &p->rlimits[i];
		JPATH_AT(sub, path, (int)i);
		int ty = json_get(c->j, it, "type"), so = json_get(c->j, it, "soft"), ha = json_get(c->j, it, "hard");
		if (json_expect(c, it, JSON_OBJECT, sub) < 0)
			return -1;
		if (ty < 0 || so < 0 || ha < 0)
			return json_error(c, it, sub, "type, soft and hard are required");
		char tp[256];
		if (json_string(c, ty, JPATH(tp, sub, "type"), &type) < 0 ||
		    json_u64(c, so, JPATH(tp, sub, "soft"), &r->soft) < 0 ||
		    json_u64(c, ha, JPATH(tp, sub, "hard"), &r->hard) < 0)
			return -1;
		r->resource = spec_rlimit_from_name(type);
		if (r->resource < 0)
			return json_error(c, ty, JPATH(tp, sub, "type"), "unknown rlimit \"%s\"", type);
		if (r->soft > r->hard)
			return json_error(c, it, sub, "soft limit %llu is above the hard limit %llu",
					  (unsigned long long)r->soft, (unsigned long long)r->hard);
		/* runtime-spec: duplicated types MUST be an error. */
		for (size_t k = 0; k < i; k++)
			if (p->rlimits[k].resource == r->resource)
				return json_error(c, ty, JPATH(tp, sub, "type"), "rlimit \"%s\" listed twice", type);
	}
	return 0;
}

static int dec_console_size(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("height", JF_U32, struct rm_process, console_height),
		JF("width", JF_U32, struct rm_process, console_width),
	};
	struct rm_process *p = base;
	p->has_console_size = true;
	return json_decode(c, t, path, f, 2, p);
}

static int dec_uid(const struct json_ctx *c, int t, const char *path, void *base)
{
	return json_u32_max(c, t, path, RM_USER_ID_MAX, &((struct rm_process *)base)->uid);
}

static int dec_gid(const struct json_ctx *c, int t, const char *path, void *base)
{
	return json_u32_max(c, t, path, RM_USER_ID_MAX, &((struct rm_process *)base)->gid);
}

static int dec_user(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFF("uid", dec_uid),
		JFF("gid", dec_gid),
		JFH("umask", JF_U32, struct rm_process, umask, has_umask),
	};
	struct rm_process *p = base;
	char sub[256];
	if (json_decode(c, t, path, f, 3, p) < 0)
		return -1;
	int g = json_get(c->j, t, "additionalGids");
	if (g < 0 || json_is_null(c->j, g))
		return 0;
	JPATH(sub, path, "additionalGids");
	if (json_type(c->j, g) == JSON_ARRAY && json_len(c->j, g) > RM_GROUPS_MAX)
		return json_error(c, g, sub, "%d groups; the kernel takes at most %d (NGROUPS_MAX)",
				  json_len(c->j, g), RM_GROUPS_MAX);
	p->additional_gids = json_items(c, g, sub, sizeof(uint32_t), &p->n_additional_gids);
	if (!p->additional_gids)
		return -1;
	int it = g + 1;
	for (size_t i = 0; i < p->n_additional_gids; i++, it = json_next(c->j, it))
		if (json_u32_max(c, it, sub, RM_USER_ID_MAX, &p->additional_gids[i]) < 0)
			return -1;
	return 0;
}

static int dec_args(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_process *p = base;
	return json_strv(c, t, path, &p->args, &p->n_args);
}

static int dec_env(const struct json_ctx *c, int t, const char *path, void *base)
{
	struct rm_process *p = base;
	if (json_strv(c, t, path, &p->env, &p->n_env) < 0)
		return -1;
	spec_dedup_env(p->env, &p->n_env);
	return 0;
}

static int dec_process(const struct json_ctx *c, int t, const char *path, struct rm_process *p)
{
	static const struct json_field f[] = {
		JF("terminal", JF_BOOL, struct rm_process, terminal),
		JFF("consoleSize", dec_console_size),
		JF("cwd", JF_STR, struct rm_process, cwd),
		JFF("args", dec_args),
		JFF("env", dec_env),
		JFF("user", dec_user),
		JFF("capabilities", dec_caps),
		JFF("rlimits", dec_rlimits),
		JF("noNewPrivileges", JF_BOOL, struct rm_process, no_new_privileges),
		JFH("oomScoreAdj", JF_I32, struct rm_process, oom_score_adj, has_oom_score_adj),
		JF("apparmorProfile", JF_STR, struct rm_process, apparmor_profile),
		JF("selinuxLabel", JF_STR, struct rm_process, selinux_label),
		JFF("scheduler", spec_decode_scheduler),
		JFF("ioPriority", spec_decode_ioprio),
		JFF("execCPUAffinity", spec_decode_affinity),
	};
	return json_decode(c, t, path, f, sizeof f / sizeof f[0], p);
}

static int dec_namespaces(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	char sub[256], tp[256], *type;
	if (json_expect(c, t, JSON_ARRAY, path) < 0)
		return -1;
	int it = t + 1;
	for (int i = 0; i < json_len(c->j, t); i++, it = json_next(c->j, it)) {
		JPATH_AT(sub, path, i);
		if (json_expect(c, it, JSON_OBJECT, sub) < 0)
			return -1;
		int ty = json_get(c->j, it, "type"), pa = json_get(c->j, it, "path");
		if (ty < 0)
			return json_error(c, it, sub, "type is required");
		if (json_string(c, ty, JPATH(tp, sub, "type"), &type) < 0)
			return -1;
		int ns = spec_ns_from_name(type);
		if (ns < 0)
			return json_error(c, ty, tp, "unknown namespace type \"%s\"", type);
		if (s->ns[ns].wanted)
			return json_error(c, ty, tp, "namespace \"%s\" listed twice", type);
		s->ns[ns].wanted = true;
		if (pa >= 0 && !json_is_null(c->j, pa) &&
		    json_string(c, pa, JPATH(tp, sub, "path"), &s->ns[ns].path) < 0)
			return -1;
		if (s->ns[ns].path && !*s->ns[ns].path)
			s->ns[ns].path = NULL;
	}
	return 0;
}

/* "/dev/foo/" and "/dev//foo" name /dev/foo, as filepath.Clean makes them
 * for runc: drop repeated and trailing slashes. */
static void clean_path(char *p)
{
	char *w = p;
	for (const char *r = p; *r; r++)
		if (!(*r == '/' && (r[1] == '/' || (r[1] == '\0' && w != p))))
			*w++ = *r;
	*w = '\0';
}

static int dec_devices(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	static const struct json_field f[] = {
		JF("path", JF_STR, struct rm_device, path),
		JF("major", JF_I64, struct rm_device, major),
		JF("minor", JF_I64, struct rm_device, minor),
		JFH("fileMode", JF_U32, struct rm_device, mode, has_mode),
		JFH("uid", JF_U32, struct rm_device, uid, has_uid),
		JFH("gid", JF_U32, struct rm_device, gid, has_gid),
	};
	char sub[256], tp[256], *type = NULL;
	s->devices = json_items(c, t, path, sizeof *s->devices, &s->n_devices);
	if (!s->devices)
		return -1;
	int it = t + 1;
	for (size_t i = 0; i < s->n_devices; i++, it = json_next(c->j, it)) {
		struct rm_device *d = &s->devices[i];
		JPATH_AT(sub, path, (int)i);
		if (json_decode(c, it, sub, f, sizeof f / sizeof f[0], d) < 0)
			return -1;
		int ty = json_get(c->j, it, "type");
		if (ty < 0 || !d->path)
			return json_error(c, it, sub, "path and type are required");
		if (json_string(c, ty, JPATH(tp, sub, "type"), &type) < 0)
			return -1;
		if (strlen(type) != 1 || !strchr("cbup", type[0]))
			return json_error(c, ty, tp, "unknown device type \"%s\" (c, b, u or p)", type);
		d->type = type[0];
		clean_path(d->path);
		if (d->type != 'p' && (json_get(c->j, it, "major") < 0 || json_get(c->j, it, "minor") < 0))
			return json_error(c, it, sub, "major and minor are required for type %c", d->type);
	}
	return 0;
}

/* An object of string -> string, as annotations and linux.sysctl are. */
static int dec_string_map(const struct json_ctx *c, int t, const char *path, struct rm_kv **out, size_t *n)
{
	char sub[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	*n = (size_t)json_len(c->j, t);
	struct rm_kv *kv = arena_array(c->arena, *n + 1, sizeof *kv);
	if (!kv)
		return rm_fail(c->err, ENOMEM, "%s", path);
	int it = t + 1;
	for (size_t i = 0; i < *n; i++, it = json_next(c->j, it + 1)) {
		if (json_string(c, it, path, &kv[i].key) < 0 ||
		    json_string(c, it + 1, JPATH(sub, path, kv[i].key), &kv[i].value) < 0)
			return -1;
	}
	*out = kv;
	return 0;
}

static int dec_hooks(const struct json_ctx *c, int t, const char *path, struct rm_spec *s)
{
	static const char *const keys[RM_HOOK_NKINDS] = {
		[RM_HOOK_PRESTART] = "prestart", [RM_HOOK_CREATE_RUNTIME] = "createRuntime",
		[RM_HOOK_CREATE_CONTAINER] = "createContainer",
		[RM_HOOK_START_CONTAINER] = "startContainer", [RM_HOOK_POSTSTART] = "poststart",
		[RM_HOOK_POSTSTOP] = "poststop",
	};
	static const struct json_field f[] = {
		JF("path", JF_STR, struct rm_hook, path),
		JF("args", JF_STRV, struct rm_hook, args),
		JF("env", JF_STRV, struct rm_hook, env),
		JFH("timeout", JF_I32, struct rm_hook, timeout, has_timeout),
	};
	char sub[256], item[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0)
		return -1;
	for (int k = 0; k < RM_HOOK_NKINDS; k++) {
		int h = json_get(c->j, t, keys[k]);
		if (h < 0 || json_is_null(c->j, h))
			continue;
		JPATH(sub, path, keys[k]);
		struct rm_hooks *hs = &s->hooks[k];
		hs->list = json_items(c, h, sub, sizeof *hs->list, &hs->n);
		if (!hs->list)
			return -1;
		int it = h + 1;
		for (size_t i = 0; i < hs->n; i++, it = json_next(c->j, it)) {
			JPATH_AT(item, sub, (int)i);
			if (json_decode(c, it, item, f, sizeof f / sizeof f[0], &hs->list[i]) < 0)
				return -1;
			if (!hs->list[i].path || hs->list[i].path[0] != '/')
				return json_error(c, it, item, "path must be an absolute path");
			if (hs->list[i].has_timeout && hs->list[i].timeout <= 0)
				return json_error(c, it, item, "timeout must be greater than zero");
		}
	}
	return 0;
}

/* linux.intelRdt; applied by the cgroup layer (rdt.c). */
static int dec_rdt(const struct json_ctx *c, int t, struct rm_rdt *r)
{
	int v;
	if (json_expect(c, t, JSON_OBJECT, "linux.intelRdt") < 0)
		return -1;
	r->set = true;
#define GET(key) ((v = json_get(c->j, t, key)) >= 0 && !json_is_null(c->j, v))
	if ((GET("closID") && json_string(c, v, "linux.intelRdt.closID", &r->clos_id) < 0) ||
	    (GET("l3CacheSchema") && json_string(c, v, "linux.intelRdt.l3CacheSchema", &r->l3) < 0) ||
	    (GET("memBwSchema") && json_string(c, v, "linux.intelRdt.memBwSchema", &r->mb) < 0) ||
	    (GET("schemata") &&
	     json_strv(c, v, "linux.intelRdt.schemata", &r->schemata, &r->n_schemata) < 0) ||
	    (GET("enableMonitoring") &&
	     json_bool(c, v, "linux.intelRdt.enableMonitoring", &r->monitoring) < 0))
		return -1;
#undef GET
	/* One line each: a newline would write a second line to schemata. */
	if ((r->l3 && strchr(r->l3, '\n')) || (r->mb && strchr(r->mb, '\n')))
		return json_error(c, t, "linux.intelRdt", "a schema must not contain a newline");
	for (size_t i = 0; i < r->n_schemata; i++)
		if (strchr(r->schemata[i], '\n'))
			return json_error(c, t, "linux.intelRdt.schemata", "an entry must not contain a newline");
	/* closID names a directory of the resctrl mount: never a path out of it. */
	if (r->clos_id && strcmp(r->clos_id, "/") != 0 &&
	    (!*r->clos_id || strchr(r->clos_id, '/') || !strcmp(r->clos_id, ".") ||
	     !strcmp(r->clos_id, "..")))
		return json_error(c, t, "linux.intelRdt.closID", "must be one directory name, or \"/\"");
	if (r->mb && *r->mb && strncmp(r->mb, "MB:", 3) != 0)
		return json_error(c, t, "linux.intelRdt.memBwSchema", "must start with \"MB:\"");
	return 0;
}

static int dec_linux(const struct json_ctx *c, int t, struct rm_spec *s)
{
	char sub[256];
	int v;
	if (json_expect(c, t, JSON_OBJECT, "linux") < 0)
		return -1;
#define GET(key) ((v = json_get(c->j, t, key)) >= 0 && !json_is_null(c->j, v))
	if (GET("namespaces") && dec_namespaces(c, v, "linux.namespaces", s) < 0)
		return -1;
	if (GET("uidMappings") && dec_idmaps(c, v, "linux.uidMappings", &s->uid_maps, &s->n_uid_maps) < 0)
		return -1;
	if (GET("gidMappings") && dec_idmaps(c, v, "linux.gidMappings", &s->gid_maps, &s->n_gid_maps) < 0)
		return -1;
	if (GET("devices") && dec_devices(c, v, "linux.devices", s) < 0)
		return -1;
	if (GET("cgroupsPath") && json_string(c, v, "linux.cgroupsPath", &s->cgroups_path) < 0)
		return -1;
	if (GET("resources")) {
		s->has_resources = true;
		if (spec_decode_resources(c, v, "linux.resources", &s->resources) < 0)
			return -1;
	}
	if (GET("intelRdt") && dec_rdt(c, v, &s->rdt) < 0)
		return -1;
	if (GET("sysctl") && dec_string_map(c, v, "linux.sysctl", &s->sysctl, &s->n_sysctl) < 0)
		return -1;
	if (GET("maskedPaths") &&
	    json_strv(c, v, "linux.maskedPaths", &s->masked_paths, &s->n_masked_paths) < 0)
		return -1;
	if (GET("readonlyPaths") &&
	    json_strv(c, v, "linux.readonlyPaths", &s->readonly_paths, &s->n_readonly_paths) < 0)
		return -1;
	if (GET("rootfsPropagation") &&
	    json_string(c, v, "linux.rootfsPropagation", &s->rootfs_propagation) < 0)
		return -1;
	if (GET("mountLabel") && json_string(c, v, "linux.mountLabel", &s->mount_label) < 0)
		return -1;
	if (GET("personality") && spec_decode_personality(c, v, "linux.personality", s) < 0)
		return -1;
	if (GET("timeOffsets") && spec_decode_time_offsets(c, v, "linux.timeOffsets", s) < 0)
		return -1;
	if (GET("seccomp")) {
		s->has_seccomp = true;
		if (sc_decode(c, v, "linux.seccomp", c->arena, &s->seccomp) < 0)
			return -1;
	}
#undef GET
	(void)sub;
	return 0;
}

static int dec_root(const struct json_ctx *c, int t, struct rm_spec *s)
{
	int v;
	if (json_expect(c, t, JSON_OBJECT, "root") < 0)
		return -1;
	if ((v = json_get(c->j, t, "path")) >= 0 && json_string(c, v, "root.path", &s->root_path) < 0)
		return -1;
	if ((v = json_get(c->j, t, "readonly")) >= 0 && !json_is_null(c->j, v) &&
	    json_bool(c, v, "root.readonly", &s->root_readonly) < 0)
		return -1;
	return 0;
}

static int decode_oci(const struct json_ctx *c, struct rm_spec *s)
{
	int v;
	if (json_expect(c, 0, JSON_OBJECT, "(top level)") < 0)
		return -1;
	if ((v = json_get(c->j, 0, "ociVersion")) < 0)
		return rm_fail(c->err, 0, "%s: ociVersion: required", c->j->name);
	if (json_string(c, v, "ociVersion", &s->oci_version) < 0 || check_version(c, v, s->oci_version) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "root")) >= 0 && !json_is_null(c->j, v) && dec_root(c, v, s) < 0)
		return -1;
	/* Optional: runtime-spec needs it only at start (container.c checks). */
	s->has_process = (v = json_get(c->j, 0, "process")) >= 0 && !json_is_null(c->j, v);
	if (s->has_process && dec_process(c, v, "process", &s->process) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "hostname")) >= 0 && !json_is_null(c->j, v) &&
	    json_string(c, v, "hostname", &s->hostname) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "domainname")) >= 0 && !json_is_null(c->j, v) &&
	    json_string(c, v, "domainname", &s->domainname) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "mounts")) >= 0 && !json_is_null(c->j, v) && dec_mounts(c, v, "mounts", s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "hooks")) >= 0 && !json_is_null(c->j, v) && dec_hooks(c, v, "hooks", s) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "annotations")) >= 0 && !json_is_null(c->j, v) &&
	    dec_string_map(c, v, "annotations", &s->annotations, &s->n_annotations) < 0)
		return -1;
	if ((v = json_get(c->j, 0, "linux")) >= 0 && !json_is_null(c->j, v) && dec_linux(c, v, s) < 0)
		return -1;
	return 0;
}

int spec_parse_oci(struct rm_spec *s, const char *name, const char *buf, size_t len, struct rm_err *err)
{
	struct rm_json j;
	memset(s, 0, sizeof *s);
	if (json_parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, &s->arena, err };
	int r = decode_oci(&c, s);
	if (r == 0 && !(s->file = arena_strdup(&s->arena, name)))
		r = rm_fail(err, ENOMEM, "%s", name);
	if (r == 0)
		r = spec_validate(s, err);
	json_free(&j);
	if (r < 0)
		spec_free(s);
	return r;
}

/* An OCI process object alone (`exec --process FILE`), into s->process;
 * the rest of s is left as it was (the container's config). */
int spec_parse_process(struct rm_spec *s, const char *name, const char *buf, size_t len,
		       struct rm_err *err)
{
	struct rm_json j;
	if (json_parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, &s->arena, err };
	struct rm_process p;
	memset(&p, 0, sizeof p);
	int r = dec_process(&c, 0, "process", &p);
	json_free(&j);
	if (r < 0)
		return -1;
	if (!p.args || !p.n_args)
		return rm_fail(err, 0, "%s: process.args: at least one argument is required", name);
	s->process = p;
	s->has_process = true;
	return 0;
}

void spec_free(struct rm_spec *s)
{
	arena_free(&s->arena);
	memset(s, 0, sizeof *s);
}
