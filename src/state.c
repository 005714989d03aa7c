/* SPDX-License-Identifier: Apache-2.0 */
/* state.c - the per-container state directory (see state.h). */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

#define RECORD_VERSION 1
#define RECORD_MAX (64u << 10)

static const char *const status_names[] = {
	[RM_STATUS_CREATING] = "creating", [RM_STATUS_CREATED] = "created",
	[RM_STATUS_RUNNING] = "running", [RM_STATUS_PAUSED] = "paused", [RM_STATUS_STOPPED] = "stopped",
	[RM_STATUS_UNKNOWN] = "unknown",
};

const char *state_status_name(enum rm_status s)
{
	return status_names[s];
}

/* The id echoed in a message, cut so the reason after it always fits. */
static const char *shown_id(const char *id, char *buf, size_t len)
{
	size_t n = strlen(id);
	if (n < 64)
		return id;
	snprintf(buf, len, "%.40s...(%zu bytes)", id, n);
	return buf;
}

int state_check_id(const char *id, struct rm_err *err)
{
	char b[80];
	size_t n = strlen(id);
	if (n == 0 || !strcmp(id, ".") || !strcmp(id, ".."))
		return rm_fail(err, 0, "invalid container id \"%s\"", id);
	/* Checked before the id is copied anywhere: a longer id used to be
	 * cut to 255 bytes, so the container was stored under another name
	 * and delete --force reported success while it ran on. */
	if (n > RM_ID_MAX)
		return rm_fail(err, ENAMETOOLONG, "invalid container id \"%s\": at most %d bytes (one file name)",
			       shown_id(id, b, sizeof b), RM_ID_MAX);
	if (id[0] == '.')
		return rm_fail(err, 0, "invalid container id \"%s\": must not start with '.'", id);
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("_+-.", *c)))
			return rm_fail(err, 0, "invalid container id \"%s\": only [A-Za-z0-9_+.-] allowed",
				       shown_id(id, b, sizeof b));
	return 0;
}

const char *state_path(const struct rm_state *st, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", st->dir, name);
	return buf;
}

static int open_dir(struct rm_state *st, struct rm_err *err)
{
	st->lockfd = openat(AT_FDCWD, st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->lockfd < 0)
		return rm_fail(err, errno, "open state dir %s", st->dir);
	return 0;
}

static int lock_dir(struct rm_state *st, struct rm_err *err)
{
	if (open_dir(st, err) < 0)
		return -1;
	while (flock(st->lockfd, LOCK_EX) < 0)
		if (errno != EINTR)
			return rm_fail(err, errno, "lock state dir %s", st->dir);
	return 0;
}

void state_unlock(struct rm_state *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	st->lockfd = -1;
}

/* Only after state_check_id: every copy below fits. */
static void init_state(struct rm_state *st, const char *root, const char *id)
{
	memset(st, 0, sizeof *st);
	st->lockfd = -1;
	st->cg_mode = RM_CG_AUTO;
	snprintf(st->root, sizeof st->root, "%s", root);
	snprintf(st->id, sizeof st->id, "%s", id);
	snprintf(st->dir, sizeof st->dir, "%s/%s", root, id);
}

int state_create_dir(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	if (state_check_id(id, err) < 0)
		return -1;
	if (strlen(root) + 1 + strlen(id) >= sizeof st->dir)
		return rm_fail(err, ENAMETOOLONG, "state dir %s/%s", root, id);
	init_state(st, root, id);
	if (state_root_make(root, err) < 0)
		return -1;
	if (mkdir(st->dir, 0711) < 0) {
		if (errno == EEXIST)
			return rm_fail(err, 0, "container with id exists: %s", id);
		return rm_fail(err, errno, "create state dir %s", st->dir);
	}
	if (chmod(st->dir, 0711) < 0) {   /* not from the umask */
		rmdir(st->dir);
		return rm_fail(err, errno, "chmod state dir %s", st->dir);
	}
	struct stat sb;
	int r = lock_dir(st, err);
	/* A delete --force may take it between mkdir and flock. */
	if (r == 0 && (fstat(st->lockfd, &sb) < 0 || sb.st_nlink == 0))
		r = rm_fail(err, 0, "container %s was deleted while it was created", id);
	if (r < 0) {
		state_unlock(st);
		rmdir(st->dir);
	}
	return r;
}

