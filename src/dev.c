/* dev.c - device nodes and /dev symlinks, resolved inside the rootfs. */
#include "dev.h"

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

static const struct rm_device default_devs[] = {
	{ "/dev/null", 'c', 1, 3, 0666, 0, 0, true, false, false },
	{ "/dev/zero", 'c', 1, 5, 0666, 0, 0, true, false, false },
	{ "/dev/full", 'c', 1, 7, 0666, 0, 0, true, false, false },
	{ "/dev/random", 'c', 1, 8, 0666, 0, 0, true, false, false },
	{ "/dev/urandom", 'c', 1, 9, 0666, 0, 0, true, false, false },
	{ "/dev/tty", 'c', 5, 0, 0666, 0, 0, true, false, false },
};

static const struct { const char *target, *path; } dev_links[] = {
	{ "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
	{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
	{ "pts/ptmx", "/dev/ptmx" },
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

static int bind_host_node(int rootfd, const struct rm_device *d, struct rm_err *err)
{
	char fdp[32];
	cleanup_fd int fd = safe_resolve(rootfd, d->path, SAFE_CREATE_FILE, err);
	if (fd < 0)
		return -1;
	if (mount(d->path, safe_fd_path(fd, fdp), NULL, MS_BIND, NULL) < 0)
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
	cleanup_fd int real = open(safe_fd_path(dir, fdp), O_DIRECTORY | O_CLOEXEC);
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

static int make_link(int rootfd, const char *target, const char *path, struct rm_err *err)
{
	const char *name;
	char fdp[32];
	cleanup_fd int dir = open_parent(rootfd, path, &name, err);
	if (dir < 0)
		return -1;
	cleanup_fd int real = open(safe_fd_path(dir, fdp), O_DIRECTORY | O_CLOEXEC);
	if (real < 0)
		return rm_fail(err, errno, "open parent of %s", path);
	if (symlinkat(target, real, name) < 0 && errno != EEXIST)
		return rm_fail(err, errno, "symlink %s -> %s", path, target);
	return 0;
}

static bool dev_is_host_bind(const struct rm_spec *s)
{
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rm_mount *m = &s->mounts[i];
		if (strcmp(m->destination, "/dev") == 0)
			return m->type && strcmp(m->type, "bind") == 0;
		for (size_t k = 0; k < m->n_options; k++)
			if (strcmp(m->destination, "/dev") == 0 &&
			    (!strcmp(m->options[k], "bind") || !strcmp(m->options[k], "rbind")))
				return true;
	}
	return false;
}

int dev_populate(const struct rm_plan *p, int rootfd, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	/* A /dev bind-mounted from the host already has its nodes. */
	if (dev_is_host_bind(s))
		return 0;
	for (size_t i = 0; i < sizeof default_devs / sizeof default_devs[0]; i++)
		if (make_node(rootfd, &default_devs[i], p->new_userns, err) < 0)
			return rm_wrap(err, "default devices");
	for (size_t i = 0; i < s->n_devices; i++)
		if (make_node(rootfd, &s->devices[i], p->new_userns, err) < 0)
			return rm_wrap(err, "%s: linux.devices[%zu]", s->file, i);
	for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
		if (make_link(rootfd, dev_links[i].target, dev_links[i].path, err) < 0)
			return -1;
	struct stat st;
	if (stat("/proc/kcore", &st) == 0 && make_link(rootfd, "/proc/kcore", "/dev/core", err) < 0)
		return -1;
	return 0;
}
