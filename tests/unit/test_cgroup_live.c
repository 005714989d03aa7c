/* needs: src/cgroup.c src/cgroup_host.c src/cgroup_v1.c src/cgroup_v2.c src/cgroup_bpf.c src/rdt.c src/mountinfo.c src/util.c src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* Real cgroup writes on this host (v1 or hybrid; v2 runs in tests/vm).
 * Needs root; every test removes what it creates and checks that it did.
 * Limits are proven by behaviour: a forking child hits pids.max, a denied
 * device cannot be opened, a frozen child is reported frozen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup_bpf.h"
#include "cgroup_host.h"
#include "cgroup_v2.h"

static char base[64];          /* rm-unit-PID: every test's cgroups live below it */

static const char *cgpath(const char *leaf)
{
	static char p[128];
	snprintf(p, sizeof p, "/%s/%s", base, leaf);
	return p;
}

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static void read_back(const char *dir, const char *file, const char *want)
{
	char buf[256];
	struct rm_err err;
	if (cgi_read(dir, file, buf, sizeof buf, &err) < 0)
		fail_msg("%s", err.msg);
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, want) != 0)
		fail_msg("%s/%s = \"%s\", want \"%s\"", dir, file, buf, want);
}

/* Nothing named after this test run may remain in any hierarchy. */
static void assert_clean(void)
{
	char pat[128];
	glob_t g;
	snprintf(pat, sizeof pat, "/sys/fs/cgroup/*/%s", base);
	int r = glob(pat, 0, NULL, &g);
	if (r == 0) {
		char first[256];
		snprintf(first, sizeof first, "%s", g.gl_pathv[0]);
		globfree(&g);
		fail_msg("left behind: %s", first);
	}
	snprintf(pat, sizeof pat, "/sys/fs/cgroup/*/process_api/*/%s", base);
	if (glob(pat, 0, NULL, &g) == 0) {
		globfree(&g);
		fail_msg("left behind below process_api: %s", base);
	}
}

static void destroy(struct rm_cgroup *cg)
{
	struct rm_err err;
	if (cg_destroy(cg, &err) < 0)
		fail_msg("destroy: %s", err.msg);
	assert_clean();
}

/* A child that waits until it is in the cgroup, then runs fn and exits
 * with its result. */
static pid_t spawn(const struct rm_cgroup *cg, int (*fn)(void))
{
	int p[2];
	char c;
	struct rm_err err;
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(100);
		_exit(fn());
	}
	close(p[0]);
	if (cg_enter(cg, pid, &err) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("enter: %s", err.msg);
	}
	assert_int_equal(write(p[1], "x", 1), 1);
	close(p[1]);
	return pid;
}

static int wait_exit(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Fork 10 sleepers; return how many forks succeeded. */
static int fork_many(void)
{
	pid_t kids[10];
	int ok = 0;
	for (int i = 0; i < 10; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
		if (kids[i] > 0)
			ok++;
	}
	for (int i = 0; i < 10; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return ok;
}

static void test_pids_limit_stops_fork(void **state)
{
	(void)state;
	struct rm_cgroup cg;
	struct rm_resources r = { .pids_limit = 5, .has_pids_limit = true };
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("pids"), "x", &r, &err) < 0)
		fail_msg("%s", err.msg);
	const char *dir = cgi_dir(&cg, RM_CGC_PIDS);
	assert_non_null(dir);
	read_back(dir, "pids.max", "5");
	/* The child itself is one of the 5: 4 forks get through. */
	assert_int_equal(wait_exit(spawn(&cg, fork_many)), 4);
	destroy(&cg);
}

static int sleep_long(void)
{
	pause();
	return 0;
}

