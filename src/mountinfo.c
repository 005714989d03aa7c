/* SPDX-License-Identifier: Apache-2.0 */
/* mountinfo.c - one parser for /proc/PID/mountinfo (see mountinfo.h).
 *
 * Untrusted: mount points can hold any byte a user in another mount
 * namespace chose (escaped by the kernel); nothing here follows a path.
 */
#include "mountinfo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

void mi_unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && is_octal(s[2]) && is_octal(s[3])) {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static char *next_field(char **s)
{
	char *f = *s;
	while (*f == ' ')
		f++;
	if (!*f)
		return NULL;
	char *end = f + strcspn(f, " ");
	*s = *end ? end + 1 : end;
	*end = '\0';
	return f;
}

int mi_parse_line(char *line, struct mi_entry *e)
{
	char *dash = strstr(line, " - "), *f[6], *p = line;
	if (!dash)
		return -1;
	*dash = '\0';
	char *tail = dash + 3;
	for (int i = 0; i < 6; i++)
		if (!(f[i] = next_field(&p)))
			return -1;
	char *id_end, *parent_end;
	e->id = (int)strtol(f[0], &id_end, 10);
	e->parent = (int)strtol(f[1], &parent_end, 10);
	if (*id_end || *parent_end)
		return -1;
	e->root = f[3];
	e->mnt = f[4];
	e->opts = f[5];
	if (!(e->type = next_field(&tail)) || !(e->source = next_field(&tail)))
		return -1;
	e->super = next_field(&tail);
	if (!e->super)
		e->super = tail;            /* empty */
	mi_unescape(e->root);
	mi_unescape(e->mnt);
	mi_unescape(e->source);
	return 0;
}

int mi_load(struct mi_table *t, const char *path, struct rm_err *err)
{
	size_t len, cap = 0;
	memset(t, 0, sizeof *t);
	if (util_read_file(path, 16 << 20, &t->buf, &len, err) < 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		cap += t->buf[i] == '\n';
	t->e = calloc(cap + 1, sizeof *t->e);
	if (!t->e) {
		mi_free(t);
		return rm_fail(err, ENOMEM, "read %s", path);
	}
	for (char *save, *l = strtok_r(t->buf, "\n", &save); l && t->n <= cap;
	     l = strtok_r(NULL, "\n", &save))
		if (mi_parse_line(l, &t->e[t->n]) == 0)
			t->n++;
	return 0;
}

void mi_free(struct mi_table *t)
{
	free(t->e);
	free(t->buf);
	memset(t, 0, sizeof *t);
}

/* Is path `a` equal to `b` or a directory above it? */
static bool is_at_or_above(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (strcmp(a, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

static const struct mi_entry *by_id(const struct mi_table *t, int id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].id == id)
			return &t->e[i];
	return NULL;
}

static bool is_ancestor(const struct mi_table *t, const struct mi_entry *a,
			const struct mi_entry *m)
{
	/* The depth bound guards against a cycle in a malformed file. */
	for (size_t depth = 0; m && depth < t->n; depth++) {
		if (m->parent == m->id)
			return false;
		m = by_id(t, m->parent);
		if (m == a)
			return true;
	}
	return false;
}

bool mi_is_visible(const struct mi_table *t, size_t i)
{
	const struct mi_entry *m = &t->e[i];
	/* Only mounts listed after m can cover it: the kernel lists a
	 * namespace's mounts in the order they were attached (a copied
	 * namespace in tree order, parents first), so a mount that is already
	 * below m's point when m is attached does not hide m. */
	for (size_t k = i + 1; k < t->n; k++) {
		const struct mi_entry *o = &t->e[k];
		if (is_at_or_above(o->mnt, m->mnt) && !is_ancestor(t, o, m))
			return false;
	}
	return true;
}