/* ---- writing the record ---- */

struct out {
	char *p;
	size_t n, cap;
};

static void put_raw(struct out *o, const char *s, size_t len)
{
	if (o->n + len < o->cap)
		memcpy(o->p + o->n, s, len);
	o->n += len;
}

/* A string literal or any C string. */
static void put_lit(struct out *o, const char *s)
{
	put_raw(o, s, strlen(s));
}

static void put_fmt(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->n < o->cap ? o->p + o->n : NULL, o->n < o->cap ? o->cap - o->n : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->n += (size_t)n;
}

static void put_piece(void *o, const char *p, size_t n)
{
	put_raw(o, p, n);
}

/* A JSON string literal with the escapes JSON needs. */
static void put_str(struct out *o, const char *s)
{
	put_lit(o, "\"");
	json_escape(s, put_piece, o);
	put_lit(o, "\"");
}

/* The cgroup placement as JSON: self-describing, and checked when read
 * (it names directories that delete removes). */
static void put_cgroup(struct out *o, const struct rm_cgroup *cg)
{
	put_fmt(o, ",\"cgroup\":{\"backend\":\"%s\",\"path\":", cg_backend_name(cg->backend));
	put_str(o, cg->path);
	put_fmt(o, ",\"devices_bpf\":%s,\"dirs\":[", cg->devices_bpf ? "true" : "false");
	for (int i = 0; i < cg->ndirs && i < RM_CG_MAX_DIRS; i++) {
		put_fmt(o, "%s{\"path\":", i ? "," : "");
		put_str(o, cg->dirs[i]);
		put_fmt(o, ",\"ctrl\":%u,\"created\":%u}", cg->ctrl[i], cg->created[i]);
	}
	put_lit(o, "]");
	if (cg->rdt_dir[0]) {              /* linux.intelRdt's resctrl group */
		put_lit(o, ",\"rdt\":{\"dir\":");
		put_str(o, cg->rdt_dir);
		put_fmt(o, ",\"created\":%s}", cg->rdt_created ? "true" : "false");
	}
	put_lit(o, "}");
}


int state_save(const struct rm_state *st, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *buf = malloc(RECORD_MAX);
	struct out o = { buf, 0, RECORD_MAX };
	if (!buf)
		return rm_fail(err, ENOMEM, "state of %s", st->id);
	put_fmt(&o, "{\"version\":%d,\"id\":", RECORD_VERSION);
	put_str(&o, st->id);
	put_fmt(&o, ",\"pid\":%d,\"pid_start\":%llu,\"bundle\":", (int)st->pid,
		(unsigned long long)st->pid_start);
	put_str(&o, st->bundle);
	put_lit(&o, ",\"rootfs\":");
	put_str(&o, st->rootfs);
	put_lit(&o, ",\"created\":");
	put_str(&o, st->created);
	put_lit(&o, ",\"config\":");
	put_str(&o, st->config_file);
	put_fmt(&o, ",\"detached_terminal\":%s,\"no_new_keyring\":%s,\"creating\":%s,\"cg_mode\":\"%s\","
		"\"cgroups_path\":", st->detached_terminal ? "true" : "false", st->no_new_keyring ? "true" : "false",
		st->creating ? "true" : "false", st->cg_mode == RM_CG_NONE ? "none" : "auto");
	put_str(&o, st->cgroups_path);
	if (st->has_cg)
		put_cgroup(&o, &st->cg);
	put_lit(&o, "}\n");
	if (o.n >= o.cap)
		return rm_fail(err, E2BIG, "state of %s", st->id);
	/* fsync: the final record of a created container outlives a crash
	 * of the host on a disk-backed --root (on the usual tmpfs /run it
	 * costs nothing).  A foreground run removes its own dir when it
	 * returns, and each fsync cost milliseconds on a disk root
	 * (doc/performance.md); after a host crash, delete --force removes a
	 * dir whose record is empty (state_salvage). */
	return util_write_replace(state_path(st, "state.json", path, sizeof path), buf, o.n, 0600,
				  !st->volatile_files, err);
}

