/* SPDX-License-Identifier: Apache-2.0 */
/* child.h - the container's init between clone and execve: the setup
 * steps, in the order runtime-spec's lifecycle fixes. */
#ifndef RM_CHILD_H
#define RM_CHILD_H

#include <signal.h>

#include "plan.h"
#include "spec.h"

/* Runs in the clone()d child; never returns.  `sock` is the child's end of
 * the sync socketpair, `nsfds` the namespaces to join, `sigmask` the mask
 * to restore before exec. */
_Noreturn void child_main(const struct rm_plan *p, int sock, int nsfds[RM_NS_COUNT],
			  const sigset_t *sigmask);

#endif
