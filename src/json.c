/* SPDX-License-Identifier: Apache-2.0 */
/* json.c - jsmn wrapper: load, structural checks, typed getters, unescape.
 *
 * Untrusted input: config.json comes from whoever wrote the bundle.  Sizes
 * are capped, every token's type is checked before use and strings are
 * decoded here, never trusted raw.
 */
#include "json.h"

#define JSMN_STATIC
#define JSMN_STRICT
/* Without parent links jsmn walks back over every token at each '}' and
 * ',': quadratic, so a crafted 2 MB config would take minutes. */
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail_at(struct rm_json *j, struct rm_err *err, size_t pos, const char *what)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < pos && i < j->len; i++) {
		if (j->buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	rm_fail(err, 0, "%s:%d:%d: %s", j->name, line, col, what);
}

/* jsmn reports where it stopped; find the offending byte for INVAL. */
static int parse_error(struct rm_json *j, struct rm_err *err, int r, size_t pos)
{
	if (r == JSMN_ERROR_PART)
		fail_at(j, err, j->len, "invalid JSON: unexpected end of input");
	else if (r == JSMN_ERROR_NOMEM)
		rm_fail(err, 0, "%s: too many JSON tokens (limit %u)", j->name, JSON_MAX_TOKENS);
	else
		fail_at(j, err, pos, "invalid JSON");
	json_free(j);
	return -1;
}

/* jsmn accepts some text that is not JSON (trailing commas, "1 2" in an
 * array, bare words in non-strict spots).  This pass checks the grammar
 * exactly, so a typo is reported where it is instead of as a confusing
 * decode error later.  Iterative, with a bounded nesting depth. */
#define JSON_MAX_DEPTH 512
#define RM_STR_(x) #x
#define RM_STR(x) RM_STR_(x)

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t scan_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (s[i] == '"')
			return i + 1;
		if ((unsigned char)s[i] < 0x20)
			return 0;
		if (s[i] == '\\' && ++i >= n)
			return 0;
	}
	return 0;
}

static size_t scan_number(const char *s, size_t i, size_t n)
{
	size_t st = i;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		if (++i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i > st ? i : 0;
}

static size_t scan_scalar(const char *s, size_t i, size_t n)
{
	static const char *const lits[] = { "true", "false", "null" };
	if (s[i] == '"')
		return scan_string(s, i, n);
	for (int k = 0; k < 3; k++) {
		size_t l = strlen(lits[k]);
		if (n - i >= l && memcmp(s + i, lits[k], l) == 0)
			return i + l;
	}
	return scan_number(s, i, n);
}

/* Returns 0, or -1 with *pos at the offending byte and *why saying what. */
static int check_syntax(const char *s, size_t n, size_t *pos, const char **why)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0;
	size_t i = skip_ws(s, 0, n);
	enum { VALUE, AFTER_VALUE, KEY, COLON, FIRST_KEY, FIRST_ITEM } want = VALUE;

	for (;;) {
		i = skip_ws(s, i, n);
		*pos = i;
		*why = "invalid JSON";
		if (i >= n) {
			if (depth == 0 && want == AFTER_VALUE)
				return 0;
			*why = depth == 0 && want == VALUE ? "invalid JSON: empty document"
							   : "invalid JSON: unexpected end of input";
			return -1;
		}
		char c = s[i];
		switch (want) {
		case FIRST_ITEM:
			if (c == ']') { depth--; i++; want = AFTER_VALUE; break; }
			/* fall through */
		case VALUE:
			if (c == '{' || c == '[') {
				if (depth >= JSON_MAX_DEPTH) {
					/* Valid JSON, but deeper than we follow. */
					*why = "nested too deeply (limit " RM_STR(JSON_MAX_DEPTH) ")";
					return -1;
				}
				stack[depth++] = c;
				i++;
				want = c == '{' ? FIRST_KEY : FIRST_ITEM;
				break;
			}
			if (!(i = scan_scalar(s, i, n))) {
				if (c == '"')
					*why = "invalid JSON: unterminated string or control character in it";
				return -1;
			}
			want = AFTER_VALUE;
			break;
		case FIRST_KEY:
			if (c == '}') { depth--; i++; want = AFTER_VALUE; break; }
			/* fall through */
		case KEY:
			if (c != '"') {
				*why = "invalid JSON: expected a string key";
				return -1;
			}
			if (!(i = scan_string(s, i, n))) {
				*why = "invalid JSON: unterminated string or control character in it";
				return -1;
			}
			want = COLON;
			break;
		case COLON:
			if (c != ':') {
				*why = "invalid JSON: expected ':'";
				return -1;
			}
			i++;
			want = VALUE;
			break;
		case AFTER_VALUE:
			if (depth == 0) {
				*why = "invalid JSON: trailing data";
				return -1;
			}
			if (c == ',') {
				i++;
				want = stack[depth - 1] == '{' ? KEY : VALUE;
			} else if ((c == '}' && stack[depth - 1] == '{') || (c == ']' && stack[depth - 1] == '[')) {
				depth--;
				i++;
			} else {
				return -1;
			}
			break;
		}
	}
}

