/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp_compat.c - the seccomp compiler of a 64-bit build whose kernel
 * also runs other ABIs, run under qemu-user by tests/cross/run: on aarch64
 * a profile that lists SCMP_ARCH_ARM filters 32-bit ARM (EABI) programs
 * with arm's own syscall numbers, instead of killing them; on mips64el
 * (n64) the o32 and n32 ABIs likewise.  The compiled program runs in the
 * BPF interpreter of the unit tests on seccomp_data with the other ABI's
 * AUDIT_ARCH; no filter is loaded (qemu-user has no seccomp for its guest).
 *
 *   seccomp_compat PROFILE.json   (a linux.seccomp object: Docker's
 *                                  default, listing the target's ABIs)
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
#define AUDIT_MIPSEL 0x40000008u     /* EM_MIPS | LE: o32 */
#define AUDIT_MIPSEL64 0xc0000008u   /* | 64BIT: n64 */
#define AUDIT_MIPSEL64N32 0xe0000008u /* | CONVENTION_MIPS64_N32 */

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

#if defined(SC_HAVE_ARM_COMPAT)
#define COMPAT_ARCH RM_SC_ARCH_ARM
static void check_compat(const struct sock_filter *p, size_t n, struct rm_seccomp *s)
{
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

	/* ARM's private calls (0x0f0000 + n), and ARM not listed. */
	static const char priv[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_AARCH64\","
				   "\"SCMP_ARCH_ARM\"],\"syscalls\":[{\"names\":[\"cacheflush\",\"set_tls\"],"
				   "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5}]}";
	struct sock_filter *q = compile(priv, sizeof priv - 1, &s, &n);
	check("arm cacheflush (0x0f0002) errnoRet 5", run(q, n, AUDIT_ARM, 0x0f0002, 0), RET_ERRNO(5));
	check("arm set_tls (0x0f0005) errnoRet 5", run(q, n, AUDIT_ARM, 0x0f0005, 0), RET_ERRNO(5));
	check("arm breakpoint (0x0f0001) allowed", run(q, n, AUDIT_ARM, 0x0f0001, 0), RET_ALLOW);
	free(q);
	static const char native_only[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_AARCH64\"]}";
	q = compile(native_only, sizeof native_only - 1, &s, &n);
	check("arm not listed: killed (libseccomp's bad-arch action)", run(q, n, AUDIT_ARM, 3, 0), RET_KILL_THREAD);
	check("arm not listed: aarch64 allowed", run(q, n, AUDIT_AARCH64, 63, 0), RET_ALLOW);
	free(q);
}
#elif defined(SC_HAVE_MIPS_COMPAT) && _MIPS_SIM == _ABI64 && defined(__MIPSEL__)
#define COMPAT_ARCH RM_SC_ARCH_MIPSEL64N32
static void check_compat(const struct sock_filter *p, size_t n, struct rm_seccomp *s)
{
	/* Each ABI's numbers from its own header: o32 4000+, n64 5000+, n32 6000+. */
	check("n64 table: read is 5000", (uint32_t)sc_syscall_lookup(&sc_names_native, "read"), 5000);
	check("n32 table: read is 6000", (uint32_t)sc_syscall_lookup(&sc_names_n32, "read"), 6000);
	check("o32 table: read is 4003", (uint32_t)sc_syscall_lookup(&sc_names_o32, "read"), 4003);
	check("o32 table: socketcall is 4102", (uint32_t)sc_syscall_lookup(&sc_names_o32, "socketcall"), 4102);
	check("n64 table: no socketcall", (uint32_t)sc_syscall_lookup(&sc_names_native, "socketcall"),
	      (uint32_t)-1);

	check("n64 read (5000) allowed", run(p, n, AUDIT_MIPSEL64, 5000, 0), RET_ALLOW);
	check("n64 mount (5160) EPERM", run(p, n, AUDIT_MIPSEL64, 5160, 0), RET_ERRNO(EPERM));
	check("n32 read (6000) allowed", run(p, n, AUDIT_MIPSEL64N32, 6000, 0), RET_ALLOW);
	check("n32 mount (6160) EPERM", run(p, n, AUDIT_MIPSEL64N32, 6160, 0), RET_ERRNO(EPERM));
	check("n32 personality(1) (6132) EPERM", run(p, n, AUDIT_MIPSEL64N32, 6132, 1), RET_ERRNO(EPERM));
	check("n32 personality(0xffffffff) allowed", run(p, n, AUDIT_MIPSEL64N32, 6132, 0xffffffff), RET_ALLOW);
	check("o32 read (4003) allowed", run(p, n, AUDIT_MIPSEL, 4003, 0), RET_ALLOW);
	check("o32 mount (4021) EPERM", run(p, n, AUDIT_MIPSEL, 4021, 0), RET_ERRNO(EPERM));
	check("o32 5000 (n64's read) ENOSYS", run(p, n, AUDIT_MIPSEL, 5000, 0), RET_ERRNO(ENOSYS));
	check("n64 4003 (o32's read) EPERM", run(p, n, AUDIT_MIPSEL64, 4003, 0), RET_ERRNO(EPERM));

	static const char native_only[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_MIPSEL64\"]}";
	struct sock_filter *q = compile(native_only, sizeof native_only - 1, &s, &n);
	check("o32 not listed: killed", run(q, n, AUDIT_MIPSEL, 4003, 0), RET_KILL_THREAD);
	check("n32 not listed: killed", run(q, n, AUDIT_MIPSEL64N32, 6000, 0), RET_KILL_THREAD);
	check("not listed: n64 allowed", run(q, n, AUDIT_MIPSEL64, 5000, 0), RET_ALLOW);
	free(q);
}
#endif

int main(int argc, char **argv)
{
#ifndef COMPAT_ARCH
	(void)argc; (void)argv;
	printf("seccomp_compat: this target has no compat ABI to test\n");
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
	if (!(s->arch_mask & (1u << COMPAT_ARCH))) {
		fprintf(stderr, "the profile does not list %s\n", sc_arch_name(COMPAT_ARCH));
		return 2;
	}
	check_compat(p, n, s);
	free(p);
	printf("seccomp_compat: %d passed, %d failed\n", passed, failed);
	return failed != 0;
#endif
}
