/* SPDX-License-Identifier: Apache-2.0 */
#include "arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rm_arena_chunk {
	struct rm_arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN 4096

void *arena_alloc(struct rm_arena *a, size_t size)
{
	struct rm_arena_chunk *c = a->head;
	size = (size + 15) & ~(size_t)15;
	if (!size)
		size = 16;
	if (!c || c->size - c->used < size) {
		size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = calloc(1, sizeof *c + want);
		if (!c) {
			errno = ENOMEM;
			return NULL;
		}
		c->size = want;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	return p;
}

void *arena_array(struct rm_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct rm_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct rm_arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free(struct rm_arena *a)
{
	while (a->head) {
		struct rm_arena_chunk *n = a->head->next;
		free(a->head);
		a->head = n;
	}
}
