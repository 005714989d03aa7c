/* needs: src/seccomp.c src/spec_seccomp.c src/json.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_seccomp.c - linux.seccomp: the decoder's messages, the compiler's
 * decisions (run through a BPF interpreter, bpf_interp.h) for the real
 * docker and podman profiles and for every comparison operator, program
 * sizes, and a real filter loaded with sc_install() in a child. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "json.h"
#include "seccomp.h"
#include "spec.h"
#include "syscall_names.h"
#include "unit_util.h"

#ifdef RM_NO_SECCOMP
/* Built with SECCOMP=0: a profile is refused clearly, nothing compiles. */
static void test_compiled_out(void **state)
{
	(void)state;
	static const char cfg[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"args\":[\"sh\"],"
				  "\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"seccomp\":"
				  "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}}}";
	struct rm_spec s;
	struct rm_err err = { 0 };
	assert_int_equal(spec_parse_oci(&s, "config.json", cfg, sizeof cfg - 1, &err), -1);
	assert_contains(err.msg, "linux.seccomp: seccomp support was compiled out");
	struct rm_seccomp sc = { 0 };
	struct sock_filter *prog;
	size_t len;
	assert_int_equal(sc_compile(&sc, &prog, &len, &err), -1);
	assert_int_equal(sc_install(NULL, 1, 0, &err), -1);
	assert_contains(err.msg, "compiled out");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_compiled_out) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else

#define RET_KILL_THREAD 0x00000000u
#define RET_KILL_PROCESS 0x80000000u
#define RET_TRAP 0x00030000u
#define RET_ERRNO(e) (0x00050000u | (e))
#define RET_TRACE(e) (0x7ff00000u | (e))
#define RET_LOG 0x7ffc0000u
#define RET_ALLOW 0x7fff0000u
#define RET_USER_NOTIF 0x7fc00000u

#define AUDIT_X86_64 0xc000003eu
#define AUDIT_I386 0x40000003u
#define AUDIT_AARCH64 0xc00000b7u
#define X32 0x40000000u

/* A decoded profile and its arena. */
struct prof {
	struct rm_arena arena;
	struct rm_json j;
	struct rm_seccomp *s;
	struct rm_err err;
	struct sock_filter *prog;
	size_t len;
};

/* Decode a linux.seccomp object given as JSON; -1 leaves the message in p->err. */
static int decode(struct prof *p, const char *json)
{
	memset(p, 0, sizeof *p);
	if (json_parse(&p->j, "config.json", json, strlen(json), &p->err) < 0)
		fail_msg("bad test JSON: %s", p->err.msg);
	struct json_ctx c = { &p->j, &p->arena, &p->err };
	int r = sc_decode(&c, 0, "linux.seccomp", &p->arena, &p->s);
	json_free(&p->j);
	return r;
}

static void compile(struct prof *p)
{
	if (sc_compile(p->s, &p->prog, &p->len, &p->err) < 0)
		fail_msg("sc_compile: %s", p->err.msg);
	size_t bad = bpf_check(p->prog, p->len);
	if (bad)
		fail_msg("invalid program: instruction %zu of %zu", bad - 1, p->len);
}

static void load(struct prof *p, const char *json)
{
	if (decode(p, json) < 0)
		fail_msg("sc_decode: %s", p->err.msg);
	compile(p);
}

static void prof_free(struct prof *p)
{
	free(p->prog);
	arena_free(&p->arena);
}

static uint32_t run6(const struct prof *p, uint32_t arch, uint32_t nr, const uint64_t *args)
{
	struct bpf_sc_data d = { .nr = (int32_t)nr, .arch = arch, .ip = 0x401000 };
	if (args)
		memcpy(d.args, args, sizeof d.args);
	return bpf_run(p->prog, p->len, &d);
}

static uint32_t run(const struct prof *p, uint32_t arch, uint32_t nr, uint64_t a0)
{
	uint64_t args[6] = { a0, 0, 0, 0, 0, 0 };
	return run6(p, arch, nr, args);
}

static uint32_t nr_of(const struct sc_names *abi, const char *name)
{
	long nr = sc_syscall_lookup(abi, name);
	if (nr < 0)
		fail_msg("no syscall %s", name);
	return (uint32_t)nr;
}
#define NATIVE(name) nr_of(&sc_names_native, name)
#define I386(name) nr_of(&sc_names_i386, name)
#define X32NR(name) nr_of(&sc_names_x32, name)

/* A fixture's linux.seccomp, through the whole config decoder. */
static void load_fixture(struct rm_spec *spec, struct prof *p, const char *name)
{
	size_t len;
	char *buf = unit_read_fixture(name, &len);
	memset(p, 0, sizeof *p);
	if (spec_parse_oci(spec, "config.json", buf, len, &p->err) < 0)
		fail_msg("%s: %s", name, p->err.msg);
	free(buf);
	assert_true(spec->has_seccomp);
	assert_non_null(spec->seccomp);
	p->s = spec->seccomp;
	compile(p);
}

/* ---- tables ----------------------------------------------------------- */

static void test_syscall_tables(void **state)
{
	(void)state;
	const struct { const struct sc_names *t; const char *what; } tabs[] = {
		{ &sc_names_native, "native" }, { &sc_names_i386, "i386" }, { &sc_names_x32, "x32" },
	};
	/* One blob, in strcmp() order (the lookup bisects it). */
	assert_true(sc_name_count > 400);
	for (size_t i = 1; i < sc_name_count; i++)
		if (strcmp(sc_name_at(i - 1), sc_name_at(i)) >= 0)
			fail_msg("\"%s\" before \"%s\"", sc_name_at(i - 1), sc_name_at(i));
	for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
		size_t n = 0;
		for (size_t i = 0; i < sc_name_count; i++)
			n += sc_syscall_lookup(tabs[k].t, sc_name_at(i)) >= 0;
		assert_true(n > 300);
		print_message("%s: %zu of %u syscall names\n", tabs[k].what, n, sc_name_count);
	}
	/* The numbers are the toolchain's (glibc's <sys/syscall.h> here). */
	assert_int_equal(NATIVE("read"), SYS_read);
	assert_int_equal(NATIVE("getppid"), SYS_getppid);
	assert_int_equal(NATIVE("rt_sigreturn"), SYS_rt_sigreturn);
	assert_int_equal(NATIVE("_sysctl"), 156);
	assert_int_equal(NATIVE("clone3"), 435);
	assert_int_equal(I386("getpid"), 20);
	assert_int_equal(I386("socketcall"), 102);
	assert_int_equal(I386("_llseek"), 140);
	assert_int_equal(X32NR("read"), X32 | 0);
	assert_int_equal(X32NR("rt_sigaction"), X32 | 512);
	assert_true(sc_syscall_lookup(&sc_names_native, "socketcall") < 0);
	assert_true(sc_syscall_lookup(&sc_names_native, "no_such_call") < 0);
	assert_true(sc_syscall_lookup(&sc_names_native, "") < 0);
	assert_true(sc_syscall_lookup(&sc_names_i386, "zzz") < 0);
}

