/* SPDX-License-Identifier: Apache-2.0 */
/* tar.c - see tar.h.  Untrusted input: every numeric field is range
 * checked, long names are bounded by TAR_NAME_MAX, PAX records are parsed
 * with explicit lengths. */
#include "tar.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 512

void tar_init(struct tar *t, struct stream *in)
{
	memset(t, 0, sizeof *t);
	t->in = in;
}

/* An octal field (NUL/space padded) or GNU base-256 (high bit set). */
static int num(const unsigned char *f, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (f[0] & 0x80) {
		if (f[0] & 0x40)
			return -1;           /* negative */
		v = f[0] & 0x3f;
		for (size_t i = 1; i < len; i++) {
			if (v >> 56)
				return -1;
			v = v << 8 | f[i];
		}
		*out = v;
		return 0;
	}
	size_t i = 0;
	while (i < len && f[i] == ' ')
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < len; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	*out = v;
	return 0;
}

static bool checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long sum = 0;
	if (num(h + 148, 8, &want) < 0)
		return false;
	for (int i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want;
}

static int skip(struct tar *t, uint64_t n, struct rm_err *err)
{
	return stream_skip(t->in, n, err);
}

static int finish_entry(struct tar *t, struct rm_err *err)
{
	if (skip(t, t->left + t->pad, err) < 0)
		return -1;
	t->left = t->pad = 0;
	return 0;
}

/* A GNU 'L'/'K' body: the long name, NUL-terminated. */
static int read_long(struct tar *t, uint64_t size, char *out, struct rm_err *err)
{
	if (size == 0 || size >= TAR_NAME_MAX)
		return rm_fail(err, 0, "%s: long name of %llu bytes", t->in->name, (unsigned long long)size);
	if (stream_read_full(t->in, out, (size_t)size, err) < 0)
		return -1;
	out[size] = '\0';
	return skip(t, (BLOCK - size % BLOCK) % BLOCK, err);
}

struct pax_seen {
	bool name, link, size;
};

/* One PAX record "KEY=VALUE" (value of vlen bytes, maybe with NULs). */
static int pax_record(struct tar *t, const char *key, const char *v, size_t vlen, struct tar_entry *e,
		      struct pax_seen *seen, struct rm_err *err)
{
	bool is_path = strcmp(key, "path") == 0, is_link = strcmp(key, "linkpath") == 0;
	if (is_path || is_link) {
		if (memchr(v, '\0', vlen))
			return rm_fail(err, 0, "%s: PAX %s contains a NUL byte", t->in->name, key);
		if (vlen >= TAR_NAME_MAX)
			return rm_fail(err, 0, "%s: PAX %s too long", t->in->name, key);
		memcpy(is_path ? e->name : e->link, v, vlen + 1);
		*(is_path ? &seen->name : &seen->link) = true;
	} else if (strcmp(key, "size") == 0) {
		e->size = strtoull(v, NULL, 10), seen->size = true;
	} else if (strcmp(key, "uid") == 0) {
		e->uid = strtoull(v, NULL, 10);
	} else if (strcmp(key, "gid") == 0) {
		e->gid = strtoull(v, NULL, 10);
	} else if (strcmp(key, "mtime") == 0) {
		e->mtime = strtoll(v, NULL, 10);
	} else if (strncmp(key, "SCHILY.xattr.", 13) == 0 && e->n_xattrs < TAR_MAX_XATTRS &&
		   strlen(key + 13) < sizeof e->xattrs[0].name && vlen <= sizeof e->xattrs[0].value) {
		struct tar_xattr *x = &e->xattrs[e->n_xattrs++];
		strcpy(x->name, key + 13);
		memcpy(x->value, v, vlen);
		x->len = vlen;
	}
	return 0;
}

