/* cli_list.c - `list [--format table|json] [-q]` and `ps [--format table|json] ID`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"
#include "container.h"

static int parse_format(const char *v, bool *json, struct rm_err *err)
{
	if (strcmp(v, "json") && strcmp(v, "table"))
		return rm_fail(err, 0, "invalid format option \"%s\": expected table or json", v);
	*json = strcmp(v, "json") == 0;
	return 0;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(const struct rm_list_entry *e, int n)
{
	putchar('[');
	for (int i = 0; i < n; i++) {
		printf("%s{\"ociVersion\":\"%s\",\"id\":", i ? "," : "", RM_SPEC_VERSION);
		json_str(e[i].id);
		printf(",\"pid\":%d,\"status\":\"%s\",\"bundle\":", e[i].pid, e[i].status);
		json_str(e[i].bundle);
		printf(",\"created\":\"%s\",\"owner\":\"\"}", e[i].created);
	}
	puts("]");
}

int cli_list(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "format", required_argument, 0, 'f' }, { "quiet", no_argument, 0, 'q' }, { 0, 0, 0, 0 },
	};
	static struct rm_list_entry e[1024];
	bool json = false, quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "+f:q", opts, NULL)) != -1) {
		if (c == 'f' && parse_format(optarg, &json, err) < 0)
			return -1;
		else if (c == 'q')
			quiet = true;
		else if (c != 'f')
			return rm_fail(err, 0, "list: unknown option");
	}
	int n = container_list(g->root, e, 1024, err);
	if (n < 0)
		return -1;
	if (quiet) {
		for (int i = 0; i < n; i++)
			puts(e[i].id);
	} else if (json) {
		print_json(e, n);
	} else {
		printf("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
		for (int i = 0; i < n; i++)
			printf("%-12s %-8d %-10s %-40s %-30s %s\n", e[i].id, e[i].pid, e[i].status, e[i].bundle,
			       e[i].created, "root");
	}
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

/* Table format: the host's `ps -ef` lines of the container's processes. */
static int print_ps_table(const pid_t *pids, int n, struct rm_err *err)
{
	char line[4096];
	FILE *f = popen("ps -ef", "r");
	if (!f)
		return rm_fail(err, 0, "ps: cannot run ps -ef");
	for (int l = 0; fgets(line, sizeof line, f); l++) {
		char user[64];
		int pid;
		if (l == 0 || (sscanf(line, "%63s %d", user, &pid) == 2 &&
			       bsearch(&pid, pids, (size_t)n, sizeof *pids, cmp_pid) != NULL))
			fputs(line, stdout);
	}
	pclose(f);
	return 0;
}


int cli_ps(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = { { "format", required_argument, 0, 'f' }, { 0, 0, 0, 0 } };
	static pid_t pids[65536];
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "+f:", opts, NULL)) != -1)
		if (c != 'f' || parse_format(optarg, &json, err) < 0)
			return c == 'f' ? -1 : rm_fail(err, 0, "ps: unknown option");
	if (optind >= argc)
		return rm_fail(err, 0, "ps: a container id is required");
	int n = container_pids(g->root, argv[optind], pids, 65536, err);
	if (n < 0)
		return -1;
	if (n > 65536)
		n = 65536;
	qsort(pids, (size_t)n, sizeof *pids, cmp_pid);
	if (!json)
		return print_ps_table(pids, n, err);
	putchar('[');
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)pids[i]);
	puts("]");
	return 0;
}
