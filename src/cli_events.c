/* SPDX-License-Identifier: Apache-2.0 */
/* cli_events.c - `events [--stats] [--interval DURATION] ID`: runc's JSON
 * events, one object per line: "stats" samples and "oom" notices. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "update.h"

static const char *const blkio_ops[] = { "Read", "Write", "Sync", "Async", "Discard", "Total" };

static void print_blkio(const char *key, const struct rm_blkio_stat *s, int n)
{
	printf("\"%s\":[", key);
	for (int i = 0; i < n; i++)
		printf("%s{\"major\":%u,\"minor\":%u,\"op\":\"%s\",\"value\":%llu}", i ? "," : "", s[i].major,
		       s[i].minor, blkio_ops[s[i].op], (unsigned long long)s[i].value);
	putchar(']');
}

#define U(x) ((unsigned long long)(x))

static void print_stats(const char *id, const struct rm_cg_stats *s)
{
	printf("{\"type\":\"stats\",\"id\":\"%s\",\"data\":{", id);
	printf("\"cpu\":{\"usage\":{\"total\":%llu,\"kernel\":%llu,\"user\":%llu},"
	       "\"throttling\":{\"periods\":%llu,\"throttled_periods\":%llu,\"throttled_time\":%llu}},",
	       U(s->cpu_total), U(s->cpu_kernel), U(s->cpu_user), U(s->cpu_periods),
	       U(s->cpu_throttled_periods), U(s->cpu_throttled_time));
	printf("\"memory\":{\"cache\":%llu,\"usage\":{\"limit\":%llu,\"usage\":%llu,\"max\":%llu,\"failcnt\":%llu},"
	       "\"swap\":{\"limit\":%llu,\"usage\":%llu},\"kernel\":{\"usage\":%llu}},",
	       U(s->mem_cache), U(s->mem_limit), U(s->mem_usage), U(s->mem_max_usage), U(s->mem_failcnt),
	       U(s->swap_limit), U(s->swap_usage), U(s->kernel_usage));
	printf("\"pids\":{\"current\":%llu,\"limit\":%llu},", U(s->pids_current), U(s->pids_limit));
	printf("\"blkio\":{");
	print_blkio("ioServiceBytesRecursive", s->io_bytes, s->n_io_bytes);
	putchar(',');
	print_blkio("ioServicedRecursive", s->io_ops, s->n_io_ops);
	printf("}}}\n");
	fflush(stdout);
}

/* "5s", "500ms", "1.5s", "1m", "1h", or plain seconds; digits only (no
 * "nan", "1e300": strtod let those reach an undefined double-to-int),
 * 1 ms up to a day. */
static int parse_interval(const char *s, int *ms, struct rm_err *err)
{
	size_t ni = strspn(s, "0123456789"), nf = 0;
	const char *p = s + ni, *frac = "";
	if (*p == '.') {
		frac = p + 1;
		nf = strspn(frac, "0123456789");
		p = frac + nf;
	}
	long long unit = !strcmp(p, "ms") ? 1 : !strcmp(p, "s") || !*p ? 1000 : !strcmp(p, "m") ? 60000
		       : !strcmp(p, "h") ? 3600000 : 0;
	long long v = 0, f = 0, scale = 1;
	if (ni == 0 || ni > 8 || nf > 6 || (*frac == '\0' && p[-1] == '.') || !unit)
		return rm_fail(err, 0, "events: --interval: invalid duration \"%.64s\"", s);
	for (size_t i = 0; i < ni; i++)
		v = v * 10 + (s[i] - '0');
	for (size_t i = 0; i < nf; i++, scale *= 10)
		f = f * 10 + (frac[i] - '0');
	long long total = v * unit + f * unit / scale;
	if (total < 1 || total > 86400000LL)
		return rm_fail(err, 0, "events: --interval: \"%.64s\" is out of range 1ms..24h", s);
	*ms = (int)total;
	return 0;
}

int cli_events(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "stats", no_argument, 0, 's' }, { "interval", required_argument, 0, 'i' }, { 0, 0, 0, 0 },
	};
	struct rm_cg_stats st;
	bool stats = false, running = true;
	int c, ms = 5000;
	const char *id;
	uint64_t ooms = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 's')
			stats = true;
		else if (c != 'i' || parse_interval(optarg, &ms, err) < 0)
			return c == 'i' ? -1 : rm_fail(err, 0, "events: unknown option");
	}
	if (cli_one_id(argc, argv, "events", &id, err) < 0)
		return -1;
	if (container_stats(g->root, id, &st, &running, err) < 0)
		return -1;
	if (stats) {
		print_stats(id, &st);
		return 0;
	}
	/* Until the container stops: a stats event each interval, an oom
	 * event whenever the kernel's OOM-kill count grows. */
	ooms = st.oom_kills;
	for (;;) {
		print_stats(id, &st);
		for (int t = 0; t < ms; t += 100) {
			poll(NULL, 0, 100);
			struct rm_err e;
			if (container_stats(g->root, id, &st, &running, &e) < 0)
				return 0;
			if (st.oom_kills > ooms) {
				printf("{\"type\":\"oom\",\"id\":\"%s\"}\n", id);
				fflush(stdout);
				ooms = st.oom_kills;
			}
		}
	}
}
