/* needs: src/image/tar.c src/image/stream.c src/image/sha256.c src/image/oci.c src/image/user.c src/json.c src/util.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_image.c - libFuzzer target for what mkbundle reads from an image:
 * every input is read as a tar stream (all entries, all data), as an OCI
 * index, manifest and config, as a docker manifest.json, and as passwd and
 * group files for a user name.  Invariants: names stay NUL-terminated and
 * bounded, data never exceeds the size the header gave, a parsed digest
 * is 64 hex digits.
 *
 *   make fuzz      build/fuzz/fuzz_image CORPUS tests/fuzz/corpus tests/unit/fixtures
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image/user.h"
#include "image/oci.h"
#include "image/tar.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static void read_tar(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static struct tar_entry e;
	struct rm_err err;
	struct stream in;
	struct tar t;
	char buf[4096];
	if (fd < 0)
		fd = memfd_create("fuzz", 0);
	if (fd < 0 || ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return;
	if (stream_open(&in, fd, 0, size, COMP_NONE, "fuzz", &err) < 0)
		return;
	tar_init(&t, &in);
	for (int n = 0; n < 10000 && tar_next(&t, &e, &err) == 1; n++) {
		CHECK(memchr(e.name, '\0', sizeof e.name) && memchr(e.link, '\0', sizeof e.link));
		CHECK(e.n_xattrs >= 0 && e.n_xattrs <= TAR_MAX_XATTRS);
		uint64_t got = 0;
		ssize_t r;
		while ((r = tar_read(&t, buf, sizeof buf, &err)) > 0)
			got += (uint64_t)r;
		CHECK(got <= e.size);
	}
}

static void check_desc(const struct oci_desc *d)
{
	CHECK(oci_digest_hex(d->digest) && strlen(oci_digest_hex(d->digest)) == 64);
}

static void read_json(const uint8_t *data, size_t size)
{
	struct rm_arena ar = { 0 };
	struct rm_err err;
	struct oci_index idx;
	struct oci_manifest man;
	struct image_config cfg;
	struct docker_entry *ents;
	size_t n;
	const char *s = (const char *)data;
	if (oci_parse_index("i", s, size, &ar, &idx, &err) == 0)
		for (size_t i = 0; i < idx.n; i++)
			check_desc(&idx.m[i]);
	if (oci_parse_manifest("m", s, size, &ar, &man, &err) == 0) {
		check_desc(&man.config);
		for (size_t i = 0; i < man.n_layers; i++)
			check_desc(&man.layers[i]);
	}
	memset(&cfg, 0, sizeof cfg);
	if (oci_parse_config("c", s, size, &ar, &cfg, &err) == 0)
		CHECK(cfg.n_env == 0 || cfg.env[cfg.n_env - 1]);
	oci_parse_docker("d", s, size, &ar, &ents, &n, &err);
	arena_free(&ar);
}

static void read_users(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct user_ids u;
	struct rm_err err;
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	char *group = strchr(text, '\f');
	if (group)
		*group++ = '\0';
	user_resolve("app", text, group, &u, &err);
	if (user_resolve("1000:users", text, group, &u, &err) == 0)
		CHECK(u.uid == 1000 && u.n_groups == 1);
	user_resolve(NULL, text, group, &u, &err);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_tar(data, size);
	read_json(data, size);
	read_users(data, size);
	return 0;
}