/* ---- the real engine profiles ----------------------------------------- */

static void test_docker_profile(void **state)
{
	(void)state;
	struct rm_spec spec;
	struct prof p;
	load_fixture(&spec, &p, "docker-run-memory-pids.config.json");
	print_message("docker profile: %zu syscall rules -> %zu BPF instructions\n", p.s->n_syscalls, p.len);
	assert_true(p.len < 4096);
	assert_int_equal(p.s->default_action, RM_SC_ACT_ERRNO);
	assert_false(p.s->has_default_errno_ret);

	/* x86_64: allowed, not listed (EPERM), newer than the profile (ENOSYS). */
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("read"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getppid"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("ptrace"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("mount"), 0), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("reboot"), 0), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("clone3"), 0), RET_ERRNO(ENOSYS)); /* its rule */
	assert_int_equal(run(&p, AUDIT_X86_64, 1000, 0), RET_ERRNO(ENOSYS));
	assert_int_equal(run(&p, AUDIT_X86_64, 0x3fffffff, 0), RET_ERRNO(ENOSYS));
	/* personality: five allowed values, full 64-bit comparison. */
	uint32_t pers = NATIVE("personality");
	const uint64_t ok_pers[] = { 0, 8, 0x20000, 0x20008, 0xffffffff };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(run(&p, AUDIT_X86_64, pers, ok_pers[i]), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, pers, 1), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, pers, 0x400000), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, pers, 0x100000000ull), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, pers, 0xffffffffffffffffull), RET_ERRNO(EPERM));
	/* clone: no namespace flags (mask 0x7e020000), MASKED_EQ 0. */
	uint32_t clone = NATIVE("clone");
	assert_int_equal(run(&p, AUDIT_X86_64, clone, 0x3d0f00), RET_ALLOW);        /* pthread_create */
	assert_int_equal(run(&p, AUDIT_X86_64, clone, 0x1200011), RET_ALLOW);       /* fork */
	assert_int_equal(run(&p, AUDIT_X86_64, clone, 0x1200011ull | (1ull << 40)), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, clone, 0x10000000), RET_ERRNO(EPERM)); /* CLONE_NEWUSER */
	assert_int_equal(run(&p, AUDIT_X86_64, clone, 0x00020000), RET_ERRNO(EPERM)); /* CLONE_NEWNS */

	/* x32: its own numbers, with __X32_SYSCALL_BIT. */
	assert_int_equal(run(&p, AUDIT_X86_64, X32NR("read"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, X32NR("rt_sigaction"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, X32NR("mount"), 0), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, X32NR("personality"), 8), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, X32NR("personality"), 9), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_X86_64, X32 | 1000, 0), RET_ERRNO(ENOSYS));

	/* i386: socketcall exists only there; numbers differ. */
	assert_int_equal(run(&p, AUDIT_I386, I386("getpid"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_I386, I386("socketcall"), 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_I386, I386("mount"), 0), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_I386, I386("personality"), 0xffffffff), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_I386, I386("personality"), 3), RET_ERRNO(EPERM));
	assert_int_equal(run(&p, AUDIT_I386, 2000, 0), RET_ERRNO(ENOSYS));

	/* An arch the filter does not know: libseccomp's bad-arch action. */
	assert_int_equal(run(&p, AUDIT_AARCH64, 63, 0), RET_KILL_THREAD);
	assert_int_equal(run(&p, 0, 0, 0), RET_KILL_THREAD);
	free(p.prog);
	spec_free(&spec);
}

