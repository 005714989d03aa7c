/* SPDX-License-Identifier: Apache-2.0 */
/* cgtest - runs inside the qemu guest, linked with src/cgroup*.c: proves the
 * cgroup v2 backend (and the no-cgroup host) by behaviour, not by reading
 * back files only.  One line per test on stdout:
 *   RESULT ok NAME | RESULT FAIL NAME: why | RESULT skip NAME: why
 * Usage: cgtest v2|none */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_host.h"

static int failed;

#define CHECK(name, cond, ...) do { \
	if (cond) { printf("RESULT ok %s\n", name); } \
	else { printf("RESULT FAIL %s: ", name); printf(__VA_ARGS__); printf("\n"); failed++; } \
	fflush(stdout); } while (0)

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static bool file_is(const char *dir, const char *file, const char *want, char *got, size_t len)
{
	struct rm_err err;
	if (cgi_read(dir, file, got, len, &err) < 0) {
		snprintf(got, len, "(%s)", err.msg);
		return false;
	}
	got[strcspn(got, "\n")] = '\0';
	return strcmp(got, want) == 0;
}

static pid_t spawn(const struct rm_cgroup *cg, int (*fn)(void))
{
	int p[2];
	char c;
	struct rm_err err;
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(100);
		_exit(fn());
	}
	close(p[0]);
	if (cg_enter(cg, pid, &err) < 0) {
		printf("enter: %s\n", err.msg);
		kill(pid, SIGKILL);
	}
	if (write(p[1], "x", 1) != 1)
		kill(pid, SIGKILL);
	close(p[1]);
	return pid;
}

static int status_of(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

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
		ok += kids[i] > 0;
	}
	for (int i = 0; i < 10; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return ok;
}

static int eat_memory(void)
{
	size_t len = 96u << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 2;
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	return 0;           /* survived: the limit did not hold */
}

static int spin(void)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 1500);
	return 0;
}

static int open_devices(void)
{
	int null = open("/dev/null", O_RDWR), kmsg = open("/dev/kmsg", O_RDONLY);
	if (null < 0)
		return 1;
	return kmsg < 0 && errno == EPERM ? 0 : 2;
}

static int open_kmsg(void)
{
	return open("/dev/kmsg", O_RDONLY) >= 0 ? 0 : 1;
}

static int sleeper(void)
{
	pause();
	return 0;
}

static bool make(struct rm_cgroup *cg, const char *path, const struct rm_resources *r, const char *name)
{
	struct rm_err err;
	if (cg_create(cg, RM_CG_AUTO, path, "x", r, &err) == 0)
		return true;
	printf("RESULT FAIL %s: create: %s\n", name, err.msg);
	failed++;
	return false;
}

static void gone(struct rm_cgroup *cg, const char *name)
{
	struct rm_err err;
	char d[RM_CG_PATH_MAX];
	snprintf(d, sizeof d, "%s", cg->ndirs ? cg->dirs[0] : "");
	int r = cg_destroy(cg, &err);
	CHECK(name, r == 0 && !exists(d) && !exists("/sys/fs/cgroup/vmtest"), "destroy: %s",
	      r ? err.msg : "dir still there");
}

static void test_v2_pids(void)
{
	struct rm_cgroup cg;
	struct rm_resources r = { .pids_limit = 5, .has_pids_limit = true };
	if (!make(&cg, "/vmtest/pids", &r, "v2-pids-max-stops-fork"))
		return;
	int n = status_of(spawn(&cg, fork_many));
	CHECK("v2-pids-max-stops-fork", n == 4, "forks that succeeded: %d, want 4", n);
	gone(&cg, "v2-pids-cleanup");
}

static void test_v2_memory(void)
{
	struct rm_cgroup cg;
	char got[128];
	uint64_t ooms = 0;
	struct rm_err err;
	struct rm_resources r = { .mem_limit = 32 << 20, .has_mem_limit = true,
				  .mem_swap = 32 << 20, .has_mem_swap = true,
				  .mem_reservation = 8 << 20, .has_mem_reservation = true };
	if (!make(&cg, "/vmtest/mem", &r, "v2-memory-max-oom-kills"))
		return;
	const char *d = cgi_dir(&cg, RM_CGC_MEMORY);
	CHECK("v2-memory-values", file_is(d, "memory.max", "33554432", got, sizeof got) &&
	      (!cgi_exists(d, "memory.swap.max") || file_is(d, "memory.swap.max", "0", got, sizeof got)) &&
	      file_is(d, "memory.low", "8388608", got, sizeof got), "got %s", got);
	int st = status_of(spawn(&cg, eat_memory));
	cg_oom_count(&cg, &ooms, &err);
	CHECK("v2-memory-max-oom-kills", st == 128 + SIGKILL && ooms >= 1,
	      "child status %d, oom_kill %llu", st, (unsigned long long)ooms);
	gone(&cg, "v2-memory-cleanup");
}

