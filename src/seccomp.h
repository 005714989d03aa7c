/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp.h - linux.seccomp: the decoded profile, its classic-BPF
 * compiler and the loader.
 *
 * Three steps, three places:
 *   sc_decode   (spec_seccomp.c)  JSON -> struct rm_seccomp, names -> enums;
 *                                 pure, errors name the JSON path.
 *   sc_compile  (seccomp.c)       struct rm_seccomp -> struct sock_filter[];
 *                                 pure computation, run in the parent before
 *                                 clone so the child only loads a finished
 *                                 program.
 *   sc_install  (seccomp.c)       seccomp(2), or prctl(PR_SET_SECCOMP) on a
 *                                 kernel without seccomp(2); in the child,
 *                                 last step before execve.
 * The profile is untrusted input (it comes from the bundle): every name,
 * index and value is checked, and the compiler refuses a program the
 * kernel would refuse (more than BPF_MAXINSNS instructions).
 *
 * Built with SECCOMP=0 (RM_NO_SECCOMP), the module shrinks to stubs and a
 * config with linux.seccomp is refused with "seccomp support was compiled
 * out".
 */
#ifndef RM_SECCOMP_H
#define RM_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct json_ctx;
struct sock_filter;

/* SCMP_ACT_*: what the kernel does for a matching syscall. */
enum rm_sc_action {
	RM_SC_ACT_KILL,          /* = KILL_THREAD, as in libseccomp */
	RM_SC_ACT_KILL_THREAD,
	RM_SC_ACT_KILL_PROCESS,
	RM_SC_ACT_TRAP,
	RM_SC_ACT_ERRNO,         /* errno: errnoRet, default EPERM */
	RM_SC_ACT_TRACE,         /* ptrace event data: errnoRet, default EPERM */
	RM_SC_ACT_LOG,
	RM_SC_ACT_ALLOW,
	RM_SC_ACT_NOTIFY,        /* user notification: listenerPath's agent answers */
};

/* SCMP_CMP_*: how an argument is compared with value (and valueTwo). */
enum rm_sc_op {
	RM_SC_CMP_NE, RM_SC_CMP_LT, RM_SC_CMP_LE, RM_SC_CMP_EQ, RM_SC_CMP_GE, RM_SC_CMP_GT,
	RM_SC_CMP_MASKED_EQ,     /* (arg & value) == valueTwo */
};

/* SCMP_ARCH_*, in the runtime-spec's order. */
enum rm_sc_arch {
	RM_SC_ARCH_X86, RM_SC_ARCH_X86_64, RM_SC_ARCH_X32, RM_SC_ARCH_ARM, RM_SC_ARCH_AARCH64,
	RM_SC_ARCH_MIPS, RM_SC_ARCH_MIPS64, RM_SC_ARCH_MIPS64N32, RM_SC_ARCH_MIPSEL,
	RM_SC_ARCH_MIPSEL64, RM_SC_ARCH_MIPSEL64N32, RM_SC_ARCH_PPC, RM_SC_ARCH_PPC64,
	RM_SC_ARCH_PPC64LE, RM_SC_ARCH_S390, RM_SC_ARCH_S390X, RM_SC_ARCH_PARISC,
	RM_SC_ARCH_PARISC64, RM_SC_ARCH_RISCV64, RM_SC_ARCH_LOONGARCH64, RM_SC_ARCH_M68K,
	RM_SC_ARCH_SH, RM_SC_ARCH_SHEB,
	RM_SC_ARCH_COUNT
};

/* SECCOMP_FILTER_FLAG_* accepted in linux.seccomp.flags (uapi values). */
#define RM_SC_FLAG_TSYNC      1u
#define RM_SC_FLAG_LOG        2u
#define RM_SC_FLAG_SPEC_ALLOW 4u
#define RM_SC_FLAG_WAIT_KILLABLE_RECV 32u   /* Linux 5.19; only with SCMP_ACT_NOTIFY */

#define RM_SC_MAX_ARGS 6         /* seccomp_data.args[6] */

struct rm_sc_arg {
	uint32_t index;              /* 0..5 */
	uint64_t value, value_two;
	enum rm_sc_op op;
};

/* One linux.seccomp.syscalls[] entry. */
struct rm_sc_rule {
	char **names;                /* NULL-terminated, at least one */
	size_t n_names;
	enum rm_sc_action action;
	uint32_t errno_ret;
	bool has_errno_ret;
	struct rm_sc_arg *args;      /* ANDed */
	size_t n_args;
};

struct rm_seccomp {
	enum rm_sc_action default_action;
	uint32_t default_errno_ret;
	bool has_default_errno_ret;
	char **architectures;        /* as written, NULL-terminated */
	size_t n_architectures;
	uint32_t arch_mask;          /* 1u << enum rm_sc_arch, for each listed */
	char **flags;                /* as written */
	size_t n_flags;
	unsigned flags_num;          /* RM_SC_FLAG_*, for sc_install */
	char *listener_path, *listener_metadata;
	bool uses_notify;            /* a rule is SCMP_ACT_NOTIFY: listener_path is set */
	struct rm_sc_rule *syscalls; /* in profile order: ORed, first match wins */
	size_t n_syscalls;
};

/* Decode the linux.seccomp object at token t into *out (allocated in a).
 * Unknown action, operator, architecture or flag names are errors naming
 * the path, e.g. `linux.seccomp.syscalls[3].action: unknown action "X"`. */
int sc_decode(const struct json_ctx *c, int t, const char *path, struct rm_arena *a,
	      struct rm_seccomp **out);

/* Compile to classic BPF for the build target's architecture (and, on
 * x86_64, the i386 and x32 ABIs when the profile lists them).  *prog is
 * malloc()ed: the caller frees it.  No system calls. */
int sc_compile(const struct rm_seccomp *s, struct sock_filter **prog, size_t *len,
	       struct rm_err *err);

/* Load a compiled program into the calling thread with flags
 * (RM_SC_FLAG_*).  Needs no_new_privs or CAP_SYS_ADMIN. */
int sc_install(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err);

/* The same with a user-notification listener (Linux 5.0): returns its fd
 * (close-on-exec).  RM_SC_FLAG_WAIT_KILLABLE_RECV is dropped on a kernel
 * before 5.19, which refuses it. */
int sc_install_listener(const struct sock_filter *prog, size_t len, unsigned flags, struct rm_err *err);

/* The runtime-spec's seccomp agent protocol: connect to listener_path
 * (AF_UNIX, SOCK_STREAM), send msg (the container process state JSON)
 * with listener_fd as SCM_RIGHTS in one sendmsg, close. */
int sc_send_listener(const char *listener_path, int listener_fd, const char *msg, size_t len,
		     struct rm_err *err);

/* Name tables, for `features` and the tests. */
const char *sc_action_name(enum rm_sc_action a);
const char *sc_op_name(enum rm_sc_op op);
const char *sc_arch_name(enum rm_sc_arch a);

#endif