static void test_podman_profile(void **state)
{
	(void)state;
	const char *const files[] = { "podman-run-memory-pids.config.json", "podman-run-tty.config.json" };
	for (size_t f = 0; f < 2; f++) {
		struct rm_spec spec;
		struct prof p;
		load_fixture(&spec, &p, files[f]);
		print_message("%s: %zu syscall rules -> %zu BPF instructions\n", files[f], p.s->n_syscalls, p.len);
		assert_true(p.len < 4096);
		assert_true(p.s->has_default_errno_ret);
		assert_int_equal(p.s->default_errno_ret, ENOSYS);
		assert_int_equal(p.s->arch_mask, (1u << RM_SC_ARCH_X86_64) | (1u << RM_SC_ARCH_X86) |
				 (1u << RM_SC_ARCH_X32));
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("read"), 0), RET_ALLOW);
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("mount"), 0), RET_ALLOW);
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("kexec_load"), 0), RET_ERRNO(EPERM));
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("vmsplice"), 0), RET_ERRNO(EPERM));
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("add_key"), 0), RET_ERRNO(ENOSYS)); /* default */
		/* setns: allowed by the big list, then EPERM by a later rule:
		 * the first entry is effective (runtime-spec, runc). */
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("setns"), 0), RET_ALLOW);
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("personality"), 0x20008), RET_ALLOW);
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("personality"), 0x20009), RET_ERRNO(ENOSYS));
		assert_int_equal(run(&p, AUDIT_X86_64, 5000, 0), RET_ERRNO(ENOSYS));
		assert_int_equal(run(&p, AUDIT_I386, I386("_llseek"), 0), RET_ALLOW);
		assert_int_equal(run(&p, AUDIT_X86_64, X32NR("vmsplice"), 0), RET_ERRNO(EPERM));
		assert_int_equal(run(&p, AUDIT_AARCH64, 0, 0), RET_KILL_THREAD);
		free(p.prog);
		spec_free(&spec);
	}
}

/* Sizes: the real profiles with the native ABI only, and with all three. */
static void test_program_sizes(void **state)
{
	(void)state;
	const char *const files[] = { "docker-run-memory-pids.config.json", "podman-run-memory-pids.config.json" };
	for (size_t f = 0; f < 2; f++) {
		struct rm_spec spec;
		struct prof p;
		load_fixture(&spec, &p, files[f]);
		size_t all = p.len;
		free(p.prog);
		spec.seccomp->arch_mask = 1u << RM_SC_ARCH_X86_64;
		compile(&p);
		print_message("%-40s x86_64+x86+x32: %4zu instructions, x86_64 only: %4zu\n", files[f], all, p.len);
		assert_true(p.len < all && all < 4096);
		/* Without x32 listed, an x32 call is a bad-arch call. */
		assert_int_equal(run(&p, AUDIT_X86_64, X32NR("read"), 0), RET_KILL_THREAD);
		assert_int_equal(run(&p, AUDIT_I386, 20, 0), RET_KILL_THREAD);
		assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("read"), 0), RET_ALLOW);
		free(p.prog);
		spec_free(&spec);
	}
}

/* ---- cost: instructions run per allowed call -------------------------- */

static const char *const common_calls[] = {
	"read", "write", "close", "openat", "mmap", "fstat", "futex", "epoll_wait", "rt_sigprocmask", "brk",
};

/* Instructions executed for `name`, which the profile must allow. */
static size_t cost_of(const struct prof *p, uint32_t arch, uint32_t nr)
{
	struct bpf_sc_data d = { .nr = (int32_t)nr, .arch = arch };
	size_t steps;
	assert_int_equal(bpf_run_steps(p->prog, p->len, &d, &steps), RET_ALLOW);
	return steps;
}

