/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_bpf.c - the cgroup v2 device controller: an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE, assembled here and attached to the
 * container's cgroup with the raw bpf(2) syscall (no libbpf).
 *
 * The kernel runs the program on every open/mknod of a device node inside
 * the cgroup, with a struct bpf_cgroup_dev_ctx in r1; it returns 1 to allow
 * and 0 to deny (EPERM).  The rules keep the v1 meaning: evaluated in order,
 * the last match wins, and the start is "deny all" (as runc's) unless a
 * wildcard rule says otherwise.  So the program tests the rules newest first and the
 * first match returns.  The rule list is untrusted (config.json): only the
 * fixed instruction shapes below are emitted and every jump stays inside
 * the rule's own block, which the verifier checks again.
 */
#include "cgroup_bpf.h"
#include "sys_bpf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					       .off = (o), .imm = (i) })
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define ALU32_K(op, d, i) INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define MOV64_R(d, s) INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_K(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define JNE_K(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

enum { R0, R1, R2, R3, R4, R5 };

static int access_bits(const char *a)
{
	int bits = 0;
	if (!a[0])
		a = "rwm";
	for (; *a; a++)
		bits |= *a == 'r' ? BPF_DEVCG_ACC_READ : *a == 'w' ? BPF_DEVCG_ACC_WRITE
			: *a == 'm' ? BPF_DEVCG_ACC_MKNOD : 0;
	return bits;
}

#define ALL_ACC (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)

static bool is_catch_all(const struct rm_dev_rule *r)
{
	return r->type == 'a' && access_bits(r->access) == ALL_ACC;
}

/* One rule: a chain of "if this field differs, skip the block" tests, then
 * return the verdict.  Returns the number of instructions written. */
static size_t emit_rule(const struct rm_dev_rule *r, struct bpf_insn *o)
{
	size_t n = 0;
	int acc = access_bits(r->access);
	/* Jump offsets are filled in once the block length is known. */
	if (r->type == 'c' || r->type == 'b')
		o[n++] = JNE_K(R2, r->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK, 0);
	if (acc != ALL_ACC) {
		/* Every access asked for must be in the rule: (asked & ~rule) == 0. */
		o[n++] = MOV64_R(R1, R3);
		o[n++] = ALU32_K(BPF_AND, R1, ~acc & ALL_ACC);
		o[n++] = JNE_K(R1, 0, 0);
	}
	if (r->type != 'a' && r->major >= 0)
		o[n++] = JNE_K(R4, (int32_t)r->major, 0);
	if (r->type != 'a' && r->minor >= 0)
		o[n++] = JNE_K(R5, (int32_t)r->minor, 0);
	o[n++] = MOV64_K(R0, r->allow ? 1 : 0);
	o[n++] = EXIT();
	for (size_t i = 0; i < n; i++)
		if (o[i].code == (BPF_JMP | BPF_JNE | BPF_K))
			o[i].off = (int16_t)(n - i - 1);
	return n;
}

static int check_rule(const struct rm_dev_rule *r, size_t i, struct rm_err *err)
{
	if (!strchr("abc", r->type) || !r->type)
		return rm_fail(err, EINVAL, "linux.resources.devices[%zu]: type \"%c\" (a, b or c)", i,
			       r->type ? r->type : '?');
	if (r->major > INT32_MAX || r->minor > INT32_MAX)
		return rm_fail(err, EINVAL, "linux.resources.devices[%zu]: major/minor out of range", i);
	return 0;
}

int cgbpf_build(const struct rm_dev_rule *rules, size_t n, struct bpf_insn *out, size_t max,
		struct rm_err *err)
{
	size_t len = 0, first = 0;
	int deflt = 0;                          /* runc's start: everything denied */
	if (max < 16 + 8 * n)
		return rm_fail(err, E2BIG, "linux.resources.devices: too many rules (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		if (check_rule(&rules[i], i, err) < 0)
			return -1;
		if (is_catch_all(&rules[i])) {  /* earlier rules can never decide */
			first = i + 1;
			deflt = rules[i].allow;
		}
	}
	out[len++] = LDX_W(R2, R1, 0);          /* access_type */
	out[len++] = ALU32_K(BPF_AND, R2, 0xffff); /* device type */
	out[len++] = LDX_W(R3, R1, 0);
	out[len++] = ALU32_K(BPF_RSH, R3, 16);  /* access */
	out[len++] = LDX_W(R4, R1, 4);          /* major */
	out[len++] = LDX_W(R5, R1, 8);          /* minor */
	for (size_t i = n; i > first; i--)
		len += emit_rule(&rules[i - 1], out + len);
	out[len++] = MOV64_K(R0, deflt);
	out[len++] = EXIT();
	return (int)len;
}

static int load(const struct bpf_insn *insns, int n, struct rm_err *err)
{
	static char log[4096];
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = (uint32_t)n;
	a.license = (uint64_t)(uintptr_t)"Apache";
	int fd = sys_bpf(BPF_PROG_LOAD, &a, sizeof a);
	if (fd >= 0 || errno == ENOSYS || errno == EPERM)
		return fd >= 0 ? fd : rm_fail(err, errno, "load the device eBPF program");
	/* Ask again with the verifier's log, for the message. */
	log[0] = '\0';
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof log;
	a.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &a, sizeof a);
	if (fd >= 0)
		return fd;
	int e = errno;
	log[strcspn(log, "\n")] = '\0';
	return rm_fail(err, e, "load the device eBPF program (verifier: %.200s)", log);
}

/* Ids of the device programs attached to the cgroup now. */
static int query(int cgfd, uint32_t *ids, uint32_t max)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.query.target_fd = (uint32_t)cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uint64_t)(uintptr_t)ids;
	a.query.prog_cnt = max;
	if (sys_bpf(BPF_PROG_QUERY, &a, sizeof a) < 0)
		return 0;
	return (int)a.query.prog_cnt;
}

