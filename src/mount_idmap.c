/* SPDX-License-Identifier: Apache-2.0 */
/* mount_idmap.c - idmapped bind mounts (mounts[].uidMappings/gidMappings,
 * options "idmap" and "ridmap").
 *
 * An idmapped mount needs a user namespace that carries the mapping.  Only
 * the host's root can write an arbitrary map, so this runs in the parent,
 * before clone: a throwaway process is cloned into a new user namespace,
 * the maps are written, its /proc/PID/ns/user is opened, and the source is
 * cloned with open_tree(OPEN_TREE_CLONE) and marked with
 * mount_setattr(MOUNT_ATTR_IDMAP).  The result is a detached mount that the
 * child attaches inside the rootfs with move_mount (mount.c).  Kernels
 * before 5.12 have none of these calls: a config that asks for an idmapped
 * mount there gets a clear error, never a plain bind mount with the wrong
 * owners.
 */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns.h"
#include "plan.h"
#include "sys.h"
#include "util.h"

/* An fd of a new user namespace with these maps. */
static int userns_with_maps(const struct rm_idmap *u, size_t nu, const struct rm_idmap *g, size_t ng,
			    struct rm_err *err)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return rm_fail(err, errno, "pipe");
	pid_t pid = sys_clone(CLONE_NEWUSER);
	if (pid < 0) {
		int e = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return rm_fail(err, e, "clone a user namespace for the mapping");
	}
	if (pid == 0) {               /* wait until the parent is done with us */
		char c;
		close(pipefd[1]);
		while (read(pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pipefd[0]);
	char path[64];
	int fd = -1;
	if (ns_write_map(pid, "uid_map", u, nu, err) == 0 && ns_write_map(pid, "gid_map", g, ng, err) == 0) {
		snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
		fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			rm_fail(err, errno, "open %s", path);
	}
	close(pipefd[1]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return fd;
}

static int idmapped_tree(const struct rm_plan *p, const struct rm_mount *m, const struct mnt_opts *o,
			 struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	const struct rm_idmap *u = m->uid_maps, *g = m->gid_maps;
	size_t nu = m->n_uid_maps, ng = m->n_gid_maps;
	char src[PATH_MAX * 2];

	if (!nu && !ng) {             /* "idmap" alone: the container's own maps */
		u = s->uid_maps, nu = s->n_uid_maps, g = s->gid_maps, ng = s->n_gid_maps;
		if (!nu || !ng)
			return rm_fail(err, EINVAL, "option idmap without uidMappings/gidMappings needs "
				       "the container's linux.uidMappings/gidMappings");
	} else if (!nu || !ng) {
		return rm_fail(err, EINVAL, "uidMappings and gidMappings must be given together");
	}
	if (!m->source || !*m->source)
		return rm_fail(err, EINVAL, "an idmapped mount needs a source");
	if (m->source[0] == '/')
		snprintf(src, sizeof src, "%s", m->source);
	else
		snprintf(src, sizeof src, "%s/%s", p->bundle, m->source);
	cleanup_fd int userns = userns_with_maps(u, nu, g, ng, err);
	if (userns < 0)
		return -1;
	unsigned rec = (o->ridmap || (o->set & MS_REC)) ? AT_RECURSIVE : 0;
	int fd = sys_open_tree(AT_FDCWD, src, RM_OPEN_TREE_CLONE | RM_OPEN_TREE_CLOEXEC | rec);
	if (fd < 0 && errno == ENOSYS)
		return rm_fail(err, errno, "idmapped mounts need Linux 5.12 (open_tree)");
	if (fd < 0)
		return rm_fail(err, errno, "open_tree %s", src);
	struct rm_mount_attr attr = { .attr_set = RM_MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns };
	if (sys_mount_setattr(fd, "", AT_EMPTY_PATH | (o->ridmap ? AT_RECURSIVE : 0), &attr) < 0) {
		int e = errno;
		close(fd);
		if (e == ENOSYS)
			return rm_fail(err, e, "idmapped mounts need Linux 5.12 (mount_setattr)");
		return rm_fail(err, e, "idmap %s (does its filesystem support idmapped mounts?)", src);
	}
	return fd;
}

static bool wants_idmap(const struct rm_mount *m, const struct mnt_opts *o)
{
	return o->idmap || m->n_uid_maps || m->n_gid_maps;
}

int mnt_idmap_prepare(struct rm_plan *p, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct rm_mount *m = &s->mounts[i];
		struct mnt_opts o;
		if (mnt_parse_options(m->options, &o, err) < 0)
			return rm_wrap(err, "%s: mounts[%zu] (%s)", s->file, i, m->destination);
		if (!wants_idmap(m, &o))
			continue;
		bool bind = (o.set & MS_BIND) || (m->type && strcmp(m->type, "bind") == 0);
		if (!bind)
			return rm_fail(err, EINVAL, "%s: mounts[%zu] (%s): idmapped mounts must be bind mounts",
				       s->file, i, m->destination);
		if (p->n_idmaps >= RM_PLAN_MAX_IDMAPS)
			return rm_fail(err, E2BIG, "%s: mounts: more than %d idmapped mounts", s->file,
				       RM_PLAN_MAX_IDMAPS);
		int fd = idmapped_tree(p, m, &o, err);
		if (fd < 0)
			return rm_wrap(err, "%s: mounts[%zu] (%s)", s->file, i, m->destination);
		p->idmaps[p->n_idmaps].mount = i;
		p->idmaps[p->n_idmaps++].fd = fd;
	}
	return (int)p->n_idmaps;
}

void mnt_idmap_close(struct rm_plan *p)
{
	for (size_t i = 0; i < p->n_idmaps; i++)
		close(p->idmaps[i].fd);
	p->n_idmaps = 0;
}
