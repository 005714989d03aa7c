/* seccomp_compat.c - the seccomp compiler of an aarch64 build, run under
 * qemu-user by tests/cross/run: a profile that lists SCMP_ARCH_ARM filters
 * 32-bit ARM (EABI) programs with arm's own syscall numbers, instead of
 * killing them.  The compiled program runs in the BPF interpreter of the
 * unit tests on seccomp_data with AUDIT_ARCH_ARM; no filter is loaded
 * (qemu-user has no seccomp for its guest).
 *
 *   seccomp_compat PROFILE.json   (a linux.seccomp object, e.g. Docker's
 *                                  default with SCMP_ARCH_ARM listed)
 * Prints one line per check and "seccomp_compat: N passed, N failed". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/bpf_interp.h"
#include "json.h"
#include "seccomp.h"
#include "syscall_names.h"

#define RET_KILL_THREAD 0x00000000u
#define RET_ERRNO(e) (0x00050000u | (e))
#define RET_ALLOW 0x7fff0000u

#define AUDIT_ARM 0x40000028u        /* EM_ARM | __AUDIT_ARCH_LE */
#define AUDIT_AARCH64 0xc00000b7u

static int passed, failed;

static void check(const char *what, uint32_t got, uint32_t want)
{
	if (got == want) {
		passed++;
		printf("ok   %s\n", what);
	} else {
		failed++;
		printf("FAIL %s: got %#x, want %#x\n", what, got, want);
	}
}

static uint32_t run(const struct sock_filter *p, size_t n, uint32_t arch, uint32_t nr, uint64_t a0)
{
	struct bpf_sc_data d = { .nr = (int32_t)nr, .arch = arch, .args = { a0 } };
	return bpf_run(p, n, &d);
}

/* Decode and compile a linux.seccomp object; exits on error. */
static struct sock_filter *compile(const char *json, size_t len, struct rm_seccomp **s, size_t *n)
{
	static struct rm_arena arena;
	struct rm_json j;
	struct rm_err err = { 0 };
	struct sock_filter *prog;
	if (json_parse(&j, "profile", json, len, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(2);
	}
	struct json_ctx c = { &j, &arena, &err };
	if (sc_decode(&c, 0, "linux.seccomp", &arena, s) < 0 || sc_compile(*s, &prog, n, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		exit(2);
	}
	json_free(&j);
	size_t bad = bpf_check(prog, *n);
	if (bad) {
		fprintf(stderr, "invalid program at instruction %zu\n", bad - 1);
		exit(2);
	}
	return prog;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 20];
	if (!f) {
		perror(path);
		exit(2);
	}
	*len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[*len] = 0;
	return buf;
}

int main(int argc, char **argv)
{
#ifndef SC_HAVE_ARM_COMPAT
	(void)argc; (void)argv;
	printf("seccomp_compat: this target has no 32-bit ARM compat ABI\n");
	return 2;
#else
	if (argc != 2) {
		fprintf(stderr, "usage: seccomp_compat PROFILE.json\n");
		return 2;
	}
	size_t len, n;
	struct rm_seccomp *s;
	const char *json = read_file(argv[1], &len);
	struct sock_filter *p = compile(json, len, &s, &n);
	printf("profile: %zu rules, %zu instructions\n", s->n_syscalls, n);
	if (!(s->arch_mask & (1u << RM_SC_ARCH_ARM))) {
		fprintf(stderr, "the profile does not list SCMP_ARCH_ARM\n");
		return 2;
	}

	/* The table comes from arm's own headers: EABI numbers. */
	check("arm table: read is 3", (uint32_t)sc_syscall_lookup(&sc_names_arm, "read"), 3);
	check("arm table: mount is 21", (uint32_t)sc_syscall_lookup(&sc_names_arm, "mount"), 21);
	check("arm table: socketcall absent on EABI", (uint32_t)sc_syscall_lookup(&sc_names_arm, "socketcall"),
	      (uint32_t)-1);
	check("arm table: __ARM_NR_cacheflush is 0x0f0002",
	      (uint32_t)sc_syscall_lookup(&sc_names_arm, "cacheflush"), 0x0f0002);
	check("aarch64 table: mount is 40", (uint32_t)sc_syscall_lookup(&sc_names_native, "mount"), 40);

	/* 32-bit ARM processes: filtered, not killed, with arm's numbers. */
	check("arm read (3) allowed", run(p, n, AUDIT_ARM, 3, 0), RET_ALLOW);
	check("arm write (4) allowed", run(p, n, AUDIT_ARM, 4, 0), RET_ALLOW);
	check("arm _llseek (140) allowed", run(p, n, AUDIT_ARM, 140, 0), RET_ALLOW);
	check("arm mount (21) EPERM", run(p, n, AUDIT_ARM, 21, 0), RET_ERRNO(EPERM));
	check("arm rmdir (40, aarch64's mount) allowed", run(p, n, AUDIT_ARM, 40, 0), RET_ALLOW);
	check("arm personality(0xffffffff) (136) allowed", run(p, n, AUDIT_ARM, 136, 0xffffffff), RET_ALLOW);
	check("arm personality(1) EPERM", run(p, n, AUDIT_ARM, 136, 1), RET_ERRNO(EPERM));
	check("arm 2000 (newer than the profile) ENOSYS", run(p, n, AUDIT_ARM, 2000, 0), RET_ERRNO(ENOSYS));
	/* The native ABI, same profile. */
	check("aarch64 read (63) allowed", run(p, n, AUDIT_AARCH64, 63, 0), RET_ALLOW);
	check("aarch64 mount (40) EPERM", run(p, n, AUDIT_AARCH64, 40, 0), RET_ERRNO(EPERM));
	check("aarch64 epoll_ctl (21, arm's mount) allowed", run(p, n, AUDIT_AARCH64, 21, 0), RET_ALLOW);
	check("x86_64 (an arch the kernel does not run here) killed", run(p, n, 0xc000003eu, 0, 0), RET_KILL_THREAD);
	free(p);

	/* ARM's private calls (0x0f0000 + n), and ARM not listed. */
	static const char priv[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_AARCH64\","
				   "\"SCMP_ARCH_ARM\"],\"syscalls\":[{\"names\":[\"cacheflush\",\"set_tls\"],"
				   "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5}]}";
	p = compile(priv, sizeof priv - 1, &s, &n);
	check("arm cacheflush (0x0f0002) errnoRet 5", run(p, n, AUDIT_ARM, 0x0f0002, 0), RET_ERRNO(5));
	check("arm set_tls (0x0f0005) errnoRet 5", run(p, n, AUDIT_ARM, 0x0f0005, 0), RET_ERRNO(5));
	check("arm breakpoint (0x0f0001) allowed", run(p, n, AUDIT_ARM, 0x0f0001, 0), RET_ALLOW);
	free(p);
	static const char native_only[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_AARCH64\"]}";
	p = compile(native_only, sizeof native_only - 1, &s, &n);
	check("arm not listed: killed (libseccomp's bad-arch action)", run(p, n, AUDIT_ARM, 3, 0), RET_KILL_THREAD);
	check("arm not listed: aarch64 allowed", run(p, n, AUDIT_AARCH64, 63, 0), RET_ALLOW);
	free(p);

	printf("seccomp_compat: %d passed, %d failed\n", passed, failed);
	return failed != 0;
#endif
}
