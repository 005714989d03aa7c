/* SPDX-License-Identifier: Apache-2.0 */
/* sys_bpf.h - the raw bpf(2) syscall, for the cgroup v2 device controller.
 *
 * Kept apart from sys.h because only cgroup_bpf.c needs it and it pulls in
 * the kernel's linux/bpf.h.  Guarded like every wrapper: a toolchain
 * without __NR_bpf gets ENOSYS, which the caller reports as "unavailable".
 */
#ifndef RM_SYS_BPF_H
#define RM_SYS_BPF_H

#include <errno.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline int sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
#ifdef __NR_bpf
	return (int)syscall(__NR_bpf, cmd, attr, size);
#else
	(void)cmd;
	(void)attr;
	(void)size;
	errno = ENOSYS;
	return -1;
#endif
}

#endif
