/* SPDX-License-Identifier: Apache-2.0 */
/* config.c - see config.h.  The default config is our own text
 * (spec_default.c), parsed with the JSON layer and printed back with the
 * image's values in place, so "everything else" stays exactly what
 * `runc-mini spec` writes. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../json.h"
#include "../spec_default.h"

struct out {
	FILE *f;
	const struct image_config *cfg;
	const struct bundle_process *p;
	bool readonly;
};

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void indent(FILE *f, int depth)
{
	fprintf(f, "%*s", depth * 2, "");
}

static void put_strv(FILE *f, char **v, size_t n)
{
	fputs("[", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : " ", f);
		put_str(f, v[i]);
	}
	fputs(n ? " ]" : "]", f);
}

static void put_user(FILE *f, const struct user_ids *u)
{
	fprintf(f, "{ \"uid\": %u, \"gid\": %u", u->uid, u->gid);
	if (u->n_groups) {
		fputs(", \"additionalGids\": [", f);
		for (size_t i = 0; i < u->n_groups; i++)
			fprintf(f, "%s%u", i ? ", " : " ", u->groups[i]);
		fputs(" ]", f);
	}
	fputs(" }", f);
}

static void put_volumes(struct out *o, int depth)
{
	for (size_t i = 0; o->cfg && i < o->cfg->n_volumes; i++) {
		fputs(",\n", o->f);
		indent(o->f, depth);
		fputs("{ \"destination\": ", o->f);
		put_str(o->f, o->cfg->volumes[i]);
		fputs(", \"type\": \"tmpfs\", \"source\": \"tmpfs\", "
		      "\"options\": [ \"nosuid\", \"nodev\", \"mode=755\" ] }", o->f);
	}
}

static void put_annotations(struct out *o, int depth)
{
	const struct image_config *c = o->cfg;
	if (!c || (!c->n_labels && !c->stop_signal))
		return;
	fputs(",\n", o->f);
	indent(o->f, depth);
	fputs("\"annotations\": {", o->f);
	bool first = true;
	if (c->stop_signal) {
		fputs("\n", o->f);
		indent(o->f, depth + 1);
		fputs("\"org.opencontainers.image.stopSignal\": ", o->f);
		put_str(o->f, c->stop_signal);
		first = false;
	}
	for (size_t i = 0; i < c->n_labels; i++) {
		fputs(first ? "\n" : ",\n", o->f);
		indent(o->f, depth + 1);
		put_str(o->f, c->label_keys[i]);
		fputs(": ", o->f);
		put_str(o->f, c->label_vals[i]);
		first = false;
	}
	fputs("\n", o->f);
	indent(o->f, depth);
	fputs("}", o->f);
}

static int put_value(struct out *o, const struct rm_json *j, int t, const char *path, int depth);

/* The image's values replace these members of the default. */
static bool put_override(struct out *o, const char *path)
{
	if (strcmp(path, "process.args") == 0)
		put_strv(o->f, o->p->args, o->p->n_args);
	else if (strcmp(path, "process.env") == 0)
		put_strv(o->f, o->p->env, o->p->n_env);
	else if (strcmp(path, "process.cwd") == 0)
		put_str(o->f, o->p->cwd);
	else if (strcmp(path, "process.user") == 0)
		put_user(o->f, &o->p->user);
	else if (strcmp(path, "root.readonly") == 0)
		fputs(o->readonly ? "true" : "false", o->f);
	else
		return false;
	return true;
}

static int put_container(struct out *o, const struct rm_json *j, int t, const char *path, int depth)
{
	bool obj = json_type(j, t) == JSON_OBJECT;
	int n = json_len(j, t), k = t + 1;
	char sub[256];
	fputs(obj ? "{\n" : "[\n", o->f);
	for (int i = 0; i < n; i++) {
		indent(o->f, depth + 1);
		if (obj) {
			fprintf(o->f, "%.*s: ", j->tok[k].end - j->tok[k].start + 2, j->buf + j->tok[k].start - 1);
			snprintf(sub, sizeof sub, "%s%s%.*s", path, *path ? "." : "", j->tok[k].end - j->tok[k].start,
				 j->buf + j->tok[k].start);
			k++;
			if (!put_override(o, sub))
				put_value(o, j, k, sub, depth + 1);
		} else {
			snprintf(sub, sizeof sub, "%s[]", path);
			put_value(o, j, k, sub, depth + 1);
		}
		k = json_next(j, k);
		if (i + 1 < n)
			fputs(",", o->f);
		else if (strcmp(path, "mounts") == 0)
			put_volumes(o, depth + 1);
		else if (!*path)
			put_annotations(o, depth + 1);
		fputs("\n", o->f);
	}
	indent(o->f, depth);
	fputs(obj ? "}" : "]", o->f);
	return 0;
}

static int put_value(struct out *o, const struct rm_json *j, int t, const char *path, int depth)
{
	const struct json_tok *k = &j->tok[t];
	switch (k->type) {
	case JSON_OBJECT: case JSON_ARRAY:
		return put_container(o, j, t, path, depth);
	case JSON_STRING:
		fprintf(o->f, "%.*s", k->end - k->start + 2, j->buf + k->start - 1);
		return 0;
	default:
		fprintf(o->f, "%.*s", k->end - k->start, j->buf + k->start);
		return 0;
	}
}

int cfg_render(const struct image_config *cfg, const struct bundle_process *p, bool rootless, bool readonly,
	       uint32_t host_uid, uint32_t host_gid, char **out, size_t *len, struct rm_err *err)
{
	char def[8192];
	struct rm_json j;
	int n = spec_default_json(def, sizeof def, false, rootless, host_uid, host_gid);
	if (n < 0)
		return rm_fail(err, E2BIG, "default config");
	if (json_parse(&j, "default config", def, (size_t)n, err) < 0)
		return -1;
	struct out o = { .cfg = cfg, .p = p, .readonly = readonly };
	if (!(o.f = open_memstream(out, len))) {
		json_free(&j);
		return rm_fail(err, errno, "config.json");
	}
	put_value(&o, &j, 0, "", 0);
	fputc('\n', o.f);
	json_free(&j);
	if (fclose(o.f) != 0)
		return rm_fail(err, errno, "config.json");
	return 0;
}
