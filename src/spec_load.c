/* SPDX-License-Identifier: Apache-2.0 */
/* spec_load.c - find and read the bundle's config file. */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

int spec_load_bundle(struct rm_spec *s, const char *bundle, struct rm_err *err)
{
	char path[PATH_MAX];
	char *buf;
	size_t len;
	int r;
	struct stat st;

	if (stat(bundle, &st) < 0)
		return rm_fail(err, errno, "bundle %s", bundle);
	if (!S_ISDIR(st.st_mode))
		return rm_fail(err, ENOTDIR, "bundle %s", bundle);
	snprintf(path, sizeof path, "%s/config.json", bundle);
	if (access(path, F_OK) == 0) {
		if (util_read_file(path, JSON_MAX_FILE, &buf, &len, err) < 0)
			return -1;
		r = spec_parse_oci(s, "config.json", buf, len, err);
		free(buf);
		return r;
	}
	snprintf(path, sizeof path, "%s/container.json", bundle);
	if (access(path, F_OK) < 0)
		return rm_fail(err, 0, "bundle %s: no config.json (or legacy container.json) found", bundle);
	if (util_read_file(path, JSON_MAX_FILE, &buf, &len, err) < 0)
		return -1;
	r = spec_parse_legacy(s, "container.json", buf, len, err);
	free(buf);
	return r;
}
