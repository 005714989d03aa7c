/* SPDX-License-Identifier: Apache-2.0 */
/* oci.h - OCI image index/manifest/config and docker-archive manifest.json
 * decoded into plain structs (no syscalls).  Strings live in the arena. */
#ifndef RM_IMG_OCI_H
#define RM_IMG_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../arena.h"
#include "../err.h"

struct oci_desc {
	char *media_type, *digest;
	int64_t size;
	bool has_size;
	char *ref_name;              /* org.opencontainers.image.ref.name or io.containerd.image.name */
	char *os, *arch, *variant;   /* platform, NULL when absent */
};

struct oci_index {
	struct oci_desc *m;
	size_t n;
};

struct oci_manifest {
	struct oci_desc config;
	struct oci_desc *layers;
	size_t n_layers;
};

struct docker_entry {
	char *config;
	char **tags, **layers;
	size_t n_tags, n_layers;
};

struct image_config {
	char *user, *workdir, *stop_signal;
	char **env, **entrypoint, **cmd;
	size_t n_env, n_entrypoint, n_cmd;
	bool has_entrypoint, has_cmd;
	char **label_keys, **label_vals;
	size_t n_labels;
	char **volumes;
	size_t n_volumes;
	char **diff_ids;
	size_t n_diff_ids;
	char *os, *arch, *variant;
};

int oci_parse_index(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		    struct oci_index *out, struct rm_err *err);
int oci_parse_manifest(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		       struct oci_manifest *out, struct rm_err *err);
int oci_parse_docker(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		     struct docker_entry **out, size_t *n, struct rm_err *err);
int oci_parse_config(const char *name, const char *buf, size_t len, struct rm_arena *ar,
		     struct image_config *out, struct rm_err *err);

bool oci_is_index_type(const char *media_type);
/* "sha256:<64 lower-case hex>" -> the hex part, else NULL. */
const char *oci_digest_hex(const char *digest);
/* Does an image reference (RepoTag or ref.name) match what --image asked for?
 * "app" matches "app:latest", "localhost/app:latest", "docker.io/library/app:latest". */
bool oci_ref_matches(const char *ref, const char *want);
/* Does a descriptor's platform match "os/arch[/variant]"? */
bool oci_platform_matches(const struct oci_desc *d, const char *want);

#endif
