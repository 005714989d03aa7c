/* SPDX-License-Identifier: Apache-2.0 */
/* spec_boot.c - decode the boot configuration and the runc-mini.* words of
 * the kernel command line into struct rm_boot_conf.  No syscalls: boot.c
 * reads the file and /proc/cmdline and acts.
 *
 *   {"hostname": "appliance", "onAllExited": "poweroff", "shell": "/bin/sh",
 *    "fatalRebootDelay": 10, "cgroup": "auto",
 *    "containers": [{"bundle": "/bundles/app", "id": "app", "init": false,
 *       "restart": {"policy": "on-failure", "delayMs": 1000, "backoff": 2,
 *                   "maxDelayMs": 60000, "maxRestarts": 5},
 *       "stop": {"signal": "SIGTERM", "timeoutMs": 10000}}]}
 */
#include "spec_boot.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "signames.h"
#include "util.h"


static const char *const actions[] = { "poweroff", "reboot", "halt", "shell" };
static const char *const policies[] = { "no", "on-failure", "always" };
static const char *const cgroups[] = { "auto", "v2", "v1", "none" };

const char *boot_action_name(enum rm_boot_action a)
{
	return (size_t)a < RM_COUNT(actions) ? actions[a] : "?";
}

static int word_index(const char *const *words, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(words[i], s) == 0)
			return (int)i;
	return -1;
}

/* A string that must be one of `words`: its index into *out. */
static int one_of(const struct json_ctx *c, int t, const char *path, const char *const *words, size_t n,
		  int *out)
{
	char *s;
	if (json_string(c, t, path, &s) < 0)
		return -1;
	if ((*out = word_index(words, n, s)) < 0)
		return json_error(c, t, path, "unknown value \"%s\"", s);
	return 0;
}

static int decode_on_exit(const struct json_ctx *c, int t, const char *path, void *base)
{
	int i;
	if (one_of(c, t, path, actions, RM_COUNT(actions), &i) < 0)
		return -1;
	((struct rm_boot_conf *)base)->on_exit = (enum rm_boot_action)i;
	return 0;
}

static int decode_cgroup(const struct json_ctx *c, int t, const char *path, void *base)
{
	int i;
	if (one_of(c, t, path, cgroups, RM_COUNT(cgroups), &i) < 0)
		return -1;
	((struct rm_boot_conf *)base)->cgroup = (enum rm_boot_cgroup)i;
	return 0;
}

static int decode_policy(const struct json_ctx *c, int t, const char *path, void *base)
{
	int i;
	if (one_of(c, t, path, policies, RM_COUNT(policies), &i) < 0)
		return -1;
	((struct rm_boot_ctr *)base)->restart = (enum rm_restart)i;
	return 0;
}

static int decode_restart(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFF("policy", decode_policy),
		JF("delayMs", JF_U32, struct rm_boot_ctr, delay_ms),
		JF("backoff", JF_U32, struct rm_boot_ctr, backoff),
		JF("maxDelayMs", JF_U32, struct rm_boot_ctr, max_delay_ms),
		JF("maxRestarts", JF_I32, struct rm_boot_ctr, max_restarts),
	};
	struct rm_boot_ctr *b = base;
	if (json_decode(c, t, path, f, RM_COUNT(f), b) < 0)
		return -1;
	if (b->backoff < 1) {
		char sub[256];
		return json_error(c, json_get(c->j, t, "backoff"), json_path(sub, sizeof sub, path, "backoff", -1),
				  "must be at least 1");
	}
	return 0;
}

static int decode_signal(const struct json_ctx *c, int t, const char *path, void *base)
{
	char *s;
	if (json_string(c, t, path, &s) < 0)
		return -1;
	int sig = sig_parse(s);
	if (sig <= 0)
		return json_error(c, t, path, "unknown signal \"%s\"", s);
	((struct rm_boot_ctr *)base)->stop_signal = sig;
	return 0;
}

static int decode_stop(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JFF("signal", decode_signal),
		JF("timeoutMs", JF_U32, struct rm_boot_ctr, stop_timeout_ms),
	};
	return json_decode(c, t, path, f, RM_COUNT(f), base);
}

static void ctr_defaults(struct rm_boot_ctr *b)
{
	b->delay_ms = 1000;
	b->backoff = 2;
	b->max_delay_ms = 60000;
	b->max_restarts = -1;
	b->stop_signal = SIGTERM;
	b->stop_timeout_ms = 10000;
}

/* The id defaults to the bundle's last component; ids must differ. */
static int name_ctr(const struct json_ctx *c, int t, const char *path, struct rm_boot_conf *conf, size_t i)
{
	struct rm_boot_ctr *b = &conf->ctrs[i];
	if (!b->bundle || !*b->bundle)
		return json_error(c, t, path, "bundle: required");
	if (!b->id) {
		size_t n = strlen(b->bundle);
		while (n > 1 && b->bundle[n - 1] == '/')
			n--;
		const char *s = b->bundle + n;
		while (s > b->bundle && s[-1] != '/')
			s--;
		if (!(b->id = arena_strndup(&conf->arena, s, (size_t)(b->bundle + n - s))))
			return json_error(c, t, path, "out of memory");
	}
	for (size_t k = 0; k < i; k++)
		if (strcmp(conf->ctrs[k].id, b->id) == 0)
			return json_error(c, t, path, "id \"%s\" is used twice", b->id);
	return 0;
}

