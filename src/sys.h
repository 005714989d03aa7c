/* SPDX-License-Identifier: Apache-2.0 */
/* sys.h - every raw system call runc-mini makes that libc does not wrap
 * (or wraps differently across libcs), in one place.
 *
 * Each wrapper returns -1 and sets errno like libc.  Newer calls (openat2,
 * close_range, clone3, the new mount API) are optimisations: callers probe
 * them once and fall back on ENOSYS/EPERM/EINVAL, because the baseline is a
 * Linux 4.4 vendor kernel.  Constants that old headers lack are defined here
 * once.
 */
#ifndef RM_SYS_H
#define RM_SYS_H

#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif
#ifndef RESOLVE_IN_ROOT
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#endif
#ifndef O_PATH
#define O_PATH 010000000
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MS_I_VERSION
#define MS_I_VERSION (1 << 23)
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/* The new mount API (5.2: open_tree, move_mount; 5.12: mount_setattr).
 * Our own names so that <linux/mount.h> can never clash with musl's
 * <sys/mount.h>. */
#define RM_MOUNT_ATTR_RDONLY      0x00000001
#define RM_MOUNT_ATTR_NOSUID      0x00000002
#define RM_MOUNT_ATTR_NODEV       0x00000004
#define RM_MOUNT_ATTR_NOEXEC      0x00000008
#define RM_MOUNT_ATTR__ATIME      0x00000070
#define RM_MOUNT_ATTR_RELATIME    0x00000000
#define RM_MOUNT_ATTR_NOATIME     0x00000010
#define RM_MOUNT_ATTR_STRICTATIME 0x00000020
#define RM_MOUNT_ATTR_NODIRATIME  0x00000080
#define RM_MOUNT_ATTR_IDMAP       0x00100000
#define RM_MOUNT_ATTR_NOSYMFOLLOW 0x00200000
#define RM_OPEN_TREE_CLONE        1
#define RM_OPEN_TREE_CLOEXEC      O_CLOEXEC
#define RM_MOVE_MOUNT_F_EMPTY_PATH 0x00000004

struct rm_mount_attr { uint64_t attr_set, attr_clr, propagation, userns_fd; };

static inline int sys_pivot_root(const char *new_root, const char *put_old)
{
#ifdef __NR_pivot_root
	return (int)syscall(__NR_pivot_root, new_root, put_old);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* fork-like clone with namespace flags: no new stack, so the child runs on a
 * copy of the parent's like fork().  The argument order of clone differs
 * between architectures only in the pointer arguments, which are all 0 here.
 * The child must not rely on libc's cached thread id (no raise(), no
 * pthread calls): it only makes plain system calls and execs. */
