/* plan.c - resolve the decoded spec against the host before clone. */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ns.h"
#include "sys.h"

static int resolve_rootfs(struct rm_plan *p, const struct rm_spec *s, struct rm_err *err)
{
	char joined[PATH_MAX * 2];
	struct stat st;
	const char *root = s->root_path;

	/* root.path is absolute or relative to the bundle (containerd sends
	 * "rootfs"); legacy "./" is the bundle itself. */
	if (root[0] == '/')
		snprintf(joined, sizeof joined, "%s", root);
	else
		snprintf(joined, sizeof joined, "%s/%s", p->bundle, root);
	if (!realpath(joined, p->rootfs))
		return rm_fail(err, errno, "%s: root.path: rootfs %s", s->file, joined);
	if (stat(p->rootfs, &st) < 0)
		return rm_fail(err, errno, "rootfs %s", p->rootfs);
	if (!S_ISDIR(st.st_mode))
		return rm_fail(err, ENOTDIR, "%s: root.path: rootfs %s", s->file, p->rootfs);
	if (strcmp(p->rootfs, "/") == 0)
		return rm_fail(err, 0, "%s: root.path: the host's / cannot be a container's rootfs", s->file);
	return 0;
}

int plan_build(struct rm_plan *p, const struct rm_spec *s, const char *bundle,
	       const struct rm_plan_opts *o, struct rm_err *err)
{
	memset(p, 0, sizeof *p);
	p->spec = s;
	if (!realpath(bundle, p->bundle))
		return rm_fail(err, errno, "bundle %s", bundle);
	if (resolve_rootfs(p, s, err) < 0)
		return -1;
	snprintf(p->id, sizeof p->id, "%s", o->id);
	/* A new cgroup namespace is made by the child once it is in its
	 * cgroup, so that cgroup becomes its root (runc does the same). */
	p->clone_flags = ns_flags_to_create(s) & ~CLONE_NEWCGROUP;
	p->new_cgroupns = s->ns[RM_NS_CGROUP].wanted && !s->ns[RM_NS_CGROUP].path;
	p->new_userns = s->ns[RM_NS_USER].wanted && !s->ns[RM_NS_USER].path;
	p->no_pivot = o->no_pivot;
	p->preserve_fds = o->preserve_fds;
	p->console_socket = o->console_socket;
	return 0;
}
