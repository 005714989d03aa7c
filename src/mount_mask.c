/* SPDX-License-Identifier: Apache-2.0 */
/* mount_mask.c - linux.maskedPaths, before the pivot, through the rootfs fd.
 *
 * Untrusted: the rootfs and what the config mounts in it.  The container's
 * /dev/null may be anything: a shared /dev bound from the host, or a bind of
 * a host file onto /dev/null.  Binding that path over /proc/keys, /proc/kcore
 * or a /proc/sys file would give the container a writable view of the host
 * file (CVE-2025-31133; with /proc/sys/kernel/core_pattern, code execution
 * on the host).  So a masked file is covered with a null device runc-mini
 * makes itself, in a private tmpfs that no process of the container ever
 * sees, checked with fstat (a character device 1:3), bound through the
 * checked fd and made read-only.  That node lives in the container's /dev
 * when /dev is a tmpfs runc-mini mounted (no process of the container has
 * run, so no one else can have put the fresh name there; unlinked once
 * bound), else in a private tmpfs stacked on the rootfs's path (one more
 * mount, and an unmount that waits for an RCU grace period).  In a user
 * namespace mknod is refused: the
 * host's /dev/null, reached through the runtime's own mount tree (the
 * container's is not mounted there), is checked and used instead.
 */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "safe.h"
#include "util.h"

int mnt_check_node(int fd, char type, unsigned major_, unsigned minor_, const char *what, struct rm_err *err)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return rm_fail(err, errno, "stat %s", what);
	mode_t want = type == 'b' ? S_IFBLK : S_IFCHR;
	if ((st.st_mode & S_IFMT) != want || major(st.st_rdev) != major_ || minor(st.st_rdev) != minor_)
		return rm_fail(err, EPERM, "%s is not the %s device %u:%u", what, type == 'b' ? "block" : "character",
			       major_, minor_);
	return 0;
}

/* Where the masks' null device came from, for the cleanup. */
struct null_src {
	int fd;       /* the checked node, O_PATH */
	int devdir;   /* the container's /dev, when the node is named there */
	bool stacked; /* the private tmpfs is mounted on the rootfs's path */
};

/* A tmpfs stacked on the rootfs's own path while the masks are bound: the
 * path is the bundle's (the host's side), and no process of the container
 * exists yet to look. */
