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

static inline int sys_personality(unsigned long persona)
{
	return (int)syscall(__NR_personality, persona);
}

#endif