static void test_v2_cpu(void)
{
	struct rm_cgroup cg;
	struct rm_cg_stats st;
	struct rm_err err;
	char got[128];
	struct rm_resources r = { .cpu_quota = 10000, .has_cpu_quota = true,
				  .cpu_period = 100000, .has_cpu_period = true,
				  .cpu_shares = 1024, .has_cpu_shares = true };
	if (!make(&cg, "/vmtest/cpu", &r, "v2-cpu-max-throttles"))
		return;
	const char *d = cgi_dir(&cg, RM_CGC_CPU);
	CHECK("v2-cpu-shares-to-weight", file_is(d, "cpu.weight", "39", got, sizeof got) &&
	      file_is(d, "cpu.max", "10000 100000", got, sizeof got), "got %s", got);
	status_of(spawn(&cg, spin));
	cg_stats(&cg, &st, &err);
	CHECK("v2-cpu-max-throttles", st.cpu_throttled_periods > 0 && st.cpu_total > 0,
	      "nr_throttled %llu usage %llu", (unsigned long long)st.cpu_throttled_periods,
	      (unsigned long long)st.cpu_total);
	/* update: a period alone keeps the quota. */
	struct rm_resources u = { .cpu_period = 50000, .has_cpu_period = true };
	CHECK("v2-cpu-update-period", cg_update(&cg, &u, &err) == 0 &&
	      file_is(d, "cpu.max", "10000 50000", got, sizeof got), "got %s", got);
	gone(&cg, "v2-cpu-cleanup");
}

static void test_v2_devices(void)
{
	struct rm_cgroup cg;
	struct rm_err err;
	struct rm_dev_rule deny[] = { { false, 'a', -1, -1, "rwm" } };
	struct rm_resources r = { .devices = deny, .n_devices = 1 };
	if (!make(&cg, "/vmtest/dev", &r, "v2-ebpf-denies-device"))
		return;
	int s = status_of(spawn(&cg, open_devices));
	CHECK("v2-ebpf-denies-device", s == 0, "child status %d (1: /dev/null denied, 2: /dev/kmsg opened)", s);
	/* update swaps the program: an allow for kmsg now opens it. */
	struct rm_dev_rule allow[] = { { false, 'a', -1, -1, "rwm" }, { true, 'c', 1, 11, "r" } };
	struct rm_resources u = { .devices = allow, .n_devices = 2 };
	int ur = cg_update(&cg, &u, &err);
	s = status_of(spawn(&cg, open_kmsg));
	CHECK("v2-ebpf-update-replaces", ur == 0 && s == 0, "update %s, child %d", ur ? err.msg : "ok", s);
	gone(&cg, "v2-devices-cleanup");
}

static void test_v2_freeze_kill(void)
{
	struct rm_cgroup cg;
	struct rm_err err;
	bool frozen = false;
	if (!make(&cg, "/vmtest/fz", NULL, "v2-freeze"))
		return;
	pid_t pid = spawn(&cg, sleeper);
	int fr = cg_freeze(&cg, &err);
	cg_is_frozen(&cg, &frozen, &err);
	CHECK("v2-freeze", fr == 0 && frozen, "%s", fr ? err.msg : "not frozen");
	fr = cg_thaw(&cg, &err);
	cg_is_frozen(&cg, &frozen, &err);
	CHECK("v2-thaw", fr == 0 && !frozen, "%s", fr ? err.msg : "still frozen");
	pid_t pids[4];
	CHECK("v2-pids-list", cg_pids(&cg, pids, 4, &err) == 1 && pids[0] == pid, "cg_pids");
	int kr = cg_kill(&cg, SIGKILL, &err);
	int s = status_of(pid);
	CHECK("v2-kill-all", kr == 0 && s == 128 + SIGKILL, "kill %d status %d", kr, s);
	gone(&cg, "v2-freeze-cleanup");
}

