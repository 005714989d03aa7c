/* needs: src/spec_boot.c src/json.c src/signames.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_boot.c - libFuzzer target for the boot configuration of runc-mini as
 * /init: each input is decoded as boot.json and, as a string, as a kernel
 * command line.  A decoded configuration is walked (every container has a
 * bundle and an id, ids differ, values are in range); a failed decode
 * leaves a message and frees everything.  No system calls.
 *
 *   make fuzz
 *   build/fuzz/fuzz_boot -dict=tests/fuzz/json.dict CORPUS tests/fuzz/corpus tests/unit/fixtures
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec_boot.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static void walk(const struct rm_boot_conf *c)
{
	CHECK(c->on_exit <= RM_BOOT_SHELL && c->cgroup <= RM_BOOT_CG_NONE && c->shell);
	for (size_t i = 0; i < c->n_ctrs; i++) {
		const struct rm_boot_ctr *b = &c->ctrs[i];
		CHECK(b->bundle && *b->bundle && b->id);
		CHECK(b->restart <= RM_RESTART_ALWAYS && b->backoff >= 1);
		CHECK(b->stop_signal > 0 && b->stop_signal < _NSIG);
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(c->ctrs[k].id, b->id) != 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rm_boot_conf c;
	struct rm_err err = { 0, "" };
	char path[256];
	if (boot_conf_parse(&c, "boot.json", (const char *)data, size, &err) == 0) {
		walk(&c);
		boot_conf_free(&c);
	} else {
		CHECK(err.msg[0] != '\0');
		CHECK(c.arena.head == NULL);
	}
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	boot_conf_defaults(&c);
	if (boot_conf_cmdline(&c, s, &err) == 0)
		walk(&c);
	boot_cmdline_config(s, path, sizeof path);
	boot_conf_free(&c);
	free(s);
	return 0;
}
