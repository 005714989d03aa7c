/* needs: src/json.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_json.c - libFuzzer target for the JSON layer.
 *
 * Every input goes through json_parse; when it parses, every token is
 * walked and decoded with each getter that fits its type, and the
 * invariants the decoders rely on are checked (a violation aborts):
 * json_next moves forward and stays in range, a decoded string is never
 * longer than its escaped text and holds no NUL, a double is finite.
 *
 *   make fuzz                       (all targets, FUZZ_SECONDS each)
 *   build/fuzz/fuzz_json -dict=tests/fuzz/json.dict CORPUS tests/fuzz/corpus tests/unit/fixtures
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* UBSan findings abort too, not only print (the Makefile builds with
 * -fsanitize=undefined, whose checks recover by default). */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static int dec_any(const struct json_ctx *c, int t, const char *path, void *base)
{
	(void)base;
	return json_type(c->j, t) == JSON_NONE ? -1 : 0;
}

struct any { char *s; bool b; int32_t i; uint32_t u; int64_t l; uint64_t ul; double d; char **v; bool has_b; };

static const struct json_field any_fields[] = {
	JF("s", JF_STR, struct any, s),
	JFH("b", JF_BOOL, struct any, b, has_b),
	JF("i", JF_I32, struct any, i),
	JF("u", JF_U32, struct any, u),
	JF("l", JF_I64, struct any, l),
	JF("ul", JF_U64, struct any, ul),
	JF("d", JF_DBL, struct any, d),
	JF("v", JF_STRV, struct any, v),
	JFF("f", dec_any),
};

static void walk(const struct rm_json *j, struct json_ctx *c)
{
	for (int t = 0; t < j->ntok; t++) {
		const struct json_tok *k = &j->tok[t];
		int next = json_next(j, t), line, col;
		CHECK(next > t && next <= j->ntok);
		CHECK(k->start >= 0 && k->end >= k->start && (size_t)k->end <= j->len);
		/* line:col scans from the start of the text: checking it for
		 * every token made a run quadratic in the input (a few hundred
		 * runs a second on big configs).  The first tokens and the
		 * last one cover the function; errors report one token. */
		if (t < 64 || t == j->ntok - 1) {
			json_line_col(j, t, &line, &col);
			CHECK(line >= 1 && col >= 1);
		}
		(void)json_is_null(j, t);
		(void)json_eq(j, t, "a");
		(void)json_len(j, t);

		char *s;
		char **v;
		size_t n;
		int64_t i64;
		uint64_t u64;
		int32_t i32;
		uint32_t u32;
		double d;
		bool b;
		switch (json_type(j, t)) {
		case JSON_STRING:
			if (json_string(c, t, "s", &s) == 0) {
				CHECK(strlen(s) <= (size_t)(k->end - k->start));
			}
			break;
		case JSON_PRIMITIVE:
			if (json_i64(c, t, "n", &i64) == 0) {
				CHECK(json_u64(c, t, "n", &u64) == (i64 < 0 ? -1 : 0));
			}
			(void)json_u64(c, t, "n", &u64);
			(void)json_i32(c, t, "n", &i32);
			(void)json_u32(c, t, "n", &u32);
			if (json_double(c, t, "n", &d) == 0) {
				CHECK(isfinite(d));
			}
			(void)json_bool(c, t, "b", &b);
			break;
		case JSON_ARRAY:
			if (json_strv(c, t, "v", &v, &n) == 0) {
				CHECK(n == (size_t)k->size && v[n] == NULL);
				for (size_t x = 0; x < n; x++)
					CHECK(v[x] != NULL);
			}
			break;
		case JSON_OBJECT: {
			struct any a;
			memset(&a, 0, sizeof a);
			(void)json_get(j, t, "a");
			(void)json_get(j, t, "");
			(void)json_decode(c, t, "o", any_fields, sizeof any_fields / sizeof any_fields[0], &a);
			break;
		}
		default:
			CHECK(0);
		}
		/* Every failure leaves a message. */
		CHECK(c->err->msg[sizeof c->err->msg - 1] == '\0');
	}
	CHECK(json_next(j, 0) == j->ntok);   /* one top-level value */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_json j;
	struct rm_err err;
	struct rm_arena arena = { 0 };
	memset(&err, 0, sizeof err);
	if (json_parse(&j, "fuzz.json", (const char *)data, size, &err) < 0) {
		CHECK(err.msg[0] != '\0');
		CHECK(j.buf == NULL && j.tok == NULL);
		return 0;
	}
	CHECK(j.ntok > 0 && j.len == size && j.buf[size] == '\0');
	struct json_ctx c = { &j, &arena, &err };
	walk(&j, &c);
	json_free(&j);
	arena_free(&arena);
	return 0;
}
