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
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

#define CG_MAGIC 0x726d6367u   /* "rmcg" */

static const char *const status_names[] = {
	[RM_STATUS_CREATING] = "creating", [RM_STATUS_CREATED] = "created",
	[RM_STATUS_RUNNING] = "running", [RM_STATUS_PAUSED] = "paused", [RM_STATUS_STOPPED] = "stopped",
};

const char *state_status_name(enum rm_status s)
{
	return status_names[s];
}

int state_check_id(const char *id, struct rm_err *err)
{
	size_t n = strlen(id);
	if (n == 0 || n > 1024 || !strcmp(id, ".") || !strcmp(id, ".."))
		return rm_fail(err, 0, "invalid container id \"%s\"", id);
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("_+-.", *c)))
			return rm_fail(err, 0, "invalid container id \"%s\": only [A-Za-z0-9_+.-] allowed", id);
	return 0;
}

const char *state_path(const struct rm_state *st, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", st->dir, name);
	return buf;
}

static int lock_dir(struct rm_state *st, struct rm_err *err)
{
	st->lockfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->lockfd < 0)
		return rm_fail(err, errno, "open state dir %s", st->dir);
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

static void init_state(struct rm_state *st, const char *root, const char *id)
{
	memset(st, 0, sizeof *st);
	st->lockfd = -1;
	snprintf(st->root, sizeof st->root, "%s", root);
	snprintf(st->id, sizeof st->id, "%s", id);
	snprintf(st->dir, sizeof st->dir, "%s/%s", root, id);
}

int state_create_dir(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	if (state_check_id(id, err) < 0)
		return -1;
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
	if (lock_dir(st, err) < 0) {
		rmdir(st->dir);
		return -1;
	}
	return 0;
}

static int write_cgroup(const struct rm_state *st, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_fd int fd = open(state_path(st, "cgroup.bin", path, sizeof path),
				 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	uint32_t hdr[2] = { CG_MAGIC, (uint32_t)sizeof st->cg };
	if (fd < 0 || fchmod(fd, 0600) < 0 || util_write_all(fd, hdr, sizeof hdr) < 0 ||
	    util_write_all(fd, &st->cg, sizeof st->cg) < 0)
		return rm_fail(err, errno, "write %s", path);
	return 0;
}

static int read_cgroup(struct rm_state *st, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	uint32_t hdr[2];
	if (util_read_file(state_path(st, "cgroup.bin", path, sizeof path), 1 << 20, &buf, &len, err) < 0)
		return -1;
	memcpy(hdr, buf, len >= sizeof hdr ? sizeof hdr : 0);
	if (len != sizeof hdr + sizeof st->cg || hdr[0] != CG_MAGIC || hdr[1] != sizeof st->cg)
		return rm_fail(err, 0, "%s: written by another version of runc-mini", path);
	memcpy(&st->cg, buf + sizeof hdr, sizeof st->cg);
	return 0;
}

/* A JSON string literal with the escapes JSON needs. */
static size_t put_json_str(char *o, size_t len, const char *s)
{
	size_t n = 0;
#define PUT(c) do { if (n + 1 < len) o[n] = (c); n++; } while (0)
	PUT('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			PUT('\\');
			PUT((char)c);
		} else if (c < 0x20) {
			char u[8];
			snprintf(u, sizeof u, "\\u%04x", c);
			for (char *p = u; *p; p++)
				PUT(*p);
		} else {
			PUT((char)c);
		}
	}
	PUT('"');
#undef PUT
	if (len)
		o[n < len ? n : len - 1] = '\0';
	return n;
}

int state_save(const struct rm_state *st, struct rm_err *err)
{
	char buf[4 * PATH_MAX + 1024], path[PATH_MAX], id[600], bundle[2 * PATH_MAX], rootfs[2 * PATH_MAX];
	put_json_str(id, sizeof id, st->id);
	put_json_str(bundle, sizeof bundle, st->bundle);
	put_json_str(rootfs, sizeof rootfs, st->rootfs);
	int n = snprintf(buf, sizeof buf,
			 "{\"id\":%s,\"pid\":%d,\"pid_start\":%llu,\"bundle\":%s,\"rootfs\":%s,"
			 "\"created\":\"%s\",\"config\":\"%s\",\"detached_terminal\":%s,\"no_new_keyring\":%s}\n",
			 id, (int)st->pid, (unsigned long long)st->pid_start, bundle, rootfs, st->created,
			 st->config_file, st->detached_terminal ? "true" : "false",
			 st->no_new_keyring ? "true" : "false");
	if (n < 0 || (size_t)n >= sizeof buf)
		return rm_fail(err, E2BIG, "state of %s", st->id);
	if (write_cgroup(st, err) < 0)
		return -1;
	return util_write_atomic(state_path(st, "state.json", path, sizeof path), buf, (size_t)n, 0600, err);
}

