/* SPDX-License-Identifier: Apache-2.0 */
/* mount_copy.c - "tmpcopyup": a new tmpfs starts with a copy of what the
 * image had at its destination.
 *
 * Untrusted: the image's tree.  Every open is relative to a directory fd
 * with O_NOFOLLOW, symlinks are copied as links (never followed), and the
 * depth is capped, so a hostile tree can neither lead the copy out of the
 * rootfs nor loop it.
 */
#include "mount.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe.h"
#include "spec.h"
#include "util.h"

/* Copy a directory tree (tmpcopyup): regular files, directories, symlinks
 * and nodes, with modes and owners.  Both fds are real directory fds. */
static int copy_tree(int from, int to, int depth, struct rm_err *err);

static int copy_file(int from, int to, const char *name, const struct stat *st, struct rm_err *err)
{
	char buf[65536];
	cleanup_fd int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return rm_fail(err, errno, "tmpcopyup: open %s", name);
	cleanup_fd int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				    st->st_mode & 07777);
	if (out < 0)
		return rm_fail(err, errno, "tmpcopyup: create %s", name);
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rm_fail(err, errno, "tmpcopyup: read %s", name);
		if (n == 0)
			return 0;
		if (util_write_all(out, buf, (size_t)n) < 0)
			return rm_fail(err, errno, "tmpcopyup: write %s", name);
	}
}

static int copy_entry(int from, int to, const char *name, int depth, struct rm_err *err)
{
	struct stat st;
	char target[PATH_MAX];
	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return rm_fail(err, errno, "tmpcopyup: stat %s", name);
	if (S_ISDIR(st.st_mode)) {
		if (mkdirat(to, name, st.st_mode & 07777) < 0)
			return rm_fail(err, errno, "tmpcopyup: mkdir %s", name);
		cleanup_fd int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		cleanup_fd int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (a < 0 || b < 0)
			return rm_fail(err, errno, "tmpcopyup: open dir %s", name);
		if (copy_tree(a, b, depth + 1, err) < 0)
			return -1;
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlinkat(from, name, target, sizeof target - 1);
		if (n < 0)
			return rm_fail(err, errno, "tmpcopyup: readlink %s", name);
		target[n] = '\0';
		if (symlinkat(target, to, name) < 0)
			return rm_fail(err, errno, "tmpcopyup: symlink %s", name);
	} else if (S_ISREG(st.st_mode)) {
		if (copy_file(from, to, name, &st, err) < 0)
			return -1;
	} else if (mknodat(to, name, st.st_mode, st.st_rdev) < 0) {
		return rm_fail(err, errno, "tmpcopyup: mknod %s", name);
	}
	if (fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0 && errno != EPERM &&
	    errno != EINVAL)
		return rm_fail(err, errno, "tmpcopyup: chown %s", name);
	if (!S_ISLNK(st.st_mode) && fchmodat(to, name, st.st_mode & 07777, 0) < 0)
		return rm_fail(err, errno, "tmpcopyup: chmod %s", name);
	return 0;
}

static int copy_tree(int from, int to, int depth, struct rm_err *err)
{
	if (depth > 64)
		return rm_fail(err, ELOOP, "tmpcopyup: tree deeper than 64");
	int dup_from = dup(from);
	if (dup_from < 0)
		return rm_fail(err, errno, "tmpcopyup: dup");
	DIR *d = fdopendir(dup_from);
	if (!d) {
		close(dup_from);
		return rm_fail(err, errno, "tmpcopyup: opendir");
	}
	struct dirent *de;
	int r = 0;
	while (r == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			r = copy_entry(from, to, de->d_name, depth, err);
	closedir(d);
	return r;
}

/* tmpcopyup: the tmpfs starts with what the image had at the destination.
 * `under` is a real fd of the destination opened before the mount, so it
 * still names the covered directory. */
int mnt_copy_up(int under, int rootfd, const struct rm_mount *m, struct rm_err *err)
{
	char fdp[32];
	cleanup_fd int top = safe_resolve(rootfd, m->destination, SAFE_NO_CREATE, err);
	if (top < 0)
		return -1;
	cleanup_fd int dir = openat(AT_FDCWD, safe_fd_path(top, fdp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return rm_fail(err, errno, "tmpcopyup: open %s", m->destination);
	struct stat st;
	if (fstat(under, &st) == 0) {
		fchmod(dir, st.st_mode & 07777);
		if (fchown(dir, st.st_uid, st.st_gid) < 0 && errno != EPERM && errno != EINVAL)
			return rm_fail(err, errno, "tmpcopyup: chown %s", m->destination);
	}
	return copy_tree(under, dir, 0, err);
}

