/* SPDX-License-Identifier: Apache-2.0 */
/* syscall_names.h - system call name -> number, per ABI, for the seccomp
 * compiler.  The tables are generated at build time from the target
 * toolchain's kernel headers by tools/gen-syscall-names (into
 * $(BUILD)/gen/syscall_tables.c), so a cross build for ARM or MIPS is
 * correct by construction, and a call the headers do not know (a newer
 * kernel's) is absent: the compiler skips it, as runc does.
 *
 * Compact: one sorted blob of the names of every ABI of this build,
 * 16-bit offsets into it, and per ABI one 16-bit number per name.  About
 * 4 KiB per ABI less than a table of {pointer, number}. */
#ifndef RM_SYSCALL_NAMES_H
#define RM_SYSCALL_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* One ABI: nr[i] is the number of name i, minus bias (x32's
 * __X32_SYSCALL_BIT); SC_NR_NONE when the ABI lacks the call; from
 * SC_NR_HIGH up, ARM's private calls at 0x0f0000 + (nr[i] - SC_NR_HIGH). */
struct sc_names {
	const uint16_t *nr;
	uint32_t bias;
};
#define SC_NR_NONE 0xffffu
#define SC_NR_HIGH 0xf000u

extern const uint16_t sc_name_count;
extern const char sc_name_blob[];
extern const uint16_t sc_name_off[];

/* The build target's own ABI. */
extern const struct sc_names sc_names_native;

/* The other ABIs the target's kernel runs, that a profile can list. */
#if defined(__x86_64__) && !defined(__ILP32__)
#define SC_HAVE_X86_COMPAT 1            /* i386 (AUDIT_ARCH_I386), x32 (X86_64 + bit 30) */
extern const struct sc_names sc_names_i386, sc_names_x32;
#elif defined(__aarch64__)
#define SC_HAVE_ARM_COMPAT 1            /* arm EABI (AUDIT_ARCH_ARM) */
extern const struct sc_names sc_names_arm;
#elif defined(__mips__) && _MIPS_SIM == _ABI64
#define SC_HAVE_MIPS_COMPAT 1           /* native n64, and o32, n32 */
extern const struct sc_names sc_names_o32, sc_names_n32;
#elif defined(__mips__) && _MIPS_SIM == _ABIN32
#define SC_HAVE_MIPS_COMPAT 1           /* native n32, and o32, n64 */
extern const struct sc_names sc_names_o32, sc_names_n64;
#endif

/* Number of `name` in an ABI, or -1 when the ABI lacks it. */
long sc_syscall_lookup(const struct sc_names *abi, const char *name);

/* Name i of the blob (0 <= i < sc_name_count), in strcmp() order. */
static inline const char *sc_name_at(size_t i)
{
	return sc_name_blob + sc_name_off[i];
}

#endif
