/* syscall_names.h - name -> number tables built from the toolchain's
 * <asm/unistd*.h> (syscall_names*.c).  Data only: seccomp.c picks the
 * tables of the ABIs it filters. */
#ifndef RM_SYSCALL_NAMES_H
#define RM_SYSCALL_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct sc_sysname { const char *name; uint32_t nr; };

/* The build target's own ABI, sorted by name. */
extern const struct sc_sysname sc_names_native[];
extern const size_t sc_names_native_n;

#if defined(__x86_64__) && !defined(__ILP32__)
/* The other two x86 ABIs an x86_64 kernel runs: i386 (AUDIT_ARCH_I386)
 * and x32 (AUDIT_ARCH_X86_64, numbers with __X32_SYSCALL_BIT set). */
#define SC_HAVE_X86_COMPAT 1
extern const struct sc_sysname sc_names_i386[];
extern const size_t sc_names_i386_n;
extern const struct sc_sysname sc_names_x32[];
extern const size_t sc_names_x32_n;
#endif

/* Number of `name` in a sorted table, or -1 when the ABI lacks it. */
long sc_syscall_lookup(const struct sc_sysname *tab, size_t n, const char *name);

#endif
