/* SPDX-License-Identifier: Apache-2.0 */
/* spec_default.h - the default config.json `runc-mini spec` writes. */
#ifndef RM_SPEC_DEFAULT_H
#define RM_SPEC_DEFAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Write the JSON text into buf; returns its length, or -1 if buf is too small. */
int spec_default_json(char *buf, size_t len, bool terminal, bool rootless, uid_t uid, gid_t gid);

#endif
