/* SPDX-License-Identifier: Apache-2.0 */
/* mount.c - rootfs preparation, the config's mounts, pivot_root, masked and
 * read-only paths.
 *
 * Untrusted: everything inside the rootfs.  Every destination is resolved
 * with safe_resolve() and mounted onto /proc/self/fd/N, never as a string
 * joined to the rootfs (CVE-2021-30465: a symlink swapped in between two
 * syscalls could otherwise put a mount on the host).
 */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "safe.h"
#include "sys.h"
#include "util.h"

struct opt_flag { const char *name; int clear; unsigned long flag; };

static const struct opt_flag flag_table[] = {
	{ "ro", 0, MS_RDONLY }, { "rw", 1, MS_RDONLY },
	{ "nosuid", 0, MS_NOSUID }, { "suid", 1, MS_NOSUID },
	{ "nodev", 0, MS_NODEV }, { "dev", 1, MS_NODEV },
	{ "noexec", 0, MS_NOEXEC }, { "exec", 1, MS_NOEXEC },
	{ "sync", 0, MS_SYNCHRONOUS }, { "async", 1, MS_SYNCHRONOUS },
	{ "dirsync", 0, MS_DIRSYNC }, { "remount", 0, MS_REMOUNT },
	{ "mand", 0, MS_MANDLOCK }, { "nomand", 1, MS_MANDLOCK },
	{ "noatime", 0, MS_NOATIME }, { "atime", 1, MS_NOATIME },
	{ "nodiratime", 0, MS_NODIRATIME }, { "diratime", 1, MS_NODIRATIME },
	{ "relatime", 0, MS_RELATIME }, { "norelatime", 1, MS_RELATIME },
	{ "strictatime", 0, MS_STRICTATIME }, { "nostrictatime", 1, MS_STRICTATIME },
	{ "lazytime", 0, MS_LAZYTIME }, { "nolazytime", 1, MS_LAZYTIME },
	{ "silent", 0, MS_SILENT }, { "loud", 1, MS_SILENT },
	{ "iversion", 0, MS_I_VERSION }, { "noiversion", 1, MS_I_VERSION },
	{ "nosymfollow", 0, MS_NOSYMFOLLOW }, { "symfollow", 1, MS_NOSYMFOLLOW },
	{ "bind", 0, MS_BIND }, { "rbind", 0, MS_BIND | MS_REC },
};

static const struct opt_flag prop_table[] = {
	{ "private", 0, MS_PRIVATE }, { "rprivate", 0, MS_PRIVATE | MS_REC },
	{ "shared", 0, MS_SHARED }, { "rshared", 0, MS_SHARED | MS_REC },
	{ "slave", 0, MS_SLAVE }, { "rslave", 0, MS_SLAVE | MS_REC },
	{ "unbindable", 0, MS_UNBINDABLE }, { "runbindable", 0, MS_UNBINDABLE | MS_REC },
};

