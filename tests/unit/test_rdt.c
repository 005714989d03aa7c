/* needs: src/rdt.c src/cgroup_host.c src/mountinfo.c src/util.c src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* linux.intelRdt without resctrl hardware: the mount lookup from mountinfo
 * fixtures, the group directory rules, the schemata check against a file
 * shaped like the kernel's, and the write order, in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "rdt.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_find_mount(void **state)
{
	(void)state;
	char mi[] = "/tmp/rm-rdt-mi-XXXXXX", out[256];
	struct rm_err err;
	int fd = mkstemp(mi);
	assert_true(fd >= 0);
	close(fd);
	put(mi, "22 1 0:21 / /sys rw - sysfs sysfs rw\n");
	assert_int_equal(rdt_find_mount(mi, out, sizeof out, &err), -1);
	assert_non_null(strstr(err.msg, "linux.intelRdt: no resctrl filesystem is mounted"));
	put(mi, "22 1 0:21 / /sys rw - sysfs sysfs rw\n"
		"40 22 0:40 / /sys/fs/resctrl rw - resctrl resctrl rw\n");
	assert_int_equal(rdt_find_mount(mi, out, sizeof out, &err), 0);
	assert_string_equal(out, "/sys/fs/resctrl");
	/* hidden under a tmpfs: not usable */
	put(mi, "22 1 0:21 / /sys rw - sysfs sysfs rw\n"
		"40 22 0:40 / /sys/fs/resctrl rw - resctrl resctrl rw\n"
		"41 22 0:41 / /sys/fs rw - tmpfs tmpfs rw\n");
	assert_int_equal(rdt_find_mount(mi, out, sizeof out, &err), -1);
	unlink(mi);
}

static void test_group_dir(void **state)
{
	(void)state;
	char out[256];
	struct rm_err err;
	struct rm_rdt r = { .set = true };
	assert_int_equal(rdt_group_dir("/sys/fs/resctrl", &r, "ctr1", out, sizeof out, &err), 0);
	assert_string_equal(out, "/sys/fs/resctrl/ctr1");
	r.clos_id = "gold";
	assert_int_equal(rdt_group_dir("/sys/fs/resctrl", &r, "ctr1", out, sizeof out, &err), 0);
	assert_string_equal(out, "/sys/fs/resctrl/gold");
	r.clos_id = "/";
	assert_int_equal(rdt_group_dir("/sys/fs/resctrl", &r, "ctr1", out, sizeof out, &err), 0);
	assert_string_equal(out, "/sys/fs/resctrl");
	r.clos_id = "..";
	assert_int_equal(rdt_group_dir("/sys/fs/resctrl", &r, "ctr1", out, sizeof out, &err), -1);
	r.clos_id = "a/b";
	assert_int_equal(rdt_group_dir("/sys/fs/resctrl", &r, "ctr1", out, sizeof out, &err), -1);
	assert_non_null(strstr(err.msg, "linux.intelRdt.closID"));
}

static void test_schemata(void **state)
{
	(void)state;
	char dir[] = "/tmp/rm-rdt-XXXXXX", file[64], buf[256];
	struct rm_err err;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/schemata", dir);
	/* The kernel prints every cache id of each resource. */
	put(file, "    L3:0=ff;1=fff\n    MB:0=100;1=100\n");
	struct rm_rdt r = { .set = true, .clos_id = "gold", .l3 = "L3:0=ff", .mb = "MB:0=100" };
	assert_int_equal(rdt_check_schemata(dir, &r, &err), 0);
	r.l3 = "L3:0=f0";
	assert_int_equal(rdt_check_schemata(dir, &r, &err), -1);
	assert_non_null(strstr(err.msg, "other schemata than \"L3:0=f0\""));
	r.l3 = "L3:1=fff";
	char *lines[] = { "MB:1=50" };
	r.schemata = lines;
	r.n_schemata = 1;
	assert_int_equal(rdt_check_schemata(dir, &r, &err), -1);   /* MB:1 is 100 */

	/* Written l3, mb, then the schemata lines: the last write is the list's. */
	put(file, "");
	r.l3 = "L3:0=ff";
	r.mb = "MB:0=50";
	assert_true(rdt_has_schemata(&r));
	assert_int_equal(rdt_write_schemata(dir, &r, &err), 0);
	FILE *f = fopen(file, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "MB:1=50");
	/* A write the kernel refuses names the field. */
	unlink(file);
	assert_int_equal(rdt_write_schemata(dir, &r, &err), -1);
	assert_non_null(strstr(err.msg, "linux.intelRdt.l3CacheSchema"));
	rmdir(dir);
	struct rm_rdt none = { .set = true };
	assert_false(rdt_has_schemata(&none));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_mount),
		cmocka_unit_test(test_group_dir),
		cmocka_unit_test(test_schemata),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
