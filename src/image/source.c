/* SPDX-License-Identifier: Apache-2.0 */
/* source.c - see source.h.  SOURCE is untrusted: names inside it are only
 * compared, never used as host paths, except in a layout directory where
 * they are resolved beneath it without following symlinks. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../util.h"
#include "apply.h"
#include "sha256.h"
#include "tar.h"

#define MAX_MEMBERS 100000
#define MAX_JSON (4u << 20)

static int add_member(struct source *s, const char *name, uint64_t off, uint64_t size, struct rm_err *err)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct member *m = cap > MAX_MEMBERS ? NULL : realloc(s->m, cap * sizeof *m);
		if (!m)
			return rm_fail(err, ENOMEM, "%s: too many members", s->path);
		s->m = m, s->cap = cap;
	}
	char clean[TAR_NAME_MAX];
	if (apply_clean_name(name, clean, sizeof clean) < 0)
		clean[0] = '\0';     /* never matched; refused if ever applied */
	if (!(s->m[s->n].name = arena_strdup(&s->ar, clean)))
		return rm_fail(err, ENOMEM, "%s", s->path);
	s->m[s->n].off = off, s->m[s->n].size = size;
	s->n++;
	return 0;
}

static const struct member *find(const struct source *s, const char *name)
{
	char clean[TAR_NAME_MAX];
	if (apply_clean_name(name, clean, sizeof clean) < 0)
		return NULL;
	for (size_t i = s->n; i-- > 0;)
		if (strcmp(s->m[i].name, clean) == 0)
			return &s->m[i];
	return NULL;
}

/* List the members of a plain tar with their data offsets (no data read). */
static int index_tar(struct source *s, struct rm_err *err)
{
	struct stat st;
	struct stream in;
	struct tar t;
	struct tar_entry *e = malloc(sizeof *e);
	int rc = -1, r;
	if (!e)
		return rm_fail(err, ENOMEM, "%s", s->path);
	if (fstat(s->fd, &st) < 0 || stream_open(&in, s->fd, 0, (uint64_t)st.st_size, COMP_NONE, s->path, err) < 0)
		goto out;
	tar_init(&t, &in);
	while ((r = tar_next(&t, e, err)) > 0)
		if (e->type == '0' && add_member(s, e->name, in.off, t.left, err) < 0)
			goto out;
	rc = r;
out:
	free(e);
	return rc;
}

/* gzip'd SOURCE: unpack it once into tmp so its members can be read by offset. */
static int gunzip_to(struct source *s, const char *tmp, struct rm_err *err)
{
	struct stat st;
	struct stream in;
	char buf[65536];
	ssize_t n;
	int out = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		return rm_fail(err, errno, "create %s", tmp);
	if (fstat(s->fd, &st) < 0 || stream_open(&in, s->fd, 0, (uint64_t)st.st_size, COMP_GZIP, s->path, err) < 0) {
		close(out);
		return -1;
	}
	while ((n = stream_read(&in, buf, sizeof buf, err)) > 0)
		if (util_write_all(out, buf, (size_t)n) < 0) {
			rm_fail(err, errno, "write %s", tmp);
			n = -1;
			break;
		}
	if (n < 0) {
		stream_abort(&in);
		close(out);
		return -1;
	}
	if (stream_close(&in, err) < 0) {
		close(out);
		return -1;
	}
	close(s->fd);
	s->fd = out;
	return 0;
}

