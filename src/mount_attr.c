/* SPDX-License-Identifier: Apache-2.0 */
/* mount_attr.c - recursive mount attributes ("rro", "rnosuid", "ratime"...).
 *
 * On 5.12+ one mount_setattr(AT_RECURSIVE) call sets them on a whole tree
 * atomically.  Older kernels (the 4.4 baseline) have no such call: there we
 * list the submounts from /proc/self/mountinfo and remount each one, keeping
 * the flags it has (a bind remount replaces all per-mount flags, and in a
 * user namespace the kernel refuses to clear locked ones).  The paths come
 * from the kernel (readlink of our own fd and mountinfo), not from the
 * rootfs, and run before the container has any process in it.
 */
#include "mount.h"
#include "mountinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "safe.h"
#include "sys.h"
#include "util.h"

static const struct { uint64_t attr; unsigned long ms; const char *name; } attr_ms[] = {
	{ RM_MOUNT_ATTR_RDONLY, MS_RDONLY, "ro" }, { RM_MOUNT_ATTR_NOSUID, MS_NOSUID, "nosuid" },
	{ RM_MOUNT_ATTR_NODEV, MS_NODEV, "nodev" }, { RM_MOUNT_ATTR_NOEXEC, MS_NOEXEC, "noexec" },
	{ RM_MOUNT_ATTR_NODIRATIME, MS_NODIRATIME, "nodiratime" },
	{ RM_MOUNT_ATTR_NOSYMFOLLOW, MS_NOSYMFOLLOW, "nosymfollow" },
};

/* The per-mount flags of a mountinfo options field ("rw,nosuid,relatime"). */
static unsigned long mountinfo_flags(char *opts)
{
	unsigned long f = 0;
	for (char *save, *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		for (size_t i = 0; i < sizeof attr_ms / sizeof attr_ms[0]; i++)
			if (strcmp(o, attr_ms[i].name) == 0)
				f |= attr_ms[i].ms;
		if (strcmp(o, "noatime") == 0)
			f |= MS_NOATIME;
		else if (strcmp(o, "relatime") == 0)
			f |= MS_RELATIME;
	}
	return f;
}

static bool is_under(const char *mp, const char *path)
{
	size_t n = strlen(path);
	if (strcmp(path, "/") == 0)
		return true;
	return strncmp(mp, path, n) == 0 && (mp[n] == '\0' || mp[n] == '/');
}

static unsigned long new_flags(unsigned long cur, uint64_t set, uint64_t clr)
{
	for (size_t i = 0; i < sizeof attr_ms / sizeof attr_ms[0]; i++) {
		if (clr & attr_ms[i].attr)
			cur &= ~attr_ms[i].ms;
		if (set & attr_ms[i].attr)
			cur |= attr_ms[i].ms;
	}
	if (clr & RM_MOUNT_ATTR__ATIME) {
		cur &= ~(unsigned long)(MS_NOATIME | MS_RELATIME | MS_STRICTATIME);
		uint64_t mode = set & RM_MOUNT_ATTR__ATIME;
		cur |= mode == RM_MOUNT_ATTR_NOATIME ? MS_NOATIME :
		       mode == RM_MOUNT_ATTR_STRICTATIME ? MS_STRICTATIME : MS_RELATIME;
	}
	return cur;
}

int mnt_remount_tree(const char *path, uint64_t attr_set, uint64_t attr_clr, const char *what,
		     struct rm_err *err)
{
	char *buf = NULL;
	if (util_read_file("/proc/self/mountinfo", 8 << 20, &buf, NULL, err) < 0)
		return rm_wrap(err, "%s", what);
	int r = 0;
	for (char *save, *line = strtok_r(buf, "\n", &save); line && r == 0; line = strtok_r(NULL, "\n", &save)) {
		struct mi_entry e;
		if (mi_parse_line(line, &e) < 0 || !is_under(e.mnt, path))
			continue;
		unsigned long flags = new_flags(mountinfo_flags(e.opts), attr_set, attr_clr);
		if (mount(NULL, e.mnt, NULL, MS_BIND | MS_REMOUNT | flags, NULL) < 0)
			r = rm_fail(err, errno, "%s: remount %s", what, e.mnt);
	}
	free(buf);
	return r;
}

int mnt_apply_rec_attrs(int fd, const struct mnt_opts *o, const char *what, struct rm_err *err)
{
	char fdp[32], path[PATH_MAX];
	if (!o->rec_set && !o->rec_clr)
		return 0;
	struct rm_mount_attr attr = { .attr_set = o->rec_set, .attr_clr = o->rec_clr };
	if (sys_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr) == 0)
		return 0;
	if (!sys_is_unavailable(errno))
		return rm_fail(err, errno, "%s: mount_setattr of the recursive options", what);
	/* 4.x: no mount_setattr.  Remount every mount of the tree. */
	ssize_t n = readlink(safe_fd_path(fd, fdp), path, sizeof path - 1);
	if (n < 0)
		return rm_fail(err, errno, "%s: readlink %s", what, fdp);
	path[n] = '\0';
	return mnt_remount_tree(path, o->rec_set, o->rec_clr, what, err);
}
