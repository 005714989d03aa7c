/* SPDX-License-Identifier: Apache-2.0 */
/* strmap.h - a small open-addressing set of paths with an optional value,
 * for "paths this layer wrote" and "directory modes and times to set last". */
#ifndef RM_IMG_STRMAP_H
#define RM_IMG_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_val {
	uint32_t mode;
	int64_t mtime;
};

struct strmap {
	char **keys;
	struct strmap_val *vals;
	size_t cap, n;
};

/* Insert or update; NULL on ENOMEM, else the value slot. */
struct strmap_val *strmap_put(struct strmap *m, const char *key);
struct strmap_val *strmap_get(const struct strmap *m, const char *key);
void strmap_clear(struct strmap *m);

#endif
