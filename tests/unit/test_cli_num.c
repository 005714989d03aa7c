/* SPDX-License-Identifier: Apache-2.0 */
/* Numbers of the command line: strict integers and runc's sizes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

static void test_ints(void **state)
{
	struct rm_err e;
	int64_t v;
	assert_int_equal(cli_int("x", "0", 0, 10, &v, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cli_int("x", "-1", -1, 10, &v, &e), 0);
	assert_int_equal(v, -1);
	assert_int_equal(cli_int("x", "9223372036854775807", 0, INT64_MAX, &v, &e), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(cli_int("x", "-9223372036854775808", INT64_MIN, 0, &v, &e), 0);
	assert_true(v == INT64_MIN);
	static const char *const bad[] = { "", "-", "+1", " 1", "1 ", "0x10", "1e3", "1.0", "nan", "inf",
					   "-0.5", "9223372036854775808", "99999999999999999999", "--1", "1-" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cli_int("update: --cpu-share", bad[i], INT64_MIN, INT64_MAX, &v, &e), -1);
		assert_non_null(strstr(e.msg, "update: --cpu-share: expected an integer"));
	}
	assert_int_equal(cli_int("update: --cpu-share", "-1", 0, 262144, &v, &e), -1);
	assert_non_null(strstr(e.msg, "out of range 0..262144"));
	assert_int_equal(cli_int("x", "262145", 0, 262144, &v, &e), -1);
}

static void test_bytes(void **state)
{
	struct rm_err e;
	int64_t v;
	static const struct { const char *s; int64_t v; } good[] = {
		{ "-1", -1 }, { "0", 0 }, { "100", 100 }, { "100b", 100 }, { "32m", 32 << 20 }, { "32M", 32 << 20 },
		{ "1G", 1LL << 30 }, { "1gb", 1LL << 30 }, { "1GiB", 1LL << 30 }, { "512k", 512 << 10 },
		{ "1.5g", 3LL << 29 }, { "0.5k", 512 }, { "2 m", 2 << 20 }, { "8191p", 8191LL << 50 },
		{ "9223372036854775807", INT64_MAX },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(cli_bytes("m", good[i].s, &v, &e), 0);
		assert_true(v == good[i].v);
	}
	static const char *const bad[] = { "", "-5", "-0.5", "-2", "1e19", "nan", "inf", "-inf", "1.5", "1.", ".5k",
					   "10x", "1kk", "1kbb", "0x10", " 1", "+1", "8192p", "9223372036854775808",
					   "1e3" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(cli_bytes("update: --memory", bad[i], &v, &e), -1);
		assert_non_null(strstr(e.msg, "update: --memory"));
	}
	/* A long value is cut in the message; the reason stays. */
	char huge[4000];
	memset(huge, '7', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	huge[5] = 'x';
	assert_int_equal(cli_bytes("update: --memory", huge, &v, &e), -1);
	assert_true(strlen(e.msg) < 300);
	assert_non_null(strstr(e.msg, "(bytes, or a number with k, m, g, t or p)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
