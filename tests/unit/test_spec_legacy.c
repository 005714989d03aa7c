/* needs: src/spec_legacy.c src/spec.c src/spec_proc.c src/spec_common.c src/spec_resources.c src/capnames.c src/json.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_spec_legacy.c - early runc's container.json: the shared example,
 * each translation to the OCI model, and each error with its message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "unit_util.h"

#define BIT(c) (1ULL << (c))

static void legacy_ok(const char *doc, struct rm_spec *s)
{
	struct rm_err err = { 0 };
	if (spec_parse_legacy(s, "container.json", doc, strlen(doc), &err) < 0)
		fail_msg("%s\n%s", err.msg, doc);
	assert_true(s->legacy);
	assert_string_equal(s->file, "container.json");
}

/* Fails with "container.json:LINE:COL: msg", LINE:COL being the first
 * occurrence of `at` in doc; or with exactly `msg` when `at` is NULL. */
static void legacy_fails(const char *doc, const char *at, const char *msg)
{
	struct rm_spec s;
	struct rm_err err = { 0 };
	char want[1024];
	if (spec_parse_legacy(&s, "container.json", doc, strlen(doc), &err) == 0) {
		spec_free(&s);
		fail_msg("accepted: %s", doc);
	}
	unit_error_at(want, sizeof want, "container.json", doc, at, msg);
	assert_string_equal(err.msg, want);
	assert_null(s.arena.head);
	assert_null(s.process.args);
	assert_true(s.legacy);
}

static void test_shared_example(void **state)
{
	struct rm_spec s;
	struct rm_err err = { 0 };
	size_t len;
	char *buf = unit_read_fixture("legacy-container.json", &len);
	int r = spec_parse_legacy(&s, "container.json", buf, len, &err);
	free(buf);
	if (r < 0)
		fail_msg("%s", err.msg);

	assert_true(s.legacy);
	assert_string_equal(s.file, "container.json");
	assert_null(s.oci_version);

	/* processes[0] */
	assert_int_equal(s.process.n_args, 1);
	assert_string_equal(s.process.args[0], "/app/go-app");
	assert_null(s.process.args[1]);
	assert_int_equal(s.process.n_env, 2);
	assert_string_equal(s.process.env[1], "TERM=xterm");
	assert_true(s.process.terminal);
	assert_string_equal(s.process.user_name, "daemon");
	assert_int_equal(s.process.uid, 0);
	assert_null(s.process.cwd);                 /* "" means the default, / */

	/* root "./" is the bundle itself */
	assert_string_equal(s.root_path, "./");
	assert_true(s.root_readonly);

	/* cpus 1.1 -> 110 ms of CPU per 100 ms period; memory 128 MB */
	assert_true(s.has_resources);
	assert_true(s.resources.has_cpu_quota && s.resources.has_cpu_period);
	assert_true(s.resources.cpu_quota == 110000);
	assert_true(s.resources.cpu_period == 100000);
	assert_true(s.resources.has_mem_limit);
	assert_true(s.resources.mem_limit == 134217728);
	assert_false(s.resources.has_mem_swap);
	assert_false(s.resources.has_pids_limit);

	/* namespaces: "process" is the pid namespace */
	assert_true(s.ns[RM_NS_PID].wanted);
	assert_true(s.ns[RM_NS_MNT].wanted);
	assert_true(s.ns[RM_NS_IPC].wanted);
	assert_false(s.ns[RM_NS_NET].wanted);
	assert_false(s.ns[RM_NS_UTS].wanted);
	assert_false(s.ns[RM_NS_USER].wanted);
	assert_null(s.hostname);

	/* capabilities: names without CAP_, into bounding/effective/permitted */
	uint64_t want = BIT(CAP_AUDIT_WRITE) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);
	for (int k = RM_CAP_BOUNDING; k <= RM_CAP_PERMITTED; k++)
		assert_true(s.process.caps.set[k] == want);
	assert_true(s.process.caps.set[RM_CAP_INHERITABLE] == 0);
	assert_true(s.process.caps.set[RM_CAP_AMBIENT] == 0);

	/* devices by name */
	static const struct { const char *path; int major, minor; } devs[] = {
		{ "/dev/null", 1, 3 }, { "/dev/random", 1, 8 }, { "/dev/full", 1, 7 },
		{ "/dev/tty", 5, 0 }, { "/dev/zero", 1, 5 }, { "/dev/urandom", 1, 9 },
	};
	assert_int_equal(s.n_devices, 6);
	for (size_t i = 0; i < 6; i++) {
		const struct rm_device *d = &s.devices[i];
		assert_string_equal(d->path, devs[i].path);
		assert_int_equal(d->type, 'c');
		assert_true(d->major == devs[i].major && d->minor == devs[i].minor);
		assert_true(d->has_mode && d->mode == 0666);
		assert_false(d->has_uid || d->has_gid);
	}
	assert_null(s.devices[6].path);

	/* mounts: options as one comma string */
	assert_int_equal(s.n_mounts, 6);
	const struct rm_mount *m = &s.mounts[0];
	assert_string_equal(m->destination, "/proc");
	assert_string_equal(m->type, "proc");
	assert_string_equal(m->source, "proc");
	assert_int_equal(m->n_options, 0);
	assert_null(m->options[0]);
	m = &s.mounts[1];
	assert_string_equal(m->destination, "/dev");
	assert_int_equal(m->n_options, 4);
	assert_string_equal(m->options[0], "nosuid");
	assert_string_equal(m->options[1], "strictatime");
	assert_string_equal(m->options[2], "mode=755");
	assert_string_equal(m->options[3], "size=65536k");
	assert_null(m->options[4]);
	m = &s.mounts[2];
	assert_int_equal(m->n_options, 6);
	assert_string_equal(m->options[3], "ptmxmode=0666");
	assert_string_equal(m->options[5], "gid=5");
	m = &s.mounts[5];
	assert_string_equal(m->destination, "/sys");
	assert_int_equal(m->n_options, 3);
	assert_string_equal(m->options[2], "nodev");

	assert_null(s.cgroups_path);
	assert_int_equal(s.n_masked_paths, 0);
	spec_free(&s);
	assert_null(s.arena.head);
}

