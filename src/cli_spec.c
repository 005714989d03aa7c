/* SPDX-License-Identifier: Apache-2.0 */
/* cli_spec.c - `runc-mini spec [--bundle DIR] [--rootless]`. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "spec_default.h"
#include "util.h"

int cli_spec(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, 0, 'b' }, { "rootless", no_argument, 0, 'r' }, { 0, 0, 0, 0 },
	};
	const char *bundle = ".";
	bool rootless = false;
	char path[4096], buf[8192];
	int c;

	(void)g;
	while ((c = getopt_long(argc, argv, "b:", opts, NULL)) != -1) {
		if (c == 'b')
			bundle = optarg;
		else if (c == 'r')
			rootless = true;
		else
			return rm_fail(err, 0, "spec: unknown option (usage: spec [--bundle DIR] [--rootless])");
	}
	int n = spec_default_json(buf, sizeof buf, isatty(STDIN_FILENO), rootless, getuid(), getgid());
	if (n < 0)
		return rm_fail(err, E2BIG, "spec: default config too large");
	snprintf(path, sizeof path, "%s/config.json", bundle);
	/* Never overwrite a config someone wrote, as runc refuses too. */
	cleanup_fd int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return rm_fail(err, errno == EEXIST ? 0 : errno, errno == EEXIST ?
			       "File %s exists. Remove it first" : "create %s", path);
	if (util_write_all(fd, buf, (size_t)n) < 0)
		return rm_fail(err, errno, "write %s", path);
	return 0;
}
