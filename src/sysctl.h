/* SPDX-License-Identifier: Apache-2.0 */
/* sysctl.h - linux.sysctl: only namespaced keys, written after the pivot. */
#ifndef RM_SYSCTL_H
#define RM_SYSCTL_H

#include <stdbool.h>

#include "err.h"
#include "spec.h"

/* Is `key` isolated by the namespaces this container has?  Keys that would
 * change the host (vm.*, kernel.panic, net.* without a network namespace)
 * are refused, as runc does. */
bool sysctl_is_namespaced(const char *key, bool has_netns, bool has_ipcns, bool has_utsns);
int sysctl_validate(const struct rm_spec *s, struct rm_err *err);
int sysctl_apply(const struct rm_spec *s, struct rm_err *err);

#endif