static void test_freeze_pids_kill_stats(void **state)
{
	(void)state;
	struct rm_cgroup cg;
	struct rm_resources r = { .mem_limit = 64 << 20, .has_mem_limit = true,
				  .pids_limit = 20, .has_pids_limit = true };
	struct rm_err err;
	bool frozen;
	pid_t pids[8];
	struct rm_cg_stats st;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("freeze"), "x", &r, &err) < 0)
		fail_msg("%s", err.msg);
	pid_t pid = spawn(&cg, sleep_long);
	assert_int_equal(cg_pids(&cg, pids, 8, &err), 1);
	assert_int_equal(pids[0], pid);
	if (cg_freeze(&cg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cg_is_frozen(&cg, &frozen, &err), 0);
	assert_true(frozen);
	if (cg_thaw(&cg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cg_is_frozen(&cg, &frozen, &err), 0);
	assert_false(frozen);
	assert_int_equal(cg_stats(&cg, &st, &err), 0);
	assert_true(st.has_memory && st.mem_limit == 64 << 20);
	assert_true(st.has_pids && st.pids_current == 1 && st.pids_limit == 20);
	assert_true(st.has_cpu);
	if (cg_kill(&cg, SIGKILL, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(wait_exit(pid), 128 + SIGKILL);
	destroy(&cg);          /* retries while the cgroup drains */
}

static void test_memory_values(void **state)
{
	(void)state;
	struct rm_cgroup cg;
	struct rm_resources r = { .mem_limit = 64 << 20, .has_mem_limit = true,
				  .mem_swap = 96 << 20, .has_mem_swap = true,
				  .mem_reservation = 32 << 20, .has_mem_reservation = true,
				  .mem_swappiness = 10, .has_mem_swappiness = true,
				  .cpu_shares = 512, .has_cpu_shares = true,
				  .cpu_quota = 50000, .has_cpu_quota = true,
				  .cpu_period = 100000, .has_cpu_period = true };
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("mem"), "x", &r, &err) < 0)
		fail_msg("%s", err.msg);
	const char *m = cgi_dir(&cg, RM_CGC_MEMORY), *c = cgi_dir(&cg, RM_CGC_CPU);
	read_back(m, "memory.limit_in_bytes", "67108864");
	if (cgi_exists(m, "memory.memsw.limit_in_bytes"))
		read_back(m, "memory.memsw.limit_in_bytes", "100663296");
	read_back(m, "memory.soft_limit_in_bytes", "33554432");
	read_back(m, "memory.swappiness", "10");
	read_back(c, "cpu.shares", "512");
	read_back(c, "cpu.cfs_quota_us", "50000");
	/* update: raise memory above the old memsw (order matters), zeros unset. */
	struct rm_resources u = { .mem_limit = 128 << 20, .has_mem_limit = true,
				  .mem_swap = 256 << 20, .has_mem_swap = true,
				  .has_cpu_shares = true, .has_blkio_weight = true };
	if (cg_update(&cg, &u, &err) < 0)
		fail_msg("%s", err.msg);
	read_back(m, "memory.limit_in_bytes", "134217728");
	read_back(c, "cpu.shares", "512");
	destroy(&cg);
}

static int open_devices(void)
{
	int null = open("/dev/null", O_RDWR), kmsg = open("/dev/kmsg", O_RDONLY);
	int e = errno;
	return null >= 0 && kmsg < 0 && e == EPERM ? 0 : 1;
}

static void test_devices_deny(void **state)
{
	(void)state;
	struct rm_cgroup cg;
	struct rm_dev_rule rules[] = { { false, 'a', -1, -1, "rwm" } };
	struct rm_resources r = { .devices = rules, .n_devices = 1 };
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("dev"), "x", &r, &err) < 0)
		fail_msg("%s", err.msg);
	/* deny-all plus the default allows: /dev/null opens, /dev/kmsg does not. */
	assert_int_equal(wait_exit(spawn(&cg, open_devices)), 0);
	destroy(&cg);
}

static void expect_create_error(const struct rm_resources *r, const char *path, const char *n1,
				const char *n2)
{
	struct rm_cgroup cg;
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, path, "x", r, &err) == 0) {
		cg_destroy(&cg, &err);
		fail_msg("created %s, expected an error with \"%s\"", path, n1);
	}
	if (!strstr(err.msg, n1) || (n2 && !strstr(err.msg, n2)))
		fail_msg("error \"%s\" lacks \"%s\"/\"%s\"", err.msg, n1, n2 ? n2 : "");
	assert_clean();       /* nothing left behind */
}

static void test_rejected_values_leave_nothing(void **state)
{
	(void)state;
	/* The kernel clamps shares 1 to 2: refused, and the pids dir goes too. */
	struct rm_resources shares = { .pids_limit = 5, .has_pids_limit = true,
				       .cpu_shares = 1, .has_cpu_shares = true };
	expect_create_error(&shares, cgpath("bad/deeper"), "cpu.shares", "1");
	struct rm_resources quota = { .cpu_quota = 500, .has_cpu_quota = true };
	expect_create_error(&quota, cgpath("bad"), "cpu.cfs_quota_us", "\"500\"");
	struct rm_resources mem = { .mem_limit = 64 << 20, .has_mem_limit = true,
				    .mem_swap = 32 << 20, .has_mem_swap = true };
	expect_create_error(&mem, cgpath("bad"), "memory", "33554432");
	struct rm_blkio_dev dev = { .major = 999, .minor = 0, .rate = 1000 };
	struct rm_resources io = { .throttle_read_bps = &dev, .n_throttle_read_bps = 1 };
	expect_create_error(&io, cgpath("bad"), "blkio.throttle.read_bps_device", "999:0 1000");
}

