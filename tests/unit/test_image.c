/* needs: src/image/sha256.c src/image/apply.c src/image/strmap.c src/image/tar.c src/image/stream.c src/image/oci.c src/image/config.c src/image/user.c src/spec_default.c src/json.c src/util.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_image.c - the pieces of runc-mini-image (rootfs-tools/mkbundle)
 * that need no root: sha256 against FIPS vectors, member-name cleaning,
 * the tar reader on hand-built headers, image references and platforms,
 * user resolution as podman does it, image config decoding, and the
 * rootfs-bounded directory walk with and without openat2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/apply.h"
#include "image/config.h"
#include "image/oci.h"
#include "image/sha256.h"
#include "image/tar.h"
#include "json.h"
#include "unit_util.h"

static void hex_of(const void *data, size_t len, size_t chunk, char out[65])
{
	struct sha256 s;
	const char *p = data;
	sha256_init(&s);
	for (size_t o = 0; o < len; o += chunk)
		sha256_update(&s, p + o, len - o < chunk ? len - o : chunk);
	sha256_hex(&s, out);
}

static void test_sha256(void **state)
{
	char h[65];
	hex_of("", 0, 1, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), 7, h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	/* Chunk sizes around the 64-byte block and the 56-byte padding edge. */
	size_t chunks[] = { 1, 55, 56, 63, 64, 65, 1000000 };
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		hex_of(a, 1000000, chunks[i], h);
		assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	free(a);
}