static bool dir_has(int dirfd, const char *name)
{
	struct stat st;
	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

int src_open(struct source *s, const char *path, const char *tmp, struct rm_err *err)
{
	struct stat st;
	memset(s, 0, sizeof *s);
	s->path = path;
	s->fd = s->dirfd = -1;
	if (stat(path, &st) < 0)
		return rm_fail(err, errno, "%s", path);
	if (S_ISDIR(st.st_mode)) {
		if ((s->dirfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			return rm_fail(err, errno, "%s", path);
		if (dir_has(s->dirfd, "oci-layout") && dir_has(s->dirfd, "index.json"))
			s->kind = SRC_OCI_DIR;
		else if (dir_has(s->dirfd, "manifest.json"))
			s->kind = SRC_DOCKER_DIR;
		else
			return rm_fail(err, 0, "%s: a directory without oci-layout and index.json "
				       "(an OCI layout) or manifest.json (an unpacked docker save)", path);
		return 0;
	}
	if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return rm_fail(err, errno, "%s", path);
	enum blob_comp comp;
	if (stream_sniff(s->fd, 0, (uint64_t)st.st_size, &comp, err) < 0)
		return rm_wrap(err, "%s", path);
	if (comp == COMP_ZSTD || comp == COMP_OTHER)
		return rm_fail(err, 0, "%s: %s-compressed archives are not supported (use plain tar or gzip)",
			       path, comp == COMP_ZSTD ? "zstd" : "bzip2/xz");
	if (comp == COMP_GZIP && gunzip_to(s, tmp, err) < 0)
		return -1;
	if (index_tar(s, err) < 0)
		return -1;
	if (find(s, "oci-layout") && find(s, "index.json"))
		s->kind = SRC_OCI_ARCHIVE;
	else if (find(s, "manifest.json"))
		s->kind = SRC_DOCKER_ARCHIVE;
	else
		s->kind = SRC_ROOTFS_TAR;
	return 0;
}

/* A file of SOURCE by its name inside it: fd (owned), offset, size. */
static int open_blob(struct source *s, const char *name, struct layer *b, struct rm_err *err)
{
	char clean[TAR_NAME_MAX];
	snprintf(b->name, sizeof b->name, "%s", name);
	b->fd = -1;
	if (apply_clean_name(name, clean, sizeof clean) < 0 || !*clean)
		return rm_fail(err, 0, "%s: \"%s\": absolute or \"..\" name refused", s->path, name);
	if (s->dirfd >= 0) {
		char *slash = strrchr(clean, '/');
		if (slash)
			*slash = '\0';
		cleanup_fd int d = apply_open_dir(s->dirfd, slash ? clean : "", false, err);
		if (d < 0)
			return rm_wrap(err, "%s: %s", s->path, name);
		b->fd = openat(d, slash ? slash + 1 : clean, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (b->fd < 0 || fstat(b->fd, &st) < 0 || !S_ISREG(st.st_mode))
			return rm_fail(err, b->fd < 0 ? errno : EINVAL, "%s: %s", s->path, name);
		b->off = 0, b->size = (uint64_t)st.st_size;
	} else {
		const struct member *m = find(s, clean);
		if (!m)
			return rm_fail(err, ENOENT, "%s: %s", s->path, name);
		if ((b->fd = dup(s->fd)) < 0)
			return rm_fail(err, errno, "dup");
		b->off = m->off, b->size = m->size;
	}
	return stream_sniff(b->fd, b->off, b->size, &b->comp, err) < 0 ? rm_wrap(err, "%s: %s", s->path, name) : 0;
}

static int read_blob(struct layer *b, const char *digest_hex, char **out, size_t *len, struct rm_err *err)
{
	struct sha256 h;
	char got[65];
	if (b->size > MAX_JSON)
		return rm_fail(err, EFBIG, "%s: %llu bytes", b->name, (unsigned long long)b->size);
	char *buf = malloc((size_t)b->size + 1);
	if (!buf)
		return rm_fail(err, ENOMEM, "%s", b->name);
	if (pread(b->fd, buf, (size_t)b->size, (off_t)b->off) != (ssize_t)b->size) {
		free(buf);
		return rm_fail(err, errno ? errno : EIO, "%s: read (truncated?)", b->name);
	}
	buf[b->size] = '\0';
	if (digest_hex) {
		sha256_init(&h);
		sha256_update(&h, buf, (size_t)b->size);
		sha256_hex(&h, got);
		if (strcmp(got, digest_hex) != 0) {
			free(buf);
			return rm_fail(err, 0, "%s: sha256 %s does not match its digest sha256:%s", b->name, got,
				       digest_hex);
		}
	}
	*out = buf;
	*len = (size_t)b->size;
	return 0;
}

/* Read and verify a JSON file of SOURCE named by a digest or a path. */
static int read_json(struct source *s, const char *name, const char *hex, char **out, size_t *len,
		     struct rm_err *err)
{
	struct layer b;
	int rc = open_blob(s, name, &b, err);
	if (rc == 0)
		rc = read_blob(&b, hex, out, len, err);
	if (b.fd >= 0)
		close(b.fd);
	return rc;
}

const char *src_host_platform(void)
{
	static const struct { const char *uname, *oci; } map[] = {
		{ "x86_64", "linux/amd64" }, { "aarch64", "linux/arm64" }, { "armv7l", "linux/arm/v7" },
		{ "armv6l", "linux/arm/v6" }, { "armv5tejl", "linux/arm/v5" }, { "i686", "linux/386" },
		{ "i386", "linux/386" }, { "mips", "linux/mips" }, { "mipsel", "linux/mipsle" },
		{ "mips64", "linux/mips64" }, { "riscv64", "linux/riscv64" }, { "ppc64le", "linux/ppc64le" },
		{ "s390x", "linux/s390x" },
	};
	static char buf[80];
	struct utsname u;
	if (uname(&u) < 0)
		return "linux/amd64";
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(u.machine, map[i].uname) == 0)
			return map[i].oci;
	snprintf(buf, sizeof buf, "linux/%s", u.machine);
	return buf;
}

static void blob_path(char *out, size_t len, const char *digest)
{
	snprintf(out, len, "blobs/sha256/%s", oci_digest_hex(digest));
}

/* "a, b, c" of the refs (or platforms) offered, for error messages. */
static void list_refs(char *out, size_t len, struct oci_desc **d, size_t n, bool platforms)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++) {
		char p[200];
		if (platforms)
			snprintf(p, sizeof p, "%s/%s%s%s", d[i]->os ? d[i]->os : "?", d[i]->arch ? d[i]->arch : "?",
				 d[i]->variant ? "/" : "", d[i]->variant ? d[i]->variant : "");
		else
			snprintf(p, sizeof p, "%s", d[i]->ref_name ? d[i]->ref_name : "(unnamed)");
		o += (size_t)snprintf(out + o, len - o, "%s%s", o ? ", " : "", p);
	}
}

#define MAX_CAND 256

/* Replace each index among cand by the manifests it lists (verified). */
static int expand_indexes(struct source *s, struct oci_desc **cand, size_t *n, struct rm_err *err)
{
	for (int depth = 0; depth < 4; depth++) {
		bool again = false;
		for (size_t i = 0; i < *n; i++) {
			if (!oci_is_index_type(cand[i]->media_type))
				continue;
			char name[100], *buf;
			size_t len;
			struct oci_index sub;
			blob_path(name, sizeof name, cand[i]->digest);
			if (read_json(s, name, oci_digest_hex(cand[i]->digest), &buf, &len, err) < 0)
				return -1;
			int rc = oci_parse_index(name, buf, len, &s->ar, &sub, err);
			free(buf);
			if (rc < 0)
				return -1;
			if (*n - 1 + sub.n > MAX_CAND)
				return rm_fail(err, E2BIG, "%s: too many manifests", s->path);
			memmove(cand + i, cand + i + 1, (*n - i - 1) * sizeof *cand);
			(*n)--;
			for (size_t k = 0; k < sub.n; k++)
				cand[(*n)++] = &sub.m[k];
			again = true;
			break;
		}
		if (!again)
			return 0;
	}
	return rm_fail(err, ELOOP, "%s: image indexes nested too deep", s->path);
}

static int pick_platform(struct source *s, struct oci_desc **cand, size_t n, const char *want,
			 struct oci_desc **out, struct rm_err *err)
{
	char offer[1024];
	const char *plat = want ? want : src_host_platform();
	if (n == 0)
		return rm_fail(err, 0, "%s: the index lists no manifests", s->path);
	if (n == 1 && !cand[0]->os) {
		*out = cand[0];
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (oci_platform_matches(cand[i], plat)) {
			*out = cand[i];
			return 0;
		}
	list_refs(offer, sizeof offer, cand, n, true);
	return rm_fail(err, 0, "%s: no image for platform %s (%s); the index offers: %s", s->path, plat,
		       want ? "--platform" : "this machine, see --platform", offer);
}

/* --platform against the image config's own os/architecture (and its
 * variant, when the config names one). */
static int check_config_platform(const struct source *s, struct image *img, const char *want,
				 struct rm_err *err)
{
	const struct image_config *c = &img->cfg;
	char plat[200];
	bool host = !want;
	if (!c->os || !c->arch)
		return 0;
	if (host)
		want = src_host_platform();
	snprintf(plat, sizeof plat, "%s/%s%s%s", c->os, c->arch, c->variant ? "/" : "", c->variant ? c->variant : "");
	struct oci_desc d = { .os = c->os, .arch = c->arch, .variant = c->variant };
	char os_arch[200];
	snprintf(os_arch, sizeof os_arch, "%s", want);
	char *v = strchr(os_arch, '/');
	v = v ? strchr(v + 1, '/') : NULL;
	if (v && !c->variant)
		*v = '\0';          /* the config does not say: os/arch must do */
	if (oci_platform_matches(&d, os_arch))
		return 0;
	if (host) {          /* one image, no choice: say so, as podman does */
		snprintf(img->warning, sizeof img->warning, "the image is for %s, this machine is %s", plat, want);
		return 0;
	}
	return rm_fail(err, 0, "%s: the image is for %s, not %s", s->path, plat, want);
}

static int select_oci(struct source *s, const char *want_image, const char *want_platform, struct image *img,
		      struct rm_err *err)
{
	struct oci_index idx;
	struct oci_manifest man;
	struct oci_desc *cand[MAX_CAND], *m = NULL;
	char *buf, name[100], names[1024];
	size_t len, n = 0;
	if (read_json(s, "index.json", NULL, &buf, &len, err) < 0)
		return -1;
	int rc = oci_parse_index("index.json", buf, len, &s->ar, &idx, err);
	free(buf);
	if (rc < 0)
		return rm_wrap(err, "%s", s->path);
	for (size_t i = 0; i < idx.n && n < MAX_CAND; i++)
		if (!want_image || oci_ref_matches(idx.m[i].ref_name, want_image))
			cand[n++] = &idx.m[i];
	struct oci_desc *all[MAX_CAND];
	size_t na = 0;
	for (size_t i = 0; i < idx.n && na < MAX_CAND; i++)
		all[na++] = &idx.m[i];
	list_refs(names, sizeof names, all, na, false);
	if (want_image && n == 0)
		return rm_fail(err, 0, "%s: no image %s; it holds: %s", s->path, want_image, names);
	/* Unnamed entries are platforms of the one image; two names are two images. */
	const char *first = NULL;
	for (size_t i = 0; i < n && !want_image; i++) {
		if (!cand[i]->ref_name)
			continue;
		if (first && strcmp(first, cand[i]->ref_name) != 0)
			return rm_fail(err, 0, "%s holds several images (%s): pick one with --image", s->path, names);
		first = cand[i]->ref_name;
	}
	if (expand_indexes(s, cand, &n, err) < 0 || pick_platform(s, cand, n, want_platform, &m, err) < 0)
		return -1;
	blob_path(name, sizeof name, m->digest);
	if (read_json(s, name, oci_digest_hex(m->digest), &buf, &len, err) < 0)
		return -1;
	rc = oci_parse_manifest(name, buf, len, &s->ar, &man, err);
	free(buf);
	if (rc < 0)
		return -1;
	blob_path(name, sizeof name, man.config.digest);
	if (read_json(s, name, oci_digest_hex(man.config.digest), &buf, &len, err) < 0)
		return -1;
	rc = oci_parse_config(name, buf, len, &s->ar, &img->cfg, err);
	free(buf);
	if (rc < 0)
		return -1;
	img->has_config = true;
	if (check_config_platform(s, img, want_platform, err) < 0)
		return -1;
	if (!(img->layers = calloc(man.n_layers + 1, sizeof *img->layers)))
		return rm_fail(err, ENOMEM, "layers");
	for (size_t i = 0; i < man.n_layers; i++, img->n_layers++) {
		struct layer *l = &img->layers[i];
		blob_path(name, sizeof name, man.layers[i].digest);
		if (open_blob(s, name, l, err) < 0)
			return -1;
		if (man.layers[i].has_size && (uint64_t)man.layers[i].size != l->size)
			return rm_fail(err, 0, "%s: %s: %llu bytes, the manifest says %lld", s->path, name,
				       (unsigned long long)l->size, (long long)man.layers[i].size);
		l->digest = oci_digest_hex(man.layers[i].digest);
	}
	return 0;
}

/* Docker names its config "HEX.json" or "blobs/sha256/HEX": the digest. */
static const char *config_hex(const char *name, char *out)
{
	const char *b = strrchr(name, '/');
	b = b ? b + 1 : name;
	char d[80];
	snprintf(d, sizeof d, "sha256:%.64s", b);
	if (!oci_digest_hex(d) || (b[64] && strcmp(b + 64, ".json") != 0))
		return NULL;
	memcpy(out, b, 64);
	out[64] = '\0';
	return out;
}

static int select_docker(struct source *s, const char *want_image, const char *want_platform, struct image *img,
			 struct rm_err *err)
{
	struct docker_entry *ents, *e = NULL;
	char *buf, names[1024] = "", hex[65];
	size_t len, n, o = 0;
	if (read_json(s, "manifest.json", NULL, &buf, &len, err) < 0)
		return -1;
	int rc = oci_parse_docker("manifest.json", buf, len, &s->ar, &ents, &n, err);
	free(buf);
	if (rc < 0)
		return rm_wrap(err, "%s", s->path);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ents[i].n_tags; k++) {
			if (o < sizeof names)
				o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", o ? ", " : "", ents[i].tags[k]);
			if (want_image && !e && oci_ref_matches(ents[i].tags[k], want_image))
				e = &ents[i];
		}
	if (want_image && !e)
		return rm_fail(err, 0, "%s: no image %s; it holds: %s", s->path, want_image, *names ? names : "(untagged)");
	if (!e && n != 1)
		return rm_fail(err, 0, "%s holds %zu images (%s): pick one with --image", s->path, n, names);
	if (!e)
		e = &ents[0];
	if (!config_hex(e->config, hex))
		return rm_fail(err, 0, "%s: config %s is not named by its digest: cannot verify it", s->path, e->config);
	if (read_json(s, e->config, hex, &buf, &len, err) < 0)
		return -1;
	rc = oci_parse_config(e->config, buf, len, &s->ar, &img->cfg, err);
	free(buf);
	if (rc < 0)
		return -1;
	img->has_config = true;
	if (check_config_platform(s, img, want_platform, err) < 0)
		return -1;
	if (img->cfg.n_diff_ids != e->n_layers)
		return rm_fail(err, 0, "%s: %zu layers but %zu rootfs.diff_ids in %s", s->path, e->n_layers,
			       img->cfg.n_diff_ids, e->config);
	if (!(img->layers = calloc(e->n_layers + 1, sizeof *img->layers)))
		return rm_fail(err, ENOMEM, "layers");
	for (size_t i = 0; i < e->n_layers; i++, img->n_layers++) {
		struct layer *l = &img->layers[i];
		if (open_blob(s, e->layers[i], l, err) < 0)
			return -1;
		if (!(l->digest = oci_digest_hex(img->cfg.diff_ids[i])))
			return rm_fail(err, 0, "%s: rootfs.diff_ids[%zu]: not a sha256 digest", e->config, i);
		l->of_content = true;
	}
	return 0;
}

int src_select(struct source *s, const char *want_image, const char *want_platform, struct image *img,
	       struct rm_err *err)
{
	memset(img, 0, sizeof *img);
	if (s->kind == SRC_OCI_DIR || s->kind == SRC_OCI_ARCHIVE)
		return select_oci(s, want_image, want_platform, img, err);
	if (s->kind == SRC_DOCKER_DIR || s->kind == SRC_DOCKER_ARCHIVE)
		return select_docker(s, want_image, want_platform, img, err);
	/* A docker export: one layer, the whole tarball; nothing to verify against. */
	struct stat st;
	if (want_image)
		return rm_fail(err, 0, "%s: a plain rootfs tarball has no images to pick from", s->path);
	if (!(img->layers = calloc(1, sizeof *img->layers)) || fstat(s->fd, &st) < 0)
		return rm_fail(err, errno, "%s", s->path);
	struct layer *l = &img->layers[0];
	snprintf(l->name, sizeof l->name, "%s", s->path);
	if ((l->fd = dup(s->fd)) < 0)
		return rm_fail(err, errno, "dup");
	l->size = (uint64_t)st.st_size;
	img->n_layers = 1;
	return 0;
}

void src_close(struct source *s, struct image *img)
{
	for (size_t i = 0; img && i < img->n_layers; i++)
		if (img->layers[i].fd >= 0)
			close(img->layers[i].fd);
	if (img)
		free(img->layers);
	if (s->fd >= 0)
		close(s->fd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->m);
	arena_free(&s->ar);
}