static void test_v2_io_unified_hugetlb(void)
{
	struct rm_cgroup cg;
	char got[128];
	struct rm_hugepage hp = { "2MB", 4 << 20 };
	struct rm_unified kv = { "memory.high", "67108864" };
	struct rm_resources r = { .blkio_weight = 500, .has_blkio_weight = true,
				  .hugepages = &hp, .n_hugepages = 1,
				  .unified = &kv, .n_unified = 1 };
	if (!make(&cg, "/vmtest/io", &r, "v2-io-weight"))
		return;
	const char *d = cgi_dir(&cg, RM_CGC_UNIFIED);
	bool bfq = cgi_exists(d, "io.bfq.weight");
	CHECK("v2-io-weight", bfq ? file_is(d, "io.bfq.weight", "default 500", got, sizeof got)
				  : file_is(d, "io.weight", "default 4950", got, sizeof got), "got %s", got);
	CHECK("v2-hugetlb", file_is(d, "hugetlb.2MB.max", "4194304", got, sizeof got), "got %s", got);
	CHECK("v2-unified", file_is(d, "memory.high", "67108864", got, sizeof got), "got %s", got);
	gone(&cg, "v2-io-cleanup");
}

static void test_v2_rejected(void)
{
	struct rm_cgroup cg;
	struct rm_err err;
	struct rm_resources r = { .pids_limit = 5, .has_pids_limit = true,
				  .cpu_quota = 500, .has_cpu_quota = true };
	int rc = cg_create(&cg, RM_CG_AUTO, "/vmtest/bad/deep", "x", &r, &err);
	CHECK("v2-rejected-value-named", rc < 0 && strstr(err.msg, "cpu.max") && strstr(err.msg, "500"),
	      "rc %d: %s", rc, err.msg);
	CHECK("v2-rejected-leaves-nothing", !exists("/sys/fs/cgroup/vmtest"), "vmtest still there");
	struct rm_resources rt = { .cpu_realtime_runtime = 1000, .has_cpu_realtime_runtime = true };
	rc = cg_create(&cg, RM_CG_AUTO, "/vmtest/rt", "x", &rt, &err);
	CHECK("v2-realtime-refused", rc < 0 && strstr(err.msg, "realtime"), "%s", err.msg);
	struct rm_resources net = { .net_class_id = 1, .has_net_class_id = true };
	rc = cg_create(&cg, RM_CG_AUTO, "/vmtest/net", "x", &net, &err);
	CHECK("v2-net-cls-refused", rc < 0 && strstr(err.msg, "classID"), "%s", err.msg);
	CHECK("v2-refusals-leave-nothing", !exists("/sys/fs/cgroup/vmtest"), "vmtest still there");
}

static void test_none(void)
{
	struct rm_cgroup cg;
	struct rm_err err;
	CHECK("none-detected", cg_detect() == RM_CG_BACKEND_NONE, "backend %s",
	      cg_backend_name(cg_detect()));
	int rc = cg_create(&cg, RM_CG_AUTO, NULL, "ctr", NULL, &err);
	CHECK("none-runs-without-cgroups", rc == 0 && cg.ndirs == 0, "%s", rc ? err.msg : "dirs made");
	CHECK("none-enter-destroy", cg_enter(&cg, getpid(), &err) == 0 && cg_destroy(&cg, &err) == 0,
	      "%s", err.msg);
	struct rm_resources r = { .pids_limit = 5, .has_pids_limit = true };
	rc = cg_create(&cg, RM_CG_AUTO, NULL, "ctr", &r, &err);
	CHECK("none-limit-refused", rc < 0 && strstr(err.msg, "linux.resources.pids"), "%s", err.msg);
	struct rm_resources zeros = { .has_cpu_shares = true, .has_blkio_weight = true };
	rc = cg_create(&cg, RM_CG_AUTO, NULL, "ctr", &zeros, &err);
	CHECK("none-zeros-accepted", rc == 0, "%s", err.msg);
	struct rm_dev_rule deny[] = { { false, 'a', -1, -1, "rwm" } };
	struct rm_resources dev = { .devices = deny, .n_devices = 1 };
	rc = cg_create(&cg, RM_CG_AUTO, NULL, "ctr", &dev, &err);
	CHECK("none-device-rules-skipped", rc == 0, "%s", err.msg);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "none") == 0) {
		test_none();
		return failed ? 1 : 0;
	}
	CHECK("v2-detected", cg_detect() == RM_CG_BACKEND_V2, "backend %s", cg_backend_name(cg_detect()));
	test_v2_pids();
	test_v2_memory();
	test_v2_cpu();
	test_v2_devices();
	test_v2_freeze_kill();
	test_v2_io_unified_hugetlb();
	test_v2_rejected();
	return failed ? 1 : 0;
}
