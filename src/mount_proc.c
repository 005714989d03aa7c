/* SPDX-License-Identifier: Apache-2.0 */
/* mount_proc.c - what the config may mount on and under /proc.
 *
 * Untrusted: the config's mounts (engines pass volumes through) and the
 * rootfs, whose symlinks could route a destination into /proc.  A mount over
 * a procfs file puts a file of the caller's choosing where the kernel's
 * controls live: over /proc/self/attr it defeats the LSM label written at
 * exec (CVE-2019-16884), over /proc/sys or /proc/sysrq-trigger it can hide
 * or fake what the masks and read-only paths protect, and a race of volume
 * symlinks could do it behind the config's back (CVE-2019-19921).  As runc
 * does: only procfs on /proc itself, and under /proc only binds onto the
 * regular files that lxcfs-style tools emulate.  The check is made on the
 * resolved destination (its fd), so a symlink in the image cannot send a
 * mount into /proc unnoticed.
 */
#include "mount.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/statfs.h>

#include "spec.h"

#define PROC_SUPER_MAGIC 0x9fa0

/* runc's list (libcontainer/rootfs_linux.go, checkProcMount). */
static const char *const proc_bind_ok[] = {
	"/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps",
	"/proc/uptime", "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev",
	"/proc/sys/kernel/ns_last_pid",
};

static bool is_proc_root(const char *dest)
{
	return strcmp(dest, "/proc") == 0 || strcmp(dest, "/proc/") == 0;
}

static bool is_lxcfs_file(const char *dest)
{
	for (size_t i = 0; i < sizeof proc_bind_ok / sizeof proc_bind_ok[0]; i++)
		if (strcmp(dest, proc_bind_ok[i]) == 0)
			return true;
	return false;
}

int mnt_check_proc_dest(int fd, const struct rm_mount *m, bool bind, struct rm_err *err)
{
	struct statfs sf;
	bool is_proc = !bind && m->type && strcmp(m->type, "proc") == 0;

	if (is_proc_root(m->destination) && !is_proc)
		return rm_fail(err, EPERM, "mount destination %s: only procfs may be mounted there "
			       "(CVE-2019-16884)", m->destination);
	if (fstatfs(fd, &sf) < 0)
		return rm_fail(err, errno, "statfs mount destination %s", m->destination);
	if (sf.f_type != PROC_SUPER_MAGIC || is_proc || (bind && is_lxcfs_file(m->destination)))
		return 0;
	return rm_fail(err, EPERM, "mount destination %s is inside /proc: not allowed "
		       "(CVE-2019-16884, CVE-2019-19921)", m->destination);
}
