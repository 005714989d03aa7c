/* SPDX-License-Identifier: Apache-2.0 */
/* update.c - `update` and `events`: live resources and statistics of a
 * running container, through its cgroup. */
#include "update.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "state.h"
#include "util.h"

/* A growing output buffer for the merged config. */
struct buf {
	char *p;
	size_t len, cap;
	bool bad;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->bad || b->len + n + 1 > b->cap) {
		b->bad = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The exact source text of token t (strings with their quotes). */
static void put_tok(struct buf *b, const struct rm_json *j, int t)
{
	int s = j->tok[t].start, e = j->tok[t].end;
	if (j->tok[t].type == JSON_STRING) {
		s--;
		e++;
	}
	put(b, j->buf + s, (size_t)(e - s));
}

/* Value of the key (token k) in object obj of j, or -1. */
static int member(const struct rm_json *j, int obj, const struct rm_json *kj, int k)
{
	char key[128];
	snprintf(key, sizeof key, "%.*s", kj->tok[k].end - kj->tok[k].start, kj->buf + kj->tok[k].start);
	return obj < 0 ? -1 : json_get(j, obj, key);
}

/* Engines send 0 for "leave it" (docker's update): for these keys a zero
 * changes nothing live (cgroup.c), so it changes nothing saved either. */
static bool is_unset(const struct rm_json *u, int k, int v)
{
	static const char *const keys[] = { "limit", "reservation", "swap", "kernel", "kernelTCP",
		"shares", "quota", "period", "realtimeRuntime", "realtimePeriod", "weight",
		"leafWeight", "classID" };
	if (u->tok[v].type != JSON_PRIMITIVE || u->tok[v].end - u->tok[v].start != 1 ||
	    u->buf[u->tok[v].start] != '0')
		return false;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (json_eq(u, k, keys[i]))
			return true;
	return false;
}

/* {old members, each replaced by the update's when it has one, then the
 * update's new members}.  At the top (memory, cpu, pids, ...) objects
 * merge member by member, as runc merges an update into its saved
 * resources; deeper values are replaced whole. */
static void merge(struct buf *b, const struct rm_json *o, int ot, const struct rm_json *u, int ut,
		  bool top)
{
	bool first = true;
	put(b, "{", 1);
	for (int i = 0, k = ot < 0 ? -1 : ot + 1; ot >= 0 && i < json_len(o, ot); i++) {
		int v = k + 1, uv = member(u, ut, o, k);
		if (uv >= 0 && !top && is_unset(u, uv - 1, uv))
			uv = -1;
		put(b, first ? "" : ",", first ? 0 : 1);
		first = false;
		put_tok(b, o, k);
		put(b, ":", 1);
		if (uv >= 0 && top && json_type(o, v) == JSON_OBJECT && json_type(u, uv) == JSON_OBJECT)
			merge(b, o, v, u, uv, false);
		else if (uv >= 0)
			put(b, u->buf + u->tok[uv].start - (u->tok[uv].type == JSON_STRING),
			    (size_t)(u->tok[uv].end - u->tok[uv].start) + 2 * (u->tok[uv].type == JSON_STRING));
		else
			put_tok(b, o, v);
		k = json_next(o, v);
	}
	for (int i = 0, k = ut + 1; i < json_len(u, ut); i++) {
		int v = k + 1;
		if (member(o, ot, u, k) < 0 && (top || !is_unset(u, k, v))) {
			put(b, first ? "" : ",", first ? 0 : 1);
			first = false;
			put_tok(b, u, k);
			put(b, ":", 1);
			put_tok(b, u, v);
		}
		k = json_next(u, v);
	}
	put(b, "}", 1);
}

/* Splice the merged linux.resources into the saved config text. */
static void splice(struct buf *b, const struct rm_json *c, const struct rm_json *u)
{
	int lx = json_get(c, 0, "linux"), res = lx >= 0 ? json_get(c, lx, "resources") : -1;
	if (res >= 0 && json_type(c, res) == JSON_OBJECT) {
		put(b, c->buf, (size_t)c->tok[res].start);
		merge(b, c, res, u, 0, true);
		put(b, c->buf + c->tok[res].end, c->len - (size_t)c->tok[res].end);
		return;
	}
	int obj = lx >= 0 && json_type(c, lx) == JSON_OBJECT ? lx : 0;
	put(b, c->buf, (size_t)c->tok[obj].start + 1);
	put(b, obj ? "\"resources\":" : "\"linux\":{\"resources\":",
	    strlen(obj ? "\"resources\":" : "\"linux\":{\"resources\":"));
	merge(b, c, -1, u, 0, true);
	if (!obj)
		put(b, "}", 1);
	put(b, json_len(c, obj) ? "," : "", json_len(c, obj) ? 1 : 0);
	put(b, c->buf + c->tok[obj].start + 1, c->len - (size_t)c->tok[obj].start - 1);
}

/* Keep the container's saved config in step with what `update` applied,
 * so that later commands (and an engine that reads it back) see the new
 * limits.  The legacy container.json format is left as it was. */
static int save_resources(const struct rm_state *st, const char *upd, size_t ulen, struct rm_err *err)
{
	char path[PATH_MAX];
	cleanup_free char *text = NULL;
	size_t len;
	struct rm_json c = { 0 }, u = { 0 }, check = { 0 };
	struct buf b = { 0 };
	int r = -1;
	if (strcmp(st->config_file, "config.json") != 0)
		return 0;
	state_path(st, st->config_file, path, sizeof path);
	if (util_read_file(path, JSON_MAX_FILE, &text, &len, err) < 0 ||
	    json_parse(&c, path, text, len, err) < 0 || json_parse(&u, "update", upd, ulen, err) < 0)
		goto out;
	if (json_type(&c, 0) != JSON_OBJECT || json_type(&u, 0) != JSON_OBJECT) {
		rm_fail(err, EINVAL, "update: %s or the resources are not a JSON object", path);
		goto out;
	}
	b.cap = len + ulen + 64;
	if (!(b.p = malloc(b.cap))) {
		rm_fail(err, ENOMEM, "update: save the resources");
		goto out;
	}
	splice(&b, &c, &u);
	if (b.bad || json_parse(&check, path, b.p, b.len, err) < 0) {
		if (b.bad)
			rm_fail(err, EOVERFLOW, "update: merge the resources into %s", path);
		goto out;
	}
	r = util_write_atomic(path, b.p, b.len, 0600, err);
out:
	json_free(&check);
	json_free(&u);
	json_free(&c);
	free(b.p);
	return r < 0 ? rm_wrap(err, "update applied, but not saved in the state") : 0;
}

/* The command-line flags as a resources object. */
static size_t flags_json(const struct rm_resources *r, char *out, size_t len)
{
	size_t n = 0;
#define ADD(...) (n += (size_t)snprintf(out + n, n < len ? len - n : 0, __VA_ARGS__))
	ADD("{\"memory\":{");
	size_t m = n;
	if (r->has_mem_limit)
		ADD("%s\"limit\":%lld", n > m ? "," : "", (long long)r->mem_limit);
	if (r->has_mem_reservation)
		ADD("%s\"reservation\":%lld", n > m ? "," : "", (long long)r->mem_reservation);
	if (r->has_mem_swap)
		ADD("%s\"swap\":%lld", n > m ? "," : "", (long long)r->mem_swap);
	if (r->has_mem_kernel)
		ADD("%s\"kernel\":%lld", n > m ? "," : "", (long long)r->mem_kernel);
	ADD("},\"cpu\":{");
	m = n;
	if (r->has_cpu_shares)
		ADD("%s\"shares\":%llu", n > m ? "," : "", (unsigned long long)r->cpu_shares);
	if (r->has_cpu_period)
		ADD("%s\"period\":%llu", n > m ? "," : "", (unsigned long long)r->cpu_period);
	if (r->has_cpu_quota)
		ADD("%s\"quota\":%lld", n > m ? "," : "", (long long)r->cpu_quota);
	if (r->cpu_cpus)
		ADD("%s\"cpus\":\"%s\"", n > m ? "," : "", r->cpu_cpus);
	if (r->cpu_mems)
		ADD("%s\"mems\":\"%s\"", n > m ? "," : "", r->cpu_mems);
	ADD("}");
	if (r->has_pids_limit)
		ADD(",\"pids\":{\"limit\":%lld}", (long long)r->pids_limit);
	if (r->has_blkio_weight)
		ADD(",\"blockIO\":{\"weight\":%u}", (unsigned)r->blkio_weight);
	ADD("}");
#undef ADD
	return n;
}

int container_update(const char *root, const char *id, const struct rm_resources *res,
		     const char *json, size_t json_len, struct rm_err *err)
{
	struct rm_state st;
	char flags[2048];
	if (state_load(&st, root, id, err) < 0)
		return -1;
	int r;
	if (state_status(&st) == RM_STATUS_STOPPED)
		r = rm_fail(err, 0, "container not running");
	else if (st.cg.backend == RM_CG_BACKEND_NONE)
		r = rm_fail(err, 0, "cannot update a container without cgroups");
	else
		r = cg_update(&st.cg, res, err);
	if (r == 0 && !json) {
		json_len = flags_json(res, flags, sizeof flags);
		json = json_len < sizeof flags ? flags : NULL;
	}
	if (r == 0 && json)
		r = save_resources(&st, json, json_len, err);
	state_unlock(&st);
	return r;
}

/* One stats sample; *running says whether the container is still there. */
int container_stats(const char *root, const char *id, struct rm_cg_stats *s, bool *running,
		    struct rm_err *err)
{
	struct rm_state st;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	*running = state_status(&st) != RM_STATUS_STOPPED;
	int r = *running ? cg_stats(&st.cg, s, err) : rm_fail(err, 0, "container not running");
	state_unlock(&st);
	return r;
}
