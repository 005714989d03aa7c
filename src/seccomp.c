/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp.c - an OCI seccomp profile compiled to classic BPF, and loaded.
 *
 * Untrusted input: the profile comes from the bundle.  The compiler only
 * reads the decoded struct; every jump it emits is forward and in range
 * by construction, and a program the kernel would refuse (more than
 * BPF_MAXINSNS instructions) is an error here, in the parent, before any
 * namespace exists.
 *
 * Semantics follow runc (libcontainer/seccomp) on top of libseccomp:
 *  - Architectures.  The filter first checks seccomp_data.arch.  The
 *    build target's own ABI is always filtered (libseccomp's seccomp_init
 *    adds the native arch).  The other ABIs the target's kernel runs
 *    are filtered with their own syscall numbers (tables generated from
 *    each ABI's own kernel headers, syscall_names.h) when the profile
 *    lists them: on x86_64 SCMP_ARCH_X86 (AUDIT_ARCH_I386) and
 *    SCMP_ARCH_X32 (AUDIT_ARCH_X86_64 with __X32_SYSCALL_BIT in the
 *    number); on aarch64 SCMP_ARCH_ARM (32-bit EABI programs, which
 *    Docker's and podman's profiles list); on a 64-bit MIPS the other two
 *    of o32, n32 and n64.  Any other arch, or one not listed, gets
 *    libseccomp's default bad-arch action, SCMP_ACT_KILL (kill the
 *    thread): a filter that does not know the numbering must not guess.
 *    Other listed arches (an ARM name in an x86 build) cannot occur at
 *    run time and are ignored.
 *  - Syscall names unknown to an ABI's table are skipped (a profile lists
 *    the calls of newer kernels).
 *  - Several rules for one syscall are tried in profile order, the first
 *    whose args conditions all hold (AND) decides (OR across rules); a rule
 *    without args ends the list.  As in runc, a rule that compares one
 *    argument twice is split into one rule per condition (ORed).  A rule
 *    whose action equals the default action is dropped, as runc does.  No
 *    rule matching -> defaultAction (runtime-spec: "only the first entry
 *    is effective").
 *  - runc's -ENOSYS stub: unless the default action allows or
 *    defaultErrnoRet is already ENOSYS, a syscall number above the highest
 *    one the profile names (per ABI) returns ENOSYS instead of the default
 *    action, so that a libc probing a call newer than the profile (clone3,
 *    faccessat2, ...) falls back instead of failing with EPERM.
 *  - Argument comparisons are 64-bit on every ABI, done on the two 32-bit
 *    halves of seccomp_data.args[i].  A 32-bit ABI's arguments arrive
 *    zero-extended, so its high half is 0 and the comparison is exact
 *    (libseccomp truncates the value instead, which can widen a match).
 *
 * Shape of the program: load arch, one jeq per filtered arch, bad-arch
 * return; per arch: load nr, a binary search (jge) over the intervals of
 * syscall numbers that share one outcome (weighted towards the hot calls:
 * read and write pass in 8 instructions with Docker's profile), leaves that are returns or
 * short rule chains (load an argument half, compare, next); one shared
 * return per distinct action at the end.  The program is generated
 * backwards, so every jump target already exists and a jump that is too
 * far for the 8-bit offsets goes through a `ja` (or a copy of the return
 * it targets).  Docker's and podman's profiles with the three x86 ABIs
 * come to a few hundred instructions (see test_seccomp).
 */
#include "seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys.h"
#include "syscall_names.h"

#ifndef BPF_MAXINSNS
#define BPF_MAXINSNS 4096
#endif
#ifndef PR_SET_SECCOMP
#define PR_SET_SECCOMP 22
#endif
#define SC_MODE_FILTER 2             /* SECCOMP_MODE_FILTER */
#define SC_SET_MODE_FILTER 1         /* SECCOMP_SET_MODE_FILTER */
#define SC_FLAG_NEW_LISTENER 8u      /* SECCOMP_FILTER_FLAG_NEW_LISTENER, Linux 5.0 */
#define SC_FLAG_TSYNC_ESRCH 16u      /* SECCOMP_FILTER_FLAG_TSYNC_ESRCH, Linux 5.7 */

/* SECCOMP_RET_* (uapi linux/seccomp.h; KILL_PROCESS and LOG are 4.14). */
#define RET_KILL_PROCESS 0x80000000u
#define RET_KILL_THREAD  0x00000000u
#define RET_TRAP         0x00030000u
#define RET_ERRNO        0x00050000u
#define RET_USER_NOTIF   0x7fc00000u
#define RET_TRACE        0x7ff00000u
#define RET_LOG          0x7ffc0000u
#define RET_ALLOW        0x7fff0000u
#define RET_DATA         0x0000ffffu

#define X32_BIT 0x40000000u

/* offsetof(struct seccomp_data, nr / arch / args) */
#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_ARGS 16

/* AUDIT_ARCH_*: EM_* | 64-bit | little-endian (linux/audit.h). */
#define AU_64 0x80000000u
#define AU_LE 0x40000000u

/* The build target's own ABI (its AUDIT_ARCH_*), and the others its
 * kernel runs that a profile can list, each with its own numbers. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TARGET_LE AU_LE
#else
#define TARGET_LE 0u
#endif
#if defined(__x86_64__)
#define NATIVE_AUDIT (62u | AU_64 | AU_LE)        /* x86_64, and x32 (ILP32) */
#elif defined(__i386__)
#define NATIVE_AUDIT (3u | AU_LE)
#elif defined(__aarch64__)
#define NATIVE_AUDIT (183u | AU_64 | TARGET_LE)
#elif defined(__arm__)
#define NATIVE_AUDIT (40u | TARGET_LE)
#elif defined(__mips__)
#define MIPS_N32 0x20000000u                       /* __AUDIT_ARCH_CONVENTION_MIPS64_N32 */
#define AUDIT_O32 (8u | TARGET_LE)
#define AUDIT_N64 (8u | AU_64 | TARGET_LE)
#define AUDIT_N32 (8u | AU_64 | TARGET_LE | MIPS_N32)
#define ARCH_O32 (TARGET_LE ? RM_SC_ARCH_MIPSEL : RM_SC_ARCH_MIPS)
#define ARCH_N64 (TARGET_LE ? RM_SC_ARCH_MIPSEL64 : RM_SC_ARCH_MIPS64)
#define ARCH_N32 (TARGET_LE ? RM_SC_ARCH_MIPSEL64N32 : RM_SC_ARCH_MIPS64N32)
#if _MIPS_SIM == _ABIO32
#define NATIVE_AUDIT AUDIT_O32
#elif _MIPS_SIM == _ABIN32
#define NATIVE_AUDIT AUDIT_N32
#else
#define NATIVE_AUDIT AUDIT_N64
#endif
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_AUDIT (243u | AU_64 | AU_LE)
#elif defined(__powerpc64__)
#define NATIVE_AUDIT (21u | AU_64 | TARGET_LE)
#elif defined(__s390x__)
#define NATIVE_AUDIT (22u | AU_64)
#elif defined(__loongarch64)
#define NATIVE_AUDIT (258u | AU_64 | AU_LE)
#elif !defined(RM_NO_SECCOMP)
#error "seccomp: unknown target architecture (add its AUDIT_ARCH here, or build with SECCOMP=0)"
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OFF_LO 0
#define OFF_HI 4
#else
#define OFF_LO 4
#define OFF_HI 0
#endif

#ifdef RM_NO_SECCOMP

int sc_compile(const struct rm_seccomp *s, struct sock_filter **prog, size_t *len, struct rm_err *err)
{
	(void)s;
	*prog = NULL;
	*len = 0;
	return rm_fail(err, ENOSYS, "seccomp support was compiled out (built with SECCOMP=0)");
}

int sc_install(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err)
{
	(void)prog; (void)len; (void)flags;
	return rm_fail(err, ENOSYS, "seccomp support was compiled out (built with SECCOMP=0)");
}

int sc_install_listener(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err)
{
	return sc_install(prog, len, flags, err);
}

int sc_send_listener(const char *path, int fd, const char *msg, size_t len, struct rm_err *err)
{
	(void)path; (void)fd; (void)msg; (void)len;
	return rm_fail(err, ENOSYS, "seccomp support was compiled out (built with SECCOMP=0)");
}

#else

long sc_syscall_lookup(const struct sc_names *abi, const char *name)
{
	size_t lo = 0, hi = sc_name_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, sc_name_at(mid));
		if (c < 0) {
			hi = mid;
		} else if (c > 0) {
			lo = mid + 1;
		} else {
			uint32_t v = abi->nr[mid];
			if (v == SC_NR_NONE)
				return -1;
			if (v >= SC_NR_HIGH)
				v = 0x0f0000u + (v - SC_NR_HIGH);
			return (long)(abi->bias + v);
		}
	}
	return -1;
}

