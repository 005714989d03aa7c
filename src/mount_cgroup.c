/* SPDX-License-Identifier: Apache-2.0 */
/* mount_cgroup.c - a mount of type "cgroup" (podman and docker ask for one
 * at /sys/fs/cgroup).
 *
 * On a cgroup v2 host it is a cgroup2 mount.  On v1 and hybrid hosts it is
 * built as runc does: a tmpfs, and in it one bind mount per v1 hierarchy of
 * the container's own cgroup directory, so the container sees its limits
 * and nothing of its neighbours'.
 */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mountinfo.h"
#include "safe.h"
#include "util.h"

/* The path of our cgroup in the v1 hierarchy whose options include `ctrl`. */
static int own_cgroup(const char *cgfile, const char *ctrls, char *out, size_t len)
{
	for (const char *l = cgfile; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		const char *c1 = memchr(l, ':', n);
		const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - l)) : NULL;
		if (c2 && (size_t)(c2 - c1 - 1) == strlen(ctrls) && memcmp(c1 + 1, ctrls, strlen(ctrls)) == 0) {
			snprintf(out, len, "%.*s", (int)(n - (size_t)(c2 + 1 - l)), c2 + 1);
			return 0;
		}
		l = nl ? nl + 1 : NULL;
	}
	return -1;
}

/* The controller list of a v1 super option string "rw,cpu,cpuacct". */
static void controllers_of(const char *super, char *out, size_t len)
{
	char buf[256];
	size_t off = 0;
	snprintf(buf, sizeof buf, "%s", super);
	out[0] = '\0';
	for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "rw") || !strcmp(t, "ro") || !strncmp(t, "release_agent=", 14) ||
		    !strcmp(t, "clone_children") || !strcmp(t, "noprefix") || !strcmp(t, "xattr"))
			continue;
		off += (size_t)snprintf(out + off, len - off, "%s%s", off ? "," : "", t);
		if (off >= len)
			break;
	}
}

/* The mount point of one hierarchy in the tmpfs that mount_v1_layout just
 * mounted: a directory of that fresh tmpfs, reached by one component from
 * its root (top).  No process of the container exists yet and nothing
 * else has this tmpfs: no symlink can be there, and O_NOFOLLOW says so.
 * One fd for the whole layout instead of a walk from the rootfs per
 * hierarchy (about 90 syscalls of a run, doc/performance.md). */
