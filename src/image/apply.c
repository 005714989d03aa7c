/* SPDX-License-Identifier: Apache-2.0 */
/* apply.c - see apply.h for what is untrusted and how it is contained. */
#include "apply.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../sys.h"
#include "../util.h"

int apply_clean_name(const char *raw, char *out, size_t len)
{
	size_t o = 0;
	if (raw[0] == '/')
		return -1;
	for (const char *p = raw; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (n && !(n == 1 && p[0] == '.')) {
			if (o + n + 2 > len)
				return -1;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	out[o] = '\0';
	return 0;
}

static int walk_dir(int rootfd, const char *rel, bool create, struct strmap *made, struct rm_err *err)
{
	char comp[256], sofar[TAR_NAME_MAX] = "";
	int fd = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open rootfs");
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (n >= sizeof comp) {
			close(fd);
			return rm_fail(err, ENAMETOOLONG, "%s", rel);
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n + (p[n] == '/');
		size_t sl = strlen(sofar);
		snprintf(sofar + sl, sizeof sofar - sl, "%s%s", sl ? "/" : "", comp);
		int next = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST) {
				close(fd);
				return rm_fail(err, errno, "mkdir /%s", sofar);
			}
			/* A directory no member named: 0755 and time 0, so that
			 * the same input makes the same tree. */
			struct strmap_val *v = made ? strmap_put(made, sofar) : NULL;
			if (v)
				v->mode = 0755, v->mtime = 0;
			next = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			int e = errno;
			struct stat st;
			bool link = fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
			close(fd);
			if (link)
				/* CVE-2014-6407, CVE-2014-9356: a layer places a
				 * symlink, then a member "through" it, and docker
				 * load/pull wrote wherever the link pointed. */
				return rm_fail(err, 0, "/%s is a symlink: refusing to write through it", sofar);
			return rm_fail(err, e == ELOOP ? ENOTDIR : e, "/%s", sofar);
		}
		close(fd);
		fd = next;
	}
	return fd;
}

bool apply_walk_only;

static int open_dir(int rootfd, const char *rel, bool create, struct strmap *made, struct rm_err *err)
{
	static int have_openat2 = 1;
	if (!*rel)
		return openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (have_openat2 && !apply_walk_only) {
		struct rm_open_how how = {
			.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
		};
		int fd = sys_openat2(rootfd, rel, &how);
		if (fd >= 0)
			return fd;
		if (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG)
			have_openat2 = 0;
		/* Otherwise (missing, a symlink, not a dir): the walk creates
		 * what is missing and says what was wrong. */
	}
	return walk_dir(rootfd, rel, create, made, err);
}

int apply_open_dir(int rootfd, const char *rel, bool create, struct rm_err *err)
{
	return open_dir(rootfd, rel, create, NULL, err);
}

