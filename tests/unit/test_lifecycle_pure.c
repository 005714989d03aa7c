/* needs: src/state.c src/signames.c src/json.c src/err.c src/arena.c src/util.c src/spec.c src/spec_common.c src/spec_legacy.c src/spec_resources.c src/capnames.c src/cgroup.c src/cgroup_v1.c src/cgroup_v2.c src/cgroup_bpf.c */
/* The pure parts of the lifecycle commands: container ids, signal names,
 * the state JSON (escaping, status, annotations), pid start times. */
#include <signal.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_state_json),
		cmocka_unit_test(test_pid_alive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
