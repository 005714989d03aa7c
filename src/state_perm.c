/* SPDX-License-Identifier: Apache-2.0 */
/* state_perm.c - who may touch the state directory.
 *
 * Untrusted: every other local user.  The state root holds what starts
 * containers (exec.fifo: whoever reads it starts a created container) and
 * what delete trusts (pids, cgroup paths, hooks in the saved config).  So,
 * as for any state directory of a root daemon:
 *   - the root is mode 0700, whatever the umask;
 *   - --root itself is no symlink, and no directory on its way can be
 *     changed by another user: each is owned by root or by us, and not
 *     writable by group or others unless sticky (/tmp);
 *   - files get their modes with fchmod, not from open's mode minus umask;
 *   - exec.fifo is 0600 and owned by the container's root, the only
 *     process that must open it (for writing, once `start` reads).
 */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* A directory another user could change: rename our root away, or put a
 * symlink in its place. */
static bool is_foreign_writable(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return true;
	return (st->st_mode & 022) && !(st->st_mode & S_ISVTX);
}

/* Each directory above root (after resolving its parents' links, which
 * /var/run -> /run needs), then root itself, which must not be a link. */
int state_root_check(const char *root, struct rm_err *err)
{
	char real[PATH_MAX], path[PATH_MAX];
	struct stat st;
	if (lstat(root, &st) < 0)
		return errno == ENOENT ? 0 : rm_fail(err, errno, "--root %s", root);
	if (S_ISLNK(st.st_mode))
		return rm_fail(err, ELOOP, "--root %s: is a symlink; give the real directory", root);
	if (!S_ISDIR(st.st_mode))
		return rm_fail(err, ENOTDIR, "--root %s", root);
	if (!realpath(root, real))
		return rm_fail(err, errno, "--root %s", root);
	for (size_t i = 0, n = strlen(real); i < n; i++) {
		if (real[i] != '/')
			continue;
		snprintf(path, sizeof path, "%.*s", i ? (int)i : 1, real);
		if (stat(path, &st) < 0)
			return rm_fail(err, errno, "--root %s: stat %s", root, path);
		if (is_foreign_writable(&st))
			return rm_fail(err, EPERM, "--root %s: %s can be changed by another user (owner %u, "
				       "mode %04o)", root, path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	}
	if (stat(real, &st) == 0 && is_foreign_writable(&st))
		return rm_fail(err, EPERM, "--root %s: can be changed by another user (owner %u, mode %04o)",
			       root, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 0;
}

static int mkdir_0700(const char *path, struct rm_err *err)
{
	if (mkdir(path, 0700) < 0)
		return errno == EEXIST ? 0 : rm_fail(err, errno, "create state root %s", path);
	/* A new directory: its mode from us, not from the umask. */
	if (chmod(path, 0700) < 0)
		return rm_fail(err, errno, "chmod 0700 %s", path);
	return 0;
}

/* Create root and its missing parents (0700), check them, and bring an
 * existing root of ours to 0700 (older versions made it 0711). */
int state_root_make(const char *root, struct rm_err *err)
{
	char tmp[PATH_MAX];
	struct stat st;
	snprintf(tmp, sizeof tmp, "%s", root);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		/* Nothing is created under a directory another user can change. */
		if (stat(tmp, &st) == 0 && is_foreign_writable(&st))
			return rm_fail(err, EPERM, "--root %s: %s can be changed by another user (owner %u, "
				       "mode %04o)", root, tmp, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
		if (lstat(tmp, &st) < 0 && mkdir_0700(tmp, err) < 0)
			return -1;
		*p = '/';
	}
	if (lstat(root, &st) < 0 && mkdir_0700(root, err) < 0)
		return -1;
	if (state_root_check(root, err) < 0)
		return -1;
	if (stat(root, &st) == 0 && (st.st_mode & 07777) != 0700 && chmod(root, 0700) < 0)
		return rm_fail(err, errno, "chmod 0700 %s", root);
	return 0;
}

int state_make_fifo(const char *path, uid_t uid, gid_t gid, struct rm_err *err)
{
	struct stat st;
	if (mkfifo(path, 0600) < 0)
		return rm_fail(err, errno, "create exec fifo %s", path);
	/* A FIFO opens for reading without blocking: fchmod and fchown it
	 * through that fd, so the mode owes nothing to the umask. */
	cleanup_fd int fd = openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		return rm_fail(err, fd < 0 ? errno : EINVAL, "open exec fifo %s", path);
	if (fchmod(fd, 0600) < 0)
		return rm_fail(err, errno, "chmod exec fifo %s", path);
	/* The container's root (a user namespace's root is another host
	 * uid) reopens it for writing; nobody else may. */
	if ((st.st_uid != uid || st.st_gid != gid) && fchown(fd, uid, gid) < 0)
		return rm_fail(err, errno, "chown exec fifo %s to %u:%u", path, (unsigned)uid, (unsigned)gid);
	return 0;
}