/* ---- the instruction buffer, filled from the end ---------------------
 * A label is the count of instructions emitted so far when that
 * instruction was emitted: label L sits at rev[L - 1], and a jump placed
 * at label L reaches label T < L with offset L - 1 - T. */
struct gen {
	struct sock_filter rev[BPF_MAXINSNS];
	int n;
	bool full;
	uint32_t pool_val[256];           /* one shared return per action value */
	int pool_label[256];
	int n_pool;
};

static int emit(struct gen *g, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	if (g->n >= BPF_MAXINSNS) {
		g->full = true;
		return g->n;
	}
	g->rev[g->n] = (struct sock_filter){ code, jt, jf, k };
	return ++g->n;
}

/* Make target t reachable with an 8-bit offset from the next instruction:
 * a copy of the return it names, or a long `ja`. */
static int near(struct gen *g, int t)
{
	if (g->n - t <= 255 || g->full)
		return t;
	struct sock_filter in = g->rev[t - 1];
	if (BPF_CLASS(in.code) == BPF_RET)
		return emit(g, in.code, in.k, 0, 0);
	return emit(g, BPF_JMP | BPF_JA, (uint32_t)(g->n - t), 0, 0);
}

static int emit_jump(struct gen *g, uint16_t op, uint32_t k, int t, int f)
{
	for (;;) {
		if (g->n - f > 255 && !g->full)
			f = near(g, f);
		else if (g->n - t > 255 && !g->full)
			t = near(g, t);
		else
			break;
	}
	if (g->full)
		return g->n;
	return emit(g, BPF_JMP | op | BPF_K, k, (uint8_t)(g->n - t), (uint8_t)(g->n - f));
}