#define PROC1 "\"processes\": [{\"args\": [\"/bin/sh\"]}]"
#define MNTNS "\"namespaces\": [{\"type\": \"mount\"}]"

static void test_translations(void **state)
{
	struct rm_spec s;

	/* The smallest runnable container.json: root defaults to the bundle. */
	legacy_ok("{" PROC1 ", " MNTNS "}", &s);
	assert_string_equal(s.root_path, "./");
	assert_false(s.root_readonly);
	assert_false(s.has_resources);
	for (int k = 0; k < RM_CAP_NSETS; k++)   /* no capabilities: every set empty */
		assert_true(s.process.caps.set[k] == 0);
	assert_null(s.process.user_name);
	spec_free(&s);

	/* A numeric user, a cwd, net/network/uts, hostname, options as an array,
	 * odd comma strings, cpus and memory 0 (unset), CAP_ prefixes too. */
	legacy_ok("{\"processes\": [{\"args\": [\"a\", \"b\"], \"user\": 1000, \"cwd\": \"/srv\", \"tty\": false,"
		  " \"env\": null}],\n"
		  " \"root\": {\"path\": \"rootfs\"}, \"hostname\": \"box\", \"cpus\": 0, \"memory\": 0,\n"
		  " \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"net\"}, {\"type\": \"uts\"}],\n"
		  " \"capabilities\": [\"CAP_SYS_ADMIN\", \"chown\"], \"devices\": [],\n"
		  " \"mounts\": [{\"destination\": \"/a\", \"options\": [\"ro\", \"bind\"]},\n"
		  "   {\"destination\": \"/b\", \"options\": \",nosuid,,mode=1777,\"},\n"
		  "   {\"destination\": \"/c\", \"options\": null}, {\"destination\": \"/d\"}]}", &s);
	assert_int_equal(s.process.uid, 1000);
	assert_null(s.process.user_name);
	assert_string_equal(s.process.cwd, "/srv");
	assert_null(s.process.env);
	assert_string_equal(s.root_path, "rootfs");
	assert_string_equal(s.hostname, "box");
	assert_true(s.ns[RM_NS_NET].wanted && s.ns[RM_NS_UTS].wanted && s.ns[RM_NS_MNT].wanted);
	assert_false(s.ns[RM_NS_PID].wanted);
	assert_false(s.has_resources);
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] == (BIT(CAP_SYS_ADMIN) | BIT(CAP_CHOWN)));
	assert_int_equal(s.n_devices, 0);
	assert_int_equal(s.mounts[0].n_options, 2);
	assert_string_equal(s.mounts[0].options[1], "bind");
	assert_int_equal(s.mounts[1].n_options, 2);
	assert_string_equal(s.mounts[1].options[0], "nosuid");
	assert_string_equal(s.mounts[1].options[1], "mode=1777");
	assert_null(s.mounts[1].options[2]);
	assert_int_equal(s.mounts[2].n_options, 0);
	assert_null(s.mounts[2].options[0]);
	assert_int_equal(s.mounts[3].n_options, 0);
	assert_null(s.mounts[3].type);
	spec_free(&s);

	/* An empty user name is no user; "network" is also the net namespace. */
	legacy_ok("{\"processes\": [{\"args\": [\"a\"], \"user\": \"\"}], \"namespaces\": [{\"type\": \"mount\"},"
		  " {\"type\": \"network\"}, {\"type\": \"process\"}]}", &s);
	assert_null(s.process.user_name);
	assert_true(s.ns[RM_NS_NET].wanted && s.ns[RM_NS_PID].wanted);
	spec_free(&s);

	/* cpus: rounding to the nearest microsecond; memory up to the int64 limit. */
	legacy_ok("{" PROC1 ", " MNTNS ", \"cpus\": 0.5, \"memory\": 8796093022207}", &s);
	assert_true(s.resources.cpu_quota == 50000);
	assert_true(s.resources.mem_limit == (int64_t)8796093022207 << 20);
	spec_free(&s);
	legacy_ok("{" PROC1 ", " MNTNS ", \"cpus\": 4096, \"memory\": 1}", &s);
	assert_true(s.resources.cpu_quota == 409600000);
	assert_true(s.resources.mem_limit == 1048576);
	spec_free(&s);
	legacy_ok("{" PROC1 ", " MNTNS ", \"cpus\": 2}", &s);
	assert_true(s.resources.cpu_quota == 200000);
	assert_false(s.resources.has_mem_limit);
	spec_free(&s);
}

