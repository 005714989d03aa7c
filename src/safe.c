/* SPDX-License-Identifier: Apache-2.0 */
/* safe.c - component-by-component path resolution inside the rootfs.
 * See safe.h for the threat model. */
#include "safe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"
#include "util.h"

#define MAX_DEPTH 128
#define MAX_LINKS 40

struct walk {
	int fds[MAX_DEPTH];     /* fds[0] = root (not owned), fds[1..depth] owned */
	int depth;
	char rest[PATH_MAX * 2];  /* components still to walk */
	int links;
};

static void walk_pop_all(struct walk *w)
{
	while (w->depth > 0)
		close(w->fds[w->depth--]);
}

static int cur(const struct walk *w)
{
	return w->fds[w->depth];
}

/* Replace the remaining path with link target + rest. */
static int splice_link(struct walk *w, int linkfd, const char *tail)
{
	char target[PATH_MAX], tmp[sizeof w->rest];
	ssize_t n = readlinkat(linkfd, "", target, sizeof target - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	if (++w->links > MAX_LINKS) {
		errno = ELOOP;
		return -1;
	}
	if (snprintf(tmp, sizeof tmp, "%s/%s", target, tail) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(w->rest, tmp, sizeof tmp);
	if (target[0] == '/')
		walk_pop_all(w);   /* absolute: from the container's root */
	return 0;
}

static int create_missing(int dirfd, const char *name, bool last, enum safe_create create)
{
	if (create == SAFE_NO_CREATE) {
		errno = ENOENT;
		return -1;
	}
	if (last && create == SAFE_CREATE_FILE) {
		int fd = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0)
			return errno == EEXIST ? 0 : -1;
		close(fd);
		return 0;
	}
	if (mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Take the next component off w->rest into name; returns 0 at the end. */
static int next_component(struct walk *w, char *name, size_t len)
{
	char *p = w->rest;
	while (*p == '/')
		p++;
	size_t n = strcspn(p, "/");
	if (n == 0)
		return 0;
	if (n >= len)
		n = len - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	memmove(w->rest, p + n, strlen(p + n) + 1);
	return 1;
}

static bool rest_is_empty(const struct walk *w)
{
	for (const char *p = w->rest; *p; p++)
		if (*p != '/')
			return false;
	return true;
}

static int step(struct walk *w, const char *name, enum safe_create create)
{
	bool last = rest_is_empty(w);
	struct stat st;
	int fd;

	if (strcmp(name, ".") == 0)
		return 0;
	if (strcmp(name, "..") == 0) {
		if (w->depth > 0)     /* ".." at the root stays at the root */
			close(w->fds[w->depth--]);
		return 0;
	}
	fd = openat(cur(w), name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (create_missing(cur(w), name, last, create) < 0)
			return -1;
		fd = openat(cur(w), name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		char tail[sizeof w->rest];
		memcpy(tail, w->rest, sizeof tail);
		int r = splice_link(w, fd, tail);
		close(fd);
		return r;
	}
	if (!last && !S_ISDIR(st.st_mode)) {
		close(fd);
		errno = ENOTDIR;
		return -1;
	}
	if (w->depth + 1 >= MAX_DEPTH) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	w->fds[++w->depth] = fd;
	return 0;
}

/* Fast path (5.6+): the kernel does exactly this walk, atomically. */
static int resolve_openat2(int rootfd, const char *path)
{
	struct rm_open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	return sys_openat2(rootfd, path, &how);
}

int safe_resolve(int rootfd, const char *path, enum safe_create create, struct rm_err *err)
{
	static struct walk w;   /* large; the child is single-threaded */
	char name[NAME_MAX + 1];
	int fd;

	fd = resolve_openat2(rootfd, path);
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS && errno != ENOENT && errno != EPERM && errno != EINVAL &&
	    errno != E2BIG && errno != EXDEV)
		return rm_fail(err, errno, "resolve %s in the rootfs", path);

	memset(&w, 0, sizeof w);
	w.fds[0] = rootfd;
	if (strlen(path) >= PATH_MAX)
		return rm_fail(err, ENAMETOOLONG, "resolve %s in the rootfs", path);
	strcpy(w.rest, path);
	while (next_component(&w, name, sizeof name)) {
		if (step(&w, name, create) < 0) {
			int e = errno;
			walk_pop_all(&w);
			return rm_fail(err, e, "resolve %s in the rootfs", path);
		}
	}
	fd = w.depth ? w.fds[w.depth--] : fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	walk_pop_all(&w);
	if (fd < 0)
		return rm_fail(err, errno, "resolve %s in the rootfs", path);
	return fd;
}

const char *safe_fd_path(int fd, char *buf)
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

int safe_mnt_id(int fd, struct rm_err *err)
{
	char path[64], *buf = NULL;
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (util_read_file(path, 4096, &buf, NULL, err) < 0)
		return -1;
	const char *m = strstr(buf, "mnt_id:");
	int id = m ? atoi(m + 7) : -1;
	free(buf);
	return id < 0 ? rm_fail(err, ENOTSUP, "no mnt_id in %s", path) : id;
}