static int emit_ret(struct gen *g, uint32_t val)
{
	for (int i = 0; i < g->n_pool; i++)
		if (g->pool_val[i] == val)
			return g->pool_label[i];
	if (g->n_pool == (int)(sizeof g->pool_val / sizeof g->pool_val[0]))
		return emit(g, BPF_RET | BPF_K, val, 0, 0);   /* rare: unshared */
	g->pool_val[g->n_pool] = val;
	return g->pool_label[g->n_pool++] = emit(g, BPF_RET | BPF_K, val, 0, 0);
}

/* Continue at t from the instruction emitted next (placed just before). */
static int emit_goto(struct gen *g, int t)
{
	if (t == g->n || g->full)
		return t;
	struct sock_filter in = g->rev[t - 1];
	if (BPF_CLASS(in.code) == BPF_RET)
		return emit(g, in.code, in.k, 0, 0);
	return emit(g, BPF_JMP | BPF_JA, (uint32_t)(g->n - t), 0, 0);
}

static int emit_load(struct gen *g, uint32_t off)
{
	return emit(g, BPF_LD | BPF_W | BPF_ABS, off, 0, 0);
}

/* ---- actions --------------------------------------------------------- */

static uint32_t action_value(enum rm_sc_action a, bool has_ret, uint32_t ret)
{
	uint32_t data = (has_ret ? ret : EPERM) & RET_DATA;
	switch (a) {
	case RM_SC_ACT_KILL:
	case RM_SC_ACT_KILL_THREAD: return RET_KILL_THREAD;
	case RM_SC_ACT_KILL_PROCESS: return RET_KILL_PROCESS;
	case RM_SC_ACT_TRAP: return RET_TRAP;
	case RM_SC_ACT_ERRNO: return RET_ERRNO | data;
	case RM_SC_ACT_TRACE: return RET_TRACE | data;
	case RM_SC_ACT_LOG: return RET_LOG;
	case RM_SC_ACT_ALLOW: return RET_ALLOW;
	case RM_SC_ACT_NOTIFY: return RET_USER_NOTIF;
	}
	return RET_KILL_THREAD;
}

