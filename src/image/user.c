/* SPDX-License-Identifier: Apache-2.0 */
/* user.c - see user.h.  The files come from the image: lines that do
 * not parse are skipped, ids are range-checked. */
#include "user.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field n (0-based) of a colon-separated line into out. */
static bool field(const char *line, int n, char *out, size_t len)
{
	for (; n > 0; n--) {
		line = strpbrk(line, ":\n");
		if (!line || *line != ':')
			return false;
		line++;
	}
	size_t k = strcspn(line, ":\n");
	if (k >= len)
		return false;
	memcpy(out, line, k);
	out[k] = '\0';
	return true;
}

static bool parse_id(const char *s, uint32_t *out)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v > 0x7fffffff)
		return false;
	*out = (uint32_t)v;
	return true;
}

#define FOR_LINES(l, buf) for (const char *l = (buf); l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)

int user_resolve(const char *spec, const char *passwd, const char *group, struct user_ids *out,
		 struct rm_err *err)
{
	char user[256] = "", grp[256] = "", name[256] = "", f[256], g[32];
	bool matched = false;
	memset(out, 0, sizeof *out);
	if (spec && sscanf(spec, "%255[^:]:%255s", user, grp) < 1)
		user[0] = '\0';
	bool given = *user;
	if (!given)
		snprintf(user, sizeof user, "0");
	bool numeric = parse_id(user, &out->uid);
	FOR_LINES(l, passwd) {
		if (!field(l, 0, name, sizeof name) || !field(l, 2, f, sizeof f) || !field(l, 3, g, sizeof g))
			continue;
		uint32_t uid, gid;
		if (!parse_id(f, &uid) || !parse_id(g, &gid))
			continue;
		if (numeric ? uid == out->uid : strcmp(name, user) == 0) {
			out->uid = uid, out->gid = gid, matched = true;
			break;
		}
	}
	if (!matched && !numeric)
		return rm_fail(err, 0, "user %s: not found in the image's /etc/passwd", user);
	if (*grp) {
		bool gnum = parse_id(grp, &out->gid), found = gnum;
		FOR_LINES(l, group) {
			uint32_t gid;
			if (!gnum && field(l, 0, f, sizeof f) && strcmp(f, grp) == 0 && field(l, 2, g, sizeof g) &&
			    parse_id(g, &gid)) {
				out->gid = gid, found = true;
				break;
			}
		}
		if (!found)
			return rm_fail(err, 0, "group %s: not found in the image's /etc/group", grp);
	}
	/* podman: a named user's primary group is also a supplementary one. */
	if (given)
		out->groups[out->n_groups++] = out->gid;
	if (*grp || !matched)
		return 0;
	FOR_LINES(l, group) {
		char members[4096];
		uint32_t gid;
		if (!field(l, 2, g, sizeof g) || !parse_id(g, &gid) || !field(l, 3, members, sizeof members))
			continue;
		for (char *save, *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save))
			if (strcmp(m, name) == 0 && gid != out->gid && out->n_groups < USER_MAX_GROUPS)
				out->groups[out->n_groups++] = gid;
	}
	return 0;
}
