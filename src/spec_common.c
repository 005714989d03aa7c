/* SPDX-License-Identifier: Apache-2.0 */
/* spec_common.c - name tables and checks shared by both config decoders. */
#include "spec.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

static const char *const ns_names[RM_NS_COUNT] = {
	[RM_NS_PID] = "pid", [RM_NS_NET] = "network", [RM_NS_MNT] = "mount",
	[RM_NS_IPC] = "ipc", [RM_NS_UTS] = "uts", [RM_NS_USER] = "user",
	[RM_NS_CGROUP] = "cgroup", [RM_NS_TIME] = "time",
};

const char *spec_ns_name(enum rm_ns_type t)
{
	return t < RM_NS_COUNT ? ns_names[t] : "?";
}

int spec_ns_from_name(const char *name)
{
	for (int i = 0; i < RM_NS_COUNT; i++)
		if (strcmp(ns_names[i], name) == 0)
			return i;
	return -1;
}

static const struct { const char *name; int res; } rlimits[] = {
	{ "RLIMIT_AS", RLIMIT_AS }, { "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS }, { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS }, { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME }, { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK },
};

int spec_rlimit_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
		if (strcmp(rlimits[i].name, name) == 0)
			return rlimits[i].res;
	return -1;
}

const char *spec_rlimit_name(int res)
{
	for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
		if (rlimits[i].res == res)
			return rlimits[i].name;
	return "RLIMIT_?";
}

/* runc: a variable listed twice in process.env is set once, to its last
 * value, where it last appears (the rest keep their order).  env is
 * NULL-terminated; it is compacted in place. */
void spec_dedup_env(char **env, size_t *n)
{
	size_t out = 0;
	for (size_t i = 0; i < *n; i++) {
		size_t klen = strcspn(env[i], "=");
		bool later = false;
		for (size_t k = i + 1; k < *n && !later; k++)
			later = strncmp(env[k], env[i], klen) == 0 && strcspn(env[k], "=") == klen;
		if (!later)
			env[out++] = env[i];
	}
	if (env)
		env[out] = NULL;
	*n = out;
}

int spec_env_set(struct rm_spec *s, const char *kv, struct rm_err *err)
{
	struct rm_process *p = &s->process;
	size_t klen = strcspn(kv, "=");
	char **env = arena_array(&s->arena, p->n_env + 2, sizeof *env);
	if (!env)
		return rm_fail(err, ENOMEM, "process.env: %.*s", (int)klen, kv);
	size_t n = 0;
	for (size_t i = 0; i < p->n_env; i++)
		if (!(strncmp(p->env[i], kv, klen) == 0 && p->env[i][klen] == '='))
			env[n++] = p->env[i];
	env[n++] = (char *)kv;
	env[n] = NULL;
	p->env = env;
	p->n_env = n;
	return 0;
}

int spec_validate(const struct rm_spec *s, struct rm_err *err)
{
	const char *f = s->file;
	/* Name the keys the user wrote, in either format. */
	const char *proc = s->legacy ? "processes[0]" : "process";
	const char *nss = s->legacy ? "namespaces" : "linux.namespaces";
	if (!s->root_path || !*s->root_path)
		return rm_fail(err, 0, "%s: root.path: the root filesystem is required", f);
	if (s->has_process && (!s->process.args || !s->process.n_args || !s->process.args[0][0]))
		return rm_fail(err, 0, "%s: %s.args: at least one argument is required", f, proc);
	if (s->process.cwd && s->process.cwd[0] != '/')
		return rm_fail(err, 0, "%s: %s.cwd: must be an absolute path, got \"%s\"", f, proc,
			       s->process.cwd);
	/* runtime-spec: an unlisted namespace is the runtime's.  Without a
	 * mount namespace nothing of the filesystem is set up (mounts, root,
	 * devices: runc skips them too, so nothing lands on the host); what
	 * would have to change the host's mounts to work is refused, as runc
	 * refuses masked and read-only paths. */
	if (!s->ns[RM_NS_MNT].wanted && (s->n_masked_paths || s->n_readonly_paths))
		return rm_fail(err, 0, "%s: %s: needs a mount namespace (%s), as in runc", f,
			       s->n_masked_paths ? "linux.maskedPaths" : "linux.readonlyPaths", nss);
	if (!s->ns[RM_NS_MNT].wanted && s->root_readonly)
		return rm_fail(err, 0, "%s: root.readonly: needs a mount namespace (%s): it would make the "
			       "host's / read-only", f, nss);
	if ((s->hostname && *s->hostname) && !s->ns[RM_NS_UTS].wanted)
		return rm_fail(err, 0, "%s: hostname: setting the hostname needs a uts namespace", f);
	if ((s->domainname && *s->domainname) && !s->ns[RM_NS_UTS].wanted)
		return rm_fail(err, 0, "%s: domainname: setting the domainname needs a uts namespace", f);
	if ((s->n_uid_maps || s->n_gid_maps) && s->ns[RM_NS_USER].path)
		return rm_fail(err, 0, "%s: linux.uidMappings: id mappings cannot be set when joining the user "
			       "namespace %s", f, s->ns[RM_NS_USER].path);
	if ((s->n_uid_maps || s->n_gid_maps) && !s->ns[RM_NS_USER].wanted)
		return rm_fail(err, 0, "%s: linux.uidMappings: id mappings need a user namespace", f);
	if ((s->time_monotonic.set || s->time_boottime.set) &&
	    (!s->ns[RM_NS_TIME].wanted || s->ns[RM_NS_TIME].path))
		return rm_fail(err, 0, "%s: linux.timeOffsets: needs a new time namespace (linux.namespaces type \"time\" without a path)", f);
	/* The kernel lets only the user namespace that owns a pid namespace
	 * (or an ancestor) mount its /proc: not a new one made below it. */
	if (s->ns[RM_NS_PID].path && s->ns[RM_NS_USER].wanted && !s->ns[RM_NS_USER].path)
		for (size_t i = 0; i < s->n_mounts; i++)
			if (s->mounts[i].type && strcmp(s->mounts[i].type, "proc") == 0)
				return rm_fail(err, 0, "%s: %s: a new user namespace cannot mount /proc of the "
					       "joined pid namespace %s: join the user namespace that owns it too",
					       f, nss, s->ns[RM_NS_PID].path);
	if (s->ns[RM_NS_USER].wanted && !s->ns[RM_NS_USER].path &&
	    (!s->n_uid_maps || !s->n_gid_maps))
		return rm_fail(err, 0, "%s: linux.uidMappings/gidMappings: a new user namespace needs both", f);
	return 0;
}
