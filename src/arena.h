/* SPDX-License-Identifier: Apache-2.0 */
/* arena.h - one allocation pool per decoded config.
 *
 * The spec decoder makes many small strings and arrays that all live exactly
 * as long as the spec; one pool freed at once keeps ownership trivial and
 * the error paths free of leaks.
 */
#ifndef RM_ARENA_H
#define RM_ARENA_H

#include <stddef.h>

struct rm_arena_chunk;

struct rm_arena {
	struct rm_arena_chunk *head;
};

/* Zeroed memory, or NULL (errno ENOMEM). */
void *arena_alloc(struct rm_arena *a, size_t size);
void *arena_array(struct rm_arena *a, size_t n, size_t size);
char *arena_strdup(struct rm_arena *a, const char *s);
char *arena_strndup(struct rm_arena *a, const char *s, size_t n);
void arena_free(struct rm_arena *a);

#endif
