/* needs: src/mount.c src/mount_attr.c src/mount_cgroup.c src/mount_copy.c src/mount_idmap.c src/safe.c src/util.c src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_mount_opts.c - mnt_parse_options: OCI mount options -> mount(2)
 * flags to set and clear, propagation, and the fs data string.  Only the
 * parser is called: nothing is mounted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "mount.h"
#include "sys.h"
#include "unit_util.h"

/* Parse a NULL-terminated list given inline. */
#define PARSE(o, err, ...) ({ \
	char *opts_[] = { __VA_ARGS__, NULL }; \
	mnt_parse_options(opts_, (o), (err)); \
})

static void parse_ok(struct mnt_opts *o, char **opts)
{
	struct rm_err err = { 0 };
	if (mnt_parse_options(opts, o, &err) < 0)
		fail_msg("%s", err.msg);
}
#define OK(o, ...) do { char *opts_[] = { __VA_ARGS__, NULL }; parse_ok((o), opts_); } while (0)

static void assert_opts(const struct mnt_opts *o, unsigned long set, unsigned long clear,
			unsigned long prop, const char *data, int rec_ro)
{
	if (o->set != set)
		fail_msg("set %#lx, want %#lx", o->set, set);
	if (o->clear != clear)
		fail_msg("clear %#lx, want %#lx", o->clear, clear);
	if (o->prop != prop)
		fail_msg("prop %#lx, want %#lx", o->prop, prop);
	assert_string_equal(o->data, data);
	assert_int_equal(o->rec_ro, rec_ro);
}

static void test_empty(void **state)
{
	struct mnt_opts o;
	struct rm_err err = { 0 };
	memset(&o, 0xff, sizeof o);
	assert_int_equal(mnt_parse_options(NULL, &o, &err), 0);
	assert_opts(&o, 0, 0, 0, "", 0);
	char *none[] = { NULL };
	memset(&o, 0xff, sizeof o);
	assert_int_equal(mnt_parse_options(none, &o, &err), 0);
	assert_opts(&o, 0, 0, 0, "", 0);
}

static void test_ro_rw(void **state)
{
	struct mnt_opts o;
	OK(&o, "ro");
	assert_opts(&o, MS_RDONLY, 0, 0, "", 0);
	OK(&o, "rw");
	assert_opts(&o, 0, MS_RDONLY, 0, "", 0);
	/* The last one wins, and moves the flag from one side to the other. */
	OK(&o, "ro", "rw");
	assert_opts(&o, 0, MS_RDONLY, 0, "", 0);
	OK(&o, "rw", "ro");
	assert_opts(&o, MS_RDONLY, 0, 0, "", 0);
	OK(&o, "ro", "rw", "ro");
	assert_opts(&o, MS_RDONLY, 0, 0, "", 0);
}

static void test_flag_pairs(void **state)
{
	static const struct { const char *on, *off; unsigned long flag; } pairs[] = {
		{ "nosuid", "suid", MS_NOSUID }, { "nodev", "dev", MS_NODEV },
		{ "noexec", "exec", MS_NOEXEC }, { "sync", "async", MS_SYNCHRONOUS },
		{ "mand", "nomand", MS_MANDLOCK }, { "noatime", "atime", MS_NOATIME },
		{ "nodiratime", "diratime", MS_NODIRATIME }, { "relatime", "norelatime", MS_RELATIME },
		{ "strictatime", "nostrictatime", MS_STRICTATIME }, { "lazytime", "nolazytime", MS_LAZYTIME },
		{ "silent", "loud", MS_SILENT },
	};
	struct mnt_opts o;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char *on = (char *)pairs[i].on, *off = (char *)pairs[i].off;
		OK(&o, on);
		assert_opts(&o, pairs[i].flag, 0, 0, "", 0);
		OK(&o, off);
		assert_opts(&o, 0, pairs[i].flag, 0, "", 0);
		OK(&o, on, off);
		assert_opts(&o, 0, pairs[i].flag, 0, "", 0);
		OK(&o, off, on);
		assert_opts(&o, pairs[i].flag, 0, 0, "", 0);
	}
	OK(&o, "dirsync");
	assert_opts(&o, MS_DIRSYNC, 0, 0, "", 0);
	OK(&o, "remount", "ro");
	assert_opts(&o, MS_REMOUNT | MS_RDONLY, 0, 0, "", 0);
	OK(&o, "nosuid", "noexec", "nodev", "ro");
	assert_opts(&o, MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, 0, 0, "", 0);
}