/* PAX extended header: "LEN KEY=VALUE\n" records. */
static int read_pax(struct tar *t, uint64_t size, struct tar_entry *e, struct pax_seen *seen, struct rm_err *err)
{
	if (size > (1u << 20))
		return rm_fail(err, 0, "%s: PAX header of %llu bytes", t->in->name, (unsigned long long)size);
	char *buf = malloc((size_t)size + 1);
	int rc = -1;
	if (!buf)
		return rm_fail(err, ENOMEM, "%s: PAX header", t->in->name);
	if (stream_read_full(t->in, buf, (size_t)size, err) < 0 || skip(t, (BLOCK - size % BLOCK) % BLOCK, err) < 0)
		goto out;
	buf[size] = '\0';
	for (size_t p = 0; p < size;) {
		char *end, *eq;
		unsigned long len = strtoul(buf + p, &end, 10);
		char *kv = end + 1, *rec_end = buf + p + len - 1;
		if (end == buf + p || *end != ' ' || len < 5 || len > size - p || kv > rec_end ||
		    *rec_end != '\n' || !(eq = memchr(kv, '=', (size_t)(rec_end - kv)))) {
			rm_fail(err, 0, "%s: malformed PAX header", t->in->name);
			goto out;
		}
		*rec_end = '\0';
		*eq = '\0';
		if (pax_record(t, kv, eq + 1, (size_t)(rec_end - eq - 1), e, seen, err) < 0)
			goto out;
		p += len;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static bool is_zero(const unsigned char *h)
{
	for (int i = 0; i < BLOCK; i++)
		if (h[i])
			return false;
	return true;
}

/* The entry of header h, with what PAX/GNU headers before it said. */
static int fill_entry(struct tar *t, const unsigned char *h, uint64_t size, const struct pax_seen *seen,
		      struct tar_entry *e, struct rm_err *err)
{
	const struct tar_entry *pax = &t->pax;
	uint64_t v, ma = 0, mi = 0;
	char type = (char)h[156];
	e->type = type == '\0' || type == '7' ? '0' : type;
	if (seen->name)
		memcpy(e->name, pax->name, sizeof e->name);
	else if (h[345] && memcmp(h + 257, "ustar", 6) == 0)
		snprintf(e->name, sizeof e->name, "%.155s/%.100s", (const char *)h + 345, (const char *)h);
	else
		snprintf(e->name, sizeof e->name, "%.100s", (const char *)h);
	if (seen->link)
		memcpy(e->link, pax->link, sizeof e->link);
	else
		snprintf(e->link, sizeof e->link, "%.100s", (const char *)h + 157);
	e->size = seen->size ? pax->size : size;
	if (num(h + 100, 8, &v) < 0)
		return rm_fail(err, 0, "%s: %s: bad mode field", t->in->name, e->name);
	e->mode = (uint32_t)(v & 07777);
	if (num(h + 108, 8, &e->uid) < 0 || num(h + 116, 8, &e->gid) < 0)
		return rm_fail(err, 0, "%s: %s: bad owner field", t->in->name, e->name);
	e->uid = pax->uid ? pax->uid : e->uid;
	e->gid = pax->gid ? pax->gid : e->gid;
	if (num(h + 136, 12, &v) < 0)
		return rm_fail(err, 0, "%s: %s: bad mtime field", t->in->name, e->name);
	e->mtime = pax->mtime ? pax->mtime : (int64_t)v;
	memcpy(e->xattrs, pax->xattrs, sizeof e->xattrs);
	e->n_xattrs = pax->n_xattrs;
	if ((e->type == '3' || e->type == '4') &&
	    (num(h + 329, 8, &ma) < 0 || num(h + 337, 8, &mi) < 0 || ma > 0xfff || mi > 0xfffff))
		return rm_fail(err, 0, "%s: %s: bad device numbers", t->in->name, e->name);
	e->devmajor = (uint32_t)ma, e->devminor = (uint32_t)mi;
	if (e->size > (1ull << 48))
		return rm_fail(err, 0, "%s: %s: size too large", t->in->name, e->name);
	/* Only regular files carry data we read; others' data is skipped,
	 * never handed out by tar_read (a directory claiming 5 GB of data
	 * was read out as its content: found by fuzz_image). */
	t->left = e->size;
	t->pad = (BLOCK - e->size % BLOCK) % BLOCK;
	if (e->type != '0') {
		t->pad += t->left;
		t->left = 0;
		e->size = 0;
	}
	return 1;
}

int tar_next(struct tar *t, struct tar_entry *e, struct rm_err *err)
{
	unsigned char h[BLOCK];
	struct pax_seen seen = { 0 };
	struct tar_entry *pax = &t->pax;

	if (finish_entry(t, err) < 0)
		return -1;
	memset(e, 0, sizeof *e);
	memset(pax, 0, sizeof *pax);
	for (;;) {
		ssize_t n = stream_read(t->in, h, BLOCK, err);
		if (n < 0)
			return -1;
		if (n == 0)
			return rm_fail(err, 0, "%s: archive ends without its end-of-archive blocks (truncated)",
				       t->in->name);
		if (n < BLOCK && stream_read_full(t->in, h + n, BLOCK - (size_t)n, err) < 0)
			return -1;
		if (is_zero(h))
			return 0;
		if (!checksum_ok(h))
			return rm_fail(err, 0, "%s: bad tar header checksum at byte %llu (corrupt archive)",
				       t->in->name, (unsigned long long)(t->in->done - BLOCK));
		uint64_t size;
		if (num(h + 124, 12, &size) < 0)
			return rm_fail(err, 0, "%s: bad size field", t->in->name);
		char type = (char)h[156];
		if (type == 'L' || type == 'K') {
			if (read_long(t, size, type == 'L' ? pax->name : pax->link, err) < 0)
				return -1;
			*(type == 'L' ? &seen.name : &seen.link) = true;
		} else if (type == 'g') {        /* global header: nothing we use */
			if (skip(t, (size + BLOCK - 1) / BLOCK * BLOCK, err) < 0)
				return -1;
		} else if (type == 'x') {
			if (read_pax(t, size, pax, &seen, err) < 0)
				return -1;
		} else {
			return fill_entry(t, h, size, &seen, e, err);
		}
	}
}

ssize_t tar_read(struct tar *t, void *buf, size_t len, struct rm_err *err)
{
	if (t->left == 0)
		return 0;
	if (len > t->left)
		len = (size_t)t->left;
	ssize_t n = stream_read(t->in, buf, len, err);
	if (n == 0)
		return rm_fail(err, 0, "%s: archive ends inside a member (truncated)", t->in->name);
	if (n > 0)
		t->left -= (uint64_t)n;
	return n;
}
