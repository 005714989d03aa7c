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

/* "32m", "1G", "512k", "100", "-1" (unlimited), as docker's RAMInBytes. */
static int parse_bytes(const char *opt, const char *s, int64_t *out, struct rm_err *err)
{
	char *end;
	double v = strtod(s, &end);
	int64_t mult = 1;
	if (end == s)
		return rm_fail(err, 0, "update: --%s: invalid size \"%s\"", opt, s);
	switch (*end ? (*end | 0x20) : 0) {
	case 0: case 'b': break;
	case 'k': mult = 1LL << 10; break;
	case 'm': mult = 1LL << 20; break;
	case 'g': mult = 1LL << 30; break;
	case 't': mult = 1LL << 40; break;
	case 'p': mult = 1LL << 50; break;
	default: return rm_fail(err, 0, "update: --%s: invalid size \"%s\"", opt, s);
	}
	if (*end && end[1] && strcasecmp(end + 1, "b") && strcasecmp(end + 1, "ib"))
		return rm_fail(err, 0, "update: --%s: invalid size \"%s\"", opt, s);
	*out = v < 0 ? -1 : (int64_t)(v * (double)mult);
	return 0;
}

static int parse_num(const char *opt, const char *s, int64_t *out, struct rm_err *err)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end)
		return rm_fail(err, 0, "update: --%s: expected a number, got \"%s\"", opt, s);
	*out = v;
	return 0;
}

static int read_resources(const char *file, struct rm_arena *a, struct rm_resources *r, struct rm_err *err)
{
	cleanup_free char *buf = NULL;
	size_t len;
	const char *path = strcmp(file, "-") == 0 ? "/dev/stdin" : file;
	if (util_read_file(path, 1 << 20, &buf, &len, err) < 0)
		return -1;
	return spec_parse_resources(strcmp(file, "-") == 0 ? "stdin" : file, buf, len, a, r, err);
}

/* One flag into the resources; zero means unset, as the engines send it. */
static int apply_flag(int c, const char *v, struct rm_resources *r, struct rm_err *err)
{
	int64_t n;
	switch (c) {
	case 'm': if (parse_bytes("memory", v, &n, err) < 0) return -1;
		r->mem_limit = n; r->has_mem_limit = true; break;
	case 'R': if (parse_bytes("memory-reservation", v, &n, err) < 0) return -1;
		r->mem_reservation = n; r->has_mem_reservation = true; break;
	case 'S': if (parse_bytes("memory-swap", v, &n, err) < 0) return -1;
		r->mem_swap = n; r->has_mem_swap = true; break;
	case 'K': if (parse_bytes("kernel-memory", v, &n, err) < 0) return -1;
		r->mem_kernel = n; r->has_mem_kernel = true; break;
	case 's': if (parse_num("cpu-share", v, &n, err) < 0) return -1;
		r->cpu_shares = (uint64_t)n; r->has_cpu_shares = true; break;
	case 'p': if (parse_num("cpu-period", v, &n, err) < 0) return -1;
		r->cpu_period = (uint64_t)n; r->has_cpu_period = true; break;
	case 'q': if (parse_num("cpu-quota", v, &n, err) < 0) return -1;
		r->cpu_quota = n; r->has_cpu_quota = true; break;
	case 'c': r->cpu_cpus = (char *)v; break;
	case 'M': r->cpu_mems = (char *)v; break;
	case 'P': if (parse_num("pids-limit", v, &n, err) < 0) return -1;
		r->pids_limit = n; r->has_pids_limit = true; break;
	case 'b': if (parse_num("blkio-weight", v, &n, err) < 0) return -1;
		r->blkio_weight = (uint16_t)n; r->has_blkio_weight = true; break;
	default: return rm_fail(err, 0, "update: unknown option (see runc-mini --help)");
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
	if (file && (memset(&res, 0, sizeof res), read_resources(file, &a, &res, err) < 0))
		goto out;
	r = container_update(g->root, id, &res, err) < 0 ? -1 : 0;
out:
	arena_free(&a);
	return r;
}
