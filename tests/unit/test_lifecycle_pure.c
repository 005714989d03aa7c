/* needs: src/state.c src/signames.c src/json.c src/err.c src/arena.c src/util.c src/spec.c src/spec_common.c src/spec_legacy.c src/spec_resources.c src/capnames.c src/cgroup.c src/cgroup_host.c src/cgroup_v1.c src/cgroup_v2.c src/cgroup_bpf.c src/rdt.c src/mountinfo.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* The pure parts of the lifecycle commands: container ids, signal names,
 * the state JSON (escaping, status, annotations), pid start times. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "signames.h"
#include "state.h"

static void test_ids(void **state)
{
	struct rm_err e;
	static const char *const good[] = { "a", "abc-DEF_0.1+2", "0123456789abcdef0123456789abcdef" };
	static const char *const bad[] = { "", ".", "..", "a/b", "../x", "a b", "x\ny", "é" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(state_check_id(good[i], &e), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(state_check_id(bad[i], &e), -1);
		assert_non_null(strstr(e.msg, "invalid container id"));
	}
	char longid[1100];
	memset(longid, 'a', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	assert_int_equal(state_check_id(longid, &e), -1);
	/* One file name: 255 bytes pass, 256 fail with ENAMETOOLONG (runc:
	 * "file name too long"), and the message keeps its reason. */
	longid[255] = '\0';
	assert_int_equal(state_check_id(longid, &e), 0);
	longid[255] = 'a';
	longid[256] = '\0';
	assert_int_equal(state_check_id(longid, &e), -1);
	assert_int_equal(e.errnum, ENAMETOOLONG);
	assert_non_null(strstr(e.msg, "at most 255 bytes"));
	assert_non_null(strstr(e.msg, "file name too long"));
	/* Hidden from list before: now refused. */
	assert_int_equal(state_check_id(".x", &e), -1);
	assert_non_null(strstr(e.msg, "must not start with '.'"));
	assert_int_equal(state_check_id("x.", &e), 0);
}

static void test_signals(void **state)
{
	assert_int_equal(sig_parse("TERM"), SIGTERM);
	assert_int_equal(sig_parse("SIGTERM"), SIGTERM);
	assert_int_equal(sig_parse("sigkill"), SIGKILL);
	assert_int_equal(sig_parse("9"), 9);
	assert_int_equal(sig_parse("15"), 15);
	assert_int_equal(sig_parse("RTMIN+2"), SIGRTMIN + 2);
	assert_int_equal(sig_parse("SIGRTMAX"), SIGRTMAX);
	assert_int_equal(sig_parse("0"), -1);
	assert_int_equal(sig_parse("65"), -1);
	assert_int_equal(sig_parse("NOPE"), -1);
	assert_int_equal(sig_parse(""), -1);
	assert_int_equal(sig_parse("RTMIN+99"), -1);
}

static void test_state_json(void **state)
{
	struct rm_state st;
	struct rm_spec spec;
	struct rm_err e;
	char buf[4096];
	static const char cfg[] = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},"
		"\"process\":{\"args\":[\"sh\"]},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]},"
		"\"annotations\":{\"k\\\"q\":\"v\\\\w\"}}";
	memset(&st, 0, sizeof st);
	strcpy(st.id, "c1");
	strcpy(st.bundle, "/b/with \"quote\"");
	strcpy(st.rootfs, "/b/rootfs");
	strcpy(st.created, "2026-01-01T00:00:00.000000001Z");
	st.pid = 42;
	assert_int_equal(spec_parse_oci(&spec, "config.json", cfg, sizeof cfg - 1, &e), 0);
	int n = state_json(&st, RM_STATUS_RUNNING, &spec, buf, sizeof buf);
	assert_true(n > 0);
	assert_non_null(strstr(buf, "\"status\": \"running\""));
	assert_non_null(strstr(buf, "\"pid\": 42"));
	assert_non_null(strstr(buf, "\"bundle\": \"/b/with \\\"quote\\\"\""));
	assert_non_null(strstr(buf, "\"k\\\"q\": \"v\\\\w\""));
	/* A stopped container reports pid 0, as runc does. */
	n = state_json(&st, RM_STATUS_STOPPED, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "\"pid\": 0"));
	assert_null(strstr(buf, "annotations"));
	/* Too small a buffer is an error, not a truncated document. */
	assert_int_equal(state_json(&st, RM_STATUS_RUNNING, &spec, buf, 40), -1);
	spec_free(&spec);
}