int json_parse(struct rm_json *j, const char *name, const char *buf, size_t len,
	       struct rm_err *err)
{
	jsmn_parser p;
	jsmntok_t *tok;
	int n;

	memset(j, 0, sizeof *j);
	snprintf(j->name, sizeof j->name, "%s", name);
	if (len > JSON_MAX_FILE)
		return rm_fail(err, 0, "%s: file too large (%zu bytes, limit %u)", name, len, JSON_MAX_FILE);
	j->buf = malloc(len + 1);
	if (!j->buf)
		return rm_fail(err, ENOMEM, "%s", name);
	memcpy(j->buf, buf, len);
	j->buf[len] = '\0';
	j->len = len;
	const char *nul = memchr(buf, '\0', len);
	if (nul) {
		fail_at(j, err, (size_t)(nul - buf), "NUL byte in JSON text");
		json_free(j);
		return -1;
	}

	size_t bad;
	const char *why;
	if (check_syntax(j->buf, len, &bad, &why) < 0) {
		fail_at(j, err, bad, why);
		json_free(j);
		return -1;
	}
	/* First pass: count tokens, so the array is sized exactly. */
	jsmn_init(&p);
	n = jsmn_parse(&p, j->buf, len, NULL, 0);
	if (n < 0)
		return parse_error(j, err, n, p.pos);
	if (n == 0) {
		fail_at(j, err, len, "invalid JSON: empty document");
		json_free(j);
		return -1;
	}
	if ((unsigned)n > JSON_MAX_TOKENS)
		return parse_error(j, err, JSMN_ERROR_NOMEM, 0);
	tok = calloc((size_t)n, sizeof *tok);
	j->tok = calloc((size_t)n, sizeof *j->tok);
	if (!tok || !j->tok) {
		free(tok);
		json_free(j);
		return rm_fail(err, ENOMEM, "%s", name);
	}
	jsmn_init(&p);
	n = jsmn_parse(&p, j->buf, len, tok, (unsigned)n);
	if (n < 0) {
		free(tok);
		return parse_error(j, err, n, p.pos);
	}
	for (int i = 0; i < n; i++) {
		j->tok[i].type = (enum json_type)tok[i].type;
		j->tok[i].start = tok[i].start;
		j->tok[i].end = tok[i].end;
		j->tok[i].size = tok[i].size;
	}
	free(tok);
	j->ntok = n;
	/* One top-level value only: "{} {}" is not a document. */
	if (json_next(j, 0) != n) {
		fail_at(j, err, (size_t)j->tok[json_next(j, 0)].start, "invalid JSON: trailing data");
		json_free(j);
		return -1;
	}
	return 0;
}

void json_free(struct rm_json *j)
{
	free(j->buf);
	free(j->tok);
	j->buf = NULL;
	j->tok = NULL;
	j->ntok = 0;
}

int json_next(const struct rm_json *j, int t)
{
	int pending = 1;
	/* Walk forward until every child of the subtree is consumed. */
	while (pending > 0 && t < j->ntok) {
		pending += j->tok[t].size;
		pending--;
		t++;
	}
	return t;
}

int json_len(const struct rm_json *j, int t)
{
	return t >= 0 && t < j->ntok ? j->tok[t].size : 0;
}

enum json_type json_type(const struct rm_json *j, int t)
{
	return t >= 0 && t < j->ntok ? j->tok[t].type : JSON_NONE;
}

bool json_eq(const struct rm_json *j, int t, const char *s)
{
	size_t n = strlen(s);
	return json_type(j, t) == JSON_STRING && (size_t)(j->tok[t].end - j->tok[t].start) == n &&
	       memcmp(j->buf + j->tok[t].start, s, n) == 0;
}

bool json_is_null(const struct rm_json *j, int t)
{
	return json_type(j, t) == JSON_PRIMITIVE && j->tok[t].end - j->tok[t].start == 4 &&
	       memcmp(j->buf + j->tok[t].start, "null", 4) == 0;
}