static int private_null(const struct rm_plan *p, bool *stacked, struct rm_err *err)
{
	if (mount("tmpfs", p->rootfs, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=4k,nr_inodes=4,mode=0700") < 0)
		return rm_fail(err, errno, "mount a private tmpfs for the null device");
	*stacked = true;
	cleanup_fd int dir = openat(AT_FDCWD, p->rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return rm_fail(err, errno, "open the private tmpfs");
	if (mknodat(dir, "null", S_IFCHR | 0666, makedev(1, 3)) < 0 || fchmodat(dir, "null", 0666, 0) < 0)
		return rm_fail(err, errno, "mknod the null device in the private tmpfs");
	int fd = openat(dir, "null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open the private null device");
	/* Read-only from here on: every bind of it inherits the flag. */
	if (mount(NULL, p->rootfs, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL) < 0) {
		close(fd);
		return rm_fail(err, errno, "remount the private tmpfs read-only");
	}
	return fd;
}

/* The node's name in the container's /dev while the masks are bound. */
static const char dev_null_name[] = ".runc-mini-null";

/* The container's /dev, when it is a tmpfs mounted by us (own->ids[0] is
 * the rootfs: its /dev directory comes from the image and is not used). */
static int own_dev_tmpfs(int rootfd, const struct mnt_own *own)
{
	int dev = safe_resolve(rootfd, "/dev", SAFE_NO_CREATE, RM_ERR_IGNORE);
	int id = dev < 0 ? -1 : safe_mnt_id(dev, RM_ERR_IGNORE);
	for (size_t i = 1; id >= 0 && i < own->n; i++)
		if (own->ids[i] == id)
			return dev;
	if (dev >= 0)
		close(dev);
	return -1;
}

/* A fresh 1:3 node in our own /dev tmpfs, or -1 (then the private tmpfs):
 * a name that exists already, a read-only /dev, or no /dev of ours. */
static int dev_null(int rootfd, const struct mnt_own *own, int *devdir)
{
	int dir = own_dev_tmpfs(rootfd, own);
	if (dir < 0)
		return -1;
	if (mknodat(dir, dev_null_name, S_IFCHR | 0666, makedev(1, 3)) < 0) {
		close(dir);
		return -1;
	}
	*devdir = dir;   /* the caller unlinks the name, whatever happens */
	if (fchmodat(dir, dev_null_name, 0666, 0) < 0)
		return -1;
	return openat(dir, dev_null_name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
}

static int open_null(const struct rm_plan *p, int rootfd, const struct mnt_own *own, struct null_src *n,
		     struct rm_err *err)
{
	int fd;
	if (p->new_userns) {
		fd = openat(AT_FDCWD, "/dev/null", O_PATH | O_CLOEXEC);
		if (fd < 0)
			return rm_fail(err, errno, "open the host's /dev/null");
	} else if ((fd = dev_null(rootfd, own, &n->devdir)) < 0) {
		fd = private_null(p, &n->stacked, err);
		if (fd < 0)
			return -1;
	}
	if (mnt_check_node(fd, 'c', 1, 3, "the null device for maskedPaths", err) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int bind_null(int rootfd, int nullfd, int dst, const char *path, struct rm_err *err)
{
	char src[32], fdp[32];
	if (mount(safe_fd_path(nullfd, src), safe_fd_path(dst, fdp), NULL, MS_BIND, NULL) < 0)
		return rm_fail(err, errno, "linux.maskedPaths: mask %s", path);
	/* Reopen: the fd used for the mount still names the covered file. */
	cleanup_fd int top = safe_resolve(rootfd, path, SAFE_NO_CREATE, err);
	if (top < 0)
		return rm_wrap(err, "linux.maskedPaths: %s", path);
	if (mnt_check_node(top, 'c', 1, 3, path, err) < 0)
		return rm_wrap(err, "linux.maskedPaths");
	unsigned long f = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC;
	if (mount(NULL, safe_fd_path(top, fdp), NULL, f, NULL) < 0 &&
	    (errno != EPERM || mount(NULL, fdp, NULL, f | mnt_locked_flags(fdp), NULL) < 0))
		return rm_fail(err, errno, "linux.maskedPaths: remount the mask of %s read-only", path);
	return 0;
}

/* A path that does not exist in the container (or a dangling symlink) has
 * nothing to hide, as in runc.  Symlinks resolve inside the rootfs. */
static int mask_one(int rootfd, const struct rm_plan *p, const struct mnt_own *own, const char *path,
		    struct null_src *n, struct rm_err *err)
{
	char fdp[32];
	struct stat st;
	cleanup_fd int fd = safe_resolve(rootfd, path, SAFE_NO_CREATE, err);
	if (fd < 0 && err->errnum == ENOENT) {
		rm_err_clear(err);
		return 0;
	}
	if (fd < 0 || fstat(fd, &st) < 0)
		return fd < 0 ? rm_wrap(err, "linux.maskedPaths") : rm_fail(err, errno, "linux.maskedPaths: %s", path);
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", safe_fd_path(fd, fdp), "tmpfs", MS_RDONLY, "size=0,mode=555") < 0)
			return rm_fail(err, errno, "linux.maskedPaths: mask %s", path);
		return 0;
	}
	if (n->fd < 0 && (n->fd = open_null(p, rootfd, own, n, err)) < 0)
		return rm_wrap(err, "linux.maskedPaths: %s", path);
	return bind_null(rootfd, n->fd, fd, path, err);
}

int mnt_mask_paths(const struct rm_plan *p, int rootfd, const struct mnt_own *own, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	struct null_src n = { .fd = -1, .devdir = -1 };
	int r = 0;
	for (size_t i = 0; i < s->n_masked_paths && r == 0; i++)
		r = mask_one(rootfd, p, own, s->masked_paths[i], &n, err);
	if (n.fd >= 0)
		close(n.fd);
	/* The binds keep the node alive; its name in /dev, or the private
	 * tmpfs's mount on the rootfs, goes. */
	if (n.devdir >= 0) {
		if (unlinkat(n.devdir, dev_null_name, 0) < 0 && r == 0)
			r = rm_fail(err, errno, "unlink /dev/%s", dev_null_name);
		close(n.devdir);
	}
	if (n.stacked && umount2(p->rootfs, MNT_DETACH) < 0 && r == 0)
		r = rm_fail(err, errno, "unmount the private tmpfs of the null device");
	return r;
}