static void test_clean_name(void **state)
{
	char out[64];
	assert_int_equal(apply_clean_name("./a//b/./c/", out, sizeof out), 0);
	assert_string_equal(out, "a/b/c");
	assert_int_equal(apply_clean_name("./", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(apply_clean_name("a..b/..c", out, sizeof out), 0);
	assert_string_equal(out, "a..b/..c");
	/* Tar slip: absolute names and any ".." component are refused. */
	assert_int_equal(apply_clean_name("/etc/passwd", out, sizeof out), -1);
	assert_int_equal(apply_clean_name("../x", out, sizeof out), -1);
	assert_int_equal(apply_clean_name("a/../../x", out, sizeof out), -1);
	assert_int_equal(apply_clean_name("a/..", out, sizeof out), -1);
	char longname[100];
	memset(longname, 'x', sizeof longname - 1);
	longname[99] = '\0';
	assert_int_equal(apply_clean_name(longname, out, sizeof out), -1);
}

/* One ustar header block with a correct checksum. */
static void header(unsigned char *h, const char *name, char type, unsigned long size, const char *link)
{
	memset(h, 0, 512);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", 0644);
	snprintf((char *)h + 108, 8, "%07o", 1000);
	snprintf((char *)h + 116, 8, "%07o", 100);
	snprintf((char *)h + 124, 12, "%011lo", size);
	snprintf((char *)h + 136, 12, "%011o", 1234567);
	h[156] = (unsigned char)type;
	if (link)
		snprintf((char *)h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

static int tar_file(const unsigned char *data, size_t len)
{
	char path[] = "/tmp/rm-unit-tar-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	return fd;
}

static void test_tar_reader(void **state)
{
	static unsigned char buf[512 * 12];
	unsigned char *p = buf;
	struct rm_err err;
	/* a PAX path longer than ustar allows, a GNU long link name, a file */
	const char *longpath = "dir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/f";
	char rec[400];
	int n = snprintf(rec, sizeof rec, "xxx path=%s\n", longpath);
	snprintf(rec, sizeof rec, "%d path=%s\n", n, longpath);
	header(p, "PaxHeader", 'x', strlen(rec), NULL), p += 512;
	memcpy(p, rec, strlen(rec)), p += 512;
	header(p, "short", '0', 5, NULL), p += 512;
	memcpy(p, "hello", 5), p += 512;
	header(p, "././@LongLink", 'K', 12, NULL), p += 512;
	memcpy(p, "target/long", 12), p += 512;
	header(p, "ln", '2', 0, "ignored"), p += 512;
	p += 1024;   /* end of archive */
	int fd = tar_file(buf, (size_t)(p - buf));
	struct stream in;
	struct tar t;
	struct tar_entry e;
	char data[16];
	assert_int_equal(stream_open(&in, fd, 0, (uint64_t)(p - buf), COMP_NONE, "t.tar", &err), 0);
	tar_init(&t, &in);
	assert_int_equal(tar_next(&t, &e, &err), 1);
	assert_string_equal(e.name, longpath);
	assert_int_equal(e.type, '0');
	assert_int_equal(e.size, 5);
	assert_int_equal(e.uid, 1000);
	assert_int_equal(e.gid, 100);
	assert_int_equal(e.mode, 0644);
	assert_int_equal(e.mtime, 1234567);
	assert_int_equal(tar_read(&t, data, sizeof data, &err), 5);
	assert_memory_equal(data, "hello", 5);
	assert_int_equal(tar_next(&t, &e, &err), 1);
	assert_string_equal(e.name, "ln");
	assert_string_equal(e.link, "target/long");
	assert_int_equal(tar_next(&t, &e, &err), 0);
	close(fd);

	/* A flipped byte in a header is a checksum error, not garbage. */
	buf[512 * 2 + 10] ^= 1;
	fd = tar_file(buf, (size_t)(p - buf));
	assert_int_equal(stream_open(&in, fd, 0, (uint64_t)(p - buf), COMP_NONE, "t.tar", &err), 0);
	tar_init(&t, &in);
	assert_int_equal(tar_next(&t, &e, &err), -1);
	assert_non_null(strstr(err.msg, "t.tar: bad tar header checksum"));
	close(fd);

	/* Cut inside the file's data: truncated, said so. */
	buf[512 * 2 + 10] ^= 1;
	fd = tar_file(buf, 512 * 3 + 2);
	assert_int_equal(stream_open(&in, fd, 0, 512 * 3 + 2, COMP_NONE, "t.tar", &err), 0);
	tar_init(&t, &in);
	assert_int_equal(tar_next(&t, &e, &err), 1);
	assert_int_equal(tar_read(&t, data, sizeof data, &err), 2);
	assert_int_equal(tar_read(&t, data, sizeof data, &err), -1);
	assert_non_null(strstr(err.msg, "truncated"));
	close(fd);
}

/* A directory whose header claims data: the data is skipped, never read
 * out as the entry's content (its size is 0), and the next entry is found
 * behind it.  Found by fuzz_image. */
static void test_tar_nonfile_data(void **state)
{
	static unsigned char buf[512 * 8];
	unsigned char *p = buf;
	struct rm_err err;
	header(p, "d/", '5', 600, NULL), p += 512;
	memset(p, 'x', 600), p += 1024;
	header(p, "f", '0', 3, NULL), p += 512;
	memcpy(p, "abc", 3), p += 512;
	p += 1024;
	int fd = tar_file(buf, (size_t)(p - buf));
	struct stream in;
	struct tar t;
	struct tar_entry e;
	char data[1024];
	assert_int_equal(stream_open(&in, fd, 0, (uint64_t)(p - buf), COMP_NONE, "t.tar", &err), 0);
	tar_init(&t, &in);
	assert_int_equal(tar_next(&t, &e, &err), 1);
	assert_int_equal(e.type, '5');
	assert_int_equal(e.size, 0);
	assert_int_equal(tar_read(&t, data, sizeof data, &err), 0);
	assert_int_equal(tar_next(&t, &e, &err), 1);
	assert_string_equal(e.name, "f");
	assert_int_equal(tar_read(&t, data, sizeof data, &err), 3);
	assert_memory_equal(data, "abc", 3);
	assert_int_equal(tar_next(&t, &e, &err), 0);
	close(fd);
}

static void test_refs_platforms(void **state)
{
	assert_true(oci_ref_matches("localhost/app:latest", "app"));
	assert_true(oci_ref_matches("docker.io/library/app:1.0", "app:1.0"));
	assert_true(oci_ref_matches("app:latest", "app:latest"));
	assert_true(oci_ref_matches("latest", "app"));       /* skopeo oci:DIR:latest */
	assert_true(oci_ref_matches("v2", "app:v2"));
	assert_false(oci_ref_matches("localhost/myapp:latest", "app"));
	assert_false(oci_ref_matches("localhost/app:1.0", "app"));
	assert_false(oci_ref_matches(NULL, "app"));
	assert_true(oci_ref_matches("localhost:5000/app:latest", "app"));

	struct oci_desc d = { .os = "linux", .arch = "arm", .variant = "v7" };
	assert_true(oci_platform_matches(&d, "linux/arm/v7"));
	assert_true(oci_platform_matches(&d, "linux/arm"));
	assert_false(oci_platform_matches(&d, "linux/arm/v6"));
	assert_false(oci_platform_matches(&d, "linux/arm64"));
	struct oci_desc none = { 0 };
	assert_false(oci_platform_matches(&none, "linux/amd64"));

	assert_non_null(oci_digest_hex("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	assert_null(oci_digest_hex("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
	assert_null(oci_digest_hex("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	assert_null(oci_digest_hex("sha256:../../../etc/passwd"));
}

static const char passwd[] =
	"root:x:0:0:root:/root:/bin/sh\n"
	"app:x:1000:1000:app:/home/app:/bin/sh\n"
	"broken line\n"
	"appuser:x:1500:2000::/home/appuser:/bin/sh\n";
static const char group[] =
	"root:x:0:\n"
	"audio:x:29:app,appuser\n"
	"users:x:100:app\n"
	"app:x:1000:\n"
	"grp2:x:2000:appuser\n";

/* What podman run showed for the same files (tests/integ/mkbundle.bats). */
static void test_resolve_user(void **state)
{
	struct user_ids u;
	struct rm_err err;
	assert_int_equal(user_resolve(NULL, passwd, group, &u, &err), 0);
	assert_int_equal(u.uid, 0), assert_int_equal(u.gid, 0), assert_int_equal(u.n_groups, 0);
	assert_int_equal(user_resolve("app", passwd, group, &u, &err), 0);
	assert_int_equal(u.uid, 1000), assert_int_equal(u.gid, 1000);
	assert_int_equal(u.n_groups, 3);
	assert_int_equal(u.groups[0], 1000), assert_int_equal(u.groups[1], 29), assert_int_equal(u.groups[2], 100);
	assert_int_equal(user_resolve("appuser", passwd, group, &u, &err), 0);
	assert_int_equal(u.gid, 2000), assert_int_equal(u.n_groups, 2);   /* 2000 once, 29 */
	assert_int_equal(user_resolve("1000:users", passwd, group, &u, &err), 0);
	assert_int_equal(u.uid, 1000), assert_int_equal(u.gid, 100), assert_int_equal(u.n_groups, 1);
	assert_int_equal(user_resolve("4242", passwd, group, &u, &err), 0);
	assert_int_equal(u.uid, 4242), assert_int_equal(u.gid, 0), assert_int_equal(u.n_groups, 1);
	assert_int_equal(user_resolve("4242:77", NULL, NULL, &u, &err), 0);
	assert_int_equal(u.gid, 77);
	assert_int_equal(user_resolve("nosuch", passwd, group, &u, &err), -1);
	assert_string_equal(err.msg, "user nosuch: not found in the image's /etc/passwd");
	assert_int_equal(user_resolve("app:nosuch", passwd, group, &u, &err), -1);
	assert_string_equal(err.msg, "group nosuch: not found in the image's /etc/group");
	assert_int_equal(user_resolve("99999999999", passwd, group, &u, &err), -1);
}

static void test_parse_config(void **state)
{
	struct rm_arena ar = { 0 };
	struct image_config c = { 0 };
	struct rm_err err;
	const char *ok = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\","
			 "\"Env\":[\"A=1\"],\"Entrypoint\":[\"/e\"],\"Cmd\":null,\"WorkingDir\":\"/w\","
			 "\"Labels\":{\"k\":\"v\",\"x\":\"\\u00e9\"},\"Volumes\":{\"/data\":{}},\"ExposedPorts\":{\"80/tcp\":{}},"
			 "\"StopSignal\":\"SIGINT\"},\"rootfs\":{\"diff_ids\":[\"sha256:aa\"]}}";
	assert_int_equal(oci_parse_config("cfg", ok, strlen(ok), &ar, &c, &err), 0);
	assert_string_equal(c.user, "app");
	assert_int_equal(c.n_env, 1);
	assert_true(c.has_entrypoint), assert_false(c.has_cmd);
	assert_int_equal(c.n_labels, 2);
	assert_string_equal(c.label_vals[1], "\xc3\xa9");
	assert_int_equal(c.n_volumes, 1), assert_string_equal(c.volumes[0], "/data");
	assert_int_equal(c.n_diff_ids, 1);
	const char *bad = "{\"config\":{\"Env\":\"A=1\"}}";
	assert_int_equal(oci_parse_config("cfg", bad, strlen(bad), &ar, &c, &err), -1);
	assert_non_null(strstr(err.msg, "config.Env"));

	struct oci_index idx;
	const char *badidx = "{\"manifests\":[{\"digest\":\"sha256:../../x\",\"size\":1}]}";
	assert_int_equal(oci_parse_index("index.json", badidx, strlen(badidx), &ar, &idx, &err), -1);
	assert_non_null(strstr(err.msg, "only sha256:<64 hex digits>"));
	arena_free(&ar);
}

static void test_render_config(void **state)
{
	struct rm_err err;
	char *text = NULL;
	size_t len;
	char *args[] = { "/probe", "a\"b", NULL }, *env[] = { "PATH=/bin", NULL };
	struct bundle_process p = { .args = args, .n_args = 2, .env = env, .n_env = 1, .cwd = "/w" };
	char *vols[] = { "/data" }, *lk[] = { "k" }, *lv[] = { "v" };
	struct image_config c = { .stop_signal = "SIGINT", .volumes = vols, .n_volumes = 1,
				  .label_keys = lk, .label_vals = lv, .n_labels = 1 };
	assert_int_equal(cfg_render(&c, &p, false, true, 0, 0, &text, &len, &err), 0);
	struct rm_json j;
	assert_int_equal(json_parse(&j, "out", text, len, &err), 0);
	int proc = json_get(&j, 0, "process");
	int a = json_get(&j, proc, "args");
	assert_int_equal(json_len(&j, a), 2);
	assert_true(json_eq(&j, a + 2, "a\\\"b"));
	int m = json_get(&j, 0, "mounts");
	assert_true(json_eq(&j, json_get(&j, json_first(&j, m) , "destination"), "/proc"));
	assert_non_null(strstr(text, "\"destination\": \"/data\", \"type\": \"tmpfs\""));
	assert_non_null(strstr(text, "\"org.opencontainers.image.stopSignal\": \"SIGINT\""));
	assert_non_null(strstr(text, "\"readonly\": true"));
	json_free(&j);
	free(text);
}

static void test_open_dir(void **state)
{
	char root[] = "/tmp/rm-unit-root-XXXXXX", p[4200];
	struct rm_err err;
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof p, "%s/a", root);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof p, "%s/a/esc", root);
	assert_int_equal(symlink("/", p), 0);
	int rfd = open(root, O_RDONLY | O_DIRECTORY);
	for (int walk = 0; walk < 2; walk++) {
		apply_walk_only = walk;
		int fd = apply_open_dir(rfd, "a/new/deeper", true, &err);
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(apply_open_dir(rfd, "a/esc/tmp", true, &err), -1);
		assert_string_equal(err.msg, "/a/esc is a symlink: refusing to write through it");
		assert_int_equal(apply_open_dir(rfd, "a/missing", false, &err), -1);
		assert_int_equal(err.errnum, ENOENT);
		assert_int_equal(apply_remove(rfd, "a/new"), 0);
	}
	apply_walk_only = false;
	close(rfd);
	assert_int_equal(apply_remove(AT_FDCWD, root), 0);
	/* apply_remove never follows the symlink: / is still here. */
	assert_int_equal(access("/tmp", F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_clean_name),
		cmocka_unit_test(test_tar_reader),
		cmocka_unit_test(test_tar_nonfile_data),
		cmocka_unit_test(test_refs_platforms),
		cmocka_unit_test(test_resolve_user),
		cmocka_unit_test(test_parse_config),
		cmocka_unit_test(test_render_config),
		cmocka_unit_test(test_open_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
