/* SPDX-License-Identifier: Apache-2.0 */
/* cli_features.c - `features`: runtime-spec's features document, saying
 * what this build of runc-mini supports. */
#include <stdio.h>
#include <string.h>

#include "capnames.h"
#include "cli.h"
#include "init.h"
#include "mount.h"
#include "seccomp.h"
#include "spec.h"

/* The mount options runc knows; we list those our parser takes as flags
 * (anything else would be handed to the filesystem as data). */
static const char *const candidates[] = {
	"async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion",
	"lazytime", "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
	"nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private",
	"ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "rnoatime",
	"rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid",
	"rnosymfollow", "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave",
	"rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared", "silent", "slave",
	"strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable", "idmap", "ridmap",
};

static void list(const char *key, const char *const *v, size_t n, const char *indent)
{
	printf("%s\"%s\": [", indent, key);
	for (size_t i = 0; i < n; i++)
		printf("%s\"%s\"", i ? ", " : "", v[i]);
	printf("]");
}

static void mount_options(void)
{
	const char *ok[sizeof candidates / sizeof candidates[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
		char *opt[2] = { (char *)candidates[i], NULL };
		struct mnt_opts o;
		struct rm_err e;
		if (mnt_parse_options(opt, &o, &e) == 0 && !o.data[0])
			ok[n++] = candidates[i];
	}
	list("mountOptions", ok, n, "  ");
}

static void capabilities(void)
{
	const char *names[64];
	size_t n = 0;
	for (int c = 0; c <= cap_max_known() && n < 64; c++)
		if (cap_name(c))
			names[n++] = cap_name(c);
	list("capabilities", names, n, "    ");
}

/* What the seccomp compiler takes (none when built with SECCOMP=0). */
static void seccomp(void)
{
#ifdef RM_NO_SECCOMP
	printf("    \"seccomp\": {\"enabled\": false},\n");
#else
	const char *v[RM_SC_ARCH_COUNT];
	size_t n = 0;
	printf("    \"seccomp\": {\"enabled\": true,\n");
	for (int a = RM_SC_ACT_KILL; a <= RM_SC_ACT_NOTIFY; a++)
		v[n++] = sc_action_name((enum rm_sc_action)a);
	list("actions", v, n, "      ");
	printf(",\n");
	n = 0;
	for (int o = RM_SC_CMP_NE; o <= RM_SC_CMP_MASKED_EQ; o++)
		v[n++] = sc_op_name((enum rm_sc_op)o);
	list("operators", v, n, "      ");
	printf(",\n");
	n = 0;
	for (int a = 0; a < RM_SC_ARCH_COUNT; a++)
		v[n++] = sc_arch_name((enum rm_sc_arch)a);
	list("archs", v, n, "      ");
	printf(",\n");
	static const char *const flags[] = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
					     "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
					     "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
	list("knownFlags", flags, sizeof flags / sizeof flags[0], "      ");
	printf("\n    },\n");
#endif
}

int cli_features(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const char *const hooks[] = { "prestart", "createRuntime", "createContainer",
					     "startContainer", "poststart", "poststop" };
	const char *ns[RM_NS_COUNT];
	(void)g;
	if (argc > 1)
		return rm_fail(err, 0, "features: no arguments expected");
	for (int i = 0; i < RM_NS_COUNT; i++)
		ns[i] = spec_ns_name((enum rm_ns_type)i);
	printf("{\n  \"ociVersionMin\": \"1.0.0\",\n  \"ociVersionMax\": \"1.3.0\",\n");
	list("hooks", hooks, 6, "  ");
	printf(",\n");
	mount_options();
	printf(",\n  \"linux\": {\n");
	list("namespaces", ns, RM_NS_COUNT, "    ");
	printf(",\n");
	capabilities();
	printf(",\n    \"cgroup\": {\"v1\": true, \"v2\": true, \"systemd\": false, \"systemdUser\": false, "
	       "\"rdma\": true},\n");
	seccomp();
	printf("    \"apparmor\": {\"enabled\": false},\n"
	       "    \"selinux\": {\"enabled\": false},\n    \"intelRdt\": {\"enabled\": true, \"schemata\": true}\n  },\n");
	/* Config annotations that change what we do: --init from an engine. */
	printf("  \"potentiallyUnsafeConfigAnnotations\": [\"%s\"],\n", RM_INIT_ANNOTATION);
	printf("  \"annotations\": {\n    \"org.opencontainers.runc-mini.version\": \"%s\",\n"
	       "    \"org.opencontainers.runc-mini.commit\": \"%s\",\n"
	       "    \"org.opencontainers.runc-mini.libc\": \"musl\"", RM_VERSION, RM_COMMIT);
#ifdef RM_LEFT_OUT
	/* make TINY=1: what this build leaves out (verbs answer "not in this build"). */
	printf(",\n    \"org.opencontainers.runc-mini.leftOut\": \"%s\"", RM_LEFT_OUT);
#endif
	printf("\n  }\n}\n");
	return 0;
}