/* With Docker's default profile (all three x86 ABIs listed), read and
 * write pass in at most 12 instructions on every ABI: the calls are found
 * by a binary search over syscall numbers, weighted so that the hot calls
 * sit near the root (8 on x86_64).  The count is deterministic. */
static void test_filter_cost(void **state)
{
	(void)state;
	const char *const files[] = { "docker-run-memory-pids.config.json", "podman-run-memory-pids.config.json" };
	for (size_t f = 0; f < 2; f++) {
		struct rm_spec spec;
		struct prof p;
		load_fixture(&spec, &p, files[f]);
		print_message("%s (%zu instructions), instructions per call, x86_64 / x32 / i386:\n", files[f], p.len);
		for (size_t i = 0; i < sizeof common_calls / sizeof common_calls[0]; i++) {
			const char *c = common_calls[i];
			size_t n64 = cost_of(&p, AUDIT_X86_64, NATIVE(c));
			size_t nx32 = cost_of(&p, AUDIT_X86_64, X32NR(c));
			size_t n32 = cost_of(&p, AUDIT_I386, I386(c));
			print_message("  %-15s %2zu / %2zu / %2zu\n", c, n64, nx32, n32);
			if (strcmp(c, "read") == 0 || strcmp(c, "write") == 0) {
				assert_in_range(nx32, 1, 12);
				assert_in_range(n32, 1, 12);
				assert_in_range(n64, 1, 8);  /* balanced by count, it was 10 */
			}
		}
		size_t worst = 0;                /* any call, allowed or not */
		for (uint32_t nr = 0; nr < 600; nr++) {
			struct bpf_sc_data d = { .nr = (int32_t)nr, .arch = AUDIT_X86_64 };
			size_t steps;
			bpf_run_steps(p.prog, p.len, &d, &steps);
			worst = steps > worst ? steps : worst;
		}
		print_message("  worst x86_64 call: %zu\n", worst);
		free(p.prog);
		spec_free(&spec);
	}
}

/* ---- operators, against a reference ----------------------------------- */

static bool ref(enum rm_sc_op op, uint64_t arg, uint64_t v, uint64_t v2)
{
	switch (op) {
	case RM_SC_CMP_NE: return arg != v;
	case RM_SC_CMP_LT: return arg < v;
	case RM_SC_CMP_LE: return arg <= v;
	case RM_SC_CMP_EQ: return arg == v;
	case RM_SC_CMP_GE: return arg >= v;
	case RM_SC_CMP_GT: return arg > v;
	case RM_SC_CMP_MASKED_EQ: return (arg & v) == v2;
	}
	return false;
}

static void test_operators(void **state)
{
	(void)state;
	static const uint64_t vals[] = {
		0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000ull, 0x100000001ull,
		0x1ffffffffull, 0xff00000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
	};
	const size_t nv = sizeof vals / sizeof vals[0];
	char json[512];
	size_t checks = 0;
	for (int op = RM_SC_CMP_NE; op <= RM_SC_CMP_MASKED_EQ; op++)
		for (size_t i = 0; i < nv; i++)
			for (size_t k = 0; k < (op == RM_SC_CMP_MASKED_EQ ? nv : 1); k++) {
				struct prof p;
				snprintf(json, sizeof json,
					 "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],"
					 "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,\"args\":[{\"index\":3,"
					 "\"value\":%llu,\"valueTwo\":%llu,\"op\":\"%s\"}]}]}",
					 (unsigned long long)vals[i], (unsigned long long)vals[k],
					 sc_op_name((enum rm_sc_op)op));
				load(&p, json);
				for (size_t a = 0; a < nv; a++) {
					uint64_t args[6] = { vals[nv - 1 - a], 0, 0, vals[a], 0, 0 };
					uint32_t want = ref((enum rm_sc_op)op, vals[a], vals[i], vals[k]) ? RET_ERRNO(5) : RET_ALLOW;
					uint32_t got = run6(&p, AUDIT_X86_64, NATIVE("read"), args);
					if (got != want)
						fail_msg("%s arg=%#llx value=%#llx valueTwo=%#llx: got %#x, want %#x",
							 sc_op_name((enum rm_sc_op)op), (unsigned long long)vals[a],
							 (unsigned long long)vals[i], (unsigned long long)vals[k], got, want);
					/* The same rule on i386: arguments arrive zero-extended. */
					args[3] &= 0xffffffff;
					want = ref((enum rm_sc_op)op, args[3], vals[i], vals[k]) ? RET_ERRNO(5) : RET_ALLOW;
					assert_int_equal(run6(&p, AUDIT_X86_64, NATIVE("read"), args), want);
					checks += 2;
				}
				prof_free(&p);
			}
	print_message("%zu operator checks\n", checks);
}

/* AND within a rule, OR across rules in order, first match wins, a rule
 * without args ends the list, a repeated index splits the rule (runc). */
