/* needs: src/capnames.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_capnames.c - capability names <-> numbers, from the toolchain's
 * <linux/capability.h>. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "capnames.h"
#include "util.h"

/* The kernel's numbering, as every runtime and engine knows it. */
static const char *const kernel_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
	"CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
	"CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
	"CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

static void test_table_matches_kernel(void **state)
{
	/* Every name this toolchain defines, at the kernel's number, no holes. */
	assert_int_equal(cap_max_known(), CAP_LAST_CAP);
	assert_true(cap_max_known() < (int)RM_COUNT(kernel_names));
	for (int i = 0; i <= cap_max_known(); i++) {
		const char *n = cap_name(i);
		if (!n)
			fail_msg("no name for capability %d", i);
		assert_string_equal(n, kernel_names[i]);
		assert_int_equal(cap_from_name(n, 0), i);
		assert_int_equal(cap_from_name(n, 1), i);
		assert_int_equal(cap_from_name(n + 4, 1), i);   /* without CAP_ */
	}
	assert_int_equal(CAP_SYS_ADMIN, 21);
	assert_int_equal(cap_from_name("CAP_SYS_ADMIN", 0), 21);
	assert_int_equal(cap_from_name("CAP_NET_BIND_SERVICE", 0), CAP_NET_BIND_SERVICE);
}

static void test_out_of_range(void **state)
{
	assert_null(cap_name(-1));
	assert_null(cap_name(cap_max_known() + 1));
	assert_null(cap_name(63));
	assert_null(cap_name(64));
	assert_null(cap_name(1 << 30));
}

static void test_prefix(void **state)
{
	/* OCI configs name capabilities with CAP_; the legacy format without. */
	assert_int_equal(cap_from_name("SYS_ADMIN", 0), -1);
	assert_int_equal(cap_from_name("SYS_ADMIN", 1), 21);
	assert_int_equal(cap_from_name("KILL", 1), CAP_KILL);
	assert_int_equal(cap_from_name("AUDIT_WRITE", 1), CAP_AUDIT_WRITE);
	assert_int_equal(cap_from_name("NET_BIND_SERVICE", 1), CAP_NET_BIND_SERVICE);
	assert_int_equal(cap_from_name("kill", 1), CAP_KILL);
}

static void test_unknown(void **state)
{
	static const char *const bad[] = {
		"", "CAP_", "CAP", "CAP_FOO", "FOO", "CAP_SYS_ADMIN ", " CAP_SYS_ADMIN", "CAP_SYS_ADMINX",
		"CAP_CAP_KILL", "ALL", "CAP_ALL", "21", "CAP_21", "SYS",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (cap_from_name(bad[i], 0) != -1 || cap_from_name(bad[i], 1) != -1)
			fail_msg("\"%s\" was taken for a capability", bad[i]);
	}
	assert_int_equal(cap_from_name("CHOWN", 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_kernel),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