/* ---- reading the record ---- */

static int copy_str(const struct json_ctx *c, int obj, const char *key, char *out, size_t len)
{
	char *v;
	int t = json_get(c->j, obj, key);
	if (t < 0)
		return rm_fail(c->err, 0, "%s: %s missing", c->j->name, key);
	if (json_string(c, t, key, &v) < 0)
		return -1;
	if (strlen(v) >= len)
		return json_error(c, t, key, "too long");
	snprintf(out, len, "%s", v);
	return 0;
}

static int get_u64(const struct json_ctx *c, int obj, const char *key, uint64_t max, uint64_t *out)
{
	int t = json_get(c->j, obj, key);
	if (t < 0)
		return rm_fail(c->err, 0, "%s: %s missing", c->j->name, key);
	if (json_u64(c, t, key, out) < 0)
		return -1;
	if (*out > max)
		return json_error(c, t, key, "out of range");
	return 0;
}

/* A recorded cgroup directory is trusted only as far as it is plausible:
 * absolute, no "." or ".." component, and (when it exists) on a cgroup
 * filesystem, so a corrupt record cannot make delete rmdir elsewhere. */
static bool is_cgroup_dir(const char *dir, unsigned created)
{
	struct statfs fs;
	unsigned parts = 0;
	if (dir[0] != '/')
		return false;
	for (const char *p = dir; *p; p++) {
		if (*p != '/')
			continue;
		parts++;
		if (p[1] == '/' || p[1] == '\0' || (p[1] == '.' && (p[2] == '/' || !p[2])) ||
		    (p[1] == '.' && p[2] == '.' && (p[3] == '/' || !p[3])))
			return false;
	}
	if (created > parts)
		return false;
	if (statfs(dir, &fs) < 0)
		return errno == ENOENT;
	return fs.f_type == CGROUP_SUPER_MAGIC || fs.f_type == CGROUP2_SUPER_MAGIC;
}

static int parse_backend(const char *name, enum rm_cg_backend *b)
{
	static const enum rm_cg_backend all[] = { RM_CG_BACKEND_NONE, RM_CG_BACKEND_V1, RM_CG_BACKEND_V2,
						  RM_CG_BACKEND_HYBRID };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!strcmp(cg_backend_name(all[i]), name)) {
			*b = all[i];
			return 0;
		}
	return -1;
}

/* A recorded resctrl group: absolute, no "." or ".." component, and (when
 * it exists) on a resctrl filesystem, since delete may remove it. */
static bool is_rdt_dir(const char *dir)
{
	struct statfs fs;
	if (dir[0] != '/' || strstr(dir, "/../") || strstr(dir, "/./") ||
	    (strlen(dir) >= 3 && strcmp(dir + strlen(dir) - 3, "/..") == 0))
		return false;
	return statfs(dir, &fs) < 0 ? errno == ENOENT : fs.f_type == RDTGROUP_SUPER_MAGIC;
}

static int parse_rdt(const struct json_ctx *c, int obj, struct rm_cgroup *cg)
{
	int t;
	if (json_expect(c, obj, JSON_OBJECT, "cgroup.rdt") < 0 ||
	    copy_str(c, obj, "dir", cg->rdt_dir, sizeof cg->rdt_dir) < 0)
		return -1;
	if ((t = json_get(c->j, obj, "created")) >= 0 &&
	    json_bool(c, t, "cgroup.rdt.created", &cg->rdt_created) < 0)
		return -1;
	if (!is_rdt_dir(cg->rdt_dir))
		return json_error(c, obj, "cgroup.rdt", "not a resctrl group: %s", cg->rdt_dir);
	return 0;
}

