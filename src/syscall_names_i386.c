/* syscall_names_i386.c - i386 numbers of the syscall_names.c list, for
 * filtering 32-bit x86 programs in an x86_64 build.  Its own translation
 * unit: <asm/unistd_32.h> and <asm/unistd_64.h> define the same macros. */
#if defined(__x86_64__) && !defined(__ILP32__)
#include <asm/unistd_32.h>
#define SC_NAMES_TABLE sc_names_i386
#define SC_NAMES_COUNT sc_names_i386_n
#include "syscall_names.c"
#else
typedef int sc_names_i386_unused;   /* ISO C: no empty translation unit */
#endif