static void test_pid_alive(void **state)
{
	uint64_t start = state_pid_start(getpid());
	assert_true(start > 0);
	assert_true(state_pid_alive(getpid(), start));
	/* Same pid, another start time: a reused pid is not our container. */
	assert_false(state_pid_alive(getpid(), start + 1));
	assert_false(state_pid_alive(0, 0));
}

/* A scratch --root with one container directory made by state_create_dir. */
static void make_root(char *root, size_t len, struct rm_state *st)
{
	struct rm_err e = { 0, "" };
	snprintf(root, len, "/tmp/rm-unit-state-XXXXXX");
	assert_non_null(mkdtemp(root));
	assert_int_equal(state_create_dir(st, root, "c1", &e), 0);
	strcpy(st->bundle, "/b");
	strcpy(st->rootfs, "/b/rootfs");
	strcpy(st->config_file, "config.json");
	strcpy(st->created, "2026-01-01T00:00:00Z");
	st->cg_mode = RM_CG_NONE;
}

static void write_file(const char *root, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/c1/%s", root, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void drop_root(const char *root)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

static void test_record_round_trip(void **state)
{
	char root[64];
	struct rm_state st, back;
	struct rm_err e = { 0, "" };
	make_root(root, sizeof root, &st);
	st.pid = getpid();
	st.pid_start = state_pid_start(getpid());
	st.has_cg = true;
	st.cg.backend = RM_CG_BACKEND_V1;
	strcpy(st.cg.path, "/a \"b\"");
	st.cg.ndirs = 1;
	strcpy(st.cg.dirs[0], "/sys/fs/cgroup/nonexistent-unit/c1");
	st.cg.ctrl[0] = 9;
	st.cg.created[0] = 2;
	assert_int_equal(state_save(&st, &e), 0);
	state_unlock(&st);
	assert_int_equal(state_load(&back, root, "c1", &e), 0);
	assert_int_equal(back.pid, st.pid);
	assert_int_equal(back.pid_start, st.pid_start);
	assert_true(back.has_cg);
	assert_int_equal(back.cg.backend, RM_CG_BACKEND_V1);
	assert_string_equal(back.cg.path, st.cg.path);
	assert_int_equal(back.cg.ndirs, 1);
	assert_string_equal(back.cg.dirs[0], st.cg.dirs[0]);
	assert_int_equal(back.cg.ctrl[0], 9);
	assert_int_equal(back.cg.created[0], 2);
	assert_int_equal(back.cg_mode, RM_CG_NONE);
	assert_false(back.broken);
	/* A create at work is "creating" to list; once its lock is gone,
	 * an interrupted create (broken). */
	back.creating = true;
	assert_int_equal(state_save(&back, &e), 0);
	struct rm_state peek;
	assert_int_equal(state_peek(&peek, root, "c1", &e), 1);
	state_unlock(&back);
	assert_int_equal(state_peek(&peek, root, "c1", &e), -1);
	assert_non_null(strstr(e.msg, "its create was interrupted"));
	assert_int_equal(state_load(&back, root, "c1", &e), 0);
	assert_true(back.creating);
	/* state.json goes last, and the directory with it. */
	write_file(root, "config.json", "{}");
	assert_int_equal(state_remove(&back, &e), 0);
	char dir[128];
	snprintf(dir, sizeof dir, "%s/c1", root);
	assert_int_equal(access(dir, F_OK), -1);
	drop_root(root);
}

/* Each corruption: state_load refuses it with a message, state_salvage
 * still opens it, marked broken; the pid only with its start time. */
static void test_corrupt_records(void **state)
{
	static const char *const bad[] = {
		"", "{", "garbage\n", "[1,2]", "{\"pid\":\"x\",\"pid_start\":1}",
		"{\"pid\":-5,\"pid_start\":1}", "{\"pid\":1,\"pid_start\":1,\"cg_mode\":\"weird\",\"cgroups_path\":\"\"}",
		"{\"pid\":1,\"pid_start\":1,\"cg_mode\":\"none\",\"cgroups_path\":\"\",\"cgroup\":{\"backend\":\"v9\"}}",
		"{\"pid\":1,\"pid_start\":1,\"cg_mode\":\"none\",\"cgroups_path\":\"\",\"cgroup\":{\"backend\":\"v1\","
		"\"path\":\"/x\",\"dirs\":[{\"path\":\"/tmp\",\"ctrl\":1,\"created\":1}]}}",
		"{\"pid\":1,\"pid_start\":1,\"cg_mode\":\"none\",\"cgroups_path\":\"\",\"cgroup\":{\"backend\":\"v1\","
		"\"path\":\"/x\",\"dirs\":[{\"path\":\"/sys/fs/cgroup/../../etc\",\"ctrl\":1,\"created\":1}]}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char root[64];
		struct rm_state st, back;
		struct rm_err e = { 0, "" };
		make_root(root, sizeof root, &st);
		state_unlock(&st);
		write_file(root, "state.json", bad[i]);
		assert_int_equal(state_load(&back, root, "c1", &e), -1);
		assert_non_null(strstr(e.msg, "missing or corrupt state"));
		assert_int_equal(state_salvage(&back, root, "c1", &e), 0);
		assert_true(back.broken);
		assert_true(back.why[0] != '\0');
		/* pid 1 with start time 1 is not pid 1: never believed. */
		assert_false(state_pid_alive(back.pid, back.pid_start));
		assert_int_equal(back.cg.ndirs, 0);
		/* Held by us: list sees a command at work; free: broken. */
		struct rm_state peek;
		assert_int_equal(state_peek(&peek, root, "c1", &e), 1);
		state_unlock(&back);
		assert_int_equal(state_peek(&peek, root, "c1", &e), -1);
		assert_int_equal(state_salvage(&back, root, "c1", &e), 0);
		assert_int_equal(state_remove(&back, &e), 0);
		drop_root(root);
	}
}

/* A truncated record still gives the pid when its start time matches. */
static void test_salvage_pid(void **state)
{
	char root[64], text[128];
	struct rm_state st, back;
	struct rm_err e = { 0, "" };
	make_root(root, sizeof root, &st);
	state_unlock(&st);
	snprintf(text, sizeof text, "{\"version\":1,\"id\":\"c1\",\"pid\":%d,\"pid_start\":%llu,\"bund",
		 (int)getpid(), (unsigned long long)state_pid_start(getpid()));
	write_file(root, "state.json", text);
	assert_int_equal(state_salvage(&back, root, "c1", &e), 0);
	assert_true(back.broken);
	assert_int_equal(back.pid, getpid());
	assert_true(state_pid_alive(back.pid, back.pid_start));
	state_unlock(&back);
	/* No record at all: broken, nothing believed, the directory found. */
	char path[128];
	snprintf(path, sizeof path, "%s/c1/state.json", root);
	unlink(path);
	assert_int_equal(state_salvage(&back, root, "c1", &e), 0);
	assert_true(back.broken);
	assert_int_equal(back.pid, 0);
	assert_int_equal(state_remove(&back, &e), 0);
	/* Gone: does not exist. */
	assert_int_equal(state_salvage(&back, root, "c1", &e), -1);
	assert_non_null(strstr(e.msg, "does not exist"));
	drop_root(root);
}

/* --root must be a directory (a regular file listed as empty before). */
static void test_root_not_dir(void **state)
{
	char ids[4][RM_ID_MAX + 1];
	struct rm_err e = { 0, "" };
	struct rm_state st;
	assert_int_equal(state_list("/etc/passwd", ids, 4, &e), -1);
	assert_non_null(strstr(e.msg, "not a directory"));
	assert_int_equal(state_create_dir(&st, "/etc/passwd", "c1", &e), -1);
	assert_non_null(strstr(e.msg, "not a directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_state_json),
		cmocka_unit_test(test_pid_alive),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_corrupt_records),
		cmocka_unit_test(test_salvage_pid),
		cmocka_unit_test(test_root_not_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
