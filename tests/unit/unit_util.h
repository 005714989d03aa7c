/* SPDX-License-Identifier: Apache-2.0 */
/* unit_util.h - small helpers shared by the unit tests (header only).
 *
 * Fixtures live in tests/unit/fixtures/ and are found relative to this
 * source file's directory as the compiler saw it (__FILE__ is
 * "tests/unit/..." when built from the repository root, as `make unit`
 * does), or under $RM_UNIT_FIXTURES when that is set.
 */
#ifndef RM_UNIT_UTIL_H
#define RM_UNIT_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

static inline const char *unit_fixture_dir(void)
{
	static char dir[4096];
	const char *env = getenv("RM_UNIT_FIXTURES");
	if (env && *env)
		return env;
	if (!dir[0]) {
		const char *f = __FILE__, *slash = strrchr(f, '/');
		if (slash)
			snprintf(dir, sizeof dir, "%.*s/fixtures", (int)(slash - f), f);
		else
			snprintf(dir, sizeof dir, "fixtures");
	}
	return dir;
}

/* Read a whole file; the test fails when it is missing.  Caller frees. */
static inline char *unit_read_path(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	assert_non_null(buf);
	for (;;) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap + 1);
		assert_non_null(buf);
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static inline char *unit_read_fixture(const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", unit_fixture_dir(), name);
	return unit_read_path(path, len);
}

/* The message a decoder gives for `msg` at the first occurrence of `at`
 * in doc: "FILE:LINE:COL: msg" (columns count bytes from 1); exactly `msg`
 * when `at` is NULL. */
static inline void unit_error_at(char *want, size_t len, const char *file, const char *doc, const char *at,
				 const char *msg)
{
	if (!at) {
		snprintf(want, len, "%s", msg);
		return;
	}
	const char *p = strstr(doc, at);
	if (!p)
		fail_msg("marker %s not in %s", at, doc);
	int line = 1, col = 1;
	for (const char *q = doc; q < p; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(want, len, "%s:%d:%d: %s", file, line, col, msg);
}

/* Fail, showing the whole message, unless `msg` contains `needle`. */
#define assert_contains(msg, needle) do { \
	const char *m_ = (msg), *n_ = (needle); \
	if (!strstr(m_, n_)) \
		fail_msg("message \"%s\" does not contain \"%s\"", m_, n_); \
} while (0)

/* Fail unless `msg` starts with `prefix`. */
#define assert_prefix(msg, prefix) do { \
	const char *m_ = (msg), *p_ = (prefix); \
	if (strncmp(m_, p_, strlen(p_)) != 0) \
		fail_msg("message \"%s\" does not start with \"%s\"", m_, p_); \
} while (0)

#endif
