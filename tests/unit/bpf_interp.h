/* SPDX-License-Identifier: Apache-2.0 */
/* bpf_interp.h - a classic-BPF checker and interpreter for seccomp
 * programs (header only; test_seccomp.c and fuzz_seccomp.c).
 *
 * bpf_check() refuses what the kernel's seccomp_check_filter() would:
 * an empty or oversized program, an unknown opcode, a load outside
 * struct seccomp_data or unaligned, a jump past the end, a last
 * instruction that is not a return.  bpf_run() evaluates a checked
 * program on one struct seccomp_data and returns the action value.
 */
#ifndef RM_BPF_INTERP_H
#define RM_BPF_INTERP_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

struct bpf_sc_data {             /* struct seccomp_data */
	int32_t nr;
	uint32_t arch;
	uint64_t ip;
	uint64_t args[6];
};

/* 0 if the program is acceptable, else the index of the bad instruction + 1. */
static inline size_t bpf_check(const struct sock_filter *p, size_t n)
{
	if (n == 0 || n > 4096)
		return 1;
	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *in = &p[pc];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= sizeof(struct bpf_sc_data) || (in->k & 3))
				return pc + 1;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_RET | BPF_K:
			break;
		case BPF_JMP | BPF_JA:
			if (in->k >= n - pc - 1)
				return pc + 1;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			if (pc + 1 + in->jt >= n || pc + 1 + in->jf >= n)
				return pc + 1;
			break;
		default:
			return pc + 1;
		}
	}
	return p[n - 1].code == (BPF_RET | BPF_K) ? 0 : n;
}

/* As bpf_run(), and *steps = the number of instructions executed (the
 * return included): the filter's cost per system call, which is
 * deterministic, unlike a timing. */
static inline uint32_t bpf_run_steps(const struct sock_filter *p, size_t n, const struct bpf_sc_data *d,
				     size_t *steps)
{
	uint32_t a = 0;
	*steps = 0;
	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *in = &p[pc];
		++*steps;
		uint32_t w;
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			__builtin_memcpy(&w, (const char *)d + in->k, 4);
			a = w;
			break;
		case BPF_ALU | BPF_AND | BPF_K: a &= in->k; break;
		case BPF_RET | BPF_K: return in->k;
		case BPF_JMP | BPF_JA: pc += in->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == in->k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += a > in->k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += a >= in->k ? in->jt : in->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (a & in->k) ? in->jt : in->jf; break;
		default: return 0xdeadbeefu;
		}
	}
	return 0xdeadbeefu;             /* fell off the end: bpf_check refuses this */
}

static inline uint32_t bpf_run(const struct sock_filter *p, size_t n, const struct bpf_sc_data *d)
{
	size_t steps;
	return bpf_run_steps(p, n, d, &steps);
}

#endif
