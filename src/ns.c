/* SPDX-License-Identifier: Apache-2.0 */
/* ns.c - namespaces: which to create, which to join, id maps, loopback. */
#include "ns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sys.h"
#include "util.h"

static const int flags[RM_NS_COUNT] = {
	[RM_NS_PID] = CLONE_NEWPID, [RM_NS_NET] = CLONE_NEWNET, [RM_NS_MNT] = CLONE_NEWNS,
	[RM_NS_IPC] = CLONE_NEWIPC, [RM_NS_UTS] = CLONE_NEWUTS, [RM_NS_USER] = CLONE_NEWUSER,
	[RM_NS_CGROUP] = CLONE_NEWCGROUP, [RM_NS_TIME] = CLONE_NEWTIME,
};

int ns_clone_flag(enum rm_ns_type t)
{
	return t < RM_NS_COUNT ? flags[t] : 0;
}

int ns_flags_to_create(const struct rm_spec *s)
{
	int f = 0;
	for (int i = 0; i < RM_NS_COUNT; i++)
		if (s->ns[i].wanted && !s->ns[i].path)
			f |= flags[i];
	return f;
}

void ns_close_paths(int fds[RM_NS_COUNT])
{
	for (int i = 0; i < RM_NS_COUNT; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* NS_GET_NSTYPE (4.11): the namespace type behind an fd, so that a path to
 * the wrong kind of namespace (or a plain file) is refused by name, not as a
 * bare EINVAL from setns in the child.  Older kernels: setns will check. */
#define RM_NS_GET_NSTYPE 0xb703

static int check_ns_type(int fd, int want, const struct rm_spec *s, int i, struct rm_err *err)
{
	int got = ioctl(fd, RM_NS_GET_NSTYPE);
	if (got == want)
		return 0;
	if (got < 0 && errno == ENOTTY) {
		/* a file that is no namespace at all, or a kernel before 4.11 */
		struct statfs sf;
		if (fstatfs(fd, &sf) == 0 && (sf.f_type == 0x6e736673 /* NSFS_MAGIC */ ||
					     sf.f_type == 0x9fa0 /* PROC_SUPER_MAGIC, before 3.19 */))
			return 0;
		return rm_fail(err, EINVAL, "linux.namespaces: %s namespace path %s is not a namespace",
			       spec_ns_name((enum rm_ns_type)i), s->ns[i].path);
	}
	if (got < 0)
		return 0;
	const char *what = "another";
	for (int k = 0; k < RM_NS_COUNT; k++)
		if (flags[k] == got)
			what = spec_ns_name((enum rm_ns_type)k);
	return rm_fail(err, EINVAL, "linux.namespaces: %s namespace path %s is a %s namespace",
		       spec_ns_name((enum rm_ns_type)i), s->ns[i].path, what);
}

int ns_open_paths(const struct rm_spec *s, int fds[RM_NS_COUNT], struct rm_err *err)
{
	for (int i = 0; i < RM_NS_COUNT; i++)
		fds[i] = -1;
	for (int i = 0; i < RM_NS_COUNT; i++) {
		if (!s->ns[i].wanted || !s->ns[i].path)
			continue;
		fds[i] = openat(AT_FDCWD, s->ns[i].path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			int e = errno;
			ns_close_paths(fds);
			return rm_fail(err, e, "linux.namespaces: %s namespace path %s",
				       spec_ns_name((enum rm_ns_type)i), s->ns[i].path);
		}
		if (check_ns_type(fds[i], flags[i], s, i, err) < 0) {
			ns_close_paths(fds);
			return -1;
		}
	}
	return 0;
}

int ns_join(int fds[RM_NS_COUNT], struct rm_err *err)
{
	/* The user namespace first: it grants the rights to join the rest. */
	static const enum rm_ns_type order[] = { RM_NS_USER, RM_NS_IPC, RM_NS_UTS, RM_NS_NET,
						 RM_NS_CGROUP, RM_NS_TIME, RM_NS_MNT };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		int i = order[k];
		if (fds[i] < 0)
			continue;
		if (sys_setns(fds[i], flags[i]) < 0)
			return rm_fail(err, errno, "join %s namespace", spec_ns_name((enum rm_ns_type)i));
		close(fds[i]);
		fds[i] = -1;
	}
	return 0;
}

static int format_map(char *buf, size_t len, const struct rm_idmap *m, size_t n)
{
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + off, len - off, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
		if (w < 0 || (size_t)w >= len - off)
			return -1;
		off += (size_t)w;
	}
	return (int)off;
}

int ns_write_map(pid_t pid, const char *file, const struct rm_idmap *m, size_t n, struct rm_err *err)
{
	char path[64], buf[4096];
	int len = format_map(buf, sizeof buf, m, n);
	if (len < 0)
		return rm_fail(err, E2BIG, "%s: too many id mappings", file);
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	return util_write_file(path, buf, (size_t)len, err);
}

static int write_map(pid_t pid, const char *file, const struct rm_idmap *m, size_t n, struct rm_err *err)
{
	if (ns_write_map(pid, file, m, n, err) < 0)
		return rm_wrap(err, "linux.%s", strcmp(file, "uid_map") == 0 ? "uidMappings" : "gidMappings");
	return 0;
}

