/* needs: src/spec.c src/spec_proc.c src/spec_common.c src/spec_resources.c src/spec_legacy.c src/spec_seccomp.c src/capnames.c src/json.c src/err.c src/arena.c src/mount.c src/mount_attr.c src/mount_cgroup.c src/mountinfo.c src/mount_copy.c src/mount_proc.c src/safe.c src/util.c src/sysctl.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_spec.c - libFuzzer target for the config decoders.
 *
 * Each input is decoded both as an OCI config.json and as a legacy
 * container.json.  A decoded spec is walked (every string read, every
 * vector's NULL end checked) and handed to the next pure stages: the
 * mount option parser and the sysctl check.  A failed decode must leave a
 * message and a zeroed spec.  Nothing here makes a system call.
 *
 * Build with -DFUZZ_STRICT_MESSAGES to also require that every error
 * message starts with the file name (the style's "a message names what
 * the user wrote").
 *
 *   make fuzz
 *   build/fuzz/fuzz_spec -dict=tests/fuzz/json.dict CORPUS tests/fuzz/corpus tests/unit/fixtures
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mount.h"
#include "spec.h"
#include "sysctl.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static volatile size_t sink;

static void touch(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void touch_v(char **v, size_t n)
{
	if (!v) {
		CHECK(n == 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		CHECK(v[i] != NULL);
		touch(v[i]);
	}
	CHECK(v[n] == NULL);
}

static void walk(const struct rm_spec *s)
{
	struct rm_err err;
	touch(s->file);
	touch(s->oci_version);
	CHECK(s->root_path && *s->root_path);
	/* process is required at start, not at create (runtime-spec) */
	CHECK(!s->has_process || (s->process.n_args > 0 && s->process.args[0][0]));
	touch_v(s->process.args, s->process.n_args);
	touch_v(s->process.env, s->process.n_env);
	touch(s->process.cwd);
	CHECK(!s->process.cwd || s->process.cwd[0] == '/');
	touch(s->process.user_name);
	for (size_t i = 0; i < s->process.n_rlimits; i++)
		CHECK(s->process.rlimits[i].soft <= s->process.rlimits[i].hard);
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rm_mount *m = &s->mounts[i];
		struct mnt_opts o;
		CHECK(m->destination && *m->destination);
		touch(m->type);
		touch(m->source);
		touch_v(m->options, m->n_options);
		if (mnt_parse_options(m->options, &o, &err) == 0)
			CHECK(strlen(o.data) < sizeof o.data);
	}
	for (int k = 0; k < RM_HOOK_NKINDS; k++)
		for (size_t i = 0; i < s->hooks[k].n; i++) {
			CHECK(s->hooks[k].list[i].path[0] == '/');
			touch(s->hooks[k].list[i].path);
		}
	for (size_t i = 0; i < s->n_annotations; i++) {
		touch(s->annotations[i].key);
		touch(s->annotations[i].value);
	}
	for (size_t i = 0; i < s->n_devices; i++) {
		CHECK(s->devices[i].path != NULL);
		CHECK(strchr("cbup", s->devices[i].type) != NULL && s->devices[i].type);
	}
	for (int n = 0; n < RM_NS_COUNT; n++)
		CHECK(!s->ns[n].path || (s->ns[n].wanted && *s->ns[n].path));
	/* An unlisted mount namespace is the runtime's own (runtime-spec):
	 * nothing to check about it here. */
	touch_v(s->masked_paths, s->n_masked_paths);
	touch_v(s->readonly_paths, s->n_readonly_paths);
	touch(s->cgroups_path);
	(void)sysctl_validate(s, &err);
}

static void one(int legacy, const uint8_t *data, size_t size)
{
	const char *name = legacy ? "container.json" : "config.json";
	struct rm_spec s;
	struct rm_err err;
	memset(&err, 0, sizeof err);
	int r = legacy ? spec_parse_legacy(&s, name, (const char *)data, size, &err)
		       : spec_parse_oci(&s, name, (const char *)data, size, &err);
	if (r < 0) {
		CHECK(err.msg[0] != '\0');
		CHECK(s.arena.head == NULL && s.process.args == NULL && s.mounts == NULL);
#ifdef FUZZ_STRICT_MESSAGES
		CHECK(strncmp(err.msg, name, strlen(name)) == 0);
#endif
		return;
	}
	CHECK(r == 0);
	CHECK(s.legacy == legacy);
	CHECK(strcmp(s.file, name) == 0);
	walk(&s);
	spec_free(&s);
	CHECK(s.arena.head == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(0, data, size);
	one(1, data, size);
	return 0;
}