static uint32_t rule_value(const struct rm_sc_rule *r)
{
	return action_value(r->action, r->has_errno_ret, r->errno_ret);
}

/* ---- one argument condition: ok if it holds, fail if not ------------- */

static int emit_cond(struct gen *g, const struct rm_sc_arg *a, int ok, int fail)
{
	uint32_t off = OFF_ARGS + 8 * a->index;
	uint32_t lo = (uint32_t)a->value, hi = (uint32_t)(a->value >> 32);
	uint32_t dlo = (uint32_t)a->value_two, dhi = (uint32_t)(a->value_two >> 32);
	int l, x;
	switch (a->op) {   /* the low half, then the high half in front of it */
	case RM_SC_CMP_MASKED_EQ:
		if ((a->value_two & ~a->value) != 0)
			return fail;                 /* datum has bits outside the mask */
		l = emit_jump(g, BPF_JEQ, dlo, ok, fail);
		if (lo != 0xffffffffu)
			emit(g, BPF_ALU | BPF_AND | BPF_K, lo, 0, 0);
		l = emit_load(g, off + OFF_LO);
		if (hi == 0)                     /* dhi is 0 too: always holds */
			return l;
		emit_jump(g, BPF_JEQ, dhi, l, fail);
		if (hi != 0xffffffffu)
			emit(g, BPF_ALU | BPF_AND | BPF_K, hi, 0, 0);
		return emit_load(g, off + OFF_HI);
	case RM_SC_CMP_EQ:
		emit_jump(g, BPF_JEQ, lo, ok, fail);
		l = emit_load(g, off + OFF_LO);
		emit_jump(g, BPF_JEQ, hi, l, fail);
		return emit_load(g, off + OFF_HI);
	case RM_SC_CMP_NE:
		emit_jump(g, BPF_JEQ, lo, fail, ok);
		l = emit_load(g, off + OFF_LO);
		emit_jump(g, BPF_JEQ, hi, l, ok);
		return emit_load(g, off + OFF_HI);
	case RM_SC_CMP_GT:
	case RM_SC_CMP_GE:
		emit_jump(g, a->op == RM_SC_CMP_GT ? BPF_JGT : BPF_JGE, lo, ok, fail);
		l = emit_load(g, off + OFF_LO);
		x = emit_jump(g, BPF_JEQ, hi, l, fail);
		emit_jump(g, BPF_JGT, hi, ok, x);
		return emit_load(g, off + OFF_HI);
	case RM_SC_CMP_LT:
	case RM_SC_CMP_LE:
		if (a->op == RM_SC_CMP_LT)
			emit_jump(g, BPF_JGE, lo, fail, ok);
		else
			emit_jump(g, BPF_JGT, lo, fail, ok);
		l = emit_load(g, off + OFF_LO);
		x = emit_jump(g, BPF_JEQ, hi, l, ok);
		emit_jump(g, BPF_JGT, hi, fail, x);
		return emit_load(g, off + OFF_HI);
	}
	return fail;
}

/* ---- per ABI ---------------------------------------------------------- */