static void test_bind(void **state)
{
	struct mnt_opts o;
	OK(&o, "bind");
	assert_opts(&o, MS_BIND, 0, 0, "", 0);
	OK(&o, "rbind");
	assert_opts(&o, MS_BIND | MS_REC, 0, 0, "", 0);
	/* docker's bind mounts of /etc/hosts and friends */
	OK(&o, "rbind", "rprivate");
	assert_opts(&o, MS_BIND | MS_REC, 0, MS_PRIVATE | MS_REC, "", 0);
	/* podman's /dev/shm */
	OK(&o, "bind", "rprivate", "nosuid", "noexec", "nodev");
	assert_opts(&o, MS_BIND | MS_NOSUID | MS_NOEXEC | MS_NODEV, 0, MS_PRIVATE | MS_REC, "", 0);
}

static void test_propagation(void **state)
{
	static const struct { const char *name; unsigned long prop; } props[] = {
		{ "private", MS_PRIVATE }, { "rprivate", MS_PRIVATE | MS_REC },
		{ "shared", MS_SHARED }, { "rshared", MS_SHARED | MS_REC },
		{ "slave", MS_SLAVE }, { "rslave", MS_SLAVE | MS_REC },
		{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
	};
	struct mnt_opts o;
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
		OK(&o, (char *)props[i].name);
		assert_opts(&o, 0, 0, props[i].prop, "", 0);   /* never mixed into set */
	}
	OK(&o, "rprivate", "rslave");                 /* the last one wins */
	assert_opts(&o, 0, 0, MS_SLAVE | MS_REC, "", 0);
	OK(&o, "shared", "private");
	assert_opts(&o, 0, 0, MS_PRIVATE, "", 0);
}

