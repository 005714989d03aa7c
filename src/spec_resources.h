/* SPDX-License-Identifier: Apache-2.0 */
/* spec_resources.h - decode linux.resources (OCI) into struct rm_resources. */
#ifndef RM_SPEC_RESOURCES_H
#define RM_SPEC_RESOURCES_H

#include "json.h"
#include "resources.h"

int spec_decode_resources(const struct json_ctx *c, int t, const char *path, struct rm_resources *r);
/* A LinuxResources object alone (`update --resources FILE`). */
int spec_parse_resources(const char *name, const char *buf, size_t len, struct rm_arena *a,
			 struct rm_resources *r, struct rm_err *err);

#endif