struct abi {
	enum rm_sc_arch arch;
	uint32_t audit;
	const struct sc_names *names;
};

/* The ABIs besides the native one that have their own AUDIT_ARCH value
 * (x32 shares x86_64's and is handled apart), filtered when listed. */
static const struct abi compat_abis[] = {
#if defined(SC_HAVE_X86_COMPAT)
	{ RM_SC_ARCH_X86, 3u | AU_LE, &sc_names_i386 },
#elif defined(SC_HAVE_ARM_COMPAT)
	{ RM_SC_ARCH_ARM, 40u | TARGET_LE, &sc_names_arm },
#elif defined(SC_HAVE_MIPS_COMPAT)
	{ ARCH_O32, AUDIT_O32, &sc_names_o32 },
#if _MIPS_SIM == _ABI64
	{ ARCH_N32, AUDIT_N32, &sc_names_n32 },
#else
	{ ARCH_N64, AUDIT_N64, &sc_names_n64 },
#endif
#endif
	{ RM_SC_ARCH_COUNT, 0, NULL },
};

struct hit { uint32_t nr, rule; };
struct span { uint32_t lo; int target; };

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Two conditions on one argument: runc (after libseccomp, which allows
 * one comparison per argument and rule) adds each condition as a rule of
 * its own, so they are ORed, not ANDed. */
static bool repeats_index(const struct rm_sc_rule *r)
{
	unsigned seen = 0;
	for (size_t k = 0; k < r->n_args; k++) {
		if (seen & (1u << r->args[k].index))
			return true;
		seen |= 1u << r->args[k].index;
	}
	return false;
}

/* The rules of one syscall, in profile order, as a chain of condition
 * blocks; falls back to the default action.  Returns the entry label. */
static int emit_chain(struct gen *g, const struct rm_seccomp *s, const struct hit *h, size_t n,
		      int dflt)
{
	size_t end = n;
	for (size_t i = 0; i < n; i++)
		if (s->syscalls[h[i].rule].n_args == 0) {
			end = i + 1;                 /* unconditional: later rules are dead */
			break;
		}
	int next = dflt;
	for (size_t i = end; i-- > 0;) {
		const struct rm_sc_rule *r = &s->syscalls[h[i].rule];
		int ok = emit_ret(g, rule_value(r));
		if (r->n_args == 0) {
			next = ok;
			continue;
		}
		if (repeats_index(r)) {          /* runc: one rule per condition, ORed */
			for (size_t k = r->n_args; k-- > 0;)
				next = emit_cond(g, &r->args[k], ok, next);
			continue;
		}
		for (size_t k = r->n_args; k-- > 0;)
			ok = emit_cond(g, &r->args[k], ok, next);
		next = ok;
	}
	return next;
}

/* The calls a process makes most (I/O, memory, locks, signals, polls):
 * the search tree is balanced by weight, not by count, so these sit near
 * its root.  Names an ABI lacks are skipped. */
static const char *const hot_calls[] = {
	"read", "write", "close", "openat", "mmap", "munmap", "fstat", "newfstatat", "futex",
	"epoll_wait", "epoll_pwait", "rt_sigprocmask", "brk", "lseek", "recvfrom", "sendto",
	"readv", "writev", "pread64", "pwrite64", "poll", "ppoll",
};
#define HOT_WEIGHT 32u

static bool is_hot(const struct abi *abi, uint32_t lo, uint64_t end)
{
	for (size_t i = 0; i < sizeof hot_calls / sizeof hot_calls[0]; i++) {
		long nr = sc_syscall_lookup(abi->names, hot_calls[i]);
		if (nr >= 0 && (uint32_t)nr >= lo && (uint64_t)nr < end)
			return true;
	}
	return false;
}

/* A weight-balanced binary search: w[i] is the weight of spans [0, i),
 * each split the point where both halves weigh most alike.  A plain
 * balanced tree puts read at depth ~6 of Docker's ~60 intervals; here a
 * hot interval sits at depth 1-3, a cold one at most a level or two
 * deeper than balanced. */
