/* SPDX-License-Identifier: Apache-2.0 */
/* spec_boot.h - the boot configuration of runc-mini as the system's PID 1
 * (/etc/runc-mini/boot.json in the initramfs), and the kernel command
 * line's runc-mini.* overrides.  Decoding only: no syscalls. */
#ifndef RM_SPEC_BOOT_H
#define RM_SPEC_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

#define RM_BOOT_CONFIG "/etc/runc-mini/boot.json"
#define RM_BOOT_MAX_CTRS 64     /* containers one boot supervises */

enum rm_restart { RM_RESTART_NO, RM_RESTART_ON_FAILURE, RM_RESTART_ALWAYS };
enum rm_boot_action { RM_BOOT_POWEROFF, RM_BOOT_REBOOT, RM_BOOT_HALT, RM_BOOT_SHELL };
enum rm_boot_cgroup { RM_BOOT_CG_AUTO, RM_BOOT_CG_V2, RM_BOOT_CG_V1, RM_BOOT_CG_NONE };

struct rm_boot_ctr {
	char *id;                /* default: the bundle's last path component */
	char *bundle;            /* required */
	enum rm_restart restart; /* default no */
	uint32_t delay_ms;       /* before the first restart (default 1000) */
	uint32_t backoff;        /* each further delay is multiplied by this (default 2) */
	uint32_t max_delay_ms;   /* ceiling of the delay (default 60000) */
	int32_t max_restarts;    /* -1: no limit (default) */
	int stop_signal;         /* default SIGTERM */
	uint32_t stop_timeout_ms;/* then SIGKILL (default 10000) */
	bool init;               /* run it with --init */
};

struct rm_boot_conf {
	struct rm_arena arena;       /* owns every pointer below */
	char *hostname;              /* NULL: leave the kernel's */
	enum rm_boot_action on_exit; /* when every container has ended for good */
	char *shell;                 /* default /bin/sh */
	uint32_t fatal_delay_s;      /* reboot this long after a fatal error (default 10) */
	enum rm_boot_cgroup cgroup;
	bool shell_only;             /* runc-mini.shell=1: a shell, no containers */
	struct rm_boot_ctr *ctrs;
	size_t n_ctrs;
};

/* Decode a boot.json document (`name` prefixes messages). */
int boot_conf_parse(struct rm_boot_conf *c, const char *name, const char *buf, size_t len,
		    struct rm_err *err);
/* The defaults alone, as when no configuration file exists. */
void boot_conf_defaults(struct rm_boot_conf *c);
/* Apply the runc-mini.* words of a kernel command line:
 *   runc-mini.shell=1  runc-mini.on-exit=ACTION  runc-mini.hostname=NAME
 *   runc-mini.cgroup=auto|v2|v1|none
 * (runc-mini.config=PATH is read by boot_cmdline_config). */
int boot_conf_cmdline(struct rm_boot_conf *c, const char *cmdline, struct rm_err *err);
/* The value of runc-mini.config= in a command line, into out (or false). */
bool boot_cmdline_config(const char *cmdline, char *out, size_t len);
void boot_conf_free(struct rm_boot_conf *c);

const char *boot_action_name(enum rm_boot_action a);

#endif
