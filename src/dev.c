/* SPDX-License-Identifier: Apache-2.0 */
/* dev.c - device nodes and /dev symlinks, resolved inside the rootfs.
 *
 * Untrusted: the rootfs, and the mounts the config put on it.  A /dev bound
 * from the host (a shared /dev, as engines make, or any host directory) is
 * left as it is: creating nodes there would unlink and recreate the host's
 * own /dev/null, tty... with the config's owner and mode.  So /dev is
 * populated only when it is the rootfs's own directory or a tmpfs
 * runc-mini mounted, decided from the mount that is there, not from how
 * the config spelled its mounts.  A node runc-mini binds (user
 * namespaces) is checked to be the device the config names
 * (CVE-2025-52565 class: a bind source must be what it claims).
 */
#include "dev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mount.h"
#include "safe.h"
#include "util.h"

static const struct rm_device default_devs[] = {
	{ "/dev/null", 'c', 1, 3, 0666, 0, 0, true, false, false },
	{ "/dev/zero", 'c', 1, 5, 0666, 0, 0, true, false, false },
	{ "/dev/full", 'c', 1, 7, 0666, 0, 0, true, false, false },
	{ "/dev/random", 'c', 1, 8, 0666, 0, 0, true, false, false },
	{ "/dev/urandom", 'c', 1, 9, 0666, 0, 0, true, false, false },
	{ "/dev/tty", 'c', 5, 0, 0666, 0, 0, true, false, false },
};

static const struct { const char *target, *path; bool replace; } dev_links[] = {
	{ "/proc/self/fd", "/dev/fd", false }, { "/proc/self/fd/0", "/dev/stdin", false },
	{ "/proc/self/fd/1", "/dev/stdout", false }, { "/proc/self/fd/2", "/dev/stderr", false },
	{ "pts/ptmx", "/dev/ptmx", true },
};

static mode_t type_bits(char type)
{
	switch (type) {
	case 'b': return S_IFBLK;
	case 'p': return S_IFIFO;
	default: return S_IFCHR;   /* 'c' and 'u' */
	}
}

/* Split "/dev/pts/x" into the parent dir fd and the last name. */
static int open_parent(int rootfd, const char *path, const char **name, struct rm_err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return rm_fail(err, EINVAL, "device path %s", path);
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	*name = slash + 1;
	return safe_resolve(rootfd, dir[0] ? dir : "/", SAFE_CREATE_DIR, err);
}

/* In a user namespace: bind the host's node (we are still in the host's
 * mount tree), checked to be the device asked for, through its fd. */
static int bind_host_node(int rootfd, const struct rm_device *d, struct rm_err *err)
{
	char fdp[32], src[32];
	cleanup_fd int host = openat(AT_FDCWD, d->path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (host < 0)
		return rm_fail(err, errno, "open the host's %s", d->path);
	if (d->type != 'p' && mnt_check_node(host, d->type == 'b' ? 'b' : 'c', (unsigned)d->major,
					     (unsigned)d->minor, d->path, err) < 0)
		return -1;
	cleanup_fd int fd = safe_resolve(rootfd, d->path, SAFE_CREATE_FILE, err);
	if (fd < 0)
		return -1;
	if (mount(safe_fd_path(host, src), safe_fd_path(fd, fdp), NULL, MS_BIND, NULL) < 0)
		return rm_fail(err, errno, "bind device %s", d->path);
	return 0;
}

static int make_node(int rootfd, const struct rm_device *d, bool userns, struct rm_err *err)
{
	const char *name;
	if (userns)
		return bind_host_node(rootfd, d, err);
	cleanup_fd int dir = open_parent(rootfd, d->path, &name, err);
	if (dir < 0)
		return -1;
	/* openat2/walk gave an O_PATH fd; mknodat needs a real dir fd. */
	char fdp[32];
	cleanup_fd int real = openat(AT_FDCWD, safe_fd_path(dir, fdp), O_DIRECTORY | O_CLOEXEC);
	if (real < 0)
		return rm_fail(err, errno, "open parent of %s", d->path);
	mode_t mode = (d->has_mode ? d->mode : 0666) & 07777;
	if (unlinkat(real, name, 0) < 0 && errno != ENOENT)
		return rm_fail(err, errno, "replace %s", d->path);
	if (mknodat(real, name, type_bits(d->type) | mode, makedev(d->major, d->minor)) < 0)
		return rm_fail(err, errno, "mknod %s", d->path);
	/* mknod applies the umask: set the mode the config asked for. */
	if (fchmodat(real, name, mode, 0) < 0 ||
	    fchownat(real, name, d->has_uid ? d->uid : 0, d->has_gid ? d->gid : 0, AT_SYMLINK_NOFOLLOW) < 0)
		return rm_fail(err, errno, "set owner and mode of %s", d->path);
	return 0;
}

static int make_link(int rootfd, const char *target, const char *path, bool replace, struct rm_err *err)
{
	const char *name;
	char fdp[32];
	cleanup_fd int dir = open_parent(rootfd, path, &name, err);
	if (dir < 0)
		return -1;
	cleanup_fd int real = openat(AT_FDCWD, safe_fd_path(dir, fdp), O_DIRECTORY | O_CLOEXEC);
	if (real < 0)
		return rm_fail(err, errno, "open parent of %s", path);
	/* /dev/ptmx is always the link to pts/ptmx, as runc makes it: a node
	 * there (the image's, or one the config lists) would open the host's
	 * devpts instance, not the container's. */
	if (replace && unlinkat(real, name, 0) < 0 && errno != ENOENT)
		return rm_fail(err, errno, "replace %s", path);
	if (symlinkat(target, real, name) < 0 && errno != EEXIST)
		return rm_fail(err, errno, "symlink %s -> %s", path, target);
	return 0;
}

/* The container's /dev is the rootfs's own directory or a tmpfs we
 * mounted (a missing /dev is made in the rootfs). */
static int is_own_dev(int rootfd, const struct mnt_own *own, bool *yes, struct rm_err *err)
{
	*yes = false;
	cleanup_fd int fd = safe_resolve(rootfd, "/dev", SAFE_NO_CREATE, err);
	if (fd < 0 && err->errnum == ENOENT) {
		rm_err_clear(err);
		*yes = true;
		return 0;
	}
	int id = fd < 0 ? -1 : safe_mnt_id(fd, err);
	if (id < 0)
		return rm_wrap(err, "/dev");
	for (size_t i = 0; i < own->n; i++)
		*yes |= own->ids[i] == id;
	return 0;
}

int dev_populate(const struct rm_plan *p, int rootfd, const struct mnt_own *own, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	bool ours;
	/* A /dev bound from the host already has its nodes: leave it alone. */
	if (is_own_dev(rootfd, own, &ours, err) < 0)
		return -1;
	if (!ours)
		return 0;
	for (size_t i = 0; i < sizeof default_devs / sizeof default_devs[0]; i++)
		if (make_node(rootfd, &default_devs[i], p->new_userns, err) < 0)
			return rm_wrap(err, "default devices");
	for (size_t i = 0; i < s->n_devices; i++)
		if (make_node(rootfd, &s->devices[i], p->new_userns, err) < 0)
			return rm_wrap(err, "%s: linux.devices[%zu]", s->file, i);
	for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
		if (make_link(rootfd, dev_links[i].target, dev_links[i].path, dev_links[i].replace, err) < 0)
			return -1;
	struct stat st;
	if (stat("/proc/kcore", &st) == 0 && make_link(rootfd, "/proc/kcore", "/dev/core", false, err) < 0)
		return -1;
	return 0;
}
