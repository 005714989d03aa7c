/* spec_resources.h - decode linux.resources (OCI) into struct rm_resources. */
#ifndef RM_SPEC_RESOURCES_H
#define RM_SPEC_RESOURCES_H

#include "json.h"
#include "resources.h"

int spec_decode_resources(const struct json_ctx *c, int t, const char *path, struct rm_resources *r);

#endif
