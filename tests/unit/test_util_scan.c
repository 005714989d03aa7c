/* SPDX-License-Identifier: Apache-2.0 */
/* util_scan: the sscanf subset that replaced musl's vfscanf, on the lines
 * the kernel writes (/proc/cgroups, uid_map, blkio, io.stat, cpu.max). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

static void test_kernel_lines(void **state)
{
	char name[64], op[16], q[32];
	int hier = -1, num = -1, on = -1, pid = 0;
	unsigned maj, min;
	unsigned long long v, rb, wb, ri, wi;
	unsigned long inside, host;
	uint64_t p = 0;
	assert_int_equal(util_scan("memory\t5\t72\t1\n", "%63s %d %d %d", name, &hier, &num, &on), 4);
	assert_string_equal(name, "memory");
	assert_int_equal(hier, 5);
	assert_int_equal(num, 72);
	assert_int_equal(on, 1);
	assert_int_equal(util_scan("8:0 Read 4096\n8:0 Write 1", "%u:%u %15s %llu", &maj, &min, op, &v), 4);
	assert_int_equal(maj, 8);
	assert_int_equal(min, 0);
	assert_string_equal(op, "Read");
	assert_true(v == 4096);
	assert_int_equal(util_scan("253:1 rbytes=1 wbytes=18446744073709551615 rios=3 wios=4 dbytes=0",
				   "%u:%u rbytes=%llu wbytes=%llu rios=%llu wios=%llu", &maj, &min, &rb, &wb, &ri, &wi), 6);
	assert_true(wb == ULLONG_MAX && rb == 1 && ri == 3 && wi == 4 && maj == 253 && min == 1);
	assert_int_equal(util_scan("         0       1000          1\n", "%lu %lu", &inside, &host), 2);
	assert_true(inside == 0 && host == 1000);
	assert_int_equal(util_scan("/proc/123/ns/user", "/proc/%d/ns/user", &pid), 1);
	assert_int_equal(pid, 123);
	assert_int_equal(util_scan("max 100000\n", "%31s", q), 1);
	assert_string_equal(q, "max");
	assert_int_equal(util_scan("max 250000\n", "%*s %" SCNu64, &p), 1);
	assert_true(p == 250000);
	/* width: the word is cut, as sscanf does */
	assert_int_equal(util_scan("abcdefgh", "%3s", q), 1);
	assert_string_equal(q, "abc");
	assert_int_equal(util_scan("-7 -2147483648", "%d %d", &hier, &num), 2);
	assert_int_equal(hier, -7);
	assert_int_equal(num, INT_MIN);
}

static void test_mismatch(void **state)
{
	char name[8];
	int a = 42, b = 42;
	unsigned u = 42;
	/* stops at the first mismatch and counts what was assigned */
	assert_int_equal(util_scan("#subsys_name\thierarchy", "%7s %d %d", name, &a, &b), 1);
	assert_int_equal(a, 42);
	assert_int_equal(util_scan("/proc/x/ns/user", "/proc/%d/ns/user", &a), 0);
	assert_int_equal(util_scan("", "%7s", name), 0);
	assert_int_equal(util_scan("   ", "%d", &a), 0);
	/* out of range for the type: refused, not wrapped */
	assert_int_equal(util_scan("4294967296", "%u", &u), 0);
	assert_int_equal(util_scan("2147483648", "%d", &a), 0);
	assert_int_equal(util_scan("-1", "%u", &u), 0);
	assert_int_equal(u, 42);
	assert_int_equal(util_scan("1:x", "%d:%d", &a, &b), 1);
	assert_int_equal(a, 1);
	assert_int_equal(b, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_lines),
		cmocka_unit_test(test_mismatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