static int attach(int cgfd, int progfd, bool detach)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.target_fd = (uint32_t)cgfd;
	a.attach_bpf_fd = (uint32_t)progfd;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = detach ? 0 : BPF_F_ALLOW_MULTI;
	return sys_bpf(detach ? BPF_PROG_DETACH : BPF_PROG_ATTACH, &a, sizeof a);
}

/* The new program goes on before the old ones come off, so a live
 * container is never without a filter during `update`. */
static void detach_old(int cgfd, const uint32_t *ids, int n)
{
	for (int i = 0; i < n; i++) {
		union bpf_attr a;
		memset(&a, 0, sizeof a);
		a.prog_id = ids[i];
		int fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &a, sizeof a);
		if (fd < 0)
			continue;
		attach(cgfd, fd, true);
		close(fd);
	}
}

int cgbpf_apply(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	static struct rm_dev_rule rules[CG_MAX_DEV_RULES];
	static struct bpf_insn insns[CG_MAX_INSNS];
	uint32_t old[64];
	size_t nr = cgi_device_rules(r, rules, CG_MAX_DEV_RULES);
	int n = cgbpf_build(rules, nr, insns, CG_MAX_INSNS, err);
	if (n < 0)
		return -1;
	int prog = load(insns, n, err);
	if (prog < 0)
		return rm_wrap(err, "linux.resources.devices");
	int cgfd = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0) {
		close(prog);
		return rm_fail(err, errno, "open %s", dir);
	}
	int nold = query(cgfd, old, 64);
	int rc = attach(cgfd, prog, false);
	if (rc < 0)
		rm_fail(err, errno, "linux.resources.devices: attach the device eBPF program to %s", dir);
	else
		detach_old(cgfd, old, nold);
	close(cgfd);
	close(prog);        /* the attachment holds its own reference */
	return rc < 0 ? -1 : 0;
}