static void test_rule_order(void **state)
{
	(void)state;
	struct prof p;
	load(&p, "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
		 "\"syscalls\":["
		 "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":7,\"args\":["
		 "  {\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},{\"index\":2,\"value\":100,\"op\":\"SCMP_CMP_GT\"}]},"
		 "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
		 "{\"names\":[\"write\",\"no_such_call_of_the_future\"],\"action\":\"SCMP_ACT_LOG\"},"
		 "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		 "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_TRACE\",\"errnoRet\":9,\"args\":["
		 "  {\"index\":1,\"value\":10,\"op\":\"SCMP_CMP_EQ\"},{\"index\":1,\"value\":20,\"op\":\"SCMP_CMP_EQ\"}]},"
		 "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"},"
		 "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_KILL_THREAD\"},"
		 "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_TRACE\"}"
		 "]}");
	uint32_t w = NATIVE("write"), r = NATIVE("read");
	uint64_t a[6] = { 1, 0, 101, 0, 0, 0 };
	assert_int_equal(run6(&p, AUDIT_X86_64, w, a), RET_ERRNO(7));
	a[2] = 100;
	assert_int_equal(run6(&p, AUDIT_X86_64, w, a), RET_TRAP);
	a[0] = 2;
	assert_int_equal(run6(&p, AUDIT_X86_64, w, a), RET_LOG);
	a[1] = 10;
	assert_int_equal(run6(&p, AUDIT_X86_64, r, a), RET_TRACE(9));
	a[1] = 20;
	assert_int_equal(run6(&p, AUDIT_X86_64, r, a), RET_TRACE(9));
	a[1] = 30;
	assert_int_equal(run6(&p, AUDIT_X86_64, r, a), RET_KILL_PROCESS);
	/* close: the KILL_PROCESS rule equals the default and is dropped (runc). */
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("close"), 0), RET_KILL_THREAD);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getpid"), 0), RET_TRACE(EPERM));
	/* Default KILL_PROCESS is not permissive: newer calls get ENOSYS. */
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("open"), 0), RET_KILL_PROCESS);  /* 2 */
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getpid") - 1, 0), RET_KILL_PROCESS);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getpid") + 1, 0), RET_ERRNO(ENOSYS));
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getppid"), 0), RET_ERRNO(ENOSYS));
	/* x32 and i386 not listed: killed. */
	assert_int_equal(run(&p, AUDIT_X86_64, X32 | 1, 0), RET_KILL_THREAD);
	assert_int_equal(run(&p, AUDIT_I386, 4, 0), RET_KILL_THREAD);
	prof_free(&p);

	/* Default ALLOW: no ENOSYS stub; no syscalls at all; only unknown names. */
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],"
		 "\"action\":\"SCMP_ACT_ERRNO\"}]}");
	assert_int_equal(run(&p, AUDIT_X86_64, 999, 0), RET_ALLOW);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("getppid"), 0), RET_ERRNO(EPERM));
	prof_free(&p);
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":13}");
	assert_int_equal(run(&p, AUDIT_X86_64, 0, 0), RET_ERRNO(13));
	assert_int_equal(run(&p, AUDIT_X86_64, 999, 0), RET_ERRNO(13));
	assert_int_equal(run(&p, AUDIT_I386, 0, 0), RET_KILL_THREAD);
	prof_free(&p);
	load(&p, "{\"defaultAction\":\"SCMP_ACT_KILL\",\"syscalls\":[{\"names\":[\"nope\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
	assert_int_equal(run(&p, AUDIT_X86_64, 0, 0), RET_KILL_THREAD);
	assert_int_equal(run(&p, AUDIT_X86_64, 9999, 0), RET_KILL_THREAD);
	prof_free(&p);
}

/* Many conditions: long jumps stay correct; too many is a clear error. */
static void test_large_profiles(void **state)
{
	(void)state;
	for (int n = 50; n <= 1500; n += 1450) {
		size_t cap = 200 + (size_t)n * 120, off = 0;
		char *json = malloc(cap);
		assert_non_null(json);
		off += (size_t)snprintf(json + off, cap - off,
					"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"],\"syscalls\":[");
		for (int i = 0; i < n; i++)
			off += (size_t)snprintf(json + off, cap - off,
						"%s{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\","
						"\"args\":[{\"index\":0,\"value\":%d,\"op\":\"SCMP_CMP_EQ\"}]}",
						i ? "," : "", i * 3);
		snprintf(json + off, cap - off, "]}");
		struct prof p;
		if (decode(&p, json) < 0)
			fail_msg("%s", p.err.msg);
		free(json);
		if (n > 1000) {
			assert_int_equal(sc_compile(p.s, &p.prog, &p.len, &p.err), -1);
			assert_int_equal(p.err.errnum, E2BIG);
			assert_contains(p.err.msg, "more than the kernel's 4096 BPF instructions");
			assert_null(p.prog);
			prof_free(&p);
			continue;
		}
		compile(&p);
		print_message("%d two-syscall rules with one condition each, 3 ABIs: %zu instructions\n", n, p.len);
		for (int v = 0; v < n * 3 + 3; v++) {
			uint32_t want = v % 3 == 0 && v < n * 3 ? RET_ALLOW : RET_ERRNO(EPERM);
			assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("read"), (uint64_t)v), want);
			assert_int_equal(run(&p, AUDIT_X86_64, X32NR("write"), (uint64_t)v), want);
			assert_int_equal(run(&p, AUDIT_I386, I386("write"), (uint64_t)v), want);
		}
		prof_free(&p);
	}
}