int json_get(const struct rm_json *j, int obj, const char *key)
{
	int found = -1;
	if (json_type(j, obj) != JSON_OBJECT)
		return -1;
	int t = obj + 1;
	for (int i = 0; i < j->tok[obj].size; i++) {
		/* Last one wins on duplicate keys, as Go's encoding/json does. */
		if (json_eq(j, t, key))
			found = t + 1;
		t = json_next(j, t + 1);
	}
	return found;
}

void json_line_col(const struct rm_json *j, int t, int *line, int *col)
{
	int l = 1, c = 1, end = t >= 0 && t < j->ntok ? j->tok[t].start : 0;
	/* jsmn's string start is after the quote: point at the quote. */
	if (t >= 0 && t < j->ntok && j->tok[t].type == JSON_STRING && end > 0)
		end--;
	for (int i = 0; i < end; i++) {
		if (j->buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

int json_error(const struct json_ctx *c, int t, const char *path, const char *fmt, ...)
{
	char what[512];
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	json_line_col(c->j, t, &line, &col);
	return rm_fail(c->err, 0, "%s:%d:%d: %s: %s", c->j->name, line, col, path, what);
}

void json_warn(const struct json_ctx *c, int t, const char *path, const char *fmt, ...)
{
	char what[512];
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	json_line_col(c->j, t, &line, &col);
	rm_warn("%s:%d:%d: %s: %s", c->j->name, line, col, path, what);
}

static const char *type_name(enum json_type t)
{
	switch (t) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_PRIMITIVE: return "a number, boolean or null";
	default: return "a value";
	}
}

int json_expect(const struct json_ctx *c, int t, enum json_type type, const char *path)
{
	if (json_type(c->j, t) != type)
		return json_error(c, t, path, "expected %s", type_name(type));
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9') return ch - '0';
	if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
	return -1;
}

static int read_hex4(const char *s, const char *end, unsigned *out)
{
	unsigned v = 0;
	if (end - s < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decode one \u escape (and its low surrogate) at s (just after "\u"). */
static int decode_u(const char **ps, const char *end, unsigned *cp)
{
	const char *s = *ps;
	unsigned hi, lo;
	if (read_hex4(s, end, &hi) < 0)
		return -1;
	s += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return -1;
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || read_hex4(s + 2, end, &lo) < 0 ||
		    lo < 0xdc00 || lo > 0xdfff)
			return -1;
		s += 6;
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	*cp = hi;
	*ps = s;
	return 0;
}

int json_string(const struct json_ctx *c, int t, const char *path, char **out)
{
	const struct rm_json *j = c->j;
	if (json_expect(c, t, JSON_STRING, path) < 0)
		return -1;
	const char *s = j->buf + j->tok[t].start, *end = j->buf + j->tok[t].end;
	/* Decoded text is never longer than the escaped text. */
	char *o = arena_alloc(c->arena, (size_t)(end - s) + 1), *p = o;
	if (!o)
		return rm_fail(c->err, ENOMEM, "%s", path);
	while (s < end) {
		unsigned char ch = (unsigned char)*s++;
		if (ch < 0x20)
			return json_error(c, t, path, "control character in string");
		if (ch != '\\') {
			*p++ = (char)ch;
			continue;
		}
		if (s >= end)
			return json_error(c, t, path, "bad escape in string");
		switch (*s++) {
		case '"': *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '/': *p++ = '/'; break;
		case 'b': *p++ = '\b'; break;
		case 'f': *p++ = '\f'; break;
		case 'n': *p++ = '\n'; break;
		case 'r': *p++ = '\r'; break;
		case 't': *p++ = '\t'; break;
		case 'u': {
			unsigned cp;
			if (decode_u(&s, end, &cp) < 0)
				return json_error(c, t, path, "bad \\u escape in string");
			if (cp == 0)
				return json_error(c, t, path, "NUL character in string");
			p += put_utf8(p, cp);
			break;
		}
		default:
			return json_error(c, t, path, "bad escape in string");
		}
	}
	*p = '\0';
	*out = o;
	return 0;
}

static bool tok_is(const struct rm_json *j, int t, const char *lit)
{
	size_t n = strlen(lit);
	return json_type(j, t) == JSON_PRIMITIVE && (size_t)(j->tok[t].end - j->tok[t].start) == n &&
	       memcmp(j->buf + j->tok[t].start, lit, n) == 0;
}

int json_bool(const struct json_ctx *c, int t, const char *path, bool *out)
{
	if (tok_is(c->j, t, "true"))
		*out = true;
	else if (tok_is(c->j, t, "false"))
		*out = false;
	else
		return json_error(c, t, path, "expected a boolean");
	return 0;
}

/* Integer syntax: -?(0|[1-9][0-9]*), nothing else. */
static int parse_uint(const char *s, const char *end, uint64_t *v)
{
	uint64_t acc = 0;
	if (s >= end || (*s == '0' && end - s > 1))
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (acc > (UINT64_MAX - d) / 10)
			return -2;
		acc = acc * 10 + d;
	}
	*v = acc;
	return 0;
}

static int get_int(const struct json_ctx *c, int t, const char *path, bool *neg, uint64_t *mag)
{
	const struct rm_json *j = c->j;
	if (json_type(j, t) != JSON_PRIMITIVE)
		return json_error(c, t, path, "expected an integer");
	const char *s = j->buf + j->tok[t].start, *end = j->buf + j->tok[t].end;
	*neg = s < end && *s == '-';
	int r = parse_uint(s + *neg, end, mag);
	if (r == -2)
		return json_error(c, t, path, "integer out of range");
	if (r < 0)
		return json_error(c, t, path, "expected an integer");
	return 0;
}

int json_i64(const struct json_ctx *c, int t, const char *path, int64_t *out)
{
	bool neg;
	uint64_t m;
	if (get_int(c, t, path, &neg, &m) < 0)
		return -1;
	if (neg ? m > (uint64_t)INT64_MAX + 1 : m > (uint64_t)INT64_MAX)
		return json_error(c, t, path, "integer out of range");
	*out = neg ? (int64_t)(0 - m) : (int64_t)m;
	return 0;
}

int json_u64(const struct json_ctx *c, int t, const char *path, uint64_t *out)
{
	bool neg;
	uint64_t m;
	if (get_int(c, t, path, &neg, &m) < 0)
		return -1;
	if (neg && m)
		return json_error(c, t, path, "expected a non-negative integer");
	*out = m;
	return 0;
}

int json_i32(const struct json_ctx *c, int t, const char *path, int32_t *out)
{
	int64_t v;
	if (json_i64(c, t, path, &v) < 0)
		return -1;
	if (v < INT32_MIN || v > INT32_MAX)
		return json_error(c, t, path, "integer out of range");
	*out = (int32_t)v;
	return 0;
}

int json_u32(const struct json_ctx *c, int t, const char *path, uint32_t *out)
{
	uint64_t v = 0;   /* gcc -O2 cannot see that json_u64 sets it on success */
	if (json_u64(c, t, path, &v) < 0)
		return -1;
	if (v > UINT32_MAX)
		return json_error(c, t, path, "integer out of range");
	*out = (uint32_t)v;
	return 0;
}

int json_u32_max(const struct json_ctx *c, int t, const char *path, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	if (json_u64(c, t, path, &v) < 0)
		return -1;
	if (v > max)
		return json_error(c, t, path, "%llu is out of range (0 to %u)", (unsigned long long)v, max);
	*out = (uint32_t)v;
	return 0;
}

/* A JSON number (RFC 8259: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?) as a double,
 * without strtod (its float scanner is 5 KiB of musl): 19 significant
 * digits, scaled by powers of ten.  Within a few ulps of the exact value,
 * not always the nearest double: the one user (the legacy cpus, 0.01 to
 * 4096) rounds to microseconds.  False on anything else, or on overflow. */
static bool parse_number(const char *s, double *out)
{
	static const double pow10[] = { 1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256 };
	unsigned long long m = 0;
	int exp = 0, digits = 0, e = 0;
	bool neg = *s == '-', eneg = false;
	s += neg;
	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return false;
	for (int frac = 0; (*s >= '0' && *s <= '9') || (*s == '.' && !frac); s++) {
		if (*s == '.') {
			frac = 1;
			if (s[1] < '0' || s[1] > '9')
				return false;
			continue;
		}
		if (digits < 19) {
			m = m * 10 + (unsigned)(*s - '0');
			digits += m > 0;
			exp -= frac;
		} else {
			exp += !frac;
		}
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		eneg = *s == '-';
		s += *s == '-' || *s == '+';
		if (*s < '0' || *s > '9')
			return false;
		for (; *s >= '0' && *s <= '9'; s++)
			if (e < 100000)
				e = e * 10 + (*s - '0');
	}
	if (*s)
		return false;
	exp += eneg ? -e : e;
	double v = (double)m, scale = 1;
	unsigned a = (unsigned)(exp < 0 ? -exp : exp);
	for (int i = 0; a && i < 9; i++, a >>= 1)
		if (a & 1)
			scale *= pow10[i];
	if (m == 0 || (a && exp < 0))       /* zero, or below any double */
		v = 0;
	else if (a)                         /* above any double */
		return false;
	else
		v = exp < 0 ? v / scale : v * scale;
	if (!isfinite(v))
		return false;
	*out = neg ? -v : v;
	return true;
}

int json_double(const struct json_ctx *c, int t, const char *path, double *out)
{
	const struct rm_json *j = c->j;
	char tmp[64];
	if (json_type(j, t) != JSON_PRIMITIVE)
		return json_error(c, t, path, "expected a number");
	int n = j->tok[t].end - j->tok[t].start;
	if (n <= 0 || n >= (int)sizeof tmp)
		return json_error(c, t, path, "expected a number");
	memcpy(tmp, j->buf + j->tok[t].start, (size_t)n);
	tmp[n] = '\0';
	if (!parse_number(tmp, out))
		return json_error(c, t, path, "expected a number");
	return 0;
}

int json_strv(const struct json_ctx *c, int t, const char *path, char ***out, size_t *n)
{
	const struct rm_json *j = c->j;
	if (json_type(j, t) != JSON_ARRAY)
		return json_error(c, t, path, "expected an array of strings");
	int len = j->tok[t].size;
	char **v = arena_array(c->arena, (size_t)len + 1, sizeof *v);
	if (!v)
		return rm_fail(c->err, ENOMEM, "%s", path);
	int it = t + 1;
	for (int i = 0; i < len; i++, it = json_next(j, it)) {
		if (json_type(j, it) != JSON_STRING)
			return json_error(c, it, path, "expected an array of strings");
		if (json_string(c, it, path, &v[i]) < 0)
			return -1;
	}
	*out = v;
	if (n)
		*n = (size_t)len;
	return 0;
}

void *json_items(const struct json_ctx *c, int t, const char *path, size_t size, size_t *n)
{
	if (json_expect(c, t, JSON_ARRAY, path) < 0)
		return NULL;
	*n = (size_t)json_len(c->j, t);
	void *p = arena_array(c->arena, *n + 1, size);
	if (!p)
		rm_fail(c->err, ENOMEM, "%s", path);
	return p;
}

void json_escape(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx)
{
	char esc[8];
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(ctx, esc, 2);
		} else if (c < 0x20) {
			put(ctx, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
		} else {
			put(ctx, s, 1);
		}
	}
}

const char *json_path(char *buf, size_t len, const char *parent, const char *key, int index)
{
	if (index >= 0)
		snprintf(buf, len, "%s[%d]", parent, index);
	else if (parent && *parent)
		snprintf(buf, len, "%s.%s", parent, key);
	else
		snprintf(buf, len, "%s", key);
	return buf;
}

static int decode_field(const struct json_ctx *c, int t, const char *path,
			const struct json_field *f, void *base)
{
	void *dst = (char *)base + f->off;
	switch (f->type) {
	case JF_STR: return json_string(c, t, path, (char **)dst);
	case JF_BOOL: return json_bool(c, t, path, (bool *)dst);
	case JF_I32: return json_i32(c, t, path, (int32_t *)dst);
	case JF_U32: return json_u32(c, t, path, (uint32_t *)dst);
	case JF_I64: return json_i64(c, t, path, (int64_t *)dst);
	case JF_U64: return json_u64(c, t, path, (uint64_t *)dst);
	case JF_DBL: return json_double(c, t, path, (double *)dst);
	case JF_STRV: return json_strv(c, t, path, (char ***)dst, NULL);
	case JF_FUNC: return f->fn(c, t, path, base);
	}
	return rm_fail(c->err, EINVAL, "%s: bad field table", path);
}

int json_decode(const struct json_ctx *c, int obj, const char *path,
		const struct json_field *fields, size_t nfields, void *base)
{
	char sub[256];
	if (json_expect(c, obj, JSON_OBJECT, path) < 0)
		return -1;
	for (size_t i = 0; i < nfields; i++) {
		const struct json_field *f = &fields[i];
		int t = json_get(c->j, obj, f->key);
		if (t < 0 || json_is_null(c->j, t))
			continue;
		if (decode_field(c, t, json_path(sub, sizeof sub, path, f->key, -1), f, base) < 0)
			return -1;
		if (f->has_off >= 0)
			*(bool *)((char *)base + f->has_off) = true;
	}
	return 0;
}
