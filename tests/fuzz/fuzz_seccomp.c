/* needs: src/seccomp.c src/spec_seccomp.c src/json.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_seccomp.c - libFuzzer target for the seccomp decoder and compiler.
 *
 * The input is a linux.seccomp object.  A decoded profile is compiled;
 * the program must pass the kernel's structural checks (bpf_check: known
 * opcodes, in-range forward jumps, aligned loads inside seccomp_data, a
 * return at the end, at most 4096 instructions) and, run on a few
 * seccomp_data made from the input, must return.  A refused program must
 * leave a message and no program.  Nothing here makes a system call.
 *
 *   make fuzz
 *   build/fuzz/fuzz_seccomp -dict=tests/fuzz/json.dict CORPUS tests/fuzz/corpus tests/unit/fixtures
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/bpf_interp.h"
#include "json.h"
#include "seccomp.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static void run_some(const struct sock_filter *p, size_t n, const uint8_t *data, size_t size)
{
	static const uint32_t arches[] = { 0xc000003eu, 0x40000003u, 0xc00000b7u, 0 };
	for (size_t i = 0; i < 8; i++) {
		struct bpf_sc_data d = { .arch = arches[i % 4] };
		size_t take = size < sizeof d.args ? size : sizeof d.args;
		memcpy(d.args, data, take);
		d.nr = (int32_t)(i * 37 + (size ? data[i % size] : 0));
		if (i & 4)
			d.nr |= 0x40000000;
		uint32_t r = bpf_run(p, n, &d);
		CHECK(r != 0xdeadbeefu);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_json j;
	struct rm_err err;
	struct rm_arena arena = { 0 };
	memset(&err, 0, sizeof err);
	if (json_parse(&j, "config.json", (const char *)data, size, &err) < 0)
		return 0;
	struct json_ctx c = { &j, &arena, &err };
	struct rm_seccomp *s = NULL;
	int r = sc_decode(&c, 0, "linux.seccomp", &arena, &s);
	json_free(&j);
	if (r < 0) {
		CHECK(err.msg[0] != '\0' && s == NULL);
		arena_free(&arena);
		return 0;
	}
	CHECK(s != NULL);
	struct sock_filter *prog;
	size_t len;
	memset(&err, 0, sizeof err);
	if (sc_compile(s, &prog, &len, &err) < 0) {
		CHECK(err.msg[0] != '\0' && prog == NULL && len == 0);
	} else {
		CHECK(bpf_check(prog, len) == 0);
		run_some(prog, len, data, size);
		free(prog);
	}
	arena_free(&arena);
	return 0;
}
