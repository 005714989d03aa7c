/* needs: src/spec.c src/spec_proc.c src/spec_common.c src/spec_resources.c src/capnames.c src/json.c src/util.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_spec_proc.c - process.scheduler, ioPriority, execCPUAffinity,
 * linux.personality and linux.timeOffsets: decoded values and each error
 * with its JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "spec.h"
#include "spec_proc.h"
#include "unit_util.h"

/* A minimal config with `process_extra` spliced into process and
 * `linux_extra` into linux. */
static int parse(struct rm_spec *s, const char *process_extra, const char *linux_extra, struct rm_err *err)
{
	char buf[4096];
	snprintf(buf, sizeof buf,
		 "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
		 " \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}%s%s},\n"
		 " \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"time\"}]%s%s}}\n",
		 *process_extra ? ", " : "", process_extra, *linux_extra ? ", " : "", linux_extra);
	memset(s, 0, sizeof *s);
	memset(err, 0, sizeof *err);
	return spec_parse_oci(s, "config.json", buf, strlen(buf), err);
}

static void ok(struct rm_spec *s, const char *p, const char *l)
{
	struct rm_err err;
	if (parse(s, p, l, &err) < 0)
		fail_msg("%s", err.msg);
}

static void bad(const char *p, const char *l, const char *want)
{
	struct rm_spec s;
	struct rm_err err;
	assert_int_equal(parse(&s, p, l, &err), -1);
	if (!strstr(err.msg, want))
		fail_msg("got \"%s\", want \"%s\"", err.msg, want);
	spec_free(&s);
}

static void test_scheduler(void **state)
{
	struct rm_spec s;
	ok(&s, "\"scheduler\": {\"policy\": \"SCHED_DEADLINE\", \"nice\": -5, \"priority\": 3, "
	       "\"flags\": [\"SCHED_FLAG_RESET_ON_FORK\", \"SCHED_FLAG_RECLAIM\"], "
	       "\"runtime\": 1000, \"deadline\": 2000, \"period\": 3000}", "");
	assert_true(s.process.sched.set);
	assert_int_equal(s.process.sched.policy_num, 6);
	assert_int_equal(s.process.sched.nice, -5);
	assert_int_equal(s.process.sched.priority, 3);
	assert_int_equal(s.process.sched.flags_num, 0x03);
	assert_int_equal(s.process.sched.runtime, 1000);
	assert_int_equal(s.process.sched.deadline, 2000);
	assert_int_equal(s.process.sched.period, 3000);
	spec_free(&s);
	ok(&s, "", "");
	assert_false(s.process.sched.set);
	spec_free(&s);
	bad("\"scheduler\": {\"nice\": 1}", "", "process.scheduler: policy is required");
	bad("\"scheduler\": {\"policy\": \"SCHED_X\"}", "", "process.scheduler.policy: unknown policy \"SCHED_X\"");
	bad("\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"nice\": -21}", "",
	    "process.scheduler.nice: must be between -20 and 19, got -21");
	bad("\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"flags\": [\"NOPE\"]}", "",
	    "process.scheduler.flags: unknown flag \"NOPE\"");
	bad("\"scheduler\": {\"policy\": 1}", "", "process.scheduler.policy");
}

static void test_ioprio(void **state)
{
	struct rm_spec s;
	ok(&s, "\"ioPriority\": {\"class\": \"IOPRIO_CLASS_RT\", \"priority\": 7}", "");
	assert_true(s.process.ioprio.set);
	assert_int_equal(s.process.ioprio.class_num, 1);
	assert_int_equal(s.process.ioprio.priority, 7);
	spec_free(&s);
	bad("\"ioPriority\": {\"priority\": 1}", "", "process.ioPriority: class is required");
	bad("\"ioPriority\": {\"class\": \"IOPRIO_CLASS_NONE\"}", "",
	    "process.ioPriority.class: unknown class \"IOPRIO_CLASS_NONE\"");
	bad("\"ioPriority\": {\"class\": \"IOPRIO_CLASS_BE\", \"priority\": -1}", "",
	    "process.ioPriority.priority: must be between 0 and 7, got -1");
}

static void test_affinity(void **state)
{
	struct rm_spec s;
	ok(&s, "\"execCPUAffinity\": {\"initial\": \"0-3,7\", \"final\": \"5\"}", "");
	assert_string_equal(s.process.affinity.initial, "0-3,7");
	assert_string_equal(s.process.affinity.final, "5");
	spec_free(&s);
	assert_true(spec_cpu_list_valid("0"));
	assert_true(spec_cpu_list_valid("0-1023"));
	assert_true(spec_cpu_list_valid("1,3,5-6"));
	assert_false(spec_cpu_list_valid(""));
	assert_false(spec_cpu_list_valid("1024"));
	assert_false(spec_cpu_list_valid("3-1"));
	assert_false(spec_cpu_list_valid("1,"));
	assert_false(spec_cpu_list_valid("a"));
	assert_false(spec_cpu_list_valid("-1"));
	assert_false(spec_cpu_list_valid("1 2"));
	bad("\"execCPUAffinity\": {\"final\": \"x\"}", "",
	    "process.execCPUAffinity.final: malformed CPU list \"x\"");
	bad("\"execCPUAffinity\": {\"initial\": \"2-\"}", "",
	    "process.execCPUAffinity.initial: malformed CPU list \"2-\"");
}

static void test_personality(void **state)
{
	struct rm_spec s;
	ok(&s, "", "\"personality\": {\"domain\": \"LINUX32\", \"flags\": [\"ADDR_NO_RANDOMIZE\", \"UNAME26\"]}");
	assert_true(s.has_personality);
	assert_int_equal(s.personality, 0x0008 | 0x0040000 | 0x0020000);
	spec_free(&s);
	ok(&s, "", "\"personality\": {\"domain\": \"LINUX\"}");
	assert_int_equal(s.personality, 0);
	spec_free(&s);
	bad("", "\"personality\": {}", "linux.personality: domain is required");
	bad("", "\"personality\": {\"domain\": \"SVR4\"}", "linux.personality.domain: unknown domain \"SVR4\"");
	bad("", "\"personality\": {\"domain\": \"LINUX\", \"flags\": [\"X\"]}",
	    "linux.personality.flags: unknown flag \"X\"");
	bad("", "\"personality\": []", "linux.personality");
}

static void test_time_offsets(void **state)
{
	struct rm_spec s;
	ok(&s, "", "\"timeOffsets\": {\"monotonic\": {\"secs\": -5, \"nanosecs\": 7}, \"boottime\": {\"secs\": 9}}");
	assert_true(s.time_monotonic.set);
	assert_int_equal(s.time_monotonic.secs, -5);
	assert_int_equal(s.time_monotonic.nanosecs, 7);
	assert_true(s.time_boottime.set);
	assert_int_equal(s.time_boottime.secs, 9);
	spec_free(&s);
	bad("", "\"timeOffsets\": {\"monotonic\": {\"nanosecs\": 1000000000}}",
	    "linux.timeOffsets.monotonic: nanosecs must be below 1000000000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scheduler),
		cmocka_unit_test(test_ioprio),
		cmocka_unit_test(test_affinity),
		cmocka_unit_test(test_personality),
		cmocka_unit_test(test_time_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