static int parse_cgroup(const struct json_ctx *c, int obj, struct rm_cgroup *cg)
{
	char name[16], path[64];
	int t, d;
	memset(cg, 0, sizeof *cg);
	if (json_expect(c, obj, JSON_OBJECT, "cgroup") < 0 ||
	    copy_str(c, obj, "backend", name, sizeof name) < 0 ||
	    copy_str(c, obj, "path", cg->path, sizeof cg->path) < 0)
		return -1;
	if (parse_backend(name, &cg->backend) < 0)
		return json_error(c, json_get(c->j, obj, "backend"), "cgroup.backend", "unknown backend");
	if ((t = json_get(c->j, obj, "devices_bpf")) >= 0 && json_bool(c, t, "cgroup.devices_bpf", &cg->devices_bpf) < 0)
		return -1;
	if ((t = json_get(c->j, obj, "dirs")) < 0 || json_expect(c, t, JSON_ARRAY, "cgroup.dirs") < 0)
		return t < 0 ? rm_fail(c->err, 0, "%s: cgroup.dirs missing", c->j->name) : -1;
	if (json_len(c->j, t) > RM_CG_MAX_DIRS)
		return json_error(c, t, "cgroup.dirs", "more than %d directories", RM_CG_MAX_DIRS);
	d = json_first(c->j, t);
	for (int i = 0; i < json_len(c->j, t); i++, d = json_next(c->j, d)) {
		uint64_t ctrl, created;
		json_path(path, sizeof path, "cgroup.dirs", NULL, i);
		if (json_expect(c, d, JSON_OBJECT, path) < 0 ||
		    copy_str(c, d, "path", cg->dirs[i], sizeof cg->dirs[i]) < 0 ||
		    get_u64(c, d, "ctrl", UINT32_MAX, &ctrl) < 0 || get_u64(c, d, "created", 255, &created) < 0)
			return -1;
		if (!is_cgroup_dir(cg->dirs[i], (unsigned)created))
			return json_error(c, d, path, "not a cgroup directory: %s", cg->dirs[i]);
		cg->ctrl[i] = (uint32_t)ctrl;
		cg->created[i] = (uint8_t)created;
		cg->ndirs = i + 1;
	}
	if ((t = json_get(c->j, obj, "rdt")) >= 0 && parse_rdt(c, t, cg) < 0)
		return -1;
	return 0;
}

/* Field by field, the pid first: whatever parsed before an error stays in
 * st for state_salvage. */
static int parse_fields(const struct json_ctx *c, struct rm_state *st)
{
	uint64_t pid, start;
	char mode[8];
	int t;
	if (json_expect(c, 0, JSON_OBJECT, "state") < 0 ||
	    get_u64(c, 0, "pid", INT32_MAX, &pid) < 0 || get_u64(c, 0, "pid_start", UINT64_MAX, &start) < 0)
		return -1;
	st->pid = (pid_t)pid;
	st->pid_start = start;
	if (copy_str(c, 0, "cg_mode", mode, sizeof mode) < 0 ||
	    copy_str(c, 0, "cgroups_path", st->cgroups_path, sizeof st->cgroups_path) < 0)
		return -1;
	if (strcmp(mode, "none") && strcmp(mode, "auto"))
		return json_error(c, json_get(c->j, 0, "cg_mode"), "cg_mode", "expected none or auto");
	st->cg_mode = strcmp(mode, "none") == 0 ? RM_CG_NONE : RM_CG_AUTO;
	if ((t = json_get(c->j, 0, "cgroup")) >= 0) {
		if (parse_cgroup(c, t, &st->cg) < 0)
			return -1;
		st->has_cg = true;
	}
	if (copy_str(c, 0, "bundle", st->bundle, sizeof st->bundle) < 0 ||
	    copy_str(c, 0, "rootfs", st->rootfs, sizeof st->rootfs) < 0 ||
	    copy_str(c, 0, "created", st->created, sizeof st->created) < 0 ||
	    copy_str(c, 0, "config", st->config_file, sizeof st->config_file) < 0)
		return -1;
	if (strcmp(st->config_file, "config.json") && strcmp(st->config_file, "container.json"))
		return json_error(c, json_get(c->j, 0, "config"), "config", "expected config.json or container.json");
	if ((t = json_get(c->j, 0, "detached_terminal")) >= 0 &&
	    json_bool(c, t, "detached_terminal", &st->detached_terminal) < 0)
		return -1;
	if ((t = json_get(c->j, 0, "no_new_keyring")) >= 0 &&
	    json_bool(c, t, "no_new_keyring", &st->no_new_keyring) < 0)
		return -1;
	if ((t = json_get(c->j, 0, "creating")) >= 0 && json_bool(c, t, "creating", &st->creating) < 0)
		return -1;
	return 0;
}

