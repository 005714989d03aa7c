/* SPDX-License-Identifier: Apache-2.0 */
/* oci.c - see oci.h.  Untrusted input: every field is type-checked by the
 * JSON layer; digests are checked for form here and for content by the
 * caller before a blob is used. */
#include "oci.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../json.h"

static int parse(struct rm_json *j, const char *name, const char *buf, size_t len, struct rm_err *err)
{
	return json_parse(j, name, buf, len, err);
}

static int opt_string(const struct json_ctx *c, int obj, const char *key, const char *path, char **out)
{
	char sub[256];
	int t = json_get(c->j, obj, key);
	*out = NULL;
	if (t < 0 || json_is_null(c->j, t))
		return 0;
	return json_string(c, t, json_path(sub, sizeof sub, path, key, -1), out);
}

static int opt_strv(const struct json_ctx *c, int obj, const char *key, const char *path, char ***out,
		    size_t *n, bool *has)
{
	char sub[256];
	int t = json_get(c->j, obj, key);
	*out = NULL;
	*n = 0;
	if (has)
		*has = false;
	if (t < 0 || json_is_null(c->j, t))
		return 0;
	if (has)
		*has = true;
	return json_strv(c, t, json_path(sub, sizeof sub, path, key, -1), out, n);
}

/* An object's keys (and, when vals, its string values), e.g. Labels, Volumes. */
static int obj_keys(const struct json_ctx *c, int obj, const char *key, const char *path, char ***keys,
		    char ***vals, size_t *n)
{
	char sub[256], item[256];
	int t = json_get(c->j, obj, key);
	*n = 0;
	if (t < 0 || json_is_null(c->j, t))
		return 0;
	json_path(sub, sizeof sub, path, key, -1);
	if (json_expect(c, t, JSON_OBJECT, sub) < 0)
		return -1;
	size_t cnt = (size_t)json_len(c->j, t);
	*keys = arena_array(c->arena, cnt + 1, sizeof **keys);
	if (vals)
		*vals = arena_array(c->arena, cnt + 1, sizeof **vals);
	if (!*keys || (vals && !*vals))
		return rm_fail(c->err, ENOMEM, "%s", sub);
	int k = t + 1;
	for (size_t i = 0; i < cnt; i++) {
		if (json_string(c, k, sub, &(*keys)[i]) < 0)
			return -1;
		int v = k + 1;
		if (vals && json_string(c, v, json_path(item, sizeof item, sub, (*keys)[i], -1), &(*vals)[i]) < 0)
			return -1;
		k = json_next(c->j, v);
	}
	*n = cnt;
	return 0;
}

