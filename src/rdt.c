/* SPDX-License-Identifier: Apache-2.0 */
/* rdt.c - linux.intelRdt through the resctrl filesystem (see rdt.h).
 *
 * The runtime-spec's rules: without closID the group is the container id,
 * made here and removed at delete; a closID group is made when the config
 * gives schemata, and must already hold them when it exists; a closID
 * without schemata must exist.  Without a resctrl mount the config is
 * refused: ignoring it would run the container without the limits asked.
 */
#include "rdt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cgroup_host.h"
#include "mountinfo.h"

int rdt_find_mount(const char *mountinfo, char *out, size_t len, struct rm_err *err)
{
	struct mi_table t;
	int found = -1;
	if (mi_load(&t, mountinfo, err) < 0)
		return -1;
	for (size_t i = 0; i < t.n && found < 0; i++)
		if (strcmp(t.e[i].type, "resctrl") == 0 && mi_is_visible(&t, i) &&
		    (size_t)snprintf(out, len, "%s", t.e[i].mnt) < len)
			found = 0;
	mi_free(&t);
	if (found < 0)
		return rm_fail(err, ENOTSUP, "linux.intelRdt: no resctrl filesystem is mounted "
			       "(mount -t resctrl resctrl /sys/fs/resctrl on a CPU with Intel RDT "
			       "or AMD QoS), so the cache and memory bandwidth limits cannot be applied");
	return 0;
}

static bool is_plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
	       !strchr(s, '\n');
}

int rdt_group_dir(const char *mnt, const struct rm_rdt *r, const char *id, char *out, size_t len,
		  struct rm_err *err)
{
	const char *name = r->clos_id ? r->clos_id : id;
	if (r->clos_id && strcmp(r->clos_id, "/") == 0)
		name = "";
	else if (!is_plain_name(name))
		return rm_fail(err, EINVAL, "linux.intelRdt.closID \"%s\": must be one directory "
			       "name, or \"/\"", name);
	if ((size_t)snprintf(out, len, "%s%s%s", mnt, *name ? "/" : "", name) >= len)
		return rm_fail(err, ENAMETOOLONG, "linux.intelRdt.closID \"%s\"", name);
	return 0;
}

bool rdt_has_schemata(const struct rm_rdt *r)
{
	return (r->l3 && *r->l3) || (r->mb && *r->mb) || r->n_schemata;
}

/* Is `want` ("L3:0=ff;1=ff") one of the lines of the schemata file?  The
 * kernel prints each resource on one line, as it was written or wider
 * (every cache id): compare the "RES:" line, ids the config names. */
static bool holds_line(const char *file, const char *want)
{
	const char *colon = strchr(want, ':');
	size_t klen = colon ? (size_t)(colon - want) + 1 : 0;
	for (const char *l = file; klen && l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		while (*l == ' ')
			l++;
		if (strncmp(l, want, klen) != 0)
			continue;
		/* every "id=mask" of want must appear in the line */
		char item[128];
		const char *p = want + klen, *end = l + strcspn(l, "\n");
		while (*p) {
			size_t n = strcspn(p, ";");
			snprintf(item, sizeof item, "%.*s", (int)n, p);
			const char *hit = strstr(l, item);
			if (!hit || hit > end)
				return false;
			p += n + (p[n] == ';');
		}
		return true;
	}
	return false;
}

int rdt_check_schemata(const char *dir, const struct rm_rdt *r, struct rm_err *err)
{
	char buf[4096];
	const char *lines[2] = { r->l3, r->mb };
	if (cgi_read(dir, "schemata", buf, sizeof buf, err) < 0)
		return rm_wrap(err, "linux.intelRdt");
	for (size_t i = 0; i < 2 + r->n_schemata; i++) {
		const char *want = i < 2 ? lines[i] : r->schemata[i - 2];
		if (want && *want && !holds_line(buf, want))
			return rm_fail(err, EEXIST, "linux.intelRdt: the existing group %s has other "
				       "schemata than \"%s\" (%s/schemata)", r->clos_id, want, dir);
	}
	return 0;
}

int rdt_write_schemata(const char *dir, const struct rm_rdt *r, struct rm_err *err)
{
	if (r->l3 && *r->l3 && cgi_write(dir, "schemata", r->l3, err) < 0)
		return rm_wrap(err, "linux.intelRdt.l3CacheSchema");
	if (r->mb && *r->mb && cgi_write(dir, "schemata", r->mb, err) < 0)
		return rm_wrap(err, "linux.intelRdt.memBwSchema");
	for (size_t i = 0; i < r->n_schemata; i++)
		if (cgi_write(dir, "schemata", r->schemata[i], err) < 0)
			return rm_wrap(err, "linux.intelRdt.schemata[%zu]", i);
	return 0;
}
