/* SPDX-License-Identifier: Apache-2.0 */
/* boot_sys.c - what runc-mini does to the system as its PID 1: leave the
 * initramfs for a tmpfs, mount the kernel filesystems and cgroups, bring
 * up loopback, and at the end unmount, sync and reboot(2).
 *
 * The initramfs root (rootfs) cannot be pivot_root'ed away from, so a
 * container on it would get MS_MOVE + chroot, and the initramfs's pages
 * would stay in RAM for ever.  Like switch_root, we move every file into a
 * tmpfs (deleting each as it is copied, so memory use does not double) and
 * make that tmpfs the root: containers then get a real pivot_root.
 */
#include "boot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "ns.h"
#include "util.h"

#define RAMFS_MAGIC_ 0x858458f6
#define TMPFS_MAGIC_ 0x01021994
#define NEWROOT ".runc-mini-root"

static int copy_tree(int from, int to, struct rm_err *err);

/* What was moved out of the initramfs (for the boot log). */
static unsigned long long moved_files, moved_bytes;

static int copy_data(int from, const char *name, int to, const struct stat *st, struct rm_err *err)
{
	char buf[65536];
	ssize_t n;
	cleanup_fd int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	cleanup_fd int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st->st_mode & 07777);
	if (in < 0 || out < 0)
		return rm_fail(err, errno, "copy /%s into the new root", name);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (util_write_all(out, buf, (size_t)n) < 0)
			return rm_fail(err, errno, "copy /%s into the new root", name);
	if (n < 0)
		return rm_fail(err, errno, "read /%s", name);
	moved_bytes += (unsigned long long)st->st_size;
	return 0;
}