static void test_data(void **state)
{
	struct mnt_opts o;
	OK(&o, "nosuid", "strictatime", "mode=755", "size=65536k");
	assert_opts(&o, MS_NOSUID | MS_STRICTATIME, 0, 0, "mode=755,size=65536k", 0);
	OK(&o, "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
	assert_opts(&o, MS_NOSUID | MS_NOEXEC, 0, 0, "newinstance,ptmxmode=0666,mode=0620,gid=5", 0);
	OK(&o, "mode=1777");
	assert_opts(&o, 0, 0, 0, "mode=1777", 0);
	/* Flags are matched whole: these are data. */
	OK(&o, "RO", "ro ", "noexec=1", "rbind2");
	assert_opts(&o, 0, 0, 0, "RO,ro ,noexec=1,rbind2", 0);
}

static void test_data_limit(void **state)
{
	struct mnt_opts o;
	struct rm_err err = { 0 };
	char a[1024], b[600];
	/* 1023 bytes of data and the NUL fill the 1024-byte buffer exactly. */
	memset(a, 'a', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	assert_int_equal(PARSE(&o, &err, a), 0);
	assert_int_equal(strlen(o.data), 1023);
	/* 1022 + "," + "x" is 1024 bytes: one too many. */
	a[sizeof a - 2] = '\0';
	assert_int_equal(PARSE(&o, &err, a, "x"), -1);
	assert_int_equal(err.errnum, E2BIG);
	assert_int_equal(PARSE(&o, &err, "ab", a + 2), 0);    /* 2 + 1 + 1020 = 1023 */
	assert_int_equal(strlen(o.data), 1023);
	/* Two that together overflow: an error, not a cut. */
	memset(b, 'b', sizeof b - 1);
	b[sizeof b - 1] = '\0';
	assert_int_equal(PARSE(&o, &err, "mode=755", b, b), -1);
	assert_int_equal(err.errnum, E2BIG);
	assert_prefix(err.msg, "mount options too long at \"bbbb");
	assert_contains(err.msg, "\": argument list too long");
}

static void test_rro(void **state)
{
	struct mnt_opts o;
	OK(&o, "rro");
	assert_opts(&o, MS_RDONLY, 0, 0, "", 1);
	assert_true(o.rec_set == RM_MOUNT_ATTR_RDONLY && o.rec_clr == 0);
	OK(&o, "rbind", "rro", "nosuid");
	assert_opts(&o, MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID, 0, 0, "", 1);
	/* rrw undoes rro, on the top mount too */
	OK(&o, "rro", "rrw");
	assert_opts(&o, 0, MS_RDONLY, 0, "", 0);
	assert_true(o.rec_set == 0 && o.rec_clr == RM_MOUNT_ATTR_RDONLY);
}

static void test_recursive(void **state)
{
	static const struct { const char *name; uint64_t set, clr; } t[] = {
		{ "rnosuid", RM_MOUNT_ATTR_NOSUID, 0 }, { "rsuid", 0, RM_MOUNT_ATTR_NOSUID },
		{ "rnodev", RM_MOUNT_ATTR_NODEV, 0 }, { "rdev", 0, RM_MOUNT_ATTR_NODEV },
		{ "rnoexec", RM_MOUNT_ATTR_NOEXEC, 0 }, { "rexec", 0, RM_MOUNT_ATTR_NOEXEC },
		{ "rnodiratime", RM_MOUNT_ATTR_NODIRATIME, 0 }, { "rdiratime", 0, RM_MOUNT_ATTR_NODIRATIME },
		{ "rnosymfollow", RM_MOUNT_ATTR_NOSYMFOLLOW, 0 }, { "rsymfollow", 0, RM_MOUNT_ATTR_NOSYMFOLLOW },
		{ "rnoatime", RM_MOUNT_ATTR_NOATIME, RM_MOUNT_ATTR__ATIME },
		{ "rstrictatime", RM_MOUNT_ATTR_STRICTATIME, RM_MOUNT_ATTR__ATIME },
		{ "rrelatime", RM_MOUNT_ATTR_RELATIME, RM_MOUNT_ATTR__ATIME },
		{ "ratime", RM_MOUNT_ATTR_RELATIME, RM_MOUNT_ATTR__ATIME },
		{ "rnorelatime", RM_MOUNT_ATTR_RELATIME, RM_MOUNT_ATTR__ATIME },
		{ "rnostrictatime", RM_MOUNT_ATTR_RELATIME, RM_MOUNT_ATTR__ATIME },
	};
	struct mnt_opts o;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		OK(&o, (char *)t[i].name);
		assert_opts(&o, 0, 0, 0, "", 0);
		if (o.rec_set != t[i].set || o.rec_clr != t[i].clr)
			fail_msg("%s: set %#llx clr %#llx", t[i].name, (unsigned long long)o.rec_set,
				 (unsigned long long)o.rec_clr);
	}
	/* The last atime mode wins. */
	OK(&o, "rnoatime", "rstrictatime", "rnosuid");
	assert_true(o.rec_set == (RM_MOUNT_ATTR_STRICTATIME | RM_MOUNT_ATTR_NOSUID));
	assert_true(o.rec_clr == RM_MOUNT_ATTR__ATIME);
}

static void test_special(void **state)
{
	struct mnt_opts o;
	OK(&o, "tmpcopyup", "mode=755");
	assert_opts(&o, 0, 0, 0, "mode=755", 0);
	assert_true(o.tmpcopyup && !o.idmap && !o.ridmap);
	OK(&o, "rbind", "idmap");
	assert_true(o.idmap && !o.ridmap && !o.tmpcopyup);
	OK(&o, "ridmap");
	assert_true(o.idmap && o.ridmap);
	assert_string_equal(o.data, "");
}

/* OCI "MUST" options that are not fs data: "defaults" is no flag at all,
 * "iversion"/"noiversion" are MS_I_VERSION. */
static void test_spec_must_options(void **state)
{
	struct mnt_opts o;
	OK(&o, "defaults", "mode=755");
	assert_opts(&o, 0, 0, 0, "mode=755", 0);
	OK(&o, "iversion");
	assert_opts(&o, MS_I_VERSION, 0, 0, "", 0);
	OK(&o, "iversion", "noiversion");
	assert_opts(&o, 0, MS_I_VERSION, 0, "", 0);
	OK(&o, "nosymfollow");
	assert_opts(&o, MS_NOSYMFOLLOW, 0, 0, "", 0);
	OK(&o, "nosymfollow", "symfollow");
	assert_opts(&o, 0, MS_NOSYMFOLLOW, 0, "", 0);
}

/* OCI "SHOULD" options (recursive flags, nosymfollow): never handed to
 * the filesystem as data. */
static void test_spec_should_options(void **state)
{
	static const char *const names[] = {
		"nosymfollow", "symfollow", "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec",
		"rexec", "rnoatime", "ratime", "rnodiratime", "rdiratime", "rrelatime", "rnorelatime",
		"rstrictatime", "rnostrictatime", "rnosymfollow", "rsymfollow", "defaults", "iversion",
		"noiversion", "tmpcopyup", "idmap", "ridmap",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct mnt_opts o;
		struct rm_err err = { 0 };
		assert_int_equal(PARSE(&o, &err, (char *)names[i]), 0);
		if (o.data[0])
			fail_msg("%s passed to the filesystem as data \"%s\"", names[i], o.data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_ro_rw),
		cmocka_unit_test(test_flag_pairs),
		cmocka_unit_test(test_bind),
		cmocka_unit_test(test_propagation),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_data_limit),
		cmocka_unit_test(test_rro),
		cmocka_unit_test(test_recursive),
		cmocka_unit_test(test_special),
		cmocka_unit_test(test_spec_must_options),
		cmocka_unit_test(test_spec_should_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