static int decode_ctrs(const struct json_ctx *c, int t, const char *path, void *base)
{
	static const struct json_field f[] = {
		JF("bundle", JF_STR, struct rm_boot_ctr, bundle),
		JF("id", JF_STR, struct rm_boot_ctr, id),
		JF("init", JF_BOOL, struct rm_boot_ctr, init),
		JFF("restart", decode_restart),
		JFF("stop", decode_stop),
	};
	struct rm_boot_conf *conf = base;
	char sub[256];
	conf->ctrs = json_items(c, t, path, sizeof *conf->ctrs, &conf->n_ctrs);
	if (!conf->ctrs)
		return -1;
	if (conf->n_ctrs > RM_BOOT_MAX_CTRS)
		return json_error(c, t, path, "at most %d containers, got %zu", RM_BOOT_MAX_CTRS, conf->n_ctrs);
	int it = json_first(c->j, t);
	for (size_t i = 0; i < conf->n_ctrs; i++, it = json_next(c->j, it)) {
		const char *p = json_path(sub, sizeof sub, path, NULL, (int)i);
		ctr_defaults(&conf->ctrs[i]);
		if (json_decode(c, it, p, f, RM_COUNT(f), &conf->ctrs[i]) < 0 || name_ctr(c, it, p, conf, i) < 0)
			return -1;
	}
	return 0;
}

void boot_conf_defaults(struct rm_boot_conf *c)
{
	memset(c, 0, sizeof *c);
	c->on_exit = RM_BOOT_POWEROFF;
	c->shell = "/bin/sh";
	c->fatal_delay_s = 10;
}

int boot_conf_parse(struct rm_boot_conf *c, const char *name, const char *buf, size_t len,
		    struct rm_err *err)
{
	static const struct json_field f[] = {
		JF("hostname", JF_STR, struct rm_boot_conf, hostname),
		JFF("onAllExited", decode_on_exit),
		JF("shell", JF_STR, struct rm_boot_conf, shell),
		JF("fatalRebootDelay", JF_U32, struct rm_boot_conf, fatal_delay_s),
		JFF("cgroup", decode_cgroup),
		JFF("containers", decode_ctrs),
	};
	struct rm_json j;
	boot_conf_defaults(c);
	if (json_parse(&j, name, buf, len, err) < 0)
		return -1;
	struct json_ctx ctx = { &j, &c->arena, err };
	int r = json_decode(&ctx, 0, "", f, RM_COUNT(f), c);
	json_free(&j);
	if (r < 0)
		boot_conf_free(c);
	return r;
}

/* Next whitespace-separated word of s into w; returns the rest or NULL. */
static const char *next_word(const char *s, char *w, size_t len)
{
	s += strspn(s, " \t\n");
	if (!*s)
		return NULL;
	size_t n = strcspn(s, " \t\n");
	snprintf(w, len, "%.*s", (int)n, s);
	return s + n;
}

bool boot_cmdline_config(const char *cmdline, char *out, size_t len)
{
	char w[4096];
	bool found = false;
	for (const char *s = cmdline; (s = next_word(s, w, sizeof w));)
		if (strncmp(w, "runc-mini.config=", 17) == 0) {
			snprintf(out, len, "%s", w + 17);
			found = true;
		}
	return found;
}

static int cmdline_word(struct rm_boot_conf *c, const char *key, const char *v, struct rm_err *err)
{
	int i;
	if (strcmp(key, "shell") == 0)
		c->shell_only = strcmp(v, "0") != 0;
	else if (strcmp(key, "on-exit") == 0 && (i = word_index(actions, RM_COUNT(actions), v)) >= 0)
		c->on_exit = (enum rm_boot_action)i;
	else if (strcmp(key, "cgroup") == 0 && (i = word_index(cgroups, RM_COUNT(cgroups), v)) >= 0)
		c->cgroup = (enum rm_boot_cgroup)i;
	else if (strcmp(key, "hostname") == 0)
		c->hostname = arena_strdup(&c->arena, v);
	else if (strcmp(key, "config") != 0)
		return rm_fail(err, 0, "kernel command line: runc-mini.%s=%s: unknown key or value", key, v);
	return 0;
}

int boot_conf_cmdline(struct rm_boot_conf *c, const char *cmdline, struct rm_err *err)
{
	char w[4096];
	for (const char *s = cmdline; (s = next_word(s, w, sizeof w));) {
		if (strncmp(w, "runc-mini.", 10) != 0)
			continue;
		char *eq = strchr(w, '=');
		if (eq)
			*eq = '\0';
		if (cmdline_word(c, w + 10, eq ? eq + 1 : "1", err) < 0)
			return -1;
	}
	return 0;
}

void boot_conf_free(struct rm_boot_conf *c)
{
	arena_free(&c->arena);
	c->ctrs = NULL;
	c->n_ctrs = 0;
}