/* ---- decoder errors --------------------------------------------------- */

static void expect_error(const char *json, const char *msg)
{
	struct prof p;
	assert_int_equal(decode(&p, json), -1);
	assert_null(p.s);
	assert_prefix(p.err.msg, "config.json:");
	assert_contains(p.err.msg, msg);
	arena_free(&p.arena);
}

static void test_decode_errors(void **state)
{
	(void)state;
	expect_error("{\"syscalls\":[]}", "linux.seccomp.defaultAction: required");
	expect_error("{\"defaultAction\":\"SCMP_ACT_FOO\"}", "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_FOO\"");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		     "{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		     "{\"names\":[\"a\"],\"action\":\"SCMP_ACT_FOO\"}]}",
		     "linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\"");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ERRNO\","
		     "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_FOO\"}]}]}",
		     "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_FOO\"");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ERRNO\","
		     "\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		     "linux.seccomp.syscalls[0].args[0].index: 6 is out of range");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ERRNO\","
		     "\"args\":[{\"index\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		     "linux.seccomp.syscalls[0].args[0].value: required");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ERRNO\","
		     "\"args\":[{\"index\":0,\"value\":-1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		     "linux.seccomp.syscalls[0].args[0].value");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_VAX\"]}",
		     "linux.seccomp.architectures: unknown architecture \"SCMP_ARCH_VAX\"");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_BOGUS\"]}",
		     "linux.seccomp.flags: unknown flag \"SECCOMP_FILTER_FLAG_BOGUS\"");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]}",
		     "linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only applies to SCMP_ACT_NOTIFY");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":1}",
		     "linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not SCMP_ACT_ALLOW");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_KILL\",\"errnoRet\":1}]}",
		     "linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":70000}",
		     "linux.seccomp.defaultErrnoRet: 70000 does not fit");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
		     "linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"\",\"syscalls\":[{\"names\":[\"a\"],"
		     "\"action\":\"SCMP_ACT_NOTIFY\"}]}", "linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY");
	expect_error("{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/s\"}",
		     "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/s\",\"syscalls\":[{\"names\":[\"mkdir\",\"write\"],"
		     "\"action\":\"SCMP_ACT_NOTIFY\"}]}", "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY cannot be used for write");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/s\",\"syscalls\":[{\"names\":[\"sendmsg\"],"
		     "\"action\":\"SCMP_ACT_NOTIFY\"}]}", "SCMP_ACT_NOTIFY cannot be used for sendmsg");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/s\",\"syscalls\":[{\"names\":[\"a\"],"
		     "\"action\":\"SCMP_ACT_NOTIFY\",\"errnoRet\":1}]}", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ERRNO\"}]}",
		     "linux.seccomp.syscalls[0].names: at least one syscall name is required");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"action\":\"SCMP_ACT_ERRNO\"}]}",
		     "linux.seccomp.syscalls[0].names: required");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"]}]}",
		     "linux.seccomp.syscalls[0].action: required");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":{}}", "linux.seccomp.syscalls");
	expect_error("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerMetadata\":\"x\"}",
		     "linux.seccomp.listenerMetadata: must not be set without listenerPath");
	expect_error("[]", "linux.seccomp");

	/* Through the whole config: the path is exact, the spec left empty. */
	static const char cfg[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"args\":[\"sh\"],"
				  "\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"seccomp\":{\"defaultAction\":"
				  "\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"},"
				  "{\"names\":[\"b\"],\"action\":\"SCMP_ACT_BOGUS\"}]}}}";
	struct rm_spec s;
	struct rm_err err = { 0 };
	assert_int_equal(spec_parse_oci(&s, "config.json", cfg, sizeof cfg - 1, &err), -1);
	assert_contains(err.msg, "linux.seccomp.syscalls[1].action: unknown action \"SCMP_ACT_BOGUS\"");
	assert_null(s.seccomp);
}

