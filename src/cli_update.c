/* SPDX-License-Identifier: Apache-2.0 */
/* cli_update.c - `update [--resources FILE|-] [--memory N ...] ID`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "spec_resources.h"
#include "update.h"
#include "util.h"

/* The file's text stays in *buf: it is merged into the saved config. */
static int read_resources(const char *file, struct rm_arena *a, struct rm_resources *r, char **buf,
			  size_t *len, struct rm_err *err)
{
	const char *path = strcmp(file, "-") == 0 ? "/dev/stdin" : file;
	if (util_read_file(path, 1 << 20, buf, len, err) < 0)
		return -1;
	return spec_parse_resources(strcmp(file, "-") == 0 ? "stdin" : file, *buf, *len, a, r, err);
}

/* Range of each numeric flag, refused before anything is written: the
 * kernel's limits where it has them (cpu.shares 2..262144 with 0 unset,
 * cfs_period_us 1 ms..1 s, blkio.weight 10..1000), -1 for "unlimited". */
static const struct { int c; const char *name; int64_t min, max; } ranges[] = {
	{ 's', "cpu-share", 0, 262144 }, { 'p', "cpu-period", 0, 1000000 },
	{ 'q', "cpu-quota", -1, INT64_MAX }, { 'P', "pids-limit", -1, INT64_MAX },
	{ 'b', "blkio-weight", 0, 1000 },
};

static int flag_int(int c, const char *v, int64_t *n, struct rm_err *err)
{
	char what[64];
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (ranges[i].c != c)
			continue;
		snprintf(what, sizeof what, "update: --%s", ranges[i].name);
		if (cli_int(what, v, ranges[i].min, ranges[i].max, n, err) < 0)
			return -1;
		if (c == 'p' && *n && *n < 1000)
			return rm_fail(err, 0, "%s: %lld is out of range 1000..1000000 (microseconds)", what,
				       (long long)*n);
		if (c == 'b' && *n && *n < 10)
			return rm_fail(err, 0, "%s: %lld is out of range 10..1000", what, (long long)*n);
		return 0;
	}
	return rm_fail(err, 0, "update: unknown option (see runc-mini --help)");
}

static int flag_bytes(const char *name, const char *v, int64_t *n, bool *has, struct rm_err *err)
{
	char what[64];
	snprintf(what, sizeof what, "update: --%s", name);
	if (cli_bytes(what, v, n, err) < 0)
		return -1;
	*has = true;
	return 0;
}

/* One flag into the resources; zero means unset, as the engines send it. */
static int apply_flag(int c, const char *v, struct rm_resources *r, struct rm_err *err)
{
	int64_t n;
	switch (c) {
	case 'm': return flag_bytes("memory", v, &r->mem_limit, &r->has_mem_limit, err);
	case 'R': return flag_bytes("memory-reservation", v, &r->mem_reservation, &r->has_mem_reservation, err);
	case 'S': return flag_bytes("memory-swap", v, &r->mem_swap, &r->has_mem_swap, err);
	case 'K': return flag_bytes("kernel-memory", v, &r->mem_kernel, &r->has_mem_kernel, err);
	case 'c': r->cpu_cpus = (char *)v; return 0;
	case 'M': r->cpu_mems = (char *)v; return 0;
	}
	if (flag_int(c, v, &n, err) < 0)
		return -1;
	switch (c) {
	case 's': r->cpu_shares = (uint64_t)n; r->has_cpu_shares = true; break;
	case 'p': r->cpu_period = (uint64_t)n; r->has_cpu_period = true; break;
	case 'q': r->cpu_quota = n; r->has_cpu_quota = true; break;
	case 'P': r->pids_limit = n; r->has_pids_limit = true; break;
	case 'b': r->blkio_weight = (uint16_t)n; r->has_blkio_weight = true; break;
	}
	return 0;
}

int cli_update(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "resources", required_argument, 0, 'r' }, { "memory", required_argument, 0, 'm' },
		{ "memory-reservation", required_argument, 0, 'R' },
		{ "memory-swap", required_argument, 0, 'S' }, { "kernel-memory", required_argument, 0, 'K' },
		{ "cpu-share", required_argument, 0, 's' }, { "cpu-period", required_argument, 0, 'p' },
		{ "cpu-quota", required_argument, 0, 'q' }, { "cpuset-cpus", required_argument, 0, 'c' },
		{ "cpuset-mems", required_argument, 0, 'M' }, { "pids-limit", required_argument, 0, 'P' },
		{ "blkio-weight", required_argument, 0, 'b' }, { 0, 0, 0, 0 },
	};
	static struct rm_resources res;
	struct rm_arena a = { 0 };
	const char *file = NULL, *id;
	cleanup_free char *text = NULL;
	size_t len = 0;
	int c, r = -1;
	memset(&res, 0, sizeof res);
	while ((c = getopt_long(argc, argv, "+r:", opts, NULL)) != -1) {
		if (c == 'r')
			file = optarg;
		else if (apply_flag(c, optarg, &res, err) < 0)
			goto out;
	}
	if (cli_one_id(argc, argv, "update", &id, err) < 0)
		goto out;
	/* runc: a resources file replaces the flags. */
	if (file && (memset(&res, 0, sizeof res), read_resources(file, &a, &res, &text, &len, err) < 0))
		goto out;
	r = container_update(g->root, id, &res, text, len, err) < 0 ? -1 : 0;
out:
	arena_free(&a);
	return r;
}