static int emit_tree(struct gen *g, const struct span *sp, const uint32_t *w, size_t lo, size_t hi)
{
	if (lo == hi)
		return sp[lo].target;
	size_t mid = lo + 1;
	uint32_t best = UINT32_MAX;
	for (size_t m = lo + 1; m <= hi; m++) {
		uint32_t left = w[m] - w[lo], right = w[hi + 1] - w[m];
		uint32_t d = left > right ? left - right : right - left;
		if (d < best) {
			best = d;
			mid = m;
		}
	}
	int right = emit_tree(g, sp, w, mid, hi);
	int left = emit_tree(g, sp, w, lo, mid - 1);
	return emit_jump(g, BPF_JGE, sp[mid].lo, right, left);
}

/* Rule chains and the search tree for one ABI; expects A = nr. */
static int emit_abi(struct gen *g, const struct rm_seccomp *s, const struct abi *abi, bool enosys,
		    struct rm_err *err)
{
	uint32_t dval = action_value(s->default_action, s->has_default_errno_ret, s->default_errno_ret);
	int dflt = emit_ret(g, dval), tail = dflt;
	size_t cap = 0, n = 0, nsp = 0;
	for (size_t i = 0; i < s->n_syscalls; i++)
		cap += s->syscalls[i].n_names;
	struct hit *h = malloc((cap + 1) * sizeof *h);
	struct span *sp = malloc((2 * cap + 2) * sizeof *sp);
	if (!h || !sp) {
		free(h);
		free(sp);
		return rm_fail(err, ENOMEM, "seccomp");
	}
	bool have_max = false;
	uint32_t max = 0;
	for (size_t i = 0; i < s->n_syscalls; i++) {
		const struct rm_sc_rule *r = &s->syscalls[i];
		for (size_t k = 0; k < r->n_names; k++) {
			long nr = sc_syscall_lookup(abi->names, r->names[k]);
			if (nr < 0)
				continue;                /* not in this ABI: skipped, as runc does */
			if (!have_max || (uint32_t)nr > max)
				max = (uint32_t)nr;
			have_max = true;
			if (rule_value(r) != dval)
				h[n++] = (struct hit){ (uint32_t)nr, (uint32_t)i };
		}
	}
	qsort(h, n, sizeof *h, cmp_hit);
	if (enosys && have_max)
		tail = emit_ret(g, RET_ERRNO | ENOSYS);
	uint64_t cur = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && h[j].nr == h[i].nr)
			j++;
		if (h[i].nr > cur)
			sp[nsp++] = (struct span){ (uint32_t)cur, dflt };
		sp[nsp++] = (struct span){ h[i].nr, emit_chain(g, s, h + i, j - i, dflt) };
		cur = (uint64_t)h[i].nr + 1;
		i = j;
	}
	if (have_max && cur <= max) {
		sp[nsp++] = (struct span){ (uint32_t)cur, dflt };
		cur = (uint64_t)max + 1;
	}
	if (nsp == 0 || cur <= 0xffffffffu)
		sp[nsp++] = (struct span){ (uint32_t)cur, tail };
	size_t m = 0;                            /* merge neighbours with one outcome */
	for (size_t i = 0; i < nsp; i++)
		if (m == 0 || sp[m - 1].target != sp[i].target)
			sp[m++] = sp[i];
	int entry = -1;
	uint32_t *w = malloc((m + 1) * sizeof *w);
	if (w) {
		w[0] = 0;
		for (size_t i = 0; i < m; i++) {
			uint64_t end = i + 1 < m ? sp[i + 1].lo : 0x100000000ull;
			w[i + 1] = w[i] + (is_hot(abi, sp[i].lo, end) ? HOT_WEIGHT : 1);
		}
		entry = emit_tree(g, sp, w, 0, m - 1);
	}
	free(w);
	free(h);
	free(sp);
	if (entry < 0)
		return rm_fail(err, ENOMEM, "seccomp");
	return entry;
}

