/* SPDX-License-Identifier: Apache-2.0 */
/* cli_list.c - `list [--format table|json] [-q]` and `ps [--format table|json] ID`. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "container.h"
#include "json.h"

static int parse_format(const char *v, bool *json, struct rm_err *err)
{
	if (strcmp(v, "json") && strcmp(v, "table"))
		return rm_fail(err, 0, "invalid format option \"%s\": expected table or json", v);
	*json = strcmp(v, "json") == 0;
	return 0;
}

static void put_stdout(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	fwrite(p, 1, n, stdout);
}

static void json_str(const char *s)
{
	putchar('"');
	json_escape(s, put_stdout, NULL);
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

/* Index of the PID column in ps's header, or -1. */
static int pid_column(const char *header)
{
	char buf[4096], *save;
	snprintf(buf, sizeof buf, "%s", header);
	int i = 0;
	for (char *f = strtok_r(buf, " \t\n", &save); f; f = strtok_r(NULL, " \t\n", &save), i++)
		if (strcmp(f, "PID") == 0)
			return i;
	return -1;
}

static bool has_pid(const char *line, int col, const pid_t *pids, int n)
{
	char buf[4096], *save, *f;
	snprintf(buf, sizeof buf, "%s", line);
	f = strtok_r(buf, " \t\n", &save);
	for (int i = 0; f && i < col; i++)
		f = strtok_r(NULL, " \t\n", &save);
	if (!f)
		return false;
	pid_t pid = (pid_t)atoi(f);
	return bsearch(&pid, pids, (size_t)n, sizeof *pids, cmp_pid) != NULL;
}

/* Run ps with args (runc: "-ef" without any), its stdout and stderr into
 * one pipe, as runc reads them. */
static FILE *start_ps(char **args, int nargs, pid_t *child, struct rm_err *err)
{
	static char *argv[256];
	static char ef[] = "-ef", ps[] = "ps";
	int p[2], a = 0;
	if (nargs > 250)
		return rm_fail(err, E2BIG, "ps: too many options"), NULL;
	argv[a++] = ps;
	if (!nargs)
		argv[a++] = ef;
	for (int i = 0; i < nargs; i++)
		argv[a++] = args[i];
	argv[a] = NULL;
	if (pipe2(p, O_CLOEXEC) < 0)
		return rm_fail(err, errno, "ps: pipe"), NULL;
	fflush(stdout);
	*child = fork();
	if (*child < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return rm_fail(err, e, "ps: fork"), NULL;
	}
	if (*child == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execvp("ps", argv);
		_exit(127);
	}
	close(p[1]);
	FILE *f = fdopen(p[0], "r");
	if (!f)
		close(p[0]);
	return f;
}

/* Table format: the header and the lines of the container's processes
 * from the host's ps (runc: `ps -ef`, or the options after the id). */
static int print_ps_table(const pid_t *pids, int n, char **args, int nargs, struct rm_err *err)
{
	static char out[1 << 20];
	pid_t child;
	size_t len = 0, r;
	int ws;
	FILE *f = start_ps(args, nargs, &child, err);
	if (!f)
		return -1;
	while (len < sizeof out - 1 && (r = fread(out + len, 1, sizeof out - 1 - len, f)) > 0)
		len += r;
	out[len] = '\0';
	fclose(f);
	while (waitpid(child, &ws, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		len = strlen(out);
		while (len && out[len - 1] == '\n')
			out[--len] = '\0';
		return rm_fail(err, 0, "ps: exit status %d: %s", WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws),
			       out);
	}
	char *save, *line = strtok_r(out, "\n", &save);
	int col = line ? pid_column(line) : -1;
	if (col < 0)
		return rm_fail(err, 0, "ps: couldn't find PID field in ps output");
	puts(line);
	while ((line = strtok_r(NULL, "\n", &save)))
		if (has_pid(line, col, pids, n))
			puts(line);
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
	/* runc: what follows the id goes to ps; a "--" before it (so that
	 * ps options are not taken for ours) is dropped. */
	char **args = argv + optind + 1;
	int nargs = argc - optind - 1;
	if (nargs && strcmp(args[0], "--") == 0) {
		args++;
		nargs--;
	}
	int n = container_pids(g->root, argv[optind], pids, 65536, err);
	if (n < 0)
		return -1;
	if (n > 65536)
		n = 65536;
	qsort(pids, (size_t)n, sizeof *pids, cmp_pid);
	if (!json)
		return print_ps_table(pids, n, args, nargs, err);
	putchar('[');
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)pids[i]);
	puts("]");
	return 0;
}
