/* SPDX-License-Identifier: Apache-2.0 */
/* exe.h - run from a sealed copy of our own binary (CVE-2019-5736). */
#ifndef RM_EXE_H
#define RM_EXE_H

#include <stdbool.h>

#include "err.h"

/* Before anything enters a container: unless /proc/self/exe already is a
 * sealed memfd (or an unlinked O_TMPFILE copy), re-execute argv from such a
 * copy (returns only on failure).  Then, as root, turn dumpable off. */
int exe_protect(char **argv, struct rm_err *err);
/* fd (of /proc/self/exe) is a copy that no container process can change. */
bool exe_is_protected(int fd);

#endif
