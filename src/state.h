/* SPDX-License-Identifier: Apache-2.0 */
/* state.h - one directory per container under --root: state.json (the OCI
 * state plus what later commands need, the cgroup placement included), a
 * copy of the config, and the exec fifo while the container is "created".
 *
 * Every command locks the container's directory (flock) while it reads or
 * changes it, so concurrent commands on one container never see a half
 * written state; a create of an id that exists fails on mkdir.
 *
 * Crash safety: a SIGKILL may hit any command at any point.  create writes
 * a first record right after mkdir, before it makes anything that must be
 * cleaned up (cgroups, the init), and rewrites it (atomic rename) as each
 * appears; removal takes state.json last.  So the directory always says
 * enough for `delete --force` to find everything: state_salvage() reads
 * what survives (a partial or corrupt record, the saved config, the
 * cgroup paths derived from the id) and never trusts a pid without its
 * start time. */
#ifndef RM_STATE_H
#define RM_STATE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"
#include "err.h"
#include "spec.h"

enum rm_status { RM_STATUS_CREATING, RM_STATUS_CREATED, RM_STATUS_RUNNING, RM_STATUS_PAUSED,
		 RM_STATUS_STOPPED, RM_STATUS_UNKNOWN };

/* An id is one file name: at most NAME_MAX bytes. */
#define RM_ID_MAX 255

struct rm_state {
	char root[PATH_MAX];        /* --root */
	char dir[PATH_MAX];         /* root/id */
	char id[RM_ID_MAX + 1];
	pid_t pid;
	uint64_t pid_start;         /* /proc/PID/stat starttime: guards against pid reuse */
	char bundle[PATH_MAX], rootfs[PATH_MAX];
	char created[64];           /* RFC 3339 with nanoseconds, UTC */
	char config_file[32];       /* "config.json" or "container.json" */
	bool detached_terminal;
	bool no_new_keyring;        /* create --no-new-keyring: exec joins no keyring either */
	enum rm_cg_mode cg_mode;    /* how the cgroup was (or would be) made */
	char cgroups_path[RM_CG_PATH_MAX]; /* linux.cgroupsPath, "" for the default */
	bool has_cg;                /* cg below is recorded (else derived) */
	bool volatile_files;        /* no fsync: a foreground run's files, records on the way (state_save) */
	struct rm_cgroup cg;
	bool creating;              /* create has not finished (publish clears it) */
	bool broken;                /* salvaged: the record was missing or corrupt */
	char why[512];              /* what was wrong with it */
	int lockfd;
};

const char *state_status_name(enum rm_status s);
/* runc's id rules: [A-Za-z0-9_+.-], one file name (1..255 bytes, runc
 * fails with "file name too long"), and not starting with '.' (such a
 * directory would be hidden from list). */
int state_check_id(const char *id, struct rm_err *err);
/* Make root/id exclusively (EEXIST: "container with id exists"), locked. */
int state_create_dir(struct rm_state *st, const char *root, const char *id, struct rm_err *err);
/* Open and lock root/id and read its state; "container does not exist". */
int state_load(struct rm_state *st, const char *root, const char *id, struct rm_err *err);
/* Like state_load, but a missing or corrupt record is no error: fill in
 * what can be recovered (st->broken, st->why say what was wrong), the
 * cgroup from the record or derived from the id and the saved config.
 * Fails only when root/id does not exist or cannot be locked. */
int state_salvage(struct rm_state *st, const char *root, const char *id, struct rm_err *err);
/* Read root/id without locking it, for list: 0 with st filled, 1 when a
 * command holds the lock and the record is not written yet (a create in
 * progress), -1 when the record is missing or corrupt (err says why). */
int state_peek(struct rm_state *st, const char *root, const char *id, struct rm_err *err);
/* Write state.json atomically (and the cgroup placement). */
int state_save(const struct rm_state *st, struct rm_err *err);
/* Copy the decoded config's source file into the state dir. */
int state_save_config(const struct rm_state *st, const char *bundle, const char *file, struct rm_err *err);
/* Re-read the saved config (for exec, delete's poststop hooks). */
int state_load_spec(const struct rm_state *st, struct rm_spec *spec, struct rm_err *err);
/* Remove the state dir (state.json last, so a crash leaves it findable) and unlock. */
int state_remove(struct rm_state *st, struct rm_err *err);
void state_unlock(struct rm_state *st);
/* Path of a file in the state dir. */
const char *state_path(const struct rm_state *st, const char *name, char *buf, size_t len);

/* Is the init still the process we started (alive, same start time, not a zombie)? */
bool state_pid_alive(pid_t pid, uint64_t start);
uint64_t state_pid_start(pid_t pid);
enum rm_status state_status(const struct rm_state *st);
/* OCI state JSON (ociVersion, id, status, pid, bundle, rootfs, created,
 * annotations) into buf; returns its length or -1. */
int state_json(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec,
	       char *buf, size_t len);

/* The runtime-spec's "container process state" for a seccomp agent:
 * {ociVersion, fds: ["seccompFd"], pid, metadata, state: state_json}.
 * metadata may be NULL.  Returns the length, or -1 when it does not fit. */
int state_agent_json(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec,
		     pid_t pid, const char *metadata, char *buf, size_t len);
/* Now, as RFC 3339 with nanoseconds (UTC). */
void state_now(char *buf, size_t len);
/* state_perm.c: --root is no symlink, and no directory on its way can be
 * changed by another user (0 when root does not exist yet). */
int state_root_check(const char *root, struct rm_err *err);
/* Create root (0700, whatever the umask) and its parents, and check it. */
int state_root_make(const char *root, struct rm_err *err);
/* exec.fifo: mode 0600, owned by uid:gid (the container's root). */
int state_make_fifo(const char *path, uid_t uid, gid_t gid, struct rm_err *err);
/* All ids under root, sorted; returns the count (at most max). */
int state_list(const char *root, char (*ids)[RM_ID_MAX + 1], int max, struct rm_err *err);

#endif