int apply_make_dir(struct apply *a, const char *rel, struct rm_err *err)
{
	int fd = open_dir(a->rootfd, rel, true, &a->dirs, err);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int apply_remove(int at, const char *name)
{
	if (unlinkat(at, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EACCES && fchmodat(at, name, 0700, 0) == 0)
		fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fchmod(fd, 0700);          /* without root, a 0555 directory would keep its entries */
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && apply_remove(dirfd(d), de->d_name) < 0)
			rc = -1;
	closedir(d);
	if (rc < 0)
		return -1;
	return unlinkat(at, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

/* Record path and its parents as written by this layer (for opaque dirs). */
static int mark_written(struct apply *a, const char *path)
{
	char buf[TAR_NAME_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	for (;;) {
		if (!strmap_put(&a->written, buf))
			return -1;
		char *s = strrchr(buf, '/');
		if (!s)
			return 0;
		*s = '\0';
	}
}

/* .wh..wh..opq: hide everything under dir that this layer did not write. */
static int make_opaque(struct apply *a, int parent, const char *name, const char *path)
{
	int fd = *name ? openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
		       : openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	struct dirent *de;
	char child[TAR_NAME_MAX];
	int rc = 0;
	while (rc == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(child, sizeof child, "%s%s%s", path, *path ? "/" : "", de->d_name);
		if (!strmap_get(&a->written, child))
			rc = apply_remove(dirfd(d), de->d_name);
		else if (de->d_type == DT_DIR)
			rc = make_opaque(a, dirfd(d), de->d_name, child);
	}
	closedir(d);
	return rc;
}

static int whiteout(struct apply *a, const char *path, const char *base, struct rm_err *err)
{
	char dir[TAR_NAME_MAX];
	size_t dl = (size_t)(base - path);
	snprintf(dir, sizeof dir, "%.*s", (int)(dl ? dl - 1 : 0), path);
	cleanup_fd int pfd = apply_open_dir(a->rootfd, dir, false, err);
	if (pfd < 0)
		return err->errnum == ENOENT ? 0 : -1;  /* nothing there to hide */
	if (strcmp(base, ".wh..wh..opq") == 0) {
		if (make_opaque(a, pfd, "", dir) < 0)
			return rm_fail(err, errno, "opaque directory /%s", dir);
		return 0;
	}
	if (strncmp(base, ".wh..wh.", 8) == 0)
		return 0;                           /* aufs bookkeeping (.wh..wh.plnk) */
	const char *victim = base + 4;
	if (!*victim || !strcmp(victim, ".") || !strcmp(victim, ".."))
		return rm_fail(err, 0, "whiteout names no file");
	if (apply_remove(pfd, victim) < 0)
		return rm_fail(err, errno, "remove /%s%s%s", dir, *dir ? "/" : "", victim);
	return 0;
}

/* Report progress every 4 MiB of the layer read. */
static void tick(struct apply *a, struct tar *t)
{
	if (a->progress && t->in->done - a->reported >= (4u << 20)) {
		a->reported = t->in->done;
		a->progress(a->progress_arg, a->reported);
	}
}

static int copy_data(struct apply *a, struct tar *t, int fd, struct rm_err *err)
{
	char buf[65536];
	ssize_t n;
	while ((n = tar_read(t, buf, sizeof buf, err)) > 0) {
		if (util_write_all(fd, buf, (size_t)n) < 0)
			return rm_fail(err, errno, "write");
		tick(a, t);
	}
	return n < 0 ? -1 : 0;
}

static int set_owner(struct apply *a, int pfd, const char *base, const struct tar_entry *e)
{
	if (!a->root)
		return 0;
	if (e->uid > 0x7fffffff || e->gid > 0x7fffffff) {
		errno = EINVAL;
		return -1;
	}
	return fchownat(pfd, base, (uid_t)e->uid, (gid_t)e->gid, AT_SYMLINK_NOFOLLOW);
}

static int set_time(int pfd, const char *base, int64_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	return utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW);
}

/* File capabilities (security.capability, what `setcap` wrote in the
 * image) need root; user.* attributes anyone may set.  Others (trusted.*,
 * security.selinux labels of the build host) are not the image's to set. */
static int set_xattrs(struct apply *a, int fd, const struct tar_entry *e, struct rm_err *err)
{
	for (int i = 0; i < e->n_xattrs; i++) {
		const struct tar_xattr *x = &e->xattrs[i];
		bool cap = strcmp(x->name, "security.capability") == 0;
		if (!(cap && a->root) && strncmp(x->name, "user.", 5) != 0)
			continue;
		if (fsetxattr(fd, x->name, x->value, x->len, 0) < 0)
			return rm_fail(err, errno, "set extended attribute %s", x->name);
	}
	return 0;
}

static int make_file(struct apply *a, struct tar *t, int pfd, const char *base, const struct tar_entry *e,
		     struct rm_err *err)
{
	cleanup_fd int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return rm_fail(err, errno, "create");
	if (copy_data(a, t, fd, err) < 0)
		return -1;
	/* chown before chmod and file capabilities: chown clears both. */
	if (set_owner(a, pfd, base, e) < 0 || fchmod(fd, e->mode) < 0)
		return rm_fail(err, errno, "set owner and mode");
	return set_xattrs(a, fd, e, err);
}

static int make_link(struct apply *a, int pfd, const char *base, const struct tar_entry *e, struct rm_err *err)
{
	char target[TAR_NAME_MAX], dir[TAR_NAME_MAX];
	/* CVE-2014-6407: a hard link to a host file (/etc/shadow, or
	 * ../../etc/shadow) would make it part of the rootfs, writable. */
	if (apply_clean_name(e->link, target, sizeof target) < 0 || !*target)
		return rm_fail(err, 0, "hard link to \"%s\" points outside the rootfs", e->link);
	char *slash = strrchr(target, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) : 0, target);
	cleanup_fd int tfd = apply_open_dir(a->rootfd, dir, false, err);
	if (tfd < 0)
		return rm_wrap(err, "hard link target %s", e->link);
	if (linkat(tfd, slash ? slash + 1 : target, pfd, base, 0) < 0)
		return rm_fail(err, errno, "hard link to %s", e->link);
	return 0;
}

static int make_node(struct apply *a, int pfd, const char *base, const struct tar_entry *e, struct rm_err *err)
{
	mode_t type = e->type == '3' ? S_IFCHR : e->type == '4' ? S_IFBLK : S_IFIFO;
	if (type != S_IFIFO && !a->root) {
		a->skipped_devices++;
		return 1;
	}
	if (mknodat(pfd, base, type | 0600, type == S_IFIFO ? 0 : makedev(e->devmajor, e->devminor)) < 0)
		return rm_fail(err, errno, "mknod");
	if (set_owner(a, pfd, base, e) < 0 || fchmodat(pfd, base, e->mode, 0) < 0)
		return rm_fail(err, errno, "set owner and mode");
	return 0;
}

/* Anything in the way goes, except a directory replaced by a directory. */
static int clear_place(int pfd, const char *base, bool dir, bool *kept)
{
	struct stat st;
	*kept = false;
	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (dir && S_ISDIR(st.st_mode)) {
		*kept = true;
		return 0;
	}
	return apply_remove(pfd, base);
}

static int make_entry(struct apply *a, struct tar *t, const struct tar_entry *e, const char *path,
		      struct rm_err *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char dir[TAR_NAME_MAX];
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 0, path);

	if (a->whiteouts && strncmp(base, ".wh.", 4) == 0)
		return whiteout(a, path, base, err);
	if (mark_written(a, path) < 0)
		return rm_fail(err, ENOMEM, "record");
	cleanup_fd int pfd = open_dir(a->rootfd, dir, true, &a->dirs, err);
	if (pfd < 0)
		return -1;
	bool kept;
	if (clear_place(pfd, base, e->type == '5', &kept) < 0)
		return rm_fail(err, errno, "replace existing");
	switch (e->type) {
	case '0':
		if (make_file(a, t, pfd, base, e, err) < 0)
			return -1;
		break;
	case '1':
		return make_link(a, pfd, base, e, err);
	case '2':
		if (symlinkat(e->link, pfd, base) < 0 || set_owner(a, pfd, base, e) < 0)
			return rm_fail(err, errno, "symlink");
		break;
	case '3': case '4': case '6': {
		int rc = make_node(a, pfd, base, e, err);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		break;
	}
	case '5': {
		if (!kept && mkdirat(pfd, base, 0700) < 0)
			return rm_fail(err, errno, "mkdir");
		if (set_owner(a, pfd, base, e) < 0)
			return rm_fail(err, errno, "chown");
		struct strmap_val *v = strmap_put(&a->dirs, path);
		if (!v)
			return rm_fail(err, ENOMEM, "record");
		v->mode = e->mode;
		v->mtime = e->mtime;
		return 0;
	}
	default:
		return rm_fail(err, 0, "unsupported member type '%c'", e->type);
	}
	if (set_time(pfd, base, e->mtime) < 0)
		return rm_fail(err, errno, "set mtime");
	return 0;
}

int apply_layer(struct apply *a, struct tar *t, const char *what, struct rm_err *err)
{
	struct tar_entry *e = malloc(sizeof *e);
	char *path = malloc(TAR_NAME_MAX);
	int rc = -1;
	a->reported = 0;
	if (!e || !path) {
		rm_fail(err, ENOMEM, "%s", what);
		goto out;
	}
	strmap_clear(&a->written);
	for (;;) {
		int r = tar_next(t, e, err);
		if (r < 0) {
			rm_wrap(err, "%s", what);
			goto out;
		}
		if (r == 0)
			break;
		/* Tar slip (CVE-2014-6407's path part): "../../etc/cron.d/x" or
		 * "/etc/passwd" as a member name. */
		if (apply_clean_name(e->name, path, TAR_NAME_MAX) < 0) {
			rm_fail(err, 0, "%s: member \"%s\": absolute name or \"..\" component: refused",
				what, e->name);
			goto out;
		}
		if (!*path) {
			if (e->type == '5' && strmap_put(&a->dirs, "")) {
				strmap_get(&a->dirs, "")->mode = e->mode;
				strmap_get(&a->dirs, "")->mtime = e->mtime;
			}
			continue;
		}
		if (make_entry(a, t, e, path, err) < 0) {
			rm_wrap(err, "%s: member \"%s\"", what, e->name);
			goto out;
		}
		tick(a, t);
	}
	rc = 0;
out:
	free(e);
	free(path);
	return rc;
}

static int by_depth(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	size_t da = 0, db = 0;
	for (; *a; a++)
		da += *a == '/';
	for (; *b; b++)
		db += *b == '/';
	if (da != db)
		return da < db ? 1 : -1;
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int apply_finish(struct apply *a, struct rm_err *err)
{
	char **keys = calloc(a->dirs.n + 1, sizeof *keys);
	size_t n = 0;
	int rc = 0;
	if (!keys)
		return rm_fail(err, ENOMEM, "directory modes");
	for (size_t i = 0; i < a->dirs.cap; i++)
		if (a->dirs.keys[i])
			keys[n++] = a->dirs.keys[i];
	qsort(keys, n, sizeof *keys, by_depth);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct strmap_val *v = strmap_get(&a->dirs, keys[i]);
		const char *slash = strrchr(keys[i], '/');
		const char *base = slash ? slash + 1 : keys[i];
		char dir[TAR_NAME_MAX];
		struct stat st;
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - keys[i]) : 0, keys[i]);
		int pfd = apply_open_dir(a->rootfd, dir, false, err);
		if (pfd < 0) {
			rc = err->errnum == ENOENT ? 0 : -1;  /* whited out later */
			continue;
		}
		if (!*keys[i])
			base = ".";
		if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
		    (fchmodat(pfd, base, v->mode, 0) < 0 || set_time(pfd, base, v->mtime) < 0))
			rc = rm_fail(err, errno, "set mode and mtime of /%s", keys[i]);
		close(pfd);
	}
	free(keys);
	apply_free(a);
	return rc;
}

void apply_free(struct apply *a)
{
	strmap_clear(&a->written);
	strmap_clear(&a->dirs);
}