static void test_decode_fields(void **state)
{
	(void)state;
	struct prof p;
	if (decode(&p, "{\"defaultAction\":\"SCMP_ACT_TRACE\",\"defaultErrnoRet\":3,\"flags\":["
		       "\"SECCOMP_FILTER_FLAG_TSYNC\",\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],"
		       "\"architectures\":[\"SCMP_ARCH_AARCH64\",\"SCMP_ARCH_ARM\"],\"listenerPath\":\"/run/agent.sock\","
		       "\"syscalls\":[{\"names\":[\"x\",\"y\"],\"action\":\"SCMP_ACT_KILL_THREAD\",\"args\":["
		       "{\"index\":5,\"value\":18446744073709551615,\"valueTwo\":7,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}") < 0)
		fail_msg("%s", p.err.msg);
	assert_int_equal(p.s->default_action, RM_SC_ACT_TRACE);
	assert_int_equal(p.s->default_errno_ret, 3);
	assert_int_equal(p.s->flags_num, RM_SC_FLAG_TSYNC | RM_SC_FLAG_LOG | RM_SC_FLAG_SPEC_ALLOW);
	assert_int_equal(p.s->n_flags, 3);
	assert_int_equal(p.s->arch_mask, (1u << RM_SC_ARCH_AARCH64) | (1u << RM_SC_ARCH_ARM));
	assert_string_equal(p.s->architectures[1], "SCMP_ARCH_ARM");
	assert_string_equal(p.s->listener_path, "/run/agent.sock");
	assert_int_equal(p.s->n_syscalls, 1);
	const struct rm_sc_rule *r = &p.s->syscalls[0];
	assert_int_equal(r->n_names, 2);
	assert_string_equal(r->names[1], "y");
	assert_null(r->names[2]);
	assert_int_equal(r->action, RM_SC_ACT_KILL_THREAD);
	assert_false(r->has_errno_ret);
	assert_int_equal(r->n_args, 1);
	assert_int_equal(r->args[0].index, 5);
	assert_true(r->args[0].value == UINT64_MAX);
	assert_true(r->args[0].value_two == 7);
	assert_int_equal(r->args[0].op, RM_SC_CMP_MASKED_EQ);
	/* An x86 build ignores the arm arches: native only, and a bad arch is killed. */
	compile(&p);
	assert_int_equal(run(&p, AUDIT_X86_64, 0, 0), RET_TRACE(3));
	assert_int_equal(run(&p, AUDIT_AARCH64, 0, 0), RET_KILL_THREAD);
	prof_free(&p);
	for (int a = 0; a < RM_SC_ARCH_COUNT; a++)
		assert_int_equal(strncmp(sc_arch_name((enum rm_sc_arch)a), "SCMP_ARCH_", 10), 0);
	assert_string_equal(sc_action_name(RM_SC_ACT_KILL_PROCESS), "SCMP_ACT_KILL_PROCESS");
}

/* SCMP_ACT_NOTIFY: decoded with its listener, compiled to RET_USER_NOTIF. */
static void test_notify_decode(void **state)
{
	(void)state;
	struct prof p;
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/agent.sock\","
		 "\"listenerMetadata\":\"m\",\"flags\":[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],"
		 "\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
	assert_true(p.s->uses_notify);
	assert_int_equal(p.s->flags_num, RM_SC_FLAG_WAIT_KILLABLE_RECV);
	assert_string_equal(p.s->listener_metadata, "m");
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("mkdir"), 0), RET_USER_NOTIF);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("mkdirat"), 0), RET_USER_NOTIF);
	assert_int_equal(run(&p, AUDIT_X86_64, NATIVE("rmdir"), 0), RET_ALLOW);
	prof_free(&p);
	/* listenerPath without NOTIFY is ignored (runtime-spec). */
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\"}");
	assert_false(p.s->uses_notify);
	prof_free(&p);
}

/* ---- for real: a filter loaded into a child --------------------------- */

static bool have_seccomp(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	bool yes = false;
	if (!f)
		return false;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "Seccomp:", 8) == 0)
			yes = true;
	fclose(f);
	return yes;
}

/* Run `body` in a child under the profile; its exit status is the verdict. */
static int in_child(const struct prof *p, unsigned flags, int (*body)(void))
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rm_err err;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(90);
		if (sc_install(p->prog, p->len, flags, &err) < 0) {
			fprintf(stderr, "sc_install: %s\n", err.msg);
			_exit(91);
		}
		_exit(body());
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		return 200 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static int body_getppid(void)
{
	pid_t me = (pid_t)syscall(SYS_getpid);
	if (me <= 0 || me != getpid())
		return 1;
	errno = 0;
	if (syscall(SYS_getppid) != -1 || errno != 42)
		return 2;
	return 0;
}

