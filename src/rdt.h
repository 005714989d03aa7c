/* SPDX-License-Identifier: Apache-2.0 */
/* rdt.h - linux.intelRdt: a container's class of service in the resctrl
 * filesystem (rdt.c).  Kernel-facing: plain file writes under the resctrl
 * mount; the decoder in spec.c fills struct rm_rdt.
 *
 * Untrusted: closID and the schemata come from the bundle.  closID must be
 * one directory name (or "/", the default class) so that it cannot leave
 * the resctrl mount; a schemata line must not hold a newline.
 */
#ifndef RM_RDT_H
#define RM_RDT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct rm_rdt {
	bool set;                     /* linux.intelRdt is present */
	char *clos_id;                /* NULL: the container id (made and removed by us) */
	char *l3, *mb;                /* l3CacheSchema, memBwSchema */
	char **schemata;              /* written last, one line each */
	size_t n_schemata;
	bool monitoring;              /* enableMonitoring (the group's mon_data) */
};

/* The resctrl mount a path lookup reaches, from a mountinfo file. */
int rdt_find_mount(const char *mountinfo, char *out, size_t len, struct rm_err *err);
/* The group directory for r under mnt: closID, "/" (the mount itself) or
 * the id.  Refuses a closID that is not one plain name. */
int rdt_group_dir(const char *mnt, const struct rm_rdt *r, const char *id, char *out, size_t len,
		  struct rm_err *err);
/* Does r ask to write the schemata file? */
bool rdt_has_schemata(const struct rm_rdt *r);
/* An existing group must already hold what r asks for (runtime-spec). */
int rdt_check_schemata(const char *dir, const struct rm_rdt *r, struct rm_err *err);
/* l3CacheSchema, then memBwSchema, then each schemata line (runtime-spec order). */
int rdt_write_schemata(const char *dir, const struct rm_rdt *r, struct rm_err *err);

#endif