/* An unprivileged writer may only map its own id, once; anything more
 * (several ranges, subordinate ids) goes through the setuid helpers
 * newuidmap/newgidmap (package uidmap), which check /etc/subuid and
 * /etc/subgid. */
static bool needs_helper(const struct rm_idmap *m, size_t n, unsigned own)
{
	return geteuid() != 0 && (n != 1 || m[0].size != 1 || m[0].host_id != own);
}

static const char *find_helper(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static int run_helper(const char *name, const char *field, pid_t pid, const struct rm_idmap *m, size_t n,
		      struct rm_err *err)
{
	char exe[64], nums[64][12], *argv[3 + 3 * 20 + 1];
	size_t a = 0, k = 0;
	if (!find_helper(name, exe, sizeof exe))
		return rm_fail(err, EPERM, "%s: mapping more than your own id needs %s (package uidmap)",
			       field, name);
	if (n > 20)
		return rm_fail(err, E2BIG, "%s: more than 20 ranges", field);
	argv[a++] = exe;
	snprintf(nums[k], sizeof nums[k], "%d", (int)pid);
	argv[a++] = nums[k++];
	for (size_t i = 0; i < n; i++) {
		uint32_t v[3] = { m[i].container_id, m[i].host_id, m[i].size };
		for (int j = 0; j < 3; j++) {
			snprintf(nums[k], sizeof nums[k], "%u", v[j]);
			argv[a++] = nums[k++];
		}
	}
	argv[a] = NULL;
	pid_t h = fork();
	if (h < 0)
		return rm_fail(err, errno, "%s: fork %s", field, name);
	if (h == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDOUT_FILENO);   /* its stderr says why it refused */
		execv(exe, argv);
		_exit(127);
	}
	int st;
	while (waitpid(h, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return rm_fail(err, EPERM, "%s: %s refused the mapping (see /etc/sub%cid)", field, name,
			       name[3] == 'u' ? 'u' : 'g');
	return 0;
}

int ns_write_id_maps(pid_t pid, const struct rm_spec *s, struct rm_err *err)
{
	char path[64];
	bool uid_helper = needs_helper(s->uid_maps, s->n_uid_maps, (unsigned)geteuid());
	bool gid_helper = needs_helper(s->gid_maps, s->n_gid_maps, (unsigned)getegid());
	if (uid_helper ? run_helper("newuidmap", "linux.uidMappings", pid, s->uid_maps, s->n_uid_maps, err) < 0
		       : write_map(pid, "uid_map", s->uid_maps, s->n_uid_maps, err) < 0)
		return -1;
	if (gid_helper)
		return run_helper("newgidmap", "linux.gidMappings", pid, s->gid_maps, s->n_gid_maps, err);
	/* An unprivileged writer must deny setgroups before writing gid_map;
	 * as root we leave setgroups allowed so additionalGids work. */
	if (geteuid() != 0) {
		snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
		if (util_write_file(path, "deny", 4, err) < 0 && err->errnum != ENOENT)
			return -1;
	}
	return write_map(pid, "gid_map", s->gid_maps, s->n_gid_maps, err);
}

int ns_loopback_up(struct rm_err *err)
{
	struct ifreq ifr;
	cleanup_fd int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rm_fail(err, errno, "loopback: socket");
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return rm_fail(err, errno, "loopback: get flags of lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return rm_fail(err, errno, "loopback: bring lo up");
	return 0;
}

int ns_join_pid_for_children(int fds[RM_NS_COUNT], struct rm_err *err)
{
	if (fds[RM_NS_PID] < 0)
		return 0;
	if (sys_setns(fds[RM_NS_PID], CLONE_NEWPID) < 0)
		return rm_fail(err, errno, "join pid namespace");
	close(fds[RM_NS_PID]);
	fds[RM_NS_PID] = -1;
	return 0;
}

/* A new time namespace with linux.timeOffsets.  Offsets can only be written
 * before any process is in the namespace, so it is not made by clone (that
 * would put us in at once): unshare() makes it for our children, we write
 * the offsets, then enter it ourselves through time_for_children. */
int ns_setup_time(const struct rm_spec *s, struct rm_err *err)
{
	char buf[128];
	int n = 0;
	if (unshare(CLONE_NEWTIME) < 0)
		return rm_fail(err, errno, "linux.namespaces: create time namespace");
	if (s->time_monotonic.set)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "monotonic %lld %u\n",
			      (long long)s->time_monotonic.secs, s->time_monotonic.nanosecs);
	if (s->time_boottime.set)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "boottime %lld %u\n",
			      (long long)s->time_boottime.secs, s->time_boottime.nanosecs);
	if (n > 0 && util_write_file("/proc/self/timens_offsets", buf, (size_t)n, err) < 0)
		return rm_wrap(err, "linux.timeOffsets");
	cleanup_fd int fd = openat(AT_FDCWD, "/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open /proc/self/ns/time_for_children");
	if (sys_setns(fd, CLONE_NEWTIME) < 0)
		return rm_fail(err, errno, "enter the new time namespace");
	return 0;
}