static void test_missing_controller(void **state)
{
	(void)state;
	/* net_cls is not mounted here: an error only because it is asked for. */
	struct rm_resources net = { .net_class_id = 0x100001, .has_net_class_id = true };
	if (cg_detect() == RM_CG_BACKEND_V2 || exists("/sys/fs/cgroup/net_cls"))
		skip();
	expect_create_error(&net, cgpath("net"), "linux.resources.network.classID",
			    "no net_cls cgroup controller");
	struct rm_resources none = { .net_class_id = 0, .has_net_class_id = true };
	struct rm_cgroup cg;
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("net"), "x", &none, &err) < 0)
		fail_msg("%s", err.msg);
	destroy(&cg);
}

static void test_paths(void **state)
{
	(void)state;
	struct rm_cgroup cg;
	struct rm_err err;
	char rel[64], want[256];
	/* Relative: below our own cgroup in each hierarchy (memory is nested here). */
	snprintf(rel, sizeof rel, "%s/rel", base);
	if (cg_create(&cg, RM_CG_AUTO, rel, "x", NULL, &err) < 0)
		fail_msg("%s", err.msg);
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512], mine[512] = "";
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%*[^:]:memory:%511s", mine) == 1)
			break;
	if (f)
		fclose(f);
	snprintf(want, sizeof want, "/sys/fs/cgroup/memory%s/%s", strcmp(mine, "/") ? mine : "", rel);
	if (cgi_dir(&cg, RM_CGC_MEMORY))
		assert_string_equal(cgi_dir(&cg, RM_CGC_MEMORY), want);
	/* cg_open finds them again (delete after a crash). */
	struct rm_cgroup again;
	assert_int_equal(cg_open(&again, RM_CG_AUTO, rel, "x", &err), 0);
	assert_int_equal(again.ndirs, cg.ndirs);
	assert_int_equal(cg_destroy(&again, &err), 0);   /* the leaves only: */
	assert_false(exists(cg.dirs[0]));
	destroy(&cg);                                    /* parents are ours to remove */
	/* Default path, and paths we refuse. */
	if (cg_create(&cg, RM_CG_AUTO, NULL, base, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	snprintf(want, sizeof want, "/%s", base);           /* runc's default */
	assert_string_equal(cg.path, want);
	assert_non_null(strstr(cg.dirs[0], want));
	assert_int_equal(cg_destroy(&cg, &err), 0);
	assert_false(exists(cg.dirs[0]));
	assert_int_equal(cg_create(&cg, RM_CG_AUTO, "system.slice:docker:abc", "x", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "systemd"));
	assert_int_equal(cg_create(&cg, RM_CG_AUTO, "/", "x", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "root cgroup"));
	/* --cgroup-manager none: nothing made, limits refused. */
	struct rm_resources pids = { .pids_limit = 5, .has_pids_limit = true };
	assert_int_equal(cg_create(&cg, RM_CG_NONE, cgpath("none"), "x", NULL, &err), 0);
	assert_int_equal(cg.ndirs, 0);
	assert_int_equal(cg_create(&cg, RM_CG_NONE, cgpath("none"), "x", &pids, &err), -1);
	assert_non_null(strstr(err.msg, "linux.resources.pids"));
	assert_clean();
}

/* Hybrid: `unified` keys go to the cgroup2 tree. */
static void test_unified_on_hybrid(void **state)
{
	(void)state;
	if (cg_detect() != RM_CG_BACKEND_HYBRID)
		skip();
	struct rm_unified kv = { "cgroup.max.descendants", "3" };
	struct rm_resources r = { .unified = &kv, .n_unified = 1 };
	struct rm_cgroup cg;
	struct rm_err err;
	if (cg_create(&cg, RM_CG_AUTO, cgpath("uni"), "x", &r, &err) < 0)
		fail_msg("%s", err.msg);
	read_back(cgi_dir(&cg, RM_CGC_UNIFIED), "cgroup.max.descendants", "3");
	destroy(&cg);
	struct rm_unified bad = { "memory.high", "64M" };   /* memory is on v1 here */
	struct rm_resources rb = { .unified = &bad, .n_unified = 1 };
	expect_create_error(&rb, cgpath("uni"), "linux.resources.unified.memory.high", NULL);
}

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof base, "rm-unit-%d", (int)getpid());
	return 0;
}

int main(void)
{
	if (geteuid() != 0) {
		printf("skip: test_cgroup_live needs root\n");
		return 0;
	}
	if (cg_detect() == RM_CG_BACKEND_NONE) {
		printf("skip: no cgroup filesystem on this host\n");
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pids_limit_stops_fork),
		cmocka_unit_test(test_freeze_pids_kill_stats),
		cmocka_unit_test(test_memory_values),
		cmocka_unit_test(test_devices_deny),
		cmocka_unit_test(test_rejected_values_leave_nothing),
		cmocka_unit_test(test_missing_controller),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_unified_on_hybrid),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
