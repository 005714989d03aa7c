/* SPDX-License-Identifier: Apache-2.0 */
#include "sysctl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static const char *const ipc_keys[] = {
	"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
	"kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
};

bool sysctl_is_namespaced(const char *key, bool has_netns, bool has_ipcns, bool has_utsns)
{
	if (strstr(key, "..") || strchr(key, '/') == key)
		return false;
	if (has_ipcns) {
		for (size_t i = 0; i < sizeof ipc_keys / sizeof ipc_keys[0]; i++)
			if (strcmp(key, ipc_keys[i]) == 0)
				return true;
		if (strncmp(key, "fs.mqueue.", 10) == 0)
			return true;
	}
	if (has_utsns && (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname")))
		return true;
	return has_netns && strncmp(key, "net.", 4) == 0;
}

static bool has(const struct rm_spec *s, enum rm_ns_type t)
{
	return s->ns[t].wanted;
}

/* A namespace joined by path may be the host's own (e.g. the network
 * namespace of pid 1): a "namespaced" key would then change the host. */
static bool is_hosts(const struct rm_spec *s, enum rm_ns_type t, const char *self)
{
	struct stat a, b;
	return s->ns[t].path && stat(s->ns[t].path, &a) == 0 && stat(self, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static bool own(const struct rm_spec *s, enum rm_ns_type t, const char *self)
{
	return has(s, t) && !is_hosts(s, t, self);
}

/* runc and crun: the uts names have fields of their own; a sysctl would
 * race with them (set after hostname, or overwritten by it). */
static int check_uts_key(const struct rm_spec *s, const char *key, struct rm_err *err)
{
	const char *field = strcmp(key, "kernel.hostname") == 0 ? "hostname"
			  : strcmp(key, "kernel.domainname") == 0 ? "domainname" : NULL;
	if (!field)
		return 0;
	return rm_fail(err, 0, "%s: linux.sysctl: \"%s\" is not allowed as it conflicts with the OCI "
		       "\"%s\" field: set that field instead", s->file, key, field);
}

int sysctl_validate(const struct rm_spec *s, struct rm_err *err)
{
	if (!s->n_sysctl)
		return 0;
	for (size_t i = 0; i < s->n_sysctl; i++)
		if (check_uts_key(s, s->sysctl[i].key, err) < 0)
			return -1;
	bool net = own(s, RM_NS_NET, "/proc/self/ns/net"), ipc = own(s, RM_NS_IPC, "/proc/self/ns/ipc"),
	     uts = own(s, RM_NS_UTS, "/proc/self/ns/uts");
	for (size_t i = 0; i < s->n_sysctl; i++)
		if (!sysctl_is_namespaced(s->sysctl[i].key, net, ipc, uts))
			return rm_fail(err, 0, "%s: linux.sysctl: \"%s\" is not namespaced by this "
				       "container's namespaces: it would change the host", s->file, s->sysctl[i].key);
	return 0;
}

int sysctl_apply(const struct rm_spec *s, struct rm_err *err)
{
	char path[512];
	for (size_t i = 0; i < s->n_sysctl; i++) {
		const char *k = s->sysctl[i].key, *v = s->sysctl[i].value;
		int n = snprintf(path, sizeof path, "/proc/sys/%s", k);
		if (n < 0 || (size_t)n >= sizeof path)
			return rm_fail(err, ENAMETOOLONG, "linux.sysctl: %s", k);
		for (char *c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		if (util_write_file(path, v, strlen(v), err) < 0)
			return rm_wrap(err, "linux.sysctl: %s=%s", k, v);
	}
	return 0;
}