static inline pid_t sys_clone(unsigned long flags)
{
	return (pid_t)syscall(__NR_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static inline int sys_capget(struct __user_cap_header_struct *h, struct __user_cap_data_struct *d)
{
	return (int)syscall(__NR_capget, h, d);
}

static inline int sys_capset(struct __user_cap_header_struct *h, const struct __user_cap_data_struct *d)
{
	return (int)syscall(__NR_capset, h, d);
}

struct rm_open_how { uint64_t flags, mode, resolve; };

/* openat2 (5.6+). ENOSYS on older kernels: callers fall back to a walk. */
static inline int sys_openat2(int dirfd, const char *path, struct rm_open_how *how)
{
#ifdef __NR_openat2
	return (int)syscall(__NR_openat2, dirfd, path, how, sizeof *how);
#else
	(void)dirfd; (void)path; (void)how;
	errno = ENOSYS;
	return -1;
#endif
}

/* close_range (5.9+): ENOSYS on older kernels; see process.c for the fallback. */
static inline int sys_close_range(unsigned first, unsigned last, unsigned flags)
{
#ifdef __NR_close_range
	return (int)syscall(__NR_close_range, first, last, flags);
#else
	(void)first; (void)last; (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_setns(int fd, int nstype)
{
	return (int)syscall(__NR_setns, fd, nstype);
}

/* keyctl(2) (linux/keyctl.h) */
#define RM_KEYCTL_SETPERM 5
#define RM_KEYCTL_DESCRIBE 6
#define RM_KEYCTL_JOIN_SESSION_KEYRING 1
#define RM_KEY_USR_SEARCH 0x00080000UL
#define RM_KEY_OTH_SEARCH 0x00000008UL

static inline long sys_keyctl(int op, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
#ifdef __NR_keyctl
	return syscall(__NR_keyctl, op, a2, a3, a4, a5);
#else
	(void)op; (void)a2; (void)a3; (void)a4; (void)a5;
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_personality(unsigned long persona)
{
	return (int)syscall(__NR_personality, persona);
}

/* Tests set RUNC_MINI_NO_NEW_MOUNT_API=1 to run the 4.x fallbacks on a new
 * kernel: the new mount calls then fail with ENOSYS, as on a 4.4 kernel. */
static inline bool sys_new_mount_api_disabled(void)
{
	static int off = -1;
	if (off < 0) {
		const char *v = getenv("RUNC_MINI_NO_NEW_MOUNT_API");
		off = v && *v && *v != '0';
	}
	return off;
}

static inline int sys_mount_setattr(int dfd, const char *path, unsigned flags, struct rm_mount_attr *attr)
{
#ifdef __NR_mount_setattr
	if (!sys_new_mount_api_disabled())
		return (int)syscall(__NR_mount_setattr, dfd, path, flags, attr, sizeof *attr);
#endif
	(void)dfd; (void)path; (void)flags; (void)attr;
	errno = ENOSYS;
	return -1;
}

static inline int sys_open_tree(int dfd, const char *path, unsigned flags)
{
#ifdef __NR_open_tree
	if (!sys_new_mount_api_disabled())
		return (int)syscall(__NR_open_tree, dfd, path, flags);
#endif
	(void)dfd; (void)path; (void)flags;
	errno = ENOSYS;
	return -1;
}

static inline int sys_move_mount(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
#ifdef __NR_move_mount
	if (!sys_new_mount_api_disabled())
		return (int)syscall(__NR_move_mount, from_dfd, from, to_dfd, to, flags);
#endif
	(void)from_dfd; (void)from; (void)to_dfd; (void)to; (void)flags;
	errno = ENOSYS;
	return -1;
}

/* A new-API call that failed this way means "not on this kernel". */
static inline bool sys_is_unavailable(int e)
{
	return e == ENOSYS || e == EPERM || e == EINVAL;
}

struct rm_sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

/* sched_setattr (3.14). */
static inline int sys_sched_setattr(pid_t pid, struct rm_sched_attr *attr, unsigned flags)
{
#ifdef __NR_sched_setattr
	return (int)syscall(__NR_sched_setattr, pid, attr, flags);
#else
	(void)pid; (void)attr; (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* ioprio_set (2.6.13): who = IOPRIO_WHO_PROCESS 1, 0 = ourselves. */
static inline int sys_ioprio_set(int which, int who, int ioprio)
{
#ifdef __NR_ioprio_set
	return (int)syscall(__NR_ioprio_set, which, who, ioprio);
#else
	(void)which; (void)who; (void)ioprio;
	errno = ENOSYS;
	return -1;
#endif
}

/* seccomp (3.17): SECCOMP_SET_MODE_FILTER with SECCOMP_FILTER_FLAG_*.
 * ENOSYS means a kernel that only has prctl(PR_SET_SECCOMP). */
static inline int sys_seccomp(unsigned op, unsigned flags, void *args)
{
#ifdef __NR_seccomp
	return (int)syscall(__NR_seccomp, op, flags, args);
#else
	(void)op; (void)flags; (void)args;
	errno = ENOSYS;
	return -1;
#endif
}

/* Set a signal's disposition to SIG_DFL with the raw system call.  libc
 * refuses its own internal signals (musl: 32-34, glibc: 32-33), but a
 * caller may have left them ignored, and an ignored signal survives
 * execve into the container.  An all-zero kernel sigaction is SIG_DFL
 * with no flags on every architecture, whatever its field order. */
static inline int sys_signal_default(int sig)
{
	unsigned long ksa[8] = { 0 };
#if defined(__mips__)
	return (int)syscall(__NR_rt_sigaction, sig, ksa, 0, 16);
#else
	return (int)syscall(__NR_rt_sigaction, sig, ksa, 0, 8);
#endif
}

/* memfd_create (3.17) and file seals, for the sealed copy of our own
 * binary (exe.c, CVE-2019-5736).  Tests set RUNC_MINI_NO_MEMFD=1 to take
 * the O_TMPFILE fallback of a kernel or seccomp profile without it. */
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif

static inline int sys_memfd_create(const char *name, unsigned flags)
{
	const char *off = getenv("RUNC_MINI_NO_MEMFD");
#ifdef __NR_memfd_create
	if (!(off && *off && *off != '0'))
		return (int)syscall(__NR_memfd_create, name, flags);
#endif
	(void)name; (void)flags; (void)off;
	errno = ENOSYS;
	return -1;
}

#endif
