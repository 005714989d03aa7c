/* needs: src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_err.c - the caller-owned error type: rm_fail, rm_wrap, rm_strerror
 * (errno text in Go's lower-case wording, which engines match on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "unit_util.h"

static void test_fail(void **state)
{
	struct rm_err err;
	memset(&err, 0x5a, sizeof err);
	assert_int_equal(rm_fail(&err, 0, "bad %s %d", "thing", 5), -1);
	assert_string_equal(err.msg, "bad thing 5");
	assert_int_equal(err.errnum, 0);

	assert_int_equal(rm_fail(&err, ENOENT, "open %s", "/x"), -1);
	assert_string_equal(err.msg, "open /x: no such file or directory");
	assert_int_equal(err.errnum, ENOENT);

	assert_int_equal(rm_fail(&err, EACCES, "exec %s", "/bin/sh"), -1);
	assert_string_equal(err.msg, "exec /bin/sh: permission denied");
	assert_int_equal(rm_fail(&err, EPERM, "mount"), -1);
	assert_string_equal(err.msg, "mount: operation not permitted");

	/* No error struct: still -1, nothing written. */
	assert_int_equal(rm_fail(NULL, EIO, "x"), -1);
	assert_int_equal(rm_wrap(NULL, "x"), -1);

	rm_err_clear(&err);
	assert_int_equal(err.errnum, 0);
	assert_string_equal(err.msg, "");
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

static void test_fail_long(void **state)
{
	struct rm_err err;
	char big[2 * RM_ERR_MSG];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';

	/* The middle is cut: the head says what, the errno text why. */
	assert_int_equal(rm_fail(&err, ENOENT, "open \"%s\" here", big), -1);
	assert_true(strlen(err.msg) < RM_ERR_MSG);
	assert_prefix(err.msg, "open \"xxx");
	assert_true(ends_with(err.msg, "xxx\" here: no such file or directory"));
	assert_non_null(strstr(err.msg, "bytes cut"));
	assert_int_equal(err.errnum, ENOENT);

	/* Just too long for the errno text: still all of the reason. */
	big[RM_ERR_MSG - 10] = '\0';
	assert_int_equal(rm_fail(&err, ENOENT, "%s", big), -1);
	assert_true(ends_with(err.msg, "xxx: no such file or directory"));

	/* An echoed 3 MB value (a hostname): the reason survives. */
	size_t huge = 3u << 20;
	char *h = malloc(huge + 1);
	assert_non_null(h);
	memset(h, 'h', huge);
	h[huge] = '\0';
	rm_fail(&err, EINVAL, "hostname: sethostname(\"%s\")", h);
	assert_true(strlen(err.msg) < RM_ERR_MSG);
	assert_prefix(err.msg, "hostname: sethostname(\"hhh");
	assert_true(ends_with(err.msg, ": invalid argument"));
	free(h);
}

static void test_wrap(void **state)
{
	struct rm_err err;
	rm_fail(&err, ENOENT, "open %s", "/proc/kcore");
	assert_int_equal(rm_wrap(&err, "masked path %s", "/proc/kcore"), -1);
	assert_string_equal(err.msg, "masked path /proc/kcore: open /proc/kcore: no such file or directory");
	assert_int_equal(err.errnum, ENOENT);            /* kept */
	rm_wrap(&err, "config.json: mounts[%d]", 2);
	assert_prefix(err.msg, "config.json: mounts[2]: masked path");

	/* A long context and a long message: cut, terminated. */
	char big[RM_ERR_MSG];
	memset(big, 'c', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	rm_wrap(&err, "%s", big);
	assert_true(strlen(err.msg) < RM_ERR_MSG);
	/* the context gives way, the message (the reason) is whole */
	assert_true(ends_with(err.msg, ": config.json: mounts[2]: masked path /proc/kcore: open /proc/kcore: "
			      "no such file or directory"));
	rm_fail(&err, 0, "%s", big);
	rm_wrap(&err, "ctx");
	assert_int_equal(strlen(err.msg), RM_ERR_MSG - 1);
	assert_prefix(err.msg, "ctx: ccc");
}

static void test_strerror(void **state)
{
	/* Go's syscall.Errno text, which runc prints and engines match. */
	static const struct { int e; const char *go; } go[] = {
		{ ENOENT, "no such file or directory" }, { EACCES, "permission denied" },
		{ EPERM, "operation not permitted" }, { ENOEXEC, "exec format error" },
		{ ESRCH, "no such process" }, { ENOTDIR, "not a directory" },
		{ EISDIR, "is a directory" }, { EEXIST, "file exists" }, { EINVAL, "invalid argument" },
		{ ENOSPC, "no space left on device" }, { E2BIG, "argument list too long" },
		{ ETXTBSY, "text file busy" }, { EROFS, "read-only file system" },
		{ EAGAIN, "resource temporarily unavailable" }, { EIO, "input/output error" },
		{ ENOMEM, "cannot allocate memory" }, { EBUSY, "device or resource busy" },
		{ ELOOP, "too many levels of symbolic links" }, { EXDEV, "invalid cross-device link" },
		{ EOPNOTSUPP, "operation not supported" }, { ENOSYS, "function not implemented" },
	};
	char buf[128];
	for (size_t i = 0; i < sizeof go / sizeof go[0]; i++)
		assert_string_equal(rm_strerror(go[i].e, buf, sizeof buf), go[i].go);

	/* Returns its buffer; cuts to it. */
	assert_ptr_equal(rm_strerror(ENOENT, buf, sizeof buf), buf);
	char small[4];
	assert_string_equal(rm_strerror(ENOENT, small, sizeof small), "no ");
	char one[1] = { 'x' };
	assert_string_equal(rm_strerror(ENOENT, one, sizeof one), "");
	assert_string_equal(rm_strerror(99999, buf, sizeof buf), "unknown error 99999");
}

static void test_strerror_go_wording(void **state)
{
	char buf[128];
	assert_string_equal(rm_strerror(EIO, buf, sizeof buf), "input/output error");
	assert_string_equal(rm_strerror(ENOMEM, buf, sizeof buf), "cannot allocate memory");
	assert_string_equal(rm_strerror(ELOOP, buf, sizeof buf), "too many levels of symbolic links");
	assert_string_equal(rm_strerror(EACCES, buf, sizeof buf), "permission denied");
}

static void test_strerror_acronyms(void **state)
{
	/* "keep I/O error as it is" (err.c): glibc has no such text, so check
	 * the rule on the libc at hand: a message whose first word is an
	 * acronym keeps its case. */
	char buf[128], raw[128];
	for (int e = 1; e < 134; e++) {
		snprintf(raw, sizeof raw, "%s", strerror(e));
		size_t w = strcspn(raw, " ");
		int acronym = w > 1;
		for (size_t k = 0; k < w; k++)
			if (raw[k] >= 'a' && raw[k] <= 'z')
				acronym = 0;
		rm_strerror(e, buf, sizeof buf);
		/* Either the libc's text with its acronym intact, or Go's wording
		 * (all lower case, as runc prints it). */
		if (acronym)
			assert_true(strcmp(buf, raw) == 0 || buf[0] >= 'a');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail),
		cmocka_unit_test(test_fail_long),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_strerror_acronyms),
		cmocka_unit_test(test_strerror_go_wording),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
