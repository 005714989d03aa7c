/* SPDX-License-Identifier: Apache-2.0 */
/* json.h - a checked view of a JSON document tokenized by jsmn.
 *
 * jsmn only tokenizes: this layer caps sizes, checks structure, decodes
 * strings (escapes, \u surrogate pairs to UTF-8, no embedded NUL) and
 * numbers (with overflow checks), and reports errors as FILE:LINE:COL plus
 * the JSON path of the value, e.g.
 *   config.json:4:13: process.args: expected an array of strings
 * It never touches the kernel beyond reading the file.
 */
#ifndef RM_JSON_H
#define RM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

#define JSON_MAX_FILE (4u << 20)    /* 4 MiB: a config is a few KiB */
#define JSON_MAX_TOKENS (1u << 20)


enum json_type { JSON_NONE, JSON_OBJECT, JSON_ARRAY, JSON_STRING, JSON_PRIMITIVE };

struct rm_json {
	char *buf;           /* owned, NUL-terminated */
	size_t len;
	struct json_tok *tok;
	int ntok;
	char name[256];      /* file name used in messages */
};

struct json_tok {
	enum json_type type;
	int start, end;      /* byte offsets into buf */
	int size;            /* children: members of an object, items of an array */
};

/* Parse `len` bytes of `buf` (copied). `name` prefixes every message. */
int json_parse(struct rm_json *j, const char *name, const char *buf, size_t len,
	       struct rm_err *err);
void json_free(struct rm_json *j);

/* Index of the token after the whole subtree rooted at t. */
int json_next(const struct rm_json *j, int t);
/* Value token of `key` in object `obj`, or -1 when absent (or obj is not an object). */
int json_get(const struct rm_json *j, int obj, const char *key);
enum json_type json_type(const struct rm_json *j, int t);
bool json_is_null(const struct rm_json *j, int t);
/* Does string token t equal s (raw comparison, no escapes)? */
bool json_eq(const struct rm_json *j, int t, const char *s);
void json_line_col(const struct rm_json *j, int t, int *line, int *col);

/* Iterate over the items of an array/values of an object:
 *   for (int i = 0, t = json_first(j, arr); i < json_len(j, arr); i++, t = json_next(j, t))
 * For objects, t is the key and json_next(j, t) ... use JSON_FOR_MEMBERS. */
static inline int json_first(const struct rm_json *j, int t) { (void)j; return t + 1; }
int json_len(const struct rm_json *j, int t);

/* A decoding context: where errors go and where strings are allocated. */
struct json_ctx {
	const struct rm_json *j;
	struct rm_arena *arena;
	struct rm_err *err;
};

/* Fail with "NAME:LINE:COL: PATH: what". Returns -1. */
int json_error(const struct json_ctx *c, int t, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same place and format as a warning (rm_warn); decoding goes on. */
void json_warn(const struct json_ctx *c, int t, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Typed getters: each checks the token's type and reports PATH on error. */
int json_string(const struct json_ctx *c, int t, const char *path, char **out);
int json_bool(const struct json_ctx *c, int t, const char *path, bool *out);
int json_i64(const struct json_ctx *c, int t, const char *path, int64_t *out);
int json_u64(const struct json_ctx *c, int t, const char *path, uint64_t *out);
int json_i32(const struct json_ctx *c, int t, const char *path, int32_t *out);
int json_u32(const struct json_ctx *c, int t, const char *path, uint32_t *out);
/* An unsigned integer of at most max: "N is out of range (0 to MAX)". */
int json_u32_max(const struct json_ctx *c, int t, const char *path, uint32_t max, uint32_t *out);
int json_double(const struct json_ctx *c, int t, const char *path, double *out);
/* Array of strings -> NULL-terminated vector; *n may be NULL. */
int json_strv(const struct json_ctx *c, int t, const char *path, char ***out, size_t *n);
int json_expect(const struct json_ctx *c, int t, enum json_type type, const char *path);

/* An array token -> *n zeroed items (plus one) from the arena, or NULL. */
void *json_items(const struct json_ctx *c, int t, const char *path, size_t size, size_t *n);

/* Table-driven object decoding: one row per key. */
enum json_ftype { JF_STR, JF_BOOL, JF_I32, JF_U32, JF_I64, JF_U64, JF_DBL, JF_STRV, JF_FUNC };

struct json_field;
typedef int (*json_field_fn)(const struct json_ctx *c, int t, const char *path, void *base);

struct json_field {
	const char *key;
	enum json_ftype type;
	size_t off;          /* where the value goes in the struct */
	int has_off;         /* offset of a bool set when present, or -1 */
	json_field_fn fn;    /* JF_FUNC only */
};

#define JF(key, type, st, member) { key, type, offsetof(st, member), -1, NULL }
#define JFH(key, type, st, member, has) { key, type, offsetof(st, member), (int)offsetof(st, has), NULL }
#define JFF(key, fn) { key, JF_FUNC, 0, -1, fn }

/* Decode the keys of object `obj` listed in `fields` into `base`.
 * Unknown keys are ignored (forward compatibility); a null value counts as absent. */
int json_decode(const struct json_ctx *c, int obj, const char *path,
		const struct json_field *fields, size_t nfields, void *base);

/* The body of a JSON string literal for s, the one copy of the escaping:
 * " and \ and control characters escaped (\u00XX, as Go's decoders and
 * logrus expect), the rest, UTF-8 included, as it is.  Handed to put one
 * piece (a character or its escape) at a time. */
void json_escape(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx);

/* Join a JSON path: "process" + "args" -> "process.args"; index >= 0 -> "mounts[2]". */
const char *json_path(char *buf, size_t len, const char *parent, const char *key, int index);
/* The same into a char array: JPATH(buf, "process", "args"), JPATH_AT(buf, "mounts", 2). */
#define JPATH(buf, parent, key) json_path(buf, sizeof buf, parent, key, -1)
#define JPATH_AT(buf, parent, i) json_path(buf, sizeof buf, parent, NULL, i)

#endif
