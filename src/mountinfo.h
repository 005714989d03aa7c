/* SPDX-License-Identifier: Apache-2.0 */
/* mountinfo.h - parse /proc/PID/mountinfo once, for every layer that reads it.
 *
 * A line is "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - TYPE SOURCE SUPER".
 * The parse is in place (fields point into the caller's buffer) and the
 * paths are unescaped (the kernel writes space, tab, newline and backslash
 * as \ooo).  mi_is_visible says whether a mount can still be reached at its
 * mount point, or something was mounted over it or over a directory above it.
 */
#ifndef RM_MOUNTINFO_H
#define RM_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct mi_entry {
	int id, parent;
	char *root, *mnt, *opts;        /* fields 4, 5, 6 */
	char *type, *source, *super;    /* after " - " */
};

struct mi_table {
	struct mi_entry *e;
	size_t n;
	char *buf;                      /* the file; the entries point into it */
};

/* Split one line in place; -1 if it is not a mountinfo line. */
int mi_parse_line(char *line, struct mi_entry *e);
/* Undo the kernel's \ooo escapes (only three octal digits make an escape). */
void mi_unescape(char *s);
/* Read and parse a whole mountinfo file (e.g. "/proc/self/mountinfo"). */
int mi_load(struct mi_table *t, const char *path, struct rm_err *err);
void mi_free(struct mi_table *t);
/* Is t->e[i] what a lookup of its mount point reaches?  False when a mount
 * listed after it sits on the same point or on a directory above it
 * without being one of its ancestors, e.g. a tmpfs over /sys/fs/cgroup. */
bool mi_is_visible(const struct mi_table *t, size_t i);

#endif