static int copy_str(const struct json_ctx *c, int obj, const char *key, char *out, size_t len)
{
	char *v;
	int t = json_get(c->j, obj, key);
	if (t < 0)
		return rm_fail(c->err, 0, "%s: %s missing", c->j->name, key);
	if (json_string(c, t, key, &v) < 0)
		return -1;
	snprintf(out, len, "%s", v);
	return 0;
}

static int parse_state(struct rm_state *st, const char *buf, size_t len, struct rm_err *err)
{
	struct rm_json j;
	struct rm_arena a = { 0 };
	int64_t pid = 0;
	uint64_t start = 0;
	int t, r = -1;
	if (json_parse(&j, "state.json", buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, &a, err };
	if (copy_str(&c, 0, "bundle", st->bundle, sizeof st->bundle) == 0 &&
	    copy_str(&c, 0, "rootfs", st->rootfs, sizeof st->rootfs) == 0 &&
	    copy_str(&c, 0, "created", st->created, sizeof st->created) == 0 &&
	    copy_str(&c, 0, "config", st->config_file, sizeof st->config_file) == 0 &&
	    (t = json_get(&j, 0, "pid")) >= 0 && json_i64(&c, t, "pid", &pid) == 0 &&
	    (t = json_get(&j, 0, "pid_start")) >= 0 && json_u64(&c, t, "pid_start", &start) == 0) {
		st->pid = (pid_t)pid;
		st->pid_start = start;
		t = json_get(&j, 0, "detached_terminal");
		if (t >= 0)
			json_bool(&c, t, "detached_terminal", &st->detached_terminal);
		t = json_get(&j, 0, "no_new_keyring");
		if (t >= 0)
			json_bool(&c, t, "no_new_keyring", &st->no_new_keyring);
		r = 0;
	}
	arena_free(&a);
	json_free(&j);
	return r;
}

int state_load(struct rm_state *st, const char *root, const char *id, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	struct stat sb;
	if (state_check_id(id, err) < 0 || state_root_check(root, err) < 0)
		return -1;
	init_state(st, root, id);
	if (stat(st->dir, &sb) < 0)
		return rm_fail(err, 0, "container does not exist");
	if (lock_dir(st, err) < 0)
		return -1;
	/* Gone while we waited for the lock (a concurrent delete). */
	if (stat(st->dir, &sb) < 0) {
		state_unlock(st);
		return rm_fail(err, 0, "container does not exist");
	}
	if (util_read_file(state_path(st, "state.json", path, sizeof path), 1 << 20, &buf, &len, err) < 0) {
		/* A create still in progress holds the lock until state.json
		 * exists, so a missing file means a create that crashed. */
		state_unlock(st);
		return rm_wrap(err, "container %s has no state (a create that failed?)", id);
	}
	if (parse_state(st, buf, len, err) < 0 || read_cgroup(st, err) < 0) {
		state_unlock(st);
		return -1;
	}
	return 0;
}

int state_save_config(const struct rm_state *st, const char *bundle, const char *file, struct rm_err *err)
{
	char src[PATH_MAX], dst[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	snprintf(src, sizeof src, "%s/%s", bundle, file);
	if (util_read_file(src, JSON_MAX_FILE, &buf, &len, err) < 0)
		return -1;
	return util_write_atomic(state_path(st, file, dst, sizeof dst), buf, len, 0600, err);
}

int state_load_spec(const struct rm_state *st, struct rm_spec *spec, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *buf = NULL;
	size_t len;
	if (util_read_file(state_path(st, st->config_file, path, sizeof path), JSON_MAX_FILE, &buf, &len, err) < 0)
		return -1;
	if (strcmp(st->config_file, "container.json") == 0)
		return spec_parse_legacy(spec, st->config_file, buf, len, err);
	return spec_parse_oci(spec, st->config_file, buf, len, err);
}

int state_remove(struct rm_state *st, struct rm_err *err)
{
	DIR *d = opendir(st->dir);
	struct dirent *de;
	if (!d) {
		state_unlock(st);
		return errno == ENOENT ? 0 : rm_fail(err, errno, "open state dir %s", st->dir);
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	int r = rmdir(st->dir) < 0 && errno != ENOENT ? rm_fail(err, errno, "remove state dir %s", st->dir) : 0;
	state_unlock(st);
	return r;
}

uint64_t state_pid_start(pid_t pid)
{
	char path[64], *buf = NULL;
	struct rm_err e;
	uint64_t start = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (util_read_file(path, 8192, &buf, NULL, &e) < 0)
		return 0;
	/* Field 22; the command name (field 2) may hold spaces and ')'. */
	char *p = strrchr(buf, ')');
	for (int f = 2; p && f < 22; f++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	free(buf);
	return start;
}

static char pid_state(pid_t pid)
{
	char path[64], *buf = NULL;
	struct rm_err e;
	char s = 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (util_read_file(path, 8192, &buf, NULL, &e) < 0)
		return 0;
	char *p = strrchr(buf, ')');
	if (p && p[1] == ' ')
		s = p[2];
	free(buf);
	return s;
}

bool state_pid_alive(pid_t pid, uint64_t start)
{
	if (pid <= 0)
		return false;
	char s = pid_state(pid);
	if (!s || s == 'Z' || s == 'X')
		return false;
	return state_pid_start(pid) == start;
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
	char id[600], bundle[2 * PATH_MAX], rootfs[2 * PATH_MAX];
	put_json_str(id, sizeof id, st->id);
	put_json_str(bundle, sizeof bundle, st->bundle);
	put_json_str(rootfs, sizeof rootfs, st->rootfs);
	int n = snprintf(buf, len,
			 "{\n  \"ociVersion\": \"%s\",\n  \"id\": %s,\n  \"pid\": %d,\n  \"status\": \"%s\",\n"
			 "  \"bundle\": %s,\n  \"rootfs\": %s,\n  \"created\": \"%s\",\n  \"owner\": \"\"",
			 RM_SPEC_VERSION, id, status == RM_STATUS_STOPPED ? 0 : (int)st->pid,
			 state_status_name(status), bundle, rootfs, st->created);
	if (n < 0 || (size_t)n >= len)
		return -1;
	if (spec && spec->n_annotations) {
		n += snprintf(buf + n, len - (size_t)n, ",\n  \"annotations\": {");
		for (size_t i = 0; i < spec->n_annotations && (size_t)n < len; i++) {
			char k[1024], v[4096];
			put_json_str(k, sizeof k, spec->annotations[i].key);
			put_json_str(v, sizeof v, spec->annotations[i].value);
			n += snprintf(buf + n, len - (size_t)n, "%s\n    %s: %s", i ? "," : "", k, v);
		}
		if ((size_t)n < len)
			n += snprintf(buf + n, len - (size_t)n, "\n  }");
	}
	if ((size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "\n}\n");
	return (size_t)n < len ? n : -1;
}

int state_agent_json(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec,
		     pid_t pid, const char *metadata, char *buf, size_t len)
{
	char meta[8192] = "";
	int n = snprintf(buf, len, "{\"ociVersion\": \"%s\", \"fds\": [\"seccompFd\"], \"pid\": %d, ",
			 RM_SPEC_VERSION, (int)pid);
	if (n < 0 || (size_t)n >= len)
		return -1;
	if (metadata) {
		if (put_json_str(meta, sizeof meta, metadata) >= sizeof meta)
			return -1;
		n += snprintf(buf + n, len - (size_t)n, "\"metadata\": %s, ", meta);
		if ((size_t)n >= len)
			return -1;
	}
	n += snprintf(buf + n, len - (size_t)n, "\"state\": ");
	if ((size_t)n >= len)
		return -1;
	int m = state_json(st, status, spec, buf + n, len - (size_t)n);
	if (m < 0 || (size_t)(n + m + 2) > len)
		return -1;
	n += m;
	n += snprintf(buf + n, len - (size_t)n, "}");
	return (size_t)n < len ? n : -1;
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(a, b);
}

int state_list(const char *root, char (*ids)[256], int max, struct rm_err *err)
{
	if (state_root_check(root, err) < 0)
		return -1;
	DIR *d = opendir(root);
	struct dirent *de;
	int n = 0;
	if (!d)
		return errno == ENOENT ? 0 : rm_fail(err, errno, "open %s", root);
	while ((de = readdir(d)) && n < max) {
		struct rm_err e;
		if (de->d_name[0] == '.' || state_check_id(de->d_name, &e) < 0 || de->d_type != DT_DIR)
			continue;
		snprintf(ids[n++], 256, "%s", de->d_name);
	}
	closedir(d);
	qsort(ids, (size_t)n, 256, cmp_ids);
	return n;
}

/* RFC 3339 with nanoseconds, as runc writes "created". */
void state_now(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	util_rfc3339(buf, len, ts.tv_sec, ts.tv_nsec);
}
