/* needs: src/exe.c src/err.c src/util.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_exe.c - which copies of our binary count as safe to enter a
 * container with (CVE-2019-5736): a memfd with all four seals, or an
 * unlinked O_TMPFILE file; never a file with a name, nor an unsealed or
 * partly sealed memfd. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "exe.h"
#include "sys.h"
#include "unit_util.h"

static int memfd_with(int seals)
{
	int fd = sys_memfd_create("test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	assert_int_equal(write(fd, "\x7f" "ELF", 4), 4);
	if (seals)
		assert_int_equal(fcntl(fd, F_ADD_SEALS, seals), 0);
	return fd;
}

static void test_sealed_memfd(void **state)
{
	int fd = memfd_with(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	if (fd < 0)
		skip();
	assert_true(exe_is_protected(fd));
	/* the seals hold: no write, no growth */
	assert_int_equal(write(fd, "x", 1), -1);
	assert_int_equal(errno, EPERM);
	close(fd);
}

static void test_unsealed_or_partly_sealed_memfd(void **state)
{
	int fd = memfd_with(0);
	if (fd < 0)
		skip();
	assert_false(exe_is_protected(fd));
	close(fd);
	fd = memfd_with(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW);   /* still writable */
	assert_false(exe_is_protected(fd));
	close(fd);
}

static void test_named_file(void **state)
{
	char path[] = "/tmp/test_exe.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_false(exe_is_protected(fd));
	unlink(path);
	/* unlinked after the fact it has no name either: the O_TMPFILE case */
	assert_true(exe_is_protected(fd));
	close(fd);
}

static void test_tmpfile(void **state)
{
	int fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0500);
	if (fd < 0)
		skip();
	assert_true(exe_is_protected(fd));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_memfd),
		cmocka_unit_test(test_unsealed_or_partly_sealed_memfd),
		cmocka_unit_test(test_named_file),
		cmocka_unit_test(test_tmpfile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