static void test_errors(void **state)
{
	legacy_fails("{" PROC1 ", " MNTNS ",\n \"devices\": [\"null\", \"foo\"]}",
		     "\"foo\"", "devices: unknown device \"foo\"");
	legacy_fails("{" PROC1 ", " MNTNS ", \"devices\": [\"/dev/null\"]}",
		     "\"/dev/null\"", "devices: unknown device \"/dev/null\"");
	legacy_fails("{" PROC1 ", " MNTNS ", \"devices\": [\"null\", 3]}",
		     "3]", "devices: expected an array of strings");
	/* An unknown capability is a warning; the known ones apply. */
	struct rm_spec s;
	legacy_ok("{" PROC1 ", " MNTNS ",\n \"capabilities\": [\"KILL\", \"FOO\"]}", &s);
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] == 1ULL << CAP_KILL);
	assert_non_null(strstr(rm_last_warning(), "capabilities: unknown capability \"FOO\" ignored"));
	spec_free(&s);
	legacy_fails("{" PROC1 ", " MNTNS ", \"capabilities\": \"KILL\"}",
		     "\"KILL\"", "capabilities: expected an array of strings");
	legacy_fails("{\"processes\": [], " MNTNS "}",
		     "[]", "processes: at least one process is required");
	legacy_fails("{\"processes\": [{\"args\": [\"a\"]}, {\"args\": [\"b\"]}], " MNTNS "}",
		     "[{", "processes: only one process per container is supported");
	legacy_fails("{\"processes\": {\"args\": [\"a\"]}, " MNTNS "}",
		     "{\"args\"", "processes: expected an array");
	legacy_fails("{\"processes\": [\"sh\"], " MNTNS "}",
		     "\"sh\"", "processes[0]: expected an object");
	legacy_fails("{" MNTNS "}", NULL, "container.json: processes: required");
	legacy_fails("{" PROC1 ", " MNTNS ", \"memory\": -1}", "-1", "memory: out of range");
	legacy_fails("{" PROC1 ", " MNTNS ", \"memory\": 8796093022208}", "8796093022208", "memory: out of range");
	legacy_fails("{" PROC1 ", " MNTNS ", \"memory\": 1.5}", "1.5", "memory: expected an integer");
	legacy_fails("{" PROC1 ", " MNTNS ", \"cpus\": -0.5}", "-0.5", "cpus: out of range (0.01 to 4096, or 0 for no limit)");
	legacy_fails("{" PROC1 ", " MNTNS ", \"cpus\": 4097}", "4097", "cpus: out of range (0.01 to 4096, or 0 for no limit)");
	legacy_fails("{" PROC1 ", " MNTNS ", \"cpus\": \"2\"}", "\"2\"", "cpus: expected a number");
	legacy_fails("{" PROC1 ", \"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"pidns\"}]}",
		     "\"pidns\"", "namespaces[1].type: unknown namespace type \"pidns\"");
	legacy_fails("{" PROC1 ", \"namespaces\": [{\"path\": \"/x\"}]}",
		     "{\"path\"", "namespaces[0]: type is required");
	legacy_fails("{\"processes\": [{\"args\": \"sh\"}], " MNTNS "}",
		     "\"sh\"", "processes[0].args: expected an array of strings");
	legacy_fails("{\"processes\": [{\"args\": [\"sh\"], \"tty\": 1}], " MNTNS "}",
		     "1}", "processes[0].tty: expected a boolean");
	legacy_fails("{\"processes\": [{\"args\": [\"sh\"], \"user\": 4294967295}], " MNTNS "}",
		     "4294967295", "processes[0].user: 4294967295 is out of range (0 to 2147483647)");
	legacy_fails("{\"processes\": [{\"args\": [\"sh\"], \"user\": -1}], " MNTNS "}",
		     "-1", "processes[0].user: expected a non-negative integer");
	legacy_fails("{" PROC1 ", " MNTNS ", \"mounts\": [{\"destination\": \"/a\", \"options\": 7}]}",
		     "7}", "mounts[0].options: expected a string");
	legacy_fails("{" PROC1 ", " MNTNS ", \"mounts\": [{\"type\": \"proc\"}]}",
		     "{\"type\": \"proc\"}", "mounts[0]: destination is required");
	legacy_fails("{" PROC1 ", " MNTNS ", \"root\": {\"path\": \"r\", \"readonly\": \"no\"}}",
		     "\"no\"", "root.readonly: expected a boolean");
	legacy_fails("{" PROC1 ", " MNTNS ", \"root\": \"./\"}", "\"./\"", "root: expected an object");
	legacy_fails("[]", "[", "(top level): expected an object");
	legacy_fails("{" PROC1 ", " MNTNS "", NULL, "container.json:1:73: invalid JSON: unexpected end of input");

	/* spec_validate: shared with config.json. */
	legacy_fails("{\"processes\": [{\"args\": []}], " MNTNS "}", NULL,
		     "container.json: processes[0].args: at least one argument is required");
	legacy_fails("{\"processes\": [{\"args\": [\"a\"], \"cwd\": \"srv\"}], " MNTNS "}", NULL,
		     "container.json: processes[0].cwd: must be an absolute path, got \"srv\"");
	legacy_fails("{" PROC1 ", " MNTNS ", \"hostname\": \"h\"}", NULL,
		     "container.json: hostname: setting the hostname needs a uts namespace");
}

static void test_validate_paths_name_legacy_keys(void **state)
{
	/* A container.json has no "linux" object nor "process": messages
	 * should name the keys the user wrote ("namespaces", "processes[0]"). */
	struct rm_spec s;
	struct rm_err err = { 0 };
	static const char doc[] = "{" PROC1 ", \"root\": {\"path\": \"./\", \"readonly\": true}, "
				  "\"namespaces\": [{\"type\": \"process\"}]}";
	assert_int_equal(spec_parse_legacy(&s, "container.json", doc, strlen(doc), &err), -1);
	assert_string_equal(err.msg, "container.json: root.readonly: needs a mount namespace (namespaces): it would "
			    "make the host's / read-only");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_example),
		cmocka_unit_test(test_translations),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_validate_paths_name_legacy_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
