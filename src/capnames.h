/* SPDX-License-Identifier: Apache-2.0 */
/* capnames.h - capability names <-> numbers, from the toolchain's
 * <linux/capability.h>, so a cross build knows exactly its target's set. */
#ifndef RM_CAPNAMES_H
#define RM_CAPNAMES_H

/* "CAP_SYS_ADMIN" (or "SYS_ADMIN" when `prefix_optional`) -> 21; -1 if unknown. */
int cap_from_name(const char *name, int prefix_optional);
const char *cap_name(int cap);   /* NULL if unknown */
int cap_max_known(void);         /* highest number in the table */

#endif
