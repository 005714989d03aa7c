/* SPDX-License-Identifier: Apache-2.0 */
/* boot.h - runc-mini as the system's PID 1 (the /init of an initramfs):
 * boot.c supervises the containers of the boot configuration, boot_sys.c
 * prepares and finally powers off the system. */
#ifndef RM_BOOT_H
#define RM_BOOT_H

#include <stdbool.h>

#include "err.h"
#include "spec_boot.h"

/* Is this process the kernel's init as runc-mini's /init?  (PID 1 and
 * started under a name ending in "init".) */
bool boot_is_system_init(const char *argv0);
/* Boot the device; never returns.  argv: to re-execute from a sealed copy
 * of the binary (CVE-2019-5736), as every container start does. */
_Noreturn void boot_main(char **argv);

/* boot_sys.c */
bool boot_on_initramfs(void);
/* As switch_root: every file into a tmpfs that becomes / (frees the
 * initramfs's memory, and pivot_root works below it).  *files and *kib:
 * what was moved. */
int boot_leave_initramfs(unsigned long long *files, unsigned long long *kib, struct rm_err *err);
/* /proc /sys /dev (+pts, shm) /run /tmp; then the cgroup hierarchies
 * (cgroup2 when the kernel has it and auto is asked, else v1 controllers). */
int boot_mount_system(struct rm_err *err);
int boot_mount_cgroups(enum rm_boot_cgroup want, struct rm_err *err);
int boot_net_names(const char *hostname, struct rm_err *err);
void boot_unmount_all(void);
_Noreturn void boot_power(enum rm_boot_action a);

#endif
