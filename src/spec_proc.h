/* SPDX-License-Identifier: Apache-2.0 */
/* spec_proc.h - decode the newer Linux process attributes (scheduler,
 * ioPriority, execCPUAffinity) and linux.personality / linux.timeOffsets. */
#ifndef RM_SPEC_PROC_H
#define RM_SPEC_PROC_H

#include "json.h"
#include "spec.h"

/* json_field_fn's for process.scheduler, .ioPriority, .execCPUAffinity
 * (base is a struct rm_process). */
int spec_decode_scheduler(const struct json_ctx *c, int t, const char *path, void *base);
int spec_decode_ioprio(const struct json_ctx *c, int t, const char *path, void *base);
int spec_decode_affinity(const struct json_ctx *c, int t, const char *path, void *base);
int spec_decode_personality(const struct json_ctx *c, int t, const char *path, struct rm_spec *s);
int spec_decode_time_offsets(const struct json_ctx *c, int t, const char *path, struct rm_spec *s);
/* "0-3,7" -> true when well formed (CPU numbers below 1024). */
bool spec_cpu_list_valid(const char *list);

#endif