static int parse_state(struct rm_state *st, const char *buf, size_t len, struct rm_err *err)
{
	struct rm_json j;
	struct rm_arena a = { 0 };
	if (json_parse(&j, "state.json", buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, &a, err };
	int r = parse_fields(&c, st);
	arena_free(&a);
	json_free(&j);
	return r;
}

/* From a record too broken to parse: "key":NUMBER, as state_save writes it. */
static bool scan_u64(const char *buf, const char *key, uint64_t *out)
{
	char pat[32];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(buf, pat);
	if (!p || p[strlen(pat)] < '0' || p[strlen(pat)] > '9')
		return false;
	errno = 0;
	*out = strtoull(p + strlen(pat), NULL, 10);
	return errno == 0;
}

/* The cgroup directories the record would name, from the id and the
 * config: what cg_create made under the same rules (cg_open). */
static void derive_cgroup(struct rm_state *st)
{
	struct rm_spec spec;
	struct rm_err e;
	const char *path = st->cgroups_path[0] ? st->cgroups_path : NULL;
	bool have_spec = false;
	if (!path && st->config_file[0] && state_load_spec(st, &spec, &e) == 0) {
		have_spec = true;
		path = spec.cgroups_path;
	}
	if (cg_open(&st->cg, st->cg_mode, path, st->id, &e) < 0)
		memset(&st->cg, 0, sizeof st->cg);
	if (have_spec)
		spec_free(&spec);
}

static int read_record(struct rm_state *st, char **buf, struct rm_err *err)
{
	char path[PATH_MAX];
	size_t len;
	if (util_read_file(state_path(st, "state.json", path, sizeof path), RECORD_MAX, buf, &len, err) < 0)
		return -1;
	if (parse_state(st, *buf, len, err) < 0)
		return -1;
	if (!st->has_cg)
		derive_cgroup(st);
	return 0;
}

static int open_existing(struct rm_state *st, const char *root, const char *id, bool lock,
			 struct rm_err *err)
{
	struct stat sb;
	if (state_check_id(id, err) < 0 || state_root_check(root, err) < 0)
		return -1;
	if (strlen(root) + 1 + strlen(id) >= sizeof st->dir)
		return rm_fail(err, ENAMETOOLONG, "state dir %s/%s", root, id);
	init_state(st, root, id);
	if (stat(st->dir, &sb) < 0)
		return rm_fail(err, 0, "container does not exist");
	if (!lock)
		return 0;
	if (lock_dir(st, err) < 0)
		return -1;
	/* Gone while we waited for the lock (a concurrent delete). */
	if (fstat(st->lockfd, &sb) < 0 || sb.st_nlink == 0) {
		state_unlock(st);
		return rm_fail(err, 0, "container does not exist");
	}
	return 0;
}

int state_load(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	cleanup_free char *buf = NULL;
	if (open_existing(st, root, id, true, err) < 0)
		return -1;
	if (read_record(st, &buf, err) < 0) {
		state_unlock(st);
		return rm_wrap(err, "container %s has a missing or corrupt state (delete --force removes it)", id);
	}
	return 0;
}

int state_salvage(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	cleanup_free char *buf = NULL;
	struct rm_err e = { 0, "" };
	if (open_existing(st, root, id, true, err) < 0)
		return -1;
	if (read_record(st, &buf, &e) == 0)
		return 0;
	st->broken = true;
	snprintf(st->why, sizeof st->why, "%s", e.msg);
	/* A pid is believed only with its start time (pid reuse). */
	uint64_t pid = 0, start = 0;
	if (st->pid <= 0 && buf && scan_u64(buf, "pid", &pid) && scan_u64(buf, "pid_start", &start) &&
	    pid > 0 && pid <= INT32_MAX) {
		st->pid = (pid_t)pid;
		st->pid_start = start;
	}
	if (!st->pid_start)
		st->pid = 0;
	if (!st->config_file[0]) {
		char path[PATH_MAX];
		snprintf(st->config_file, sizeof st->config_file, "%s",
			 access(state_path(st, "container.json", path, sizeof path), F_OK) == 0 ?
			 "container.json" : "config.json");
	}
	if (!st->has_cg)
		derive_cgroup(st);
	return 0;
}

static bool is_locked(struct rm_state *st)
{
	struct rm_err e;
	if (open_dir(st, &e) < 0)
		return false;
	bool busy = flock(st->lockfd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	state_unlock(st);
	return busy;
}

int state_peek(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	cleanup_free char *buf = NULL;
	if (open_existing(st, root, id, false, err) < 0)
		return -1;
	/* A record of a create still at work says "creating"; one whose
	 * create is gone (the lock is free) was interrupted: broken. */
	if (read_record(st, &buf, err) == 0) {
		if (!st->creating)
			return 0;
		if (is_locked(st))
			return 1;
		return rm_fail(err, 0, "its create was interrupted");
	}
	/* Somebody holds the lock: a create before its first record, or a
	 * delete about to remove the directory.  Not broken. */
	if (is_locked(st))
		return 1;
	if (!buf)
		rm_fail(err, 0, "state.json missing");
	return -1;
}

int state_save_config(const struct rm_state *st, const char *bundle, const char *file, struct rm_err *err)
{
	char src[PATH_MAX], dst[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	snprintf(src, sizeof src, "%s/%s", bundle, file);
	if (util_read_file(src, JSON_MAX_FILE, &buf, &len, err) < 0)
		return -1;
	return util_write_replace(state_path(st, file, dst, sizeof dst), buf, len, 0600, !st->volatile_files, err);
}

int state_load_spec(const struct rm_state *st, struct rm_spec *spec, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	int r;
	if (util_read_file(state_path(st, st->config_file, path, sizeof path), JSON_MAX_FILE, &buf, &len, err) < 0)
		return -1;
	/* Its warnings were said when the container was created. */
	bool muted = rm_warn_mute(true);
	if (strcmp(st->config_file, "container.json") == 0)
		r = spec_parse_legacy(spec, st->config_file, buf, len, err);
	else
		r = spec_parse_oci(spec, st->config_file, buf, len, err);
	rm_warn_mute(muted);
	return r;
}

int state_remove(struct rm_state *st, struct rm_err *err)
{
	DIR *d = opendir(st->dir);
	struct dirent *de;
	if (!d) {
		state_unlock(st);
		return errno == ENOENT ? 0 : rm_fail(err, errno, "open state dir %s", st->dir);
	}
	/* Everything but the record first: a crash in between leaves a
	 * directory that still says what to clean up. */
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, "state.json"))
			unlinkat(dirfd(d), de->d_name, 0);
	if (unlinkat(dirfd(d), "state.json", 0) < 0 && errno != ENOENT) {
		int e = errno;
		closedir(d);
		state_unlock(st);
		return rm_fail(err, e, "remove %s/state.json", st->dir);
	}
	closedir(d);
	int r = rmdir(st->dir) < 0 && errno != ENOENT ? rm_fail(err, errno, "remove state dir %s", st->dir) : 0;
	state_unlock(st);
	return r;
}

/* /proc/PID/stat's state (field 3) and start time (field 22), read once;
 * the command name (field 2) may hold spaces and ')'.  Both 0 when the
 * process is gone. */
static void read_pid_stat(pid_t pid, char *state, uint64_t *start)
{
	char path[64], *buf = NULL;
	struct rm_err e;
	*state = 0;
	*start = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (util_read_file(path, 8192, &buf, NULL, &e) < 0)
		return;
	char *p = strrchr(buf, ')');
	if (p && p[1] == ' ')
		*state = p[2];
	for (int f = 2; p && f < 22; f++)
		p = strchr(p + 1, ' ');
	if (p)
		*start = strtoull(p + 1, NULL, 10);
	free(buf);
}

uint64_t state_pid_start(pid_t pid)
{
	char s;
	uint64_t start;
	read_pid_stat(pid, &s, &start);
	return start;
}

bool state_pid_alive(pid_t pid, uint64_t start)
{
	char s;
	uint64_t t;
	if (pid <= 0)
		return false;
	read_pid_stat(pid, &s, &t);
	if (!s || s == 'Z' || s == 'X')
		return false;
	return t == start;
}

enum rm_status state_status(const struct rm_state *st)
{
	char path[PATH_MAX];
	struct stat sb;
	bool frozen = false;
	struct rm_err e;
	if (!state_pid_alive(st->pid, st->pid_start))
		return RM_STATUS_STOPPED;
	if (stat(state_path(st, "exec.fifo", path, sizeof path), &sb) == 0)
		return RM_STATUS_CREATED;
	if (cg_is_frozen(&st->cg, &frozen, &e) == 0 && frozen)
		return RM_STATUS_PAUSED;
	return RM_STATUS_RUNNING;
}

int state_json(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec,
	       char *buf, size_t len)
{
	struct out o = { buf, 0, len };
	put_fmt(&o, "{\n  \"ociVersion\": \"%s\",\n  \"id\": ", RM_SPEC_VERSION);
	put_str(&o, st->id);
	put_fmt(&o, ",\n  \"pid\": %d,\n  \"status\": \"%s\",\n  \"bundle\": ",
		status == RM_STATUS_STOPPED ? 0 : (int)st->pid, state_status_name(status));
	put_str(&o, st->bundle);
	put_lit(&o, ",\n  \"rootfs\": ");
	put_str(&o, st->rootfs);
	put_lit(&o, ",\n  \"created\": ");
	put_str(&o, st->created);
	put_lit(&o, ",\n  \"owner\": \"\"");
	if (spec && spec->n_annotations) {
		put_lit(&o, ",\n  \"annotations\": {");
		for (size_t i = 0; i < spec->n_annotations; i++) {
			put_lit(&o, i ? ",\n    " : "\n    ");
			put_str(&o, spec->annotations[i].key);
			put_lit(&o, ": ");
			put_str(&o, spec->annotations[i].value);
		}
		put_lit(&o, "\n  }");
	}
	put_lit(&o, "\n}\n");
	if (o.n >= len)
		return -1;
	buf[o.n] = '\0';
	return (int)o.n;
}

int state_agent_json(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec,
		     pid_t pid, const char *metadata, char *buf, size_t len)
{
	struct out o = { buf, 0, len };
	put_fmt(&o, "{\"ociVersion\": \"%s\", \"fds\": [\"seccompFd\"], \"pid\": %d, ", RM_SPEC_VERSION,
		(int)pid);
	if (metadata) {
		put_lit(&o, "\"metadata\": ");
		put_str(&o, metadata);
		put_lit(&o, ", ");
	}
	put_lit(&o, "\"state\": ");
	if (o.n >= len)
		return -1;
	int m = state_json(st, status, spec, buf + o.n, len - o.n);
	if (m < 0)
		return -1;
	o.n += (size_t)m;
	put_lit(&o, "}");
	if (o.n >= len)
		return -1;
	buf[o.n] = '\0';
	return (int)o.n;
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(a, b);
}

int state_list(const char *root, char (*ids)[RM_ID_MAX + 1], int max, struct rm_err *err)
{
	if (state_root_check(root, err) < 0)
		return -1;
	DIR *d = opendir(root);
	struct dirent *de;
	int n = 0;
	if (!d)
		return errno == ENOENT ? 0 : rm_fail(err, errno, "open state root %s", root);
	while ((de = readdir(d)) && n < max) {
		struct rm_err e;
		if (state_check_id(de->d_name, &e) < 0 || de->d_type != DT_DIR)
			continue;
		snprintf(ids[n++], RM_ID_MAX + 1, "%s", de->d_name);
	}
	closedir(d);
	qsort(ids, (size_t)n, RM_ID_MAX + 1, cmp_ids);
	return n;
}

/* RFC 3339 with nanoseconds, as runc writes "created". */
void state_now(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	util_rfc3339(buf, len, ts.tv_sec, ts.tv_nsec);
}
