/* SPDX-License-Identifier: Apache-2.0 */
/* plan.c - resolve the decoded spec against the host before clone. */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capnames.h"
#include "caps.h"
#include "ns.h"
#include "process.h"
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

/* linux.resources as the config gives them: the cgroup layer appends
 * runc's default device rules (cgroup_host.c). */
static int plan_device_rules(struct rm_plan *p, const struct rm_spec *s, struct rm_err *err)
{
	(void)err;
	if (!s->has_resources) {
		p->resources = NULL;
		return 0;
	}
	p->res_copy = s->resources;
	p->resources = &p->res_copy;
	return 0;
}

/* runc skips capabilities the running kernel does not know (a config
 * written for a newer kernel still starts); we do too, and say so. */
static void plan_warnings(struct rm_plan *p, const struct rm_spec *s)
{
	int last = caps_last_cap();
	uint64_t unknown = 0;
	if (last >= 63)
		return;
	for (int i = 0; i < RM_CAP_NSETS; i++)
		unknown |= s->process.caps.set[i] & ~((1ULL << (last + 1)) - 1);
	if (!unknown)
		return;
	size_t off = (size_t)snprintf(p->warning, sizeof p->warning,
				      "process.capabilities: unknown to this kernel, skipped:");
	for (int cap = last + 1; cap < 64 && off < sizeof p->warning; cap++) {
		const char *n = (unknown >> cap) & 1 ? cap_name(cap) : NULL;
		if (n)
			off += (size_t)snprintf(p->warning + off, sizeof p->warning - off, " %s", n);
	}
}

/* runc ignores the kernel memory limit, deprecated since Linux 5.4 and
 * refused by newer kernels, with a warning; so do we. */
static void plan_warn_kmem(struct rm_plan *p, const struct rm_spec *s)
{
	size_t off = strlen(p->warning);
	if (!s->has_resources || !s->resources.has_mem_kernel || !s->resources.mem_kernel)
		return;
	snprintf(p->warning + off, sizeof p->warning - off, "%slinux.resources.memory.kernel: "
		 "kernel memory limits are deprecated and ignored", off ? "; " : "");
}

/* --init on the command line wins; otherwise the annotation, so that an
 * engine that cannot pass our flags can ask for it. */
static int plan_init_mode(struct rm_plan *p, const struct rm_spec *s, const struct rm_plan_opts *o,
			  struct rm_err *err)
{
	p->init = o->init;
	for (size_t i = 0; p->init == RM_INIT_NONE && i < s->n_annotations; i++)
		if (strcmp(s->annotations[i].key, RM_INIT_ANNOTATION) == 0)
			return init_mode_parse(s->annotations[i].value, &p->init, err);
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
	p->clone_flags = ns_flags_to_create(s) & ~(CLONE_NEWCGROUP | CLONE_NEWTIME);
	p->new_timens = s->ns[RM_NS_TIME].wanted && !s->ns[RM_NS_TIME].path;
	p->new_cgroupns = s->ns[RM_NS_CGROUP].wanted && !s->ns[RM_NS_CGROUP].path;
	p->new_userns = s->ns[RM_NS_USER].wanted && !s->ns[RM_NS_USER].path;
	p->no_pivot = o->no_pivot;
	/* Without pivot_root the host's / stays the mount namespace's root,
	 * only covered by the rootfs; root of a user namespace may unmount
	 * that cover (it made it) and setns into its own mount namespace,
	 * which puts it at the host's / (tests/integ/escape.bats). */
	if (p->no_pivot && s->ns[RM_NS_USER].wanted)
		return rm_fail(err, 0, "--no-pivot cannot be used with a user namespace: its root could "
			       "unmount the container's root and reach the host's /");
	p->preserve_fds = o->preserve_fds;
	p->console_socket = o->console_socket;
	p->no_new_keyring = o->no_new_keyring;
	if (plan_init_mode(p, s, o, err) < 0)
		return -1;
	if (plan_device_rules(p, s, err) < 0 || proc_check_lsm(&s->process, err) < 0)
		return -1;
	plan_warnings(p, s);
	plan_warn_kmem(p, s);
	return 0;
}