static bool lists(const struct rm_seccomp *s, enum rm_sc_arch a)
{
	return (s->arch_mask >> a) & 1;
}

/* Returns the entry label of the whole program (after the pool). */
static int emit_program(struct gen *g, const struct rm_seccomp *s, struct rm_err *err)
{
	uint32_t dval = action_value(s->default_action, s->has_default_errno_ret, s->default_errno_ret);
	bool enosys = s->default_action != RM_SC_ACT_ALLOW && s->default_action != RM_SC_ACT_LOG &&
		      !(s->has_default_errno_ret && s->default_errno_ret == ENOSYS);
	/* The shared returns go last; the bad-arch one first of all. */
	int kill = emit_ret(g, RET_KILL_THREAD);
	for (size_t i = 0; i < s->n_syscalls; i++)
		emit_ret(g, rule_value(&s->syscalls[i]));
	if (enosys)
		emit_ret(g, RET_ERRNO | ENOSYS);
	emit_ret(g, dval);

	struct { uint32_t audit; int entry; } sec[4];
	int nsec = 0;
	for (const struct abi *c = compat_abis; c->names; c++) {
		if (!lists(s, c->arch))
			continue;
		int tree = emit_abi(g, s, c, enosys, err);
		if (tree < 0)
			return -1;
		emit_goto(g, tree);
		sec[nsec].audit = c->audit;
		sec[nsec++].entry = emit_load(g, OFF_NR);
	}
#ifdef SC_HAVE_X86_COMPAT
	int x32 = kill;
	if (lists(s, RM_SC_ARCH_X32)) {
		const struct abi abi = { RM_SC_ARCH_X32, NATIVE_AUDIT, &sc_names_x32 };
		if ((x32 = emit_abi(g, s, &abi, enosys, err)) < 0)
			return -1;
	}
#endif
	const struct abi native = { RM_SC_ARCH_COUNT, NATIVE_AUDIT, &sc_names_native };
	int tree = emit_abi(g, s, &native, enosys, err);
	if (tree < 0)
		return -1;
#ifdef SC_HAVE_X86_COMPAT
	/* x32 calls share AUDIT_ARCH_X86_64: told apart by the number. */
	emit_jump(g, BPF_JSET, X32_BIT, x32, tree);
#else
	emit_goto(g, tree);
#endif
	sec[nsec].audit = NATIVE_AUDIT;
	sec[nsec++].entry = emit_load(g, OFF_NR);
	int next = kill;
	for (int i = 0; i < nsec; i++)           /* native ends up tested first */
		next = emit_jump(g, BPF_JEQ, sec[i].audit, sec[i].entry, next);
	(void)next;
	return emit_load(g, OFF_ARCH);
}

int sc_compile(const struct rm_seccomp *s, struct sock_filter **prog, size_t *len, struct rm_err *err)
{
	*prog = NULL;
	*len = 0;
	struct gen *g = calloc(1, sizeof *g);
	if (!g)
		return rm_fail(err, ENOMEM, "seccomp: compiling the profile");
	if (emit_program(g, s, err) < 0) {
		free(g);
		return -1;
	}
	if (g->full) {
		free(g);
		return rm_fail(err, E2BIG, "seccomp: the profile needs more than the kernel's %d BPF instructions",
			       BPF_MAXINSNS);
	}
	struct sock_filter *p = malloc((size_t)g->n * sizeof *p);
	if (!p) {
		free(g);
		return rm_fail(err, ENOMEM, "seccomp: compiling the profile");
	}
	for (int i = 0; i < g->n; i++)
		p[i] = g->rev[g->n - 1 - i];
	*prog = p;
	*len = (size_t)g->n;
	free(g);
	return 0;
}

