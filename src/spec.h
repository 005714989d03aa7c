/* SPDX-License-Identifier: Apache-2.0 */
/* spec.h - the container configuration as plain data.
 *
 * spec.c decodes OCI config.json and spec_legacy.c early runc's
 * container.json into this one struct.  Nothing here touches the kernel:
 * paths are as written (plan.c resolves them), names are mapped to numbers
 * with tables built from the toolchain's headers.
 *
 * Covers: spec_load.c (spec_load_bundle), spec.c (spec_parse_oci,
 * spec_parse_process, spec_free), spec_legacy.c (spec_parse_legacy) and
 * spec_common.c (names, validation, env).  The decoders of parts of the
 * config have headers of their own: spec_proc.h, spec_resources.h,
 * spec_boot.h, seccomp.h (sc_decode, in spec_seccomp.c).
 */
#ifndef RM_SPEC_H
#define RM_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arena.h"
#include "err.h"
#include "rdt.h"
#include "resources.h"

enum rm_ns_type {
	RM_NS_PID, RM_NS_NET, RM_NS_MNT, RM_NS_IPC, RM_NS_UTS, RM_NS_USER, RM_NS_CGROUP, RM_NS_TIME,
	RM_NS_COUNT
};

struct rm_ns {
	bool wanted;                /* listed in linux.namespaces */
	char *path;                 /* join this one instead of creating one */
};

struct rm_idmap { uint32_t container_id, host_id, size; };

struct rm_mount {
	char *destination, *type, *source;
	char **options;             /* NULL-terminated */
	size_t n_options;
	struct rm_idmap *uid_maps, *gid_maps;
	size_t n_uid_maps, n_gid_maps;
};

struct rm_device {
	char *path;
	char type;                  /* 'c', 'b', 'u', 'p' */
	int64_t major, minor;
	uint32_t mode, uid, gid;
	bool has_mode, has_uid, has_gid;
};

struct rm_rlimit { int resource; uint64_t soft, hard; };

enum rm_capset { RM_CAP_BOUNDING, RM_CAP_EFFECTIVE, RM_CAP_PERMITTED, RM_CAP_INHERITABLE,
		 RM_CAP_AMBIENT, RM_CAP_NSETS };

/* A set the config leaves out is empty, as in runc: containerd writes
 * "capabilities": {} for a pod that drops ALL, so "absent" must never mean
 * "keep what the runtime has". */
/* The largest user or group id taken, as runc: (uid_t)-1 means "leave
 * unchanged" to setresuid, so 4294967295 would keep a process root; the
 * whole upper half is refused so that no id aliases a negative number. */
#define RM_USER_ID_MAX 2147483647u
/* Supplementary groups the kernel takes (NGROUPS_MAX; musl's header says 32). */
#define RM_GROUPS_MAX 65536

struct rm_caps {
	uint64_t set[RM_CAP_NSETS];
};

struct rm_kv { char *key, *value; };

struct rm_hook {
	char *path;
	char **args, **env;
	int32_t timeout;
	bool has_timeout;
};

enum rm_hook_kind { RM_HOOK_PRESTART, RM_HOOK_CREATE_RUNTIME, RM_HOOK_CREATE_CONTAINER,
		    RM_HOOK_START_CONTAINER, RM_HOOK_POSTSTART, RM_HOOK_POSTSTOP, RM_HOOK_NKINDS };

struct rm_hooks { struct rm_hook *list; size_t n; };

/* process.scheduler: sched_setattr(2). */
struct rm_sched {
	bool set;
	char *policy;               /* as written, e.g. "SCHED_FIFO" */
	uint32_t policy_num;
	int32_t nice, priority;
	char **flags;
	uint64_t flags_num;
	uint64_t runtime, deadline, period;
};

/* process.ioPriority: ioprio_set(2). */
struct rm_ioprio { bool set; char *class_name; int class_num; int32_t priority; };

/* process.execCPUAffinity: CPU lists like "0-3,7". */
struct rm_affinity { char *initial, *final; };