/* One entry: made again under `to`, then removed from `from`. */
static int move_entry(int from, const char *name, int to, struct rm_err *err)
{
	struct stat st;
	char link[4096];
	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return rm_fail(err, errno, "stat /%s", name);
	if (S_ISDIR(st.st_mode)) {
		if (mkdirat(to, name, st.st_mode & 07777) < 0 && errno != EEXIST)
			return rm_fail(err, errno, "mkdir %s in the new root", name);
		cleanup_fd int a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		cleanup_fd int b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (a < 0 || b < 0 || copy_tree(a, b, err) < 0)
			return a < 0 || b < 0 ? rm_fail(err, errno, "open directory %s", name) : -1;
	} else if (S_ISREG(st.st_mode)) {
		if (copy_data(from, name, to, &st, err) < 0)
			return -1;
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlinkat(from, name, link, sizeof link - 1);
		if (n < 0)
			return rm_fail(err, errno, "readlink %s", name);
		link[n] = '\0';
		if (symlinkat(link, to, name) < 0)
			return rm_fail(err, errno, "symlink %s", name);
	} else if (mknodat(to, name, st.st_mode, st.st_rdev) < 0) {
		return rm_fail(err, errno, "mknod %s", name);
	}
	fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
	if (!S_ISLNK(st.st_mode))
		fchmodat(to, name, st.st_mode & 07777, 0);
	if (unlinkat(from, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
		return rm_fail(err, errno, "remove %s from the initramfs", name);
	moved_files++;
	return 0;
}

static int copy_tree(int from, int to, struct rm_err *err)
{
	int dfd = dup(from);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	struct dirent *de;
	int r = 0;
	if (!d)
		return rm_fail(err, errno, "read a directory of the initramfs");
	while (r == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, NEWROOT))
			r = move_entry(from, de->d_name, to, err);
	closedir(d);
	return r;
}

bool boot_on_initramfs(void)
{
	struct statfs s;
	return statfs("/", &s) == 0 && ((unsigned long)s.f_type == RAMFS_MAGIC_ ||
					(unsigned long)s.f_type == TMPFS_MAGIC_);
}

int boot_leave_initramfs(unsigned long long *files, unsigned long long *kib, struct rm_err *err)
{
	if (mkdir("/" NEWROOT, 0755) < 0 && errno != EEXIST)
		return rm_fail(err, errno, "mkdir /" NEWROOT);
	if (mount("rootfs", "/" NEWROOT, "tmpfs", 0, "mode=0755") < 0)
		return rm_fail(err, errno, "mount a tmpfs on /" NEWROOT);
	cleanup_fd int from = openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cleanup_fd int to = openat(AT_FDCWD, "/" NEWROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (from < 0 || to < 0)
		return rm_fail(err, errno, "open / and /" NEWROOT);
	if (copy_tree(from, to, err) < 0)
		return -1;
	/* switch_root's three steps: the tmpfs over /, then our root. */
	if (fchdir(to) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return rm_fail(err, errno, "move the new root onto /");
	if (chroot(".") < 0 || chdir("/") < 0)
		return rm_fail(err, errno, "chroot into the new root");
	*files = moved_files;
	*kib = moved_bytes / 1024;
	return 0;
}

struct fs { const char *src, *dst, *type; unsigned long flags; const char *data; bool must; };

static int mount_one(const struct fs *f, struct rm_err *err)
{
	if (mkdir(f->dst, 0755) < 0 && errno != EEXIST)
		return f->must ? rm_fail(err, errno, "mkdir %s", f->dst) : 0;
	if (mount(f->src, f->dst, f->type, f->flags, f->data) == 0 || errno == EBUSY)
		return 0;
	return f->must ? rm_fail(err, errno, "mount %s on %s", f->type, f->dst) : 0;
}

static bool has_fs(const char *name)
{
	char *buf = NULL, pat[64];
	struct rm_err e;
	if (util_read_file("/proc/filesystems", 1 << 16, &buf, NULL, &e) < 0)
		return false;
	snprintf(pat, sizeof pat, "\t%s\n", name);
	bool r = strstr(buf, pat) != NULL;
	free(buf);
	return r;
}

/* v1: one hierarchy per enabled controller of /proc/cgroups. */
static int mount_cgroup_v1(struct rm_err *err)
{
	char *buf = NULL, name[64], dst[128];
	int hier, num, on;
	static const struct fs top = { "cgroup", "/sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
				       "mode=0755", true };
	if (mount_one(&top, err) < 0 || util_read_file("/proc/cgroups", 1 << 16, &buf, NULL, err) < 0)
		return -1;
	for (char *l = strchr(buf, '\n'); l && *++l; l = strchr(l, '\n')) {
		if (util_scan(l, "%63s %d %d %d", name, &hier, &num, &on) != 4 || !on)
			continue;
		snprintf(dst, sizeof dst, "/sys/fs/cgroup/%s", name);
		struct fs f = { "cgroup", dst, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, name, false };
		mount_one(&f, err);
	}
	free(buf);
	return 0;
}

int boot_mount_cgroups(enum rm_boot_cgroup want, struct rm_err *err)
{
	if (want == RM_BOOT_CG_NONE)
		return 0;
	if (want == RM_BOOT_CG_V1 || (want == RM_BOOT_CG_AUTO && !has_fs("cgroup2")))
		return mount_cgroup_v1(err);
	unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", fl, "nsdelegate") == 0 ||
	    mount("cgroup2", "/sys/fs/cgroup", "cgroup2", fl, NULL) == 0)
		return 0;
	return rm_fail(err, errno, "mount cgroup2 on /sys/fs/cgroup");
}

int boot_mount_system(struct rm_err *err)
{
	static const struct fs fss[] = {
		{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, true },
		{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, true },
		{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", true },
		{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666", true },
		{ "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", true },
		{ "run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", true },
		{ "tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", true },
	};
	for (size_t i = 0; i < sizeof fss / sizeof fss[0]; i++)
		if (mount_one(&fss[i], err) < 0)
			return -1;
	if (symlink("pts/ptmx", "/dev/ptmx") < 0 && errno != EEXIST)
		return rm_fail(err, errno, "symlink /dev/ptmx");
	return 0;
}

int boot_net_names(const char *hostname, struct rm_err *err)
{
	if (ns_loopback_up(err) < 0)
		return -1;
	if (hostname && *hostname && sethostname(hostname, strlen(hostname)) < 0)
		return rm_fail(err, errno, "hostname: sethostname(\"%s\")", hostname);
	return 0;
}

/* Everything we mounted, innermost first; / stays. */
void boot_unmount_all(void)
{
	char *buf = NULL, *mnts[256];
	size_t n = 0;
	struct rm_err e;
	if (util_read_file("/proc/self/mounts", 1 << 20, &buf, NULL, &e) < 0)
		return;
	for (char *l = strtok(buf, "\n"); l && n < 256; l = strtok(NULL, "\n")) {
		char *dst = strchr(l, ' ');
		if (!dst)
			continue;
		dst++;
		dst[strcspn(dst, " ")] = '\0';
		if (strcmp(dst, "/") != 0)
			mnts[n++] = dst;
	}
	while (n)
		umount2(mnts[--n], MNT_DETACH);
	free(buf);
}

_Noreturn void boot_power(enum rm_boot_action a)
{
	sync();
	reboot(a == RM_BOOT_REBOOT ? RB_AUTOBOOT : a == RM_BOOT_HALT ? RB_HALT_SYSTEM : RB_POWER_OFF);
	/* Only without CAP_SYS_BOOT: there is nothing left to do. */
	for (;;)
		pause();
}