static int body_podman(void)
{
	/* add_key is not in podman's profile: defaultErrnoRet 38. */
	errno = 0;
	if (syscall(SYS_add_key, NULL, NULL, NULL, 0, 0) != -1 || errno != ENOSYS)
		return 1;
	/* personality(0x1) is refused with 38 too; the query is allowed. */
	if (syscall(SYS_personality, 1) != -1 || errno != ENOSYS)
		return 2;
	if (syscall(SYS_personality, 0xffffffff) < 0)
		return 3;
	if (syscall(SYS_getppid) <= 0)
		return 4;
	return 0;
}

static void test_install_for_real(void **state)
{
	(void)state;
	if (!have_seccomp()) {
		print_message("[  SKIP    ] this kernel has no seccomp (no Seccomp: in /proc/self/status)\n");
		skip();
	}
	struct prof p;
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],"
		 "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":42}]}");
	assert_int_equal(in_child(&p, 0, body_getppid), 0);
	assert_int_equal(in_child(&p, RM_SC_FLAG_LOG | RM_SC_FLAG_TSYNC, body_getppid), 0);
	/* An unknown flag: the kernel says EINVAL, we report it. */
	assert_int_equal(in_child(&p, 0x80000000u, body_getppid), 91);
	prof_free(&p);

	struct rm_spec spec;
	load_fixture(&spec, &p, "podman-run-memory-pids.config.json");
	assert_int_equal(in_child(&p, 0, body_podman), 0);
	free(p.prog);
	spec_free(&spec);

	struct rm_err err;
	assert_int_equal(sc_install(NULL, 0, 0, &err), -1);
	assert_contains(err.msg, "seccomp: a program of 0 instructions");
}

/* sc_install_listener: a child's getppid() goes to us through the
 * listener, and we answer 4242; WAIT_KILLABLE_RECV is taken or dropped. */
struct notif {                       /* struct seccomp_notif */
	uint64_t id;
	uint32_t pid, flags;
	struct bpf_sc_data data;
};
struct notif_resp {                  /* struct seccomp_notif_resp */
	uint64_t id;
	int64_t val;
	int32_t error;
	uint32_t flags;
};
#define NOTIF_RECV _IOWR('!', 0, struct notif)
#define NOTIF_SEND _IOWR('!', 1, struct notif_resp)

static void notify_child(const struct prof *p, unsigned flags);

static void test_notify_for_real(void **state)
{
	(void)state;
	struct utsname u;
	int major = 0, minor = 0;
	if (!have_seccomp() || uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2 ||
	    major < 5) {
		print_message("[  SKIP    ] no seccomp user notification here (Linux 5.0)\n");
		skip();
	}
	struct prof p;
	load(&p, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/unused\","
		 "\"flags\":[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],"
		 "\"syscalls\":[{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}");
	/* The profile's flags, then TSYNC too (TSYNC_ESRCH is added). */
	for (unsigned extra = 0; extra <= RM_SC_FLAG_TSYNC; extra += RM_SC_FLAG_TSYNC)
		notify_child(&p, p.s->flags_num | extra);
	prof_free(&p);
}

static void notify_child(const struct prof *pp, unsigned flags)
{
	const struct prof p = *pp;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rm_err err;
		close(sv[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(90);
		int fd = sc_install_listener(p.prog, p.len, flags, &err);
		if (fd < 0) {
			fprintf(stderr, "sc_install_listener: %s\n", err.msg);
			_exit(91);
		}
		char c = 'x';
		union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } cm = { 0 };
		struct iovec iov = { &c, 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf,
				     .msg_controllen = sizeof cm.buf };
		struct cmsghdr *h = CMSG_FIRSTHDR(&mh);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &fd, sizeof fd);
		if (sendmsg(sv[1], &mh, 0) != 1)
			_exit(92);
		close(fd);
		_exit(syscall(SYS_getppid) == 4242 ? 0 : 93);
	}
	close(sv[1]);
	char c;
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } cm;
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf, .msg_controllen = sizeof cm.buf };
	int fd = -1;
	if (recvmsg(sv[0], &mh, 0) == 1 && CMSG_FIRSTHDR(&mh))
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof fd);
	close(sv[0]);
	if (fd >= 0) {
		struct notif n;
		memset(&n, 0, sizeof n);
		assert_int_equal(ioctl(fd, NOTIF_RECV, &n), 0);
		assert_int_equal(n.pid, pid);
		assert_int_equal(n.data.nr, SYS_getppid);
		struct notif_resp r = { .id = n.id, .val = 4242 };
		assert_int_equal(ioctl(fd, NOTIF_SEND, &r), 0);
		close(fd);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_tables),
		cmocka_unit_test(test_docker_profile),
		cmocka_unit_test(test_podman_profile),
		cmocka_unit_test(test_program_sizes),
		cmocka_unit_test(test_filter_cost),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_rule_order),
		cmocka_unit_test(test_large_profiles),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_notify_decode),
		cmocka_unit_test(test_notify_for_real),
		cmocka_unit_test(test_install_for_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif /* RM_NO_SECCOMP */