int sc_install_listener(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err)
{
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = (struct sock_filter *)prog };
	if (len == 0 || len > BPF_MAXINSNS)
		return rm_fail(err, EINVAL, "seccomp: a program of %zu instructions", len);
	/* TSYNC reports a thread it could not move as a positive id, which
	 * would collide with the fd: TSYNC_ESRCH makes that an error. */
	flags |= SC_FLAG_NEW_LISTENER;
	if (flags & RM_SC_FLAG_TSYNC)
		flags |= SC_FLAG_TSYNC_ESRCH;
	int fd = sys_seccomp(SC_SET_MODE_FILTER, flags, &fp);
	if (fd < 0 && errno == EINVAL && (flags & RM_SC_FLAG_WAIT_KILLABLE_RECV)) {
		flags &= ~RM_SC_FLAG_WAIT_KILLABLE_RECV;     /* before Linux 5.19 */
		fd = sys_seccomp(SC_SET_MODE_FILTER, flags, &fp);
	}
	if (fd < 0 && errno == EINVAL && (flags & SC_FLAG_TSYNC_ESRCH)) {
		/* Before 5.7: no TSYNC with a listener.  Our callers (the
		 * init, an exec'd process) have one thread: nothing to sync. */
		flags &= ~(SC_FLAG_TSYNC_ESRCH | RM_SC_FLAG_TSYNC);
		fd = sys_seccomp(SC_SET_MODE_FILTER, flags, &fp);
	}
	if (fd < 0 && (errno == EINVAL || errno == ENOSYS))
		return rm_fail(err, errno, "seccomp: SCMP_ACT_NOTIFY needs a listener (Linux 5.0, "
			       "SECCOMP_FILTER_FLAG_NEW_LISTENER)");
	if (fd < 0)
		return rm_fail(err, errno, "seccomp: loading the filter with a listener (%zu instructions, flags 0x%x)",
			       len, flags);
	return fd;
}

int sc_send_listener(const char *path, int listener_fd, const char *msg, size_t len, struct rm_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };

	if (strlen(path) >= sizeof sa.sun_path)
		return rm_fail(err, ENAMETOOLONG, "linux.seccomp.listenerPath %s", path);
	strcpy(sa.sun_path, path);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		if (s >= 0)
			close(s);
		return rm_fail(err, e, "connect to the seccomp agent at linux.seccomp.listenerPath %s", path);
	}
	memset(&u, 0, sizeof u);
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener_fd, sizeof listener_fd);
	/* The fd rides with the first byte; the rest follows in order. */
	size_t off = 0;
	while (off < len) {
		ssize_t n = sendmsg(s, &mh, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(s);
			return rm_fail(err, e, "send the container state to the seccomp agent at %s", path);
		}
		off += (size_t)n;
		iov.iov_base = (char *)msg + off;
		iov.iov_len = len - off;
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
	}
	close(s);       /* runtime-spec: one state per connection, then closed */
	return 0;
}

int sc_install(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err)
{
	struct sock_fprog fp = { .len = (unsigned short)len, .filter = (struct sock_filter *)prog };
	if (len == 0 || len > BPF_MAXINSNS)
		return rm_fail(err, EINVAL, "seccomp: a program of %zu instructions", len);
	int r = sys_seccomp(SC_SET_MODE_FILTER, flags, &fp);
	if (r == 0)
		return 0;
	if (r > 0)   /* SECCOMP_FILTER_FLAG_TSYNC: this thread could not follow */
		return rm_fail(err, 0, "seccomp: thread %d could not be synchronized (TSYNC)", r);
	if (errno != ENOSYS)
		return rm_fail(err, errno, "seccomp: loading the filter (%zu instructions, flags 0x%x)", len, flags);
	/* A kernel before 3.17: prctl() knows no flags. */
	if (flags)
		return rm_fail(err, ENOSYS, "seccomp: linux.seccomp.flags need seccomp(2) (Linux 3.17)");
	if (prctl(PR_SET_SECCOMP, SC_MODE_FILTER, &fp, 0, 0) < 0)
		return rm_fail(err, errno, "seccomp: loading the filter with prctl(PR_SET_SECCOMP)");
	return 0;
}

#endif /* RM_NO_SECCOMP */