struct rm_process {
	bool terminal;
	uint32_t console_height, console_width;
	bool has_console_size;
	char *cwd;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	uint32_t uid, gid, umask;
	bool has_umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char *user_name;            /* legacy container.json: resolved in the rootfs */
	struct rm_caps caps;
	bool no_new_privileges;
	struct rm_rlimit *rlimits;
	size_t n_rlimits;
	int32_t oom_score_adj;
	bool has_oom_score_adj;
	char *apparmor_profile, *selinux_label;
	struct rm_sched sched;
	struct rm_ioprio ioprio;
	struct rm_affinity affinity;
};

/* linux.timeOffsets: clock offsets of a new time namespace. */
struct rm_time_offset { bool set; int64_t secs; uint32_t nanosecs; };

struct rm_spec {
	struct rm_arena arena;      /* owns every pointer below */
	char *file;                 /* "config.json" or "container.json" */
	bool legacy;
	char *oci_version;
	char *root_path;            /* as written; "./" in legacy = the bundle */
	bool root_readonly;
	struct rm_process process;
	bool has_process;           /* runtime-spec: required at start, not at create */
	char *hostname, *domainname;
	struct rm_mount *mounts;
	size_t n_mounts;
	struct rm_hooks hooks[RM_HOOK_NKINDS];
	struct rm_kv *annotations;
	size_t n_annotations;

	/* linux */
	struct rm_ns ns[RM_NS_COUNT];
	struct rm_idmap *uid_maps, *gid_maps;
	size_t n_uid_maps, n_gid_maps;
	struct rm_device *devices;
	size_t n_devices;
	char *cgroups_path;
	struct rm_rdt rdt;            /* linux.intelRdt */
	struct rm_resources resources;
	bool has_resources;
	struct rm_kv *sysctl;
	size_t n_sysctl;
	char **masked_paths, **readonly_paths;
	size_t n_masked_paths, n_readonly_paths;
	char *rootfs_propagation;
	char *mount_label;
	/* linux.personality */
	bool has_personality;
	char *personality_domain;
	char **personality_flags;
	unsigned long personality;  /* domain | flags */
	struct rm_time_offset time_monotonic, time_boottime;
	bool has_seccomp;           /* decoded by the seccomp issue */
	struct rm_seccomp *seccomp; /* linux.seccomp (seccomp.h), NULL when absent */
};

/* Read BUNDLE/config.json, or BUNDLE/container.json when that is absent. */
int spec_load_bundle(struct rm_spec *s, const char *bundle, struct rm_err *err);
/* Decode from memory (the fuzzers and unit tests use this). */
int spec_parse_oci(struct rm_spec *s, const char *name, const char *buf, size_t len,
		   struct rm_err *err);
int spec_parse_legacy(struct rm_spec *s, const char *name, const char *buf, size_t len,
		      struct rm_err *err);
/* Replace s->process by an OCI process object (exec --process FILE). */
int spec_parse_process(struct rm_spec *s, const char *name, const char *buf, size_t len,
		       struct rm_err *err);
void spec_free(struct rm_spec *s);

/* Tables shared by both decoders (spec_common.c). */
const char *spec_ns_name(enum rm_ns_type t);
int spec_ns_from_name(const char *name);       /* -1 if unknown */
int spec_rlimit_from_name(const char *name);   /* "RLIMIT_NOFILE" -> RLIMIT_NOFILE, -1 if unknown */
const char *spec_rlimit_name(int res);         /* RLIMIT_NOFILE -> "RLIMIT_NOFILE" */
/* Common checks after decoding: args present, namespaces sane. */
int spec_validate(const struct rm_spec *s, struct rm_err *err);
/* Set NAME=VALUE in process.env, replacing NAME's entry (exec --env,
 * socket activation); kv must outlive s. */
int spec_env_set(struct rm_spec *s, const char *kv, struct rm_err *err);
/* Keep only the last of each NAME=... in env (runc); in place. */
void spec_dedup_env(char **env, size_t *n);

#endif
