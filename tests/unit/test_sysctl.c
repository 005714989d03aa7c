/* needs: src/sysctl.c src/spec.c src/spec_proc.c src/spec_common.c src/spec_resources.c src/capnames.c src/json.c src/util.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_sysctl.c - which linux.sysctl keys a container may set
 * (sysctl_is_namespaced) and the config check (sysctl_validate).  Nothing
 * is written to /proc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysctl.h"
#include "unit_util.h"

enum { NET = 1, IPC = 2, UTS = 4, ALL = 7 };

static bool allowed(const char *key, int ns)
{
	return sysctl_is_namespaced(key, ns & NET, ns & IPC, ns & UTS);
}

/* `key` is allowed with exactly the namespace sets that include `need`. */
static void only_with(const char *key, int need)
{
	for (int ns = 0; ns <= ALL; ns++)
		if (allowed(key, ns) != ((ns & need) == need))
			fail_msg("%s with namespaces %#x: %s", key, ns, allowed(key, ns) ? "allowed" : "refused");
}

static void never(const char *key)
{
	for (int ns = 0; ns <= ALL; ns++)
		if (allowed(key, ns))
			fail_msg("%s allowed with namespaces %#x", key, ns);
}

static void test_net(void **state)
{
	only_with("net.ipv4.ip_forward", NET);
	only_with("net.ipv4.ip_unprivileged_port_start", NET);
	only_with("net.ipv4.ping_group_range", NET);
	only_with("net.core.somaxconn", NET);
	only_with("net.ipv6.conf.all.disable_ipv6", NET);
	never("net");
	never("netfilter.x");
	never("network.x");
}

static void test_ipc(void **state)
{
	static const char *const keys[] = {
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
		"kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		only_with(keys[i], IPC);
	only_with("fs.mqueue.msg_max", IPC);
	only_with("fs.mqueue.queues_max", IPC);
	/* Exact names only. */
	never("kernel.msgmax2");
	never("kernel.shm");
	never("kernel.sem.x");
	never("fs.mqueue");
	never("fs.mqueuex.y");
}

static void test_uts(void **state)
{
	only_with("kernel.hostname", UTS);
	only_with("kernel.domainname", UTS);
	never("kernel.hostname2");
}

static void test_host_wide(void **state)
{
	never("vm.swappiness");
	never("vm.overcommit_memory");
	never("kernel.panic");
	never("kernel.core_pattern");
	never("kernel.pid_max");
	never("fs.file-max");
	never("kernel.");
	never("");
}

static void test_path_tricks(void **state)
{
	/* The key becomes a path under /proc/sys: no way out of it. */
	never("net.ipv4/../../kernel/core_pattern");
	never("net..ipv4");
	never("net.ipv4.conf.all/../../../../kernel/core_pattern");
	never("/net.ipv4.ip_forward");
	never("/proc/sys/net/ipv4/ip_forward");
	never("net/../kernel/core_pattern");
	never("kernel.msgmax/..");
}

static void test_validate(void **state)
{
	struct rm_kv kv[] = {
		{ "net.ipv4.ip_forward", "1" }, { "kernel.shmmax", "1024" }, { "fs.mqueue.msg_max", "20" },
	};
	struct rm_spec s;
	struct rm_err err = { 0 };
	memset(&s, 0, sizeof s);
	s.file = "config.json";
	s.sysctl = kv;

	/* None: nothing to check. */
	assert_int_equal(sysctl_validate(&s, &err), 0);

	s.n_sysctl = 3;
	s.ns[RM_NS_NET].wanted = s.ns[RM_NS_IPC].wanted = s.ns[RM_NS_UTS].wanted = true;
	assert_int_equal(sysctl_validate(&s, &err), 0);

	s.ns[RM_NS_IPC].wanted = false;
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_string_equal(err.msg, "config.json: linux.sysctl: \"kernel.shmmax\" is not namespaced by this "
			    "container's namespaces: it would change the host");
	assert_int_equal(err.errnum, 0);

	s.ns[RM_NS_IPC].wanted = true;
	s.ns[RM_NS_NET].wanted = false;
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_contains(err.msg, "\"net.ipv4.ip_forward\" is not namespaced");

	/* Joining a namespace still counts as having one. */
	s.ns[RM_NS_NET].wanted = true;
	s.ns[RM_NS_NET].path = "/var/run/netns/x";
	assert_int_equal(sysctl_validate(&s, &err), 0);

	struct rm_kv vm = { "vm.swappiness", "10" };
	s.sysctl = &vm;
	s.n_sysctl = 1;
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_contains(err.msg, "\"vm.swappiness\"");
}

/* runc and crun refuse the uts names as sysctls: they have fields. */
static void test_validate_uts_names(void **state)
{
	struct rm_kv kv[] = { { "kernel.hostname", "h" }, { "kernel.domainname", "d" } };
	struct rm_spec s;
	struct rm_err err = { 0 };
	memset(&s, 0, sizeof s);
	s.file = "config.json";
	s.ns[RM_NS_UTS].wanted = true;
	s.sysctl = &kv[0];
	s.n_sysctl = 1;
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_string_equal(err.msg, "config.json: linux.sysctl: \"kernel.hostname\" is not allowed as it "
			    "conflicts with the OCI \"hostname\" field: set that field instead");
	s.sysctl = &kv[1];
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_contains(err.msg, "\"kernel.domainname\" is not allowed as it conflicts with the OCI \"domainname\" field");
}

static void test_validate_fixture(void **state)
{
	/* docker's two net.* sysctls, with its network namespace. */
	struct rm_spec s;
	struct rm_err err = { 0 };
	size_t len;
	char *buf = unit_read_fixture("docker-run-memory-pids.config.json", &len);
#ifdef RM_NO_SECCOMP
	/* Built without seccomp, its linux.seccomp would be refused (test_spec
	 * checks that); an unknown key is ignored, and the sysctls are the point. */
	char *sc = strstr(buf, "\"seccomp\"");
	assert_non_null(sc);
	sc[1] = 'x';
#endif
	if (spec_parse_oci(&s, "config.json", buf, len, &err) < 0)
		fail_msg("%s", err.msg);
	free(buf);
	assert_int_equal(s.n_sysctl, 2);
	assert_int_equal(sysctl_validate(&s, &err), 0);
	s.ns[RM_NS_NET].wanted = false;
	assert_int_equal(sysctl_validate(&s, &err), -1);
	assert_string_equal(err.msg, "config.json: linux.sysctl: \"net.ipv4.ip_unprivileged_port_start\" is not "
			    "namespaced by this container's namespaces: it would change the host");
	spec_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net),
		cmocka_unit_test(test_validate_uts_names),
		cmocka_unit_test(test_ipc),
		cmocka_unit_test(test_uts),
		cmocka_unit_test(test_host_wide),
		cmocka_unit_test(test_path_tricks),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_validate_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
