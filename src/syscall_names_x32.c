/* syscall_names_x32.c - x32 numbers (with __X32_SYSCALL_BIT) of the
 * syscall_names.c list, for an x86_64 build.  See syscall_names_i386.c. */
#if defined(__x86_64__) && !defined(__ILP32__)
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
#include <asm/unistd_x32.h>
#define SC_NAMES_TABLE sc_names_x32
#define SC_NAMES_COUNT sc_names_x32_n
#include "syscall_names.c"
#else
typedef int sc_names_x32_unused;
#endif