static const struct opt_flag *find_opt(const struct opt_flag *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* runc's recursive options: mount_setattr attributes for the whole tree.
 * The atime ones pick one mode of MOUNT_ATTR__ATIME (relatime is 0, the
 * kernel's default, so "ratime", "rnorelatime" and "rnostrictatime" go
 * back to it). */
struct rec_opt { const char *name; int clear; uint64_t attr; };

static const struct rec_opt rec_table[] = {
	{ "rro", 0, RM_MOUNT_ATTR_RDONLY }, { "rrw", 1, RM_MOUNT_ATTR_RDONLY },
	{ "rnosuid", 0, RM_MOUNT_ATTR_NOSUID }, { "rsuid", 1, RM_MOUNT_ATTR_NOSUID },
	{ "rnodev", 0, RM_MOUNT_ATTR_NODEV }, { "rdev", 1, RM_MOUNT_ATTR_NODEV },
	{ "rnoexec", 0, RM_MOUNT_ATTR_NOEXEC }, { "rexec", 1, RM_MOUNT_ATTR_NOEXEC },
	{ "rnodiratime", 0, RM_MOUNT_ATTR_NODIRATIME }, { "rdiratime", 1, RM_MOUNT_ATTR_NODIRATIME },
	{ "rnosymfollow", 0, RM_MOUNT_ATTR_NOSYMFOLLOW }, { "rsymfollow", 1, RM_MOUNT_ATTR_NOSYMFOLLOW },
	{ "rnoatime", 2, RM_MOUNT_ATTR_NOATIME }, { "rstrictatime", 2, RM_MOUNT_ATTR_STRICTATIME },
	{ "rrelatime", 2, RM_MOUNT_ATTR_RELATIME }, { "ratime", 2, RM_MOUNT_ATTR_RELATIME },
	{ "rnorelatime", 2, RM_MOUNT_ATTR_RELATIME }, { "rnostrictatime", 2, RM_MOUNT_ATTR_RELATIME },
};

static bool parse_rec(struct mnt_opts *o, const char *opt)
{
	for (size_t i = 0; i < sizeof rec_table / sizeof rec_table[0]; i++) {
		const struct rec_opt *r = &rec_table[i];
		if (strcmp(r->name, opt) != 0)
			continue;
		if (r->clear == 2) {           /* an atime mode replaces the last one */
			o->rec_clr |= RM_MOUNT_ATTR__ATIME;
			o->rec_set = (o->rec_set & ~(uint64_t)RM_MOUNT_ATTR__ATIME) | r->attr;
		} else if (r->clear) {
			o->rec_clr |= r->attr;
			o->rec_set &= ~r->attr;
		} else {
			o->rec_set |= r->attr;
			o->rec_clr &= ~r->attr;
		}
		if (r->attr == RM_MOUNT_ATTR_RDONLY && r->clear != 2) {
			/* The top mount too, also where mount_setattr is missing. */
			o->rec_ro = !r->clear;
			if (r->clear) {
				o->set &= ~(unsigned long)MS_RDONLY;
				o->clear |= MS_RDONLY;
			} else {
				o->set |= MS_RDONLY;
				o->clear &= ~(unsigned long)MS_RDONLY;
			}
		}
		return true;
	}
	return false;
}

/* Options the spec defines that are neither flags nor fs data. */
static bool parse_special(struct mnt_opts *o, const char *opt)
{
	if (strcmp(opt, "defaults") == 0)
		return true;                   /* no flag at all (mount(8)'s "defaults") */
	if (strcmp(opt, "tmpcopyup") == 0)
		return (o->tmpcopyup = true);
	if (strcmp(opt, "idmap") == 0)
		return (o->idmap = true);
	if (strcmp(opt, "ridmap") == 0)
		return (o->idmap = o->ridmap = true);
	return false;
}

static int add_data(struct mnt_opts *o, const char *opt, struct rm_err *err)
{
	size_t len = strlen(o->data), sep = len ? 1 : 0;
	/* separator + option + NUL must fit */
	if (len + sep + strlen(opt) + 1 > sizeof o->data)
		return rm_fail(err, E2BIG, "mount options too long at \"%s\"", opt);
	if (sep)
		o->data[len++] = ',';
	strcpy(o->data + len, opt);
	return 0;
}

int mnt_parse_options(char *const *options, struct mnt_opts *o, struct rm_err *err)
{
	memset(o, 0, sizeof *o);
	for (size_t i = 0; options && options[i]; i++) {
		const char *opt = options[i];
		const struct opt_flag *f = find_opt(flag_table, sizeof flag_table / sizeof flag_table[0], opt);
		if (f) {
			if (f->clear) {
				o->clear |= f->flag;
				o->set &= ~f->flag;
			} else {
				o->set |= f->flag;
				o->clear &= ~f->flag;
			}
			continue;
		}
		if ((f = find_opt(prop_table, sizeof prop_table / sizeof prop_table[0], opt))) {
			o->prop = f->flag;
			continue;
		}
		if (parse_rec(o, opt) || parse_special(o, opt))
			continue;
		if (add_data(o, opt, err) < 0)
			return -1;
	}
	return 0;
}

int mnt_prepare_rootfs(const struct rm_plan *p, struct rm_err *err)
{
	/* Our mounts must not propagate back to the host.  rslave keeps host
	 * mounts (e.g. a USB stick) visible as runc does by default. */
	unsigned long prop = MS_SLAVE | MS_REC;
	const char *rp = p->spec->rootfs_propagation;
	if (rp && *rp) {
		const struct opt_flag *f = find_opt(prop_table, sizeof prop_table / sizeof prop_table[0], rp);
		if (!f)
			return rm_fail(err, EINVAL, "linux.rootfsPropagation: unknown value \"%s\"", rp);
		prop = f->flag;
		/* shared would leak our mounts to the host while we build, and
		 * an unbindable / could not give the rootfs bind below: both are
		 * set on the container's / after the pivot. */
		if (prop & (MS_SHARED | MS_UNBINDABLE))
			prop = MS_SLAVE | MS_REC;
	}
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return rm_fail(err, errno, "make / %s", prop & MS_PRIVATE ? "private" : "slave");
	/* A bind mount of the rootfs onto itself is a mount point we can
	 * pivot_root into and later make read-only. */
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rm_fail(err, errno, "bind rootfs %s", p->rootfs);
	int fd = openat(AT_FDCWD, p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open rootfs %s", p->rootfs);
	return fd;
}

static bool is_bind(const struct rm_mount *m, const struct mnt_opts *o)
{
	return (o->set & MS_BIND) || (m->type && strcmp(m->type, "bind") == 0);
}

/* Flags a bind remount must keep: in a user namespace the kernel refuses
 * to clear nodev/nosuid/noexec/ro that the source mount has (they are
 * locked), so carry them over, as runc does. */
unsigned long mnt_locked_flags(const char *path)
{
	struct statvfs sv;
	unsigned long f = 0;
	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
	if (sv.f_flag & ST_RDONLY) f |= MS_RDONLY;
	return f;
}

/* The source of a bind mount: absolute, or relative to the bundle. */
static const char *bind_source(const struct rm_plan *p, const char *src, char *buf, size_t len)
{
	if (!src || src[0] == '/')
		return src;
	snprintf(buf, len, "%s/%s", p->bundle, src);
	return buf;
}

static int remount_bind(const char *dest, int rootfd, const struct rm_mount *m,
			const struct mnt_opts *o, struct rm_err *err)
{
	char fdp[32];
	unsigned long extra = o->set & ~(MS_BIND | MS_REC | MS_REMOUNT);
	if (!extra && !o->clear)
		return 0;
	/* Reopen: the fd used for the mount still names the covered dentry. */
	cleanup_fd int fd = safe_resolve(rootfd, dest, SAFE_NO_CREATE, err);
	if (fd < 0)
		return -1;
	safe_fd_path(fd, fdp);
	unsigned long flags = MS_BIND | MS_REMOUNT | extra;
	if (mount(NULL, fdp, NULL, flags, NULL) == 0)
		return 0;
	if (errno == EPERM && mount(NULL, fdp, NULL, flags | mnt_locked_flags(fdp), NULL) == 0)
		return 0;
	return rm_fail(err, errno, "remount %s with %s", m->destination, o->set & MS_RDONLY ? "ro" : "flags");
}

/* An idmapped tree the parent made for mounts[i] (mount_idmap.c). */
static int idmap_fd(const struct rm_plan *p, size_t i)
{
	for (size_t k = 0; k < p->n_idmaps; k++)
		if (p->idmaps[k].mount == i)
			return p->idmaps[k].fd;
	return -1;
}

static int attach_idmapped(int tree, int dst, const struct rm_mount *m, struct rm_err *err)
{
	/* MOVE_MOUNT_T_EMPTY_PATH: onto the O_PATH fd itself. */
	if (sys_move_mount(tree, "", dst, "", RM_MOVE_MOUNT_F_EMPTY_PATH | 0x40) < 0)
		return rm_fail(err, errno, "attach idmapped %s on %s", m->source, m->destination);
	return 0;
}

/* The sources opened by mnt_open_sources(), by mount index; -1: none. */
static int *src_fds;
static size_t n_src_fds;

int mnt_open_sources(const struct rm_plan *p, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	char buf[PATH_MAX * 2];
	if (!p->new_userns || !s->ns[RM_NS_MNT].wanted || s->ns[RM_NS_MNT].path || !s->n_mounts)
		return 0;
	src_fds = calloc(s->n_mounts, sizeof *src_fds);
	if (!src_fds)
		return rm_fail(err, ENOMEM, "bind sources");
	n_src_fds = s->n_mounts;
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rm_mount *m = &s->mounts[i];
		struct mnt_opts o;
		const char *src = bind_source(p, m->source, buf, sizeof buf);
		src_fds[i] = -1;
		if (mnt_parse_options(m->options, &o, err) < 0)
			return rm_wrap(err, "%s: mounts[%zu] (%s)", s->file, i, m->destination);
		/* A failure here is left to the bind, which names it. */
		if (src && is_bind(m, &o) && !(m->type && strcmp(m->type, "cgroup") == 0))
			src_fds[i] = openat(AT_FDCWD, src, O_PATH | O_CLOEXEC);
	}
	return 0;
}

static int mount_bind(const struct rm_plan *p, size_t idx, int rootfd, const struct rm_mount *m,
		      const struct mnt_opts *o, struct rm_err *err)
{
	char srcbuf[PATH_MAX * 2], fdp[32], sfdp[32];
	struct stat st;
	const char *src = bind_source(p, m->source, srcbuf, sizeof srcbuf);
	int sfd = idx < n_src_fds ? src_fds[idx] : -1;

	if (!src)
		return rm_fail(err, EINVAL, "bind mount needs a source");
	if (sfd >= 0 ? fstat(sfd, &st) < 0 : stat(src, &st) < 0)
		return rm_fail(err, errno, "bind source %s", src);
	const char *from = sfd >= 0 ? safe_fd_path(sfd, sfdp) : src;
	/* A missing destination is made like the source: a directory for a
	 * directory, an empty file for anything else (files, devices). */
	cleanup_fd int fd = safe_resolve(rootfd, m->destination,
					 S_ISDIR(st.st_mode) ? SAFE_CREATE_DIR : SAFE_CREATE_FILE, err);
	if (fd < 0 || mnt_check_proc_dest(fd, m, true, err) < 0)
		return -1;
	int tree = idmap_fd(p, idx);
	if (tree >= 0) {
		if (attach_idmapped(tree, fd, m, err) < 0)
			return -1;
	} else if (mount(from, safe_fd_path(fd, fdp), NULL, MS_BIND | (o->set & MS_REC), NULL) < 0) {
		return rm_fail(err, errno, "bind %s on %s", src, m->destination);
	}
	if (sfd >= 0) {
		close(sfd);
		src_fds[idx] = -1;
	}
	return remount_bind(m->destination, rootfd, m, o, err);
}

/* sysfs cannot be mounted from a user namespace that does not own the
 * network namespace: do what runc does, an rbind of the host's /sys. */
static int bind_host_sys(int rootfd, const char *fdp, const struct rm_mount *m, const struct mnt_opts *o,
			 struct rm_err *err)
{
	char top[32];
	if (mount("/sys", fdp, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rm_fail(err, errno, "sysfs in a user namespace: rbind /sys on %s", m->destination);
	unsigned long extra = o->set & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	if (!extra)
		return 0;
	/* Reopen: the fd used for the mount still names the covered dentry. */
	cleanup_fd int fd = safe_resolve(rootfd, m->destination, SAFE_NO_CREATE, err);
	if (fd < 0)
		return -1;
	safe_fd_path(fd, top);
	if (mount(NULL, top, NULL, MS_BIND | MS_REMOUNT | extra | mnt_locked_flags(top), NULL) < 0)
		return rm_fail(err, errno, "sysfs in a user namespace: remount %s", m->destination);
	/* The host's submounts (securityfs, bpf, debugfs...) came along: they
	 * get the same flags, recursively, or a writable one would remain. */
	struct mnt_opts rec = { .rec_set = (extra & MS_RDONLY ? RM_MOUNT_ATTR_RDONLY : 0) |
		(extra & MS_NOSUID ? RM_MOUNT_ATTR_NOSUID : 0) | (extra & MS_NODEV ? RM_MOUNT_ATTR_NODEV : 0) |
		(extra & MS_NOEXEC ? RM_MOUNT_ATTR_NOEXEC : 0) };
	return mnt_apply_rec_attrs(fd, &rec, m->destination, err);
}

/* A fresh tmpfs is the container's own: remember its mount. */
static int note_own(struct mnt_own *own, int rootfd, const char *dest, struct rm_err *err)
{
	cleanup_fd int fd = safe_resolve(rootfd, dest, SAFE_NO_CREATE, err);
	int id = fd < 0 ? -1 : safe_mnt_id(fd, err);
	if (id < 0)
		return -1;
	if (own->n < sizeof own->ids / sizeof own->ids[0])
		own->ids[own->n++] = id;
	return 0;
}

static bool has_mode(const char *data)
{
	return strncmp(data, "mode=", 5) == 0 || strstr(data, ",mode=");
}

/* A tmpfs without mode= takes the mode of the directory it covers, as in
 * runc (the kernel's default would be 1777). */
static int tmpfs_data(int fd, const struct mnt_opts *o, char *buf, size_t len, struct rm_err *err)
{
	struct stat st;
	snprintf(buf, len, "%s", o->data);
	if (has_mode(o->data))
		return 0;
	if (fstat(fd, &st) < 0)
		return rm_fail(err, errno, "stat the tmpfs mount point");
	if (!S_ISDIR(st.st_mode))
		return 0;
	size_t n = strlen(buf);
	if ((size_t)snprintf(buf + n, len - n, "%smode=%o", n ? "," : "", st.st_mode & 07777) >= len - n)
		return rm_fail(err, E2BIG, "mount options too long");
	return 0;
}

static int mount_fs(const struct rm_plan *p, int rootfd, const struct rm_mount *m, const struct mnt_opts *o,
		    struct mnt_own *own, struct rm_err *err)
{
	char data[sizeof o->data + 16];
	char fdp[32];
	const char *type = m->type && *m->type ? m->type : "none";
	cleanup_fd int fd = safe_resolve(rootfd, m->destination, SAFE_CREATE_DIR, err);
	if (fd < 0 || mnt_check_proc_dest(fd, m, false, err) < 0)
		return -1;
	cleanup_fd int under = -1;
	if (o->tmpcopyup) {
		if (strcmp(type, "tmpfs") != 0)
			return rm_fail(err, EINVAL, "option tmpcopyup needs type tmpfs, not %s", type);
		under = openat(AT_FDCWD, safe_fd_path(fd, fdp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (under < 0)
			return rm_fail(err, errno, "tmpcopyup: open %s", m->destination);
	}
	unsigned long flags = o->set & ~(MS_REMOUNT | MS_BIND | MS_REC);
	const char *src = m->source && *m->source ? m->source : type;
	snprintf(data, sizeof data, "%s", o->data);
	if (strcmp(type, "tmpfs") == 0 && tmpfs_data(fd, o, data, sizeof data, err) < 0)
		return rm_wrap(err, "%s", m->destination);
	if (mount(src, safe_fd_path(fd, fdp), type, flags, data[0] ? data : NULL) < 0) {
		if (errno == EPERM && p->new_userns && strcmp(type, "sysfs") == 0)
			return bind_host_sys(rootfd, fdp, m, o, err);
		return rm_fail(err, errno, "mount %s (%s) on %s", src, type, m->destination);
	}
	if (strcmp(type, "tmpfs") == 0 && note_own(own, rootfd, m->destination, err) < 0)
		return -1;
	if (under >= 0)
		return mnt_copy_up(under, rootfd, m, err);
	return 0;
}

static int apply_rec(int rootfd, const struct rm_mount *m, const struct mnt_opts *o, struct rm_err *err)
{
	if (!o->rec_set && !o->rec_clr)
		return 0;
	/* Reopen: the fd used for the mount still names the covered dentry. */
	cleanup_fd int fd = safe_resolve(rootfd, m->destination, SAFE_NO_CREATE, err);
	if (fd < 0)
		return -1;
	return mnt_apply_rec_attrs(fd, o, m->destination, err);
}

int mnt_apply_mounts(const struct rm_plan *p, int rootfd, struct mnt_own *own, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	own->n = 0;
	if ((own->ids[0] = safe_mnt_id(rootfd, err)) < 0)
		return rm_wrap(err, "rootfs %s", p->rootfs);
	own->n = 1;
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rm_mount *m = &s->mounts[i];
		struct mnt_opts o;
		int r;
		if (mnt_parse_options(m->options, &o, err) < 0)
			return rm_wrap(err, "%s: mounts[%zu] (%s)", s->file, i, m->destination);
		if (m->type && strcmp(m->type, "cgroup") == 0)
			r = mnt_cgroup(p, rootfd, m, &o, err);
		else if (is_bind(m, &o))
			r = mount_bind(p, i, rootfd, m, &o, err);
		else
			r = mount_fs(p, rootfd, m, &o, own, err);
		if (r == 0)
			r = apply_rec(rootfd, m, &o, err);
		if (r < 0)
			return rm_wrap(err, "%s: mounts[%zu]", s->file, i);
	}
	return 0;
}

int mnt_make_cwd(const struct rm_plan *p, int rootfd, struct rm_err *err)
{
	const char *cwd = p->spec->process.cwd;
	/* Nothing to make under /proc: a /proc/self/fd/N cwd is a leaked fd,
	 * refused after the pivot, never a directory to create. */
	if (!cwd || !*cwd || strcmp(cwd, "/") == 0 || strncmp(cwd, "/proc/", 6) == 0)
		return 0;
	cleanup_fd int fd = safe_resolve(rootfd, cwd, SAFE_NO_CREATE, err);
	if (fd >= 0 || err->errnum != ENOENT)
		return 0;      /* exists, or the chdir after the pivot says why not */
	rm_err_clear(err);
	fd = safe_resolve(rootfd, cwd, SAFE_CREATE_DIR, err);
	if (fd < 0)
		return rm_wrap(err, "%s: process.cwd: create %s", p->spec->file, cwd);
	return 0;
}

static int move_root(const char *what, struct rm_err *err)
{
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return rm_fail(err, errno, "%s: move rootfs to /", what);
	if (chroot(".") < 0)
		return rm_fail(err, errno, "%s: chroot", what);
	return 0;
}

int mnt_pivot(const struct rm_plan *p, int rootfd, struct rm_err *err)
{
	if (fchdir(rootfd) < 0)
		return rm_fail(err, errno, "chdir to rootfs %s", p->rootfs);
	if (p->no_pivot) {
		if (move_root("--no-pivot", err) < 0)
			return -1;
	} else if (sys_pivot_root(".", ".") == 0) {
		/* The old root is now stacked on the new one at "/": detach it
		 * so no path leads back to the host.  Our tree was made rslave
		 * first, so the unmount cannot propagate to the host.  (No
		 * mount(".", MS_SLAVE) here: "." names the new root, not the
		 * stacked old one, and would reset the config's propagation.) */
		if (umount2(".", MNT_DETACH) < 0)
			return rm_fail(err, errno, "detach old root");
	} else if (errno == EINVAL) {
		/* / is an initramfs (rootfs cannot be pivoted away from).  Not
		 * with a user namespace: see plan.c for the way out. */
		if (p->spec->ns[RM_NS_USER].wanted)
			return rm_fail(err, EINVAL, "pivot_root is unavailable on this root (an initramfs?) and "
				       "a container with a user namespace could unmount its root to reach it; "
				       "move / to a tmpfs first (switch_root), as runc-mini as /init does");
		if (move_root("pivot_root unavailable on this root", err) < 0)
			return -1;
	} else {
		return rm_fail(err, errno, "pivot_root %s", p->rootfs);
	}
	if (chdir("/") < 0)
		return rm_fail(err, errno, "chdir /");
	return 0;
}

static int readonly_path(const char *path, struct rm_err *err)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
		return errno == ENOENT ? 0 : rm_fail(err, errno, "linux.readonlyPaths: bind %s", path);
	/* A bind remount sets every per-mount flag: keep the nosuid, nodev
	 * and noexec of the mount the path lies on (runc), e.g. /proc's. */
	unsigned long f = MS_BIND | MS_REMOUNT | MS_RDONLY | mnt_locked_flags(path);
	if (mount(NULL, path, NULL, f, NULL) < 0)
		return rm_fail(err, errno, "linux.readonlyPaths: remount %s read-only", path);
	return 0;
}

static int apply_propagation(const struct rm_plan *p, struct rm_err *err);

int mnt_finish(const struct rm_plan *p, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	for (size_t i = 0; i < s->n_readonly_paths; i++)
		if (readonly_path(s->readonly_paths[i], err) < 0)
			return -1;
	if (s->root_readonly) {
		unsigned long f = MS_BIND | MS_REMOUNT | MS_RDONLY | mnt_locked_flags("/");
		if (mount(NULL, "/", NULL, f, NULL) < 0)
			return rm_fail(err, errno, "root.readonly: remount / read-only");
	}
	return apply_propagation(p, err);
}

/* After the pivot, when no mount can still be made or moved: the root's
 * propagation, then each mount's own.  The paths can no longer leave the
 * container's root. */
static int apply_propagation(const struct rm_plan *p, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	const char *rp = s->rootfs_propagation;
	if (rp && *rp) {
		const struct opt_flag *f = find_opt(prop_table, sizeof prop_table / sizeof prop_table[0], rp);
		if (f && mount(NULL, "/", NULL, f->flag, NULL) < 0)
			return rm_fail(err, errno, "linux.rootfsPropagation: set %s on /", rp);
	}
	for (size_t i = 0; i < s->n_mounts; i++) {
		struct mnt_opts o;
		if (mnt_parse_options(s->mounts[i].options, &o, err) < 0 || !o.prop)
			continue;
		if (mount(NULL, s->mounts[i].destination, NULL, o.prop, NULL) < 0)
			return rm_fail(err, errno, "%s: mounts[%zu]: set propagation of %s", s->file, i,
				       s->mounts[i].destination);
	}
	return 0;
}