static int hierarchy_dir(int top, const char *name, const char *dest, struct rm_err *err)
{
	if (mkdirat(top, name, 0755) < 0 && errno != EEXIST)
		return rm_fail(err, errno, "mkdir %s/%s", dest, name);
	int fd = openat(top, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open %s/%s", dest, name);
	return fd;
}

/* In a cgroup namespace a fresh mount of the hierarchy shows the
 * namespace's root, which is the container's cgroup.  Without one,
 * /proc/self/cgroup names the host path of our cgroup: bind that. */
static int mount_hierarchy(int top, const char *dest, const char *mnt, const char *cgpath,
			   const char *ctrls, bool cgroupns, struct rm_err *err)
{
	char src[PATH_MAX], fdp[32];
	const char *name = strncmp(ctrls, "name=", 5) == 0 ? ctrls + 5 : ctrls;
	snprintf(src, sizeof src, "%s%s", mnt, strcmp(cgpath, "/") ? cgpath : "");
	cleanup_fd int fd = hierarchy_dir(top, name, dest, err);
	if (fd < 0)
		return -1;
	safe_fd_path(fd, fdp);
	if (cgroupns) {
		unsigned long f = MS_NOSUID | MS_NODEV | MS_NOEXEC;
		if (mount("cgroup", fdp, "cgroup", f, ctrls) < 0)
			return rm_fail(err, errno, "mount cgroup %s on %s/%s", ctrls, dest, name);
		return 0;
	}
	if (mount(src, fdp, NULL, MS_BIND, NULL) < 0)
		return rm_fail(err, errno, "bind cgroup %s on %s/%s", src, dest, name);
	return 0;
}

/* Reopened: the fd used for the mount names the directory under it. */
static int remount_ro(int top, const char *dest, const char *name, struct rm_err *err)
{
	char fdp[32];
	cleanup_fd int fd2 = hierarchy_dir(top, name, dest, err);
	if (fd2 < 0)
		return -1;
	if (mount(NULL, safe_fd_path(fd2, fdp), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID |
		  MS_NODEV | MS_NOEXEC, NULL) < 0)
		return rm_fail(err, errno, "remount cgroup %s/%s read-only", dest, name);
	return 0;
}

/* A v1 hierarchy that a lookup of its mount point reaches: one hidden
 * under a tmpfs (a private view of /sys/fs/cgroup) cannot be bound. */
static bool is_v1(const struct mi_table *mi, size_t i)
{
	return strcmp(mi->e[i].type, "cgroup") == 0 && mi_is_visible(mi, i);
}

static int mount_v1_layout(int rootfd, const struct rm_mount *m, const struct mnt_opts *o,
			   const struct mi_table *mi, const char *cgfile, bool cgroupns, struct rm_err *err)
{
	char fdp[32];
	cleanup_fd int fd = safe_resolve(rootfd, m->destination, SAFE_CREATE_DIR, err);
	if (fd < 0)
		return -1;
	if (mount("tmpfs", safe_fd_path(fd, fdp), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
		return rm_fail(err, errno, "mount tmpfs on %s", m->destination);
	/* The tmpfs's root (fd still names the directory under it). */
	cleanup_fd int top = safe_resolve(rootfd, m->destination, SAFE_NO_CREATE, err);
	if (top < 0)
		return -1;
	bool ro = o->set & MS_RDONLY;
	/* A hierarchy can be mounted more than once (e.g. the host's /sys was
	 * rbind-mounted into the rootfs just before): each once. */
	char done[2048] = ";";
	for (size_t i = 0; i < mi->n; i++) {
		char ctrls[256], cg[PATH_MAX], key[260];
		const char *mnt = mi->e[i].mnt;
		if (!is_v1(mi, i))
			continue;
		controllers_of(mi->e[i].super, ctrls, sizeof ctrls);
		snprintf(key, sizeof key, ";%s;", ctrls);
		if (!*ctrls || strstr(done, key) || own_cgroup(cgfile, ctrls, cg, sizeof cg) < 0)
			continue;
		if (strlen(done) + strlen(ctrls) + 2 < sizeof done)
			strcat(strcat(done, ctrls), ";");
		const char *name = strncmp(ctrls, "name=", 5) == 0 ? ctrls + 5 : ctrls;
		if (mount_hierarchy(top, m->destination, mnt, cg, ctrls, cgroupns, err) < 0 ||
		    (ro && remount_ro(top, m->destination, name, err) < 0))
			return -1;
	}
	if (ro) {
		cleanup_fd int fd2 = safe_resolve(rootfd, m->destination, SAFE_NO_CREATE, err);
		if (fd2 < 0 || mount(NULL, safe_fd_path(fd2, fdp), NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID |
				     MS_NODEV | MS_NOEXEC, "mode=755") < 0)
			return fd2 < 0 ? -1 : rm_fail(err, errno, "remount %s read-only", m->destination);
	}
	return 0;
}

static bool has_v1(const struct mi_table *mi)
{
	for (size_t i = 0; i < mi->n; i++)
		if (is_v1(mi, i))
			return true;
	return false;
}

int mnt_cgroup(const struct rm_plan *p, int rootfd, const struct rm_mount *m,
	       const struct mnt_opts *o, struct rm_err *err)
{
	cleanup_free char *cg = NULL;
	struct mi_table mi;
	char fdp[32];
	if (util_read_file("/proc/self/cgroup", 1 << 16, &cg, NULL, err) < 0 ||
	    mi_load(&mi, "/proc/self/mountinfo", err) < 0)
		return -1;
	if (has_v1(&mi)) {
		int r = mount_v1_layout(rootfd, m, o, &mi, cg, p->new_cgroupns, err);
		mi_free(&mi);
		return r;
	}
	mi_free(&mi);
	cleanup_fd int fd = safe_resolve(rootfd, m->destination, SAFE_CREATE_DIR, err);
	if (fd < 0)
		return -1;
	unsigned long flags = (o->set & ~(MS_BIND | MS_REC | MS_REMOUNT)) | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	if (mount("cgroup2", safe_fd_path(fd, fdp), "cgroup2", flags, NULL) < 0)
		return rm_fail(err, errno, "mount cgroup2 on %s", m->destination);
	return 0;
}
