/* SPDX-License-Identifier: Apache-2.0 */
/* caps.h - capability sets through raw capset/prctl (no libcap). */
#ifndef RM_CAPS_H
#define RM_CAPS_H

#include "err.h"
#include "spec.h"

/* Highest capability the running kernel knows (/proc/sys/kernel/cap_last_cap). */
int caps_last_cap(void);
/* Drop every capability not in the bounding set (needs CAP_SETPCAP: call
 * before switching user). */
int caps_drop_bounding(const struct rm_caps *c, struct rm_err *err);
/* Set effective/permitted/inheritable, then raise the ambient ones (call
 * after switching user, with PR_SET_KEEPCAPS held across the switch). */
int caps_apply(const struct rm_caps *c, struct rm_err *err);

#endif
