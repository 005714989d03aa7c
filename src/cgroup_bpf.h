/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_bpf.h - the cgroup v2 device controller (cgroup_bpf.c): an eBPF
 * program built from the device rules.  Built on cgroup_host.h. */
#ifndef RM_CGROUP_BPF_H
#define RM_CGROUP_BPF_H

#include "cgroup_host.h"

/* Build the program for the rules (exposed for tests); returns the
 * instruction count. */
struct bpf_insn;
#define CG_MAX_INSNS (8 * CG_MAX_DEV_RULES + 16)
int cgbpf_build(const struct rm_dev_rule *rules, size_t n, struct bpf_insn *out, size_t max,
		struct rm_err *err);
/* Load and attach to dir, then detach any program that was there before. */
int cgbpf_apply(const char *dir, const struct rm_resources *r, struct rm_err *err);

#endif