const char *oci_digest_hex(const char *digest)
{
	if (!digest || strncmp(digest, "sha256:", 7) != 0 || strlen(digest) != 71)
		return NULL;
	for (const char *p = digest + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return NULL;
	return digest + 7;
}

static int decode_desc(const struct json_ctx *c, int t, const char *path, struct oci_desc *d)
{
	char sub[256];
	if (json_expect(c, t, JSON_OBJECT, path) < 0 ||
	    opt_string(c, t, "mediaType", path, &d->media_type) < 0 ||
	    opt_string(c, t, "digest", path, &d->digest) < 0)
		return -1;
	if (!d->digest)
		return json_error(c, t, path, "no digest");
	if (!oci_digest_hex(d->digest))
		return json_error(c, t, path, "digest \"%s\": only sha256:<64 hex digits> is supported",
				  d->digest);
	int s = json_get(c->j, t, "size");
	if (s >= 0 && json_i64(c, s, json_path(sub, sizeof sub, path, "size", -1), &d->size) < 0)
		return -1;
	d->has_size = s >= 0;
	int a = json_get(c->j, t, "annotations");
	if (a >= 0 && json_type(c->j, a) == JSON_OBJECT) {
		json_path(sub, sizeof sub, path, "annotations", -1);
		if (opt_string(c, a, "io.containerd.image.name", sub, &d->ref_name) < 0)
			return -1;
		if (!d->ref_name && opt_string(c, a, "org.opencontainers.image.ref.name", sub, &d->ref_name) < 0)
			return -1;
	}
	int p = json_get(c->j, t, "platform");
	if (p >= 0 && !json_is_null(c->j, p)) {
		json_path(sub, sizeof sub, path, "platform", -1);
		if (json_expect(c, p, JSON_OBJECT, sub) < 0 || opt_string(c, p, "os", sub, &d->os) < 0 ||
		    opt_string(c, p, "architecture", sub, &d->arch) < 0 ||
		    opt_string(c, p, "variant", sub, &d->variant) < 0)
			return -1;
	}
	return 0;
}

int oci_parse_index(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		    struct oci_index *out, struct rm_err *err)
{
	struct rm_json j;
	if (parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, ar, err };
	char sub[64];
	int rc = -1, m = json_get(&j, 0, "manifests");
	if (json_expect(&c, 0, JSON_OBJECT, "") < 0)
		goto out;
	if (m < 0) {
		json_error(&c, 0, "manifests", "missing");
		goto out;
	}
	if (!(out->m = json_items(&c, m, "manifests", sizeof *out->m, &out->n)))
		goto out;
	int t = m + 1;
	for (size_t i = 0; i < out->n; i++, t = json_next(&j, t))
		if (decode_desc(&c, t, json_path(sub, sizeof sub, "manifests", NULL, (int)i), &out->m[i]) < 0)
			goto out;
	rc = 0;
out:
	json_free(&j);
	return rc;
}

int oci_parse_manifest(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		       struct oci_manifest *out, struct rm_err *err)
{
	struct rm_json j;
	if (parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, ar, err };
	char sub[64];
	int rc = -1, cfg = json_get(&j, 0, "config"), l = json_get(&j, 0, "layers");
	if (json_expect(&c, 0, JSON_OBJECT, "") < 0)
		goto out;
	if (cfg < 0 || l < 0) {
		json_error(&c, 0, cfg < 0 ? "config" : "layers", "missing (not an image manifest)");
		goto out;
	}
	if (decode_desc(&c, cfg, "config", &out->config) < 0 ||
	    !(out->layers = json_items(&c, l, "layers", sizeof *out->layers, &out->n_layers)))
		goto out;
	int t = l + 1;
	for (size_t i = 0; i < out->n_layers; i++, t = json_next(&j, t))
		if (decode_desc(&c, t, json_path(sub, sizeof sub, "layers", NULL, (int)i), &out->layers[i]) < 0)
			goto out;
	rc = 0;
out:
	json_free(&j);
	return rc;
}

int oci_parse_docker(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		     struct docker_entry **out, size_t *n, struct rm_err *err)
{
	struct rm_json j;
	if (parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, ar, err };
	char sub[64], f[128];
	int rc = -1;
	if (!(*out = json_items(&c, 0, "", sizeof **out, n)))
		goto out;
	int t = 1;
	for (size_t i = 0; i < *n; i++, t = json_next(&j, t)) {
		struct docker_entry *d = &(*out)[i];
		json_path(sub, sizeof sub, "", NULL, (int)i);
		if (json_expect(&c, t, JSON_OBJECT, sub) < 0 || opt_string(&c, t, "Config", sub, &d->config) < 0 ||
		    opt_strv(&c, t, "RepoTags", sub, &d->tags, &d->n_tags, NULL) < 0 ||
		    opt_strv(&c, t, "Layers", sub, &d->layers, &d->n_layers, NULL) < 0)
			goto out;
		if (!d->config || !d->layers) {
			json_error(&c, t, json_path(f, sizeof f, sub, d->config ? "Layers" : "Config", -1), "missing");
			goto out;
		}
	}
	rc = 0;
out:
	json_free(&j);
	return rc;
}

int oci_parse_config(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		     struct image_config *o, struct rm_err *err)
{
	struct rm_json j;
	if (parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx c = { &j, ar, err };
	int rc = -1, cfg = json_get(&j, 0, "config"), rf = json_get(&j, 0, "rootfs");
	if (json_expect(&c, 0, JSON_OBJECT, "") < 0 || opt_string(&c, 0, "os", "", &o->os) < 0 ||
	    opt_string(&c, 0, "architecture", "", &o->arch) < 0 ||
	    opt_string(&c, 0, "variant", "", &o->variant) < 0)
		goto out;
	if (rf >= 0 && !json_is_null(&j, rf) &&
	    (json_expect(&c, rf, JSON_OBJECT, "rootfs") < 0 ||
	     opt_strv(&c, rf, "diff_ids", "rootfs", &o->diff_ids, &o->n_diff_ids, NULL) < 0))
		goto out;
	if (cfg >= 0 && !json_is_null(&j, cfg)) {
		if (json_expect(&c, cfg, JSON_OBJECT, "config") < 0 ||
		    opt_string(&c, cfg, "User", "config", &o->user) < 0 ||
		    opt_string(&c, cfg, "WorkingDir", "config", &o->workdir) < 0 ||
		    opt_string(&c, cfg, "StopSignal", "config", &o->stop_signal) < 0 ||
		    opt_strv(&c, cfg, "Env", "config", &o->env, &o->n_env, NULL) < 0 ||
		    opt_strv(&c, cfg, "Entrypoint", "config", &o->entrypoint, &o->n_entrypoint,
			     &o->has_entrypoint) < 0 ||
		    opt_strv(&c, cfg, "Cmd", "config", &o->cmd, &o->n_cmd, &o->has_cmd) < 0 ||
		    obj_keys(&c, cfg, "Labels", "config", &o->label_keys, &o->label_vals, &o->n_labels) < 0 ||
		    obj_keys(&c, cfg, "Volumes", "config", &o->volumes, NULL, &o->n_volumes) < 0)
			goto out;
	}
	rc = 0;
out:
	json_free(&j);
	return rc;
}

bool oci_is_index_type(const char *t)
{
	return t && (strcmp(t, "application/vnd.oci.image.index.v1+json") == 0 ||
		     strcmp(t, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

bool oci_ref_matches(const char *ref, const char *want)
{
	char full[512];
	const char *slash = strrchr(want, '/');
	bool tagged = strchr(slash ? slash : want, ':') != NULL;
	if (!ref)
		return false;
	snprintf(full, sizeof full, "%s%s", want, tagged ? "" : ":latest");
	if (strcmp(ref, want) == 0 || strcmp(ref, full) == 0)
		return true;
	/* The path prefix (registry, library/) may be left out, not changed. */
	size_t rl = strlen(ref), fl = strlen(full);
	if (rl > fl && strcmp(ref + rl - fl, full) == 0 && ref[rl - fl - 1] == '/')
		return true;
	/* A bare tag in ref.name (skopeo copy oci:DIR:TAG) is matched by its tag. */
	if (!strchr(ref, '/') && !strchr(ref, ':'))
		return strcmp(strrchr(full, ':') + 1, ref) == 0;
	return false;
}

bool oci_platform_matches(const struct oci_desc *d, const char *want)
{
	char os[64] = "", arch[64] = "", variant[64] = "";
	sscanf(want, "%63[^/]/%63[^/]/%63s", os, arch, variant);
	if (!d->os || !d->arch || strcmp(d->os, os) != 0 || strcmp(d->arch, arch) != 0)
		return false;
	return !*variant || (d->variant && strcmp(d->variant, variant) == 0);
}
