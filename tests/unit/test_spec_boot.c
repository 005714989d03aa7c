/* needs: src/spec_boot.c src/json.c src/signames.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_spec_boot.c - the boot configuration of runc-mini as /init and the
 * kernel command line's runc-mini.* words: defaults, every field, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "spec_boot.h"
#include "unit_util.h"

static void parse_ok(const char *doc, struct rm_boot_conf *c)
{
	struct rm_err err = { 0 };
	if (boot_conf_parse(c, "boot.json", doc, strlen(doc), &err) < 0)
		fail_msg("%s\n%s", err.msg, doc);
}

static void parse_fails(const char *doc, const char *msg)
{
	struct rm_boot_conf c;
	struct rm_err err = { 0 };
	if (boot_conf_parse(&c, "boot.json", doc, strlen(doc), &err) == 0) {
		boot_conf_free(&c);
		fail_msg("accepted: %s", doc);
	}
	assert_contains(err.msg, msg);
	assert_null(c.arena.head);
}

static void test_defaults(void **state)
{
	struct rm_boot_conf c;
	parse_ok("{\"containers\": [{\"bundle\": \"/bundles/app/\"}]}", &c);
	assert_int_equal(c.on_exit, RM_BOOT_POWEROFF);
	assert_string_equal(c.shell, "/bin/sh");
	assert_int_equal(c.fatal_delay_s, 10);
	assert_int_equal(c.cgroup, RM_BOOT_CG_AUTO);
	assert_null(c.hostname);
	assert_int_equal(c.n_ctrs, 1);
	const struct rm_boot_ctr *b = &c.ctrs[0];
	assert_string_equal(b->id, "app");   /* the bundle's name, trailing / dropped */
	assert_int_equal(b->restart, RM_RESTART_NO);
	assert_int_equal(b->delay_ms, 1000);
	assert_int_equal(b->backoff, 2);
	assert_int_equal(b->max_delay_ms, 60000);
	assert_int_equal(b->max_restarts, -1);
	assert_int_equal(b->stop_signal, SIGTERM);
	assert_int_equal(b->stop_timeout_ms, 10000);
	assert_false(b->init);
	boot_conf_free(&c);
}

static void test_every_field(void **state)
{
	struct rm_boot_conf c;
	parse_ok("{\"hostname\": \"dev\", \"onAllExited\": \"shell\", \"shell\": \"/bin/ash\","
		 " \"fatalRebootDelay\": 3, \"cgroup\": \"v1\", \"unknown\": 1, \"containers\": ["
		 "{\"bundle\": \"/b/x\", \"id\": \"one\", \"init\": true,"
		 " \"restart\": {\"policy\": \"always\", \"delayMs\": 5, \"backoff\": 1, \"maxDelayMs\": 9, \"maxRestarts\": 4},"
		 " \"stop\": {\"signal\": \"SIGINT\", \"timeoutMs\": 0}},"
		 "{\"bundle\": \"/b/y\", \"restart\": {\"policy\": \"on-failure\"}, \"stop\": {\"signal\": \"9\"}}]}", &c);
	assert_string_equal(c.hostname, "dev");
	assert_int_equal(c.on_exit, RM_BOOT_SHELL);
	assert_string_equal(c.shell, "/bin/ash");
	assert_int_equal(c.fatal_delay_s, 3);
	assert_int_equal(c.cgroup, RM_BOOT_CG_V1);
	assert_int_equal(c.n_ctrs, 2);
	assert_string_equal(c.ctrs[0].id, "one");
	assert_true(c.ctrs[0].init);
	assert_int_equal(c.ctrs[0].restart, RM_RESTART_ALWAYS);
	assert_int_equal(c.ctrs[0].delay_ms, 5);
	assert_int_equal(c.ctrs[0].backoff, 1);
	assert_int_equal(c.ctrs[0].max_delay_ms, 9);
	assert_int_equal(c.ctrs[0].max_restarts, 4);
	assert_int_equal(c.ctrs[0].stop_signal, SIGINT);
	assert_int_equal(c.ctrs[0].stop_timeout_ms, 0);
	assert_string_equal(c.ctrs[1].id, "y");
	assert_int_equal(c.ctrs[1].restart, RM_RESTART_ON_FAILURE);
	assert_int_equal(c.ctrs[1].stop_signal, SIGKILL);
	boot_conf_free(&c);
}

static void test_errors(void **state)
{
	parse_fails("{\"onAllExited\": \"explode\"}", "boot.json:1:17: onAllExited: unknown value \"explode\"");
	parse_fails("{\"containers\": [{\"id\": \"x\"}]}", "containers[0]: bundle: required");
	parse_fails("{\"containers\": [{\"bundle\": \"/a/x\"}, {\"bundle\": \"/b/x\"}]}",
		    "containers[1]: id \"x\" is used twice");
	parse_fails("{\"containers\": [{\"bundle\": \"/a\", \"restart\": {\"policy\": \"sometimes\"}}]}",
		    "containers[0].restart.policy: unknown value \"sometimes\"");
	parse_fails("{\"containers\": [{\"bundle\": \"/a\", \"restart\": {\"backoff\": 0}}]}",
		    "containers[0].restart.backoff: must be at least 1");
	parse_fails("{\"containers\": [{\"bundle\": \"/a\", \"restart\": {\"maxRestarts\": \"3\"}}]}",
		    "containers[0].restart.maxRestarts");
	parse_fails("{\"containers\": [{\"bundle\": \"/a\", \"stop\": {\"signal\": \"SIGNOPE\"}}]}",
		    "containers[0].stop.signal: unknown signal \"SIGNOPE\"");
	parse_fails("{\"containers\": {}}", "containers");
	char many[4096] = "{\"containers\": [";
	for (int i = 0; i < 65; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "%s{\"bundle\": \"/b/%d\"}", i ? "," : "", i);
	strcat(many, "]}");
	parse_fails(many, "containers: at most 64 containers, got 65");
	parse_fails("[", "boot.json");
}

static void test_cmdline(void **state)
{
	struct rm_boot_conf c;
	struct rm_err err = { 0 };
	char path[64];
	boot_conf_defaults(&c);
	assert_int_equal(boot_conf_cmdline(&c, "console=ttyS0 quiet runc-mini.shell runc-mini.on-exit=halt "
					   "runc-mini.cgroup=none runc-mini.hostname=h2 runc-mini.config=/x.json\n",
					   &err), 0);
	assert_true(c.shell_only);
	assert_int_equal(c.on_exit, RM_BOOT_HALT);
	assert_int_equal(c.cgroup, RM_BOOT_CG_NONE);
	assert_string_equal(c.hostname, "h2");
	assert_true(boot_cmdline_config("a runc-mini.config=/x.json b", path, sizeof path));
	assert_string_equal(path, "/x.json");
	assert_false(boot_cmdline_config("runc-mini.shell=1", path, sizeof path));
	assert_int_equal(boot_conf_cmdline(&c, "runc-mini.shell=0", &err), 0);
	assert_false(c.shell_only);
	assert_int_equal(boot_conf_cmdline(&c, "runc-mini.on-exit=explode", &err), -1);
	assert_string_equal(err.msg, "kernel command line: runc-mini.on-exit=explode: unknown key or value");
	assert_int_equal(boot_conf_cmdline(&c, "runc-mini.frobnicate=1", &err), -1);
	boot_conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cmdline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
