/* SPDX-License-Identifier: Apache-2.0 */
/* strmap.c - see strmap.h (FNV-1a, linear probing, load <= 1/2). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t cap = m->cap ? m->cap * 2 : 256;
	m->keys = calloc(cap, sizeof *m->keys);
	m->vals = calloc(cap, sizeof *m->vals);
	if (!m->keys || !m->vals) {
		free(m->keys), free(m->vals);
		*m = old;
		return -1;
	}
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i]) {
			size_t j = slot(m, old.keys[i]);
			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	free(old.keys), free(old.vals);
	return 0;
}

struct strmap_val *strmap_put(struct strmap *m, const char *key)
{
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return NULL;
	size_t i = slot(m, key);
	if (!m->keys[i]) {
		if (!(m->keys[i] = strdup(key)))
			return NULL;
		m->n++;
	}
	return &m->vals[i];
}

struct strmap_val *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = slot(m, key);
	return m->keys[i] ? &m->vals[i] : NULL;
}

void strmap_clear(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys), free(m->vals);
	memset(m, 0, sizeof *m);
}
