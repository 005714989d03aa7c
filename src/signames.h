/* SPDX-License-Identifier: Apache-2.0 */
/* signames.h - signal names and numbers for `kill`. */
#ifndef RM_SIGNAMES_H
#define RM_SIGNAMES_H

/* "TERM", "SIGTERM", "15" -> 15; -1 if unknown. */
int sig_parse(const char *s);

#endif
