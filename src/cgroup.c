/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup.c - dispatch and lifecycle: create, enter and remove the
 * container's directories, send each resource group to the v1 or v2 writer
 * of the directory that carries it, and freeze, kill, list and count.
 * Layers, each calling only down: cgroup.c -> cgroup_v1.c, cgroup_v2.c,
 * cgroup_bpf.c -> cgroup_host.c (discovery, paths, file helpers).
 *
 * On a hybrid host the v1 hierarchies carry the limits and the cgroup2 tree is joined
 * too (as runc and systemd do); a controller that only the cgroup2 tree has
 * (hugetlb on some hosts) is used there, so no asked limit is dropped.
 * The host's mounts are never changed.
 *
 * Untrusted: cgroupsPath and every value (see cgroup.h).
 */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_bpf.h"
#include "cgroup_host.h"
#include "cgroup_v1.h"
#include "cgroup_v2.h"
#include "util.h"

const char *cg_backend_name(enum rm_cg_backend b)
{
	switch (b) {
	case RM_CG_BACKEND_V1: return "v1";
	case RM_CG_BACKEND_V2: return "v2";
	case RM_CG_BACKEND_HYBRID: return "hybrid";
	default: return "none";
	}
}

enum rm_cg_backend cg_detect(void)
{
	struct cg_host host;
	if (cgi_discover(&host, "/proc/self/mountinfo", "/proc/self/cgroup", RM_ERR_IGNORE) < 0)
		return RM_CG_BACKEND_NONE;
	return cgi_backend(&host);
}

/* ---- applying ---- */

/* A writer: one per controller group and version (cgroup_v1.c, cgroup_v2.c). */
typedef int (*cg_apply_fn)(const char *dir, const struct rm_resources *r, struct rm_err *err);

struct cg_group {
	enum rm_cg_ctrl ctrl;
	const char *what;                   /* JSON path for messages */
	bool (*wants)(const struct rm_resources *);
	cg_apply_fn v1, v2;
};

static const struct cg_group groups[] = {
	{ RM_CGC_CPUSET, "linux.resources.cpu.cpus/mems", cgi_wants_cpuset, cgv1_cpuset, cgv2_cpuset },
	{ RM_CGC_MEMORY, "linux.resources.memory", cgi_wants_memory, cgv1_memory, cgv2_memory },
	{ RM_CGC_CPU, "linux.resources.cpu", cgi_wants_cpu, cgv1_cpu, cgv2_cpu },
	{ RM_CGC_PIDS, "linux.resources.pids", cgi_wants_pids, cgv1_pids, cgv2_pids },
	{ RM_CGC_BLKIO, "linux.resources.blockIO", cgi_wants_blkio, cgv1_blkio, cgv2_io },
	{ RM_CGC_HUGETLB, "linux.resources.hugepageLimits", cgi_wants_hugetlb, cgv1_hugetlb, cgv2_hugetlb },
	{ RM_CGC_NET_CLS, "linux.resources.network.classID", cgi_wants_net_cls, cgv1_net_cls, NULL },
	{ RM_CGC_NET_PRIO, "linux.resources.network.priorities", cgi_wants_net_prio, cgv1_net_prio, NULL },
	{ RM_CGC_RDMA, "linux.resources.rdma", cgi_wants_rdma, cgv1_rdma, cgv2_rdma },
	{ RM_CGC_DEVICES, "linux.resources.devices", cgi_wants_devices, cgv1_devices, cgbpf_apply },
};

/* Controllers the config needs (a missing one is an error only then). */
static uint32_t needed(const struct rm_resources *r)
{
	uint32_t bits = 0;
	for (size_t i = 0; r && i < RM_COUNT(groups); i++)
		if (groups[i].wants(r))
			bits |= RM_CG_BIT(groups[i].ctrl);
	return bits;
}

static int missing(const struct rm_cgroup *cg, const struct cg_group *g, struct rm_err *err)
{
	if (cg->backend == RM_CG_BACKEND_NONE)
		return rm_fail(err, ENOTSUP, "%s: cgroups are not in use on this host "
			       "(no cgroup filesystem, or --cgroup-manager none)", g->what);
	if (g->ctrl == RM_CGC_NET_CLS || g->ctrl == RM_CGC_NET_PRIO)
		if (cg->backend == RM_CG_BACKEND_V2)
			return rm_fail(err, ENOTSUP, "%s: cgroup v2 has no %s controller", g->what,
				       cgi_ctrl_name(g->ctrl));
	return rm_fail(err, ENOTSUP, "%s: no %s cgroup controller on this host", g->what,
		       cgi_ctrl_name(g->ctrl));
}

static int apply(const struct rm_cgroup *cg, const struct rm_resources *r, struct rm_err *err)
{
	for (size_t i = 0; r && i < RM_COUNT(groups); i++) {
		const struct cg_group *g = &groups[i];
		if (!g->wants(r))
			continue;
		const char *dir = cgi_dir(cg, g->ctrl);
		/* Without any cgroups, device rules cannot be enforced, but the
		 * container's /dev is made by us and holds only the configured
		 * nodes; refusing would make every default config (deny-all
		 * plus allows, as `spec`, docker and podman write) fail on a
		 * board without cgroups.  Every other limit is refused. */
		if (!dir && g->ctrl == RM_CGC_DEVICES && cg->backend == RM_CG_BACKEND_NONE)
			continue;
		if (!dir)
			return missing(cg, g, err);
		cg_apply_fn fn = cgi_is_v2_dir(cg, dir) ? g->v2 : g->v1;
		if (!fn)
			return missing(cg, g, err);
		if (fn(dir, r, err) < 0)
			return -1;
	}
	if (r && r->n_unified) {
		const char *dir = cgi_dir(cg, RM_CGC_UNIFIED);
		if (!dir)
			return rm_fail(err, ENOTSUP, "linux.resources.unified: needs cgroup v2 "
				       "(this host has %s)", cg_backend_name(cg->backend));
		if (cgv2_unified(dir, r, err) < 0)
			return -1;
	}
	return 0;
}

/* A new container gets runc's default device rules even when the config
 * has none (runc starts from deny-all too); `update` leaves devices alone
 * unless it sends rules.  Without a devices controller nothing was asked. */
static int apply_default_devices(const struct rm_cgroup *cg, const struct rm_resources *r,
				 struct rm_err *err)
{
	static const struct rm_resources none;
	const char *dir = cgi_dir(cg, RM_CGC_DEVICES);
	if ((r && cgi_wants_devices(r)) || !dir)
		return 0;
	return cgi_is_v2_dir(cg, dir) ? cgbpf_apply(dir, &none, err) : cgv1_devices(dir, &none, err);
}

/* ---- create / open / enter / destroy ---- */

/* mkdir -p below base_len.  *created counts the path components from the
 * leaf up to the highest one we made, so cleanup can walk back up.  ENOENT
 * on a component means a concurrent delete removed a shared parent: retry. */
static int make_dirs(char *path, size_t base_len, bool v1_cpuset, uint8_t *created,
		     struct rm_err *err)
{
	int e = 0, first = -1;       /* first component we made, over all attempts */
	for (int attempt = 0; attempt < 5; attempt++) {
		int ncomp = 0;
		e = 0;
		for (char *s = path + base_len + 1; !e; s++) {
			if (*s != '/' && *s != '\0')
				continue;
			char saved = *s;
			*s = '\0';
			bool made = mkdir(path, 0755) == 0;
			if (made && (first < 0 || ncomp < first))
				first = ncomp;
			if (!made && errno != EEXIST)
				e = errno;
			/* Also when it exists: a concurrent create may have made it
			 * and not yet filled cpuset.cpus/mems, and a child of an
			 * empty cpuset cannot take tasks (ENOSPC).  Filling only
			 * empty files, it is idempotent. */
			else if (v1_cpuset && cgv1_cpuset_inherit(path, made, err) < 0)
				e = -1;
			*s = saved;
			ncomp++;
			if (saved == '\0')
				break;
		}
		if (e) {                      /* count to the end of the path */
			ncomp = 0;
			for (const char *s = path + base_len; *s; s++)
				ncomp += *s == '/';
		}
		*created = first < 0 ? 0 : (uint8_t)(ncomp - first);
		if (!e)
			return 0;
		if (e < 0)
			return -1;
		if (e != ENOENT)
			break;
	}
	return rm_fail(err, e, "create cgroup %s", path);
}

static int add_dirs(struct rm_cgroup *cg, const struct cg_host *host, const char *rel,
		    bool relative, bool create, uint32_t v2_need, struct rm_err *err)
{
	for (int i = 0; i < host->n; i++) {
		const struct cg_hier *h = &host->h[i];
		char *d = cg->dirs[cg->ndirs];
		size_t base;
		/* Hybrid: the cgroup2 tree carries only what v1 lacks. */
		uint32_t bits = h->ctrl;
		if (h->v2 && cg->backend == RM_CG_BACKEND_HYBRID)
			bits &= ~(RM_CG_BIT(RM_CGC_DEVICES) | RM_CG_BIT(RM_CGC_FREEZER) |
				  RM_CG_BIT(RM_CGC_CPUACCT));
		if (!h->v2 && !(bits & ~RM_CG_BIT(RM_CGC_NAMED)) && cg->backend == RM_CG_BACKEND_V2)
			continue;
		if (cgi_leaf_path(h, rel, relative, d, &base, err) < 0)
			return -1;
		cg->ctrl[cg->ndirs] = bits;
		if (!create) {
			struct stat st;
			if (stat(d, &st) == 0) {
				cg->created[cg->ndirs] = 1;
				cg->ndirs++;
			}
			continue;
		}
		cg->created[cg->ndirs] = 0;
		int r = make_dirs(d, base, !h->v2 && (h->ctrl & RM_CG_BIT(RM_CGC_CPUSET)),
				  &cg->created[cg->ndirs], err);
		cg->ndirs++;          /* recorded even on failure, so cleanup removes it */
		if (r < 0)
			return -1;
		if (h->v2) {
			char top[RM_CG_PATH_MAX];
			snprintf(top, sizeof top, "%s", h->mnt);
			uint32_t want = cg->backend == RM_CG_BACKEND_V2 ? h->ctrl : v2_need;
			if (cgv2_enable(top, d, want, v2_need, err) < 0)
				return -1;
		}
	}
	return 0;
}

/* In hybrid mode, controllers v1 lacks but the config needs come from v2. */
static uint32_t v2_needs(const struct cg_host *host, enum rm_cg_backend b, uint32_t need)
{
	uint32_t v1 = 0;
	if (host->v2 < 0)
		return 0;
	for (int i = 0; i < host->n; i++)
		if (!host->h[i].v2)
			v1 |= host->h[i].ctrl;
	if (b == RM_CG_BACKEND_HYBRID)
		need &= ~v1;
	return need & host->h[host->v2].ctrl;
}

static int setup(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
		 const char *id, const struct rm_resources *res, bool create, struct rm_err *err)
{
	struct cg_host host;
	char rel[RM_CG_PATH_MAX];
	bool relative = false;

	memset(cg, 0, sizeof *cg);
	if (mode == RM_CG_NONE)
		return 0;
	if (cgi_discover(&host, "/proc/self/mountinfo", "/proc/self/cgroup", err) < 0)
		return -1;
	cg->backend = cgi_backend(&host);
	if (cg->backend == RM_CG_BACKEND_NONE)
		return 0;
	if (cgi_resolve_path(cgroups_path, id, rel, &relative, err) < 0)
		return -1;
	if ((size_t)snprintf(cg->path, sizeof cg->path, "%s%s", relative ? "." : "", rel) >=
	    sizeof cg->path)
		return rm_fail(err, ENAMETOOLONG, "linux.cgroupsPath \"%s\"", rel);
	if (add_dirs(cg, &host, rel, relative, create, v2_needs(&host, cg->backend, needed(res)),
		     err) < 0)
		return -1;
	for (int i = 0; res && create && i < cg->ndirs; i++)
		if ((cg->ctrl[i] & RM_CG_BIT(RM_CGC_CPU)) && !(cg->ctrl[i] & RM_CG_BIT(RM_CGC_UNIFIED)) &&
		    cgv1_rt_parents(cg->dirs[i], cg->created[i], res, err) < 0)
			return -1;
	return 0;
}

int cg_create(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
	      const char *id, const struct rm_resources *res, struct rm_err *err)
{
	struct rm_err ignore;
	if (setup(cg, mode, cgroups_path, id, res, true, err) < 0 || apply(cg, res, err) < 0 ||
	    apply_default_devices(cg, res, err) < 0) {
		cg_destroy(cg, &ignore);      /* nothing left behind */
		return -1;
	}
	return 0;
}

int cg_open(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
	    const char *id, struct rm_err *err)
{
	return setup(cg, mode, cgroups_path, id, NULL, false, err);
}

int cg_update(const struct rm_cgroup *cg, const struct rm_resources *res, struct rm_err *err)
{
	if (res->has_mem_check_before_update && res->mem_check_before_update &&
	    res->has_mem_limit && res->mem_limit > 0) {
		const char *dir = cgi_dir(cg, RM_CGC_MEMORY);
		uint64_t usage;
		if (dir && cgi_read_u64(dir, cgi_is_v2_dir(cg, dir) ? "memory.current" :
					"memory.usage_in_bytes", &usage, RM_ERR_IGNORE) == 0 &&
		    usage > (uint64_t)res->mem_limit)
			return rm_fail(err, EBUSY, "memory.limit %lld is below the current usage %llu "
				       "(memory.checkBeforeUpdate)", (long long)res->mem_limit,
				       (unsigned long long)usage);
	}
	return apply(cg, res, err);
}

int cg_enter(const struct rm_cgroup *cg, pid_t pid, struct rm_err *err)
{
	for (int i = 0; i < cg->ndirs; i++)
		if (cgi_writef(cg->dirs[i], "cgroup.procs", err, "%d", (int)pid) < 0)
			return -1;
	if (cg->rdt_dir[0] && cgi_writef(cg->rdt_dir, "tasks", err, "%d", (int)pid) < 0)
		return rm_wrap(err, "linux.intelRdt");
	return 0;
}

int cg_rdt_prepare(struct rm_cgroup *cg, const struct rm_rdt *rdt, const char *id,
		   struct rm_err *err)
{
	char mnt[RM_CG_PATH_MAX], dir[RM_CG_PATH_MAX];
	struct stat st;
	if (!rdt->set)
		return 0;
	if (rdt_find_mount("/proc/self/mountinfo", mnt, sizeof mnt, err) < 0 ||
	    rdt_group_dir(mnt, rdt, id, dir, sizeof dir, err) < 0)
		return -1;
	bool exists = stat(dir, &st) == 0;
	if (!exists && rdt->clos_id && !rdt_has_schemata(rdt))
		return rm_fail(err, ENOENT, "linux.intelRdt.closID \"%s\": no such group in %s",
			       rdt->clos_id, mnt);
	if (exists && rdt->clos_id && rdt_check_schemata(dir, rdt, err) < 0)
		return -1;
	if (!exists) {
		if (mkdir(dir, 0755) < 0)
			return rm_fail(err, errno, "linux.intelRdt: create %s", dir);
		/* Recorded at once, so that a failure below removes it. */
		cg->rdt_created = rdt->clos_id == NULL;
	}
	snprintf(cg->rdt_dir, sizeof cg->rdt_dir, "%s", dir);
	return exists ? 0 : rdt_write_schemata(dir, rdt, err);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* rmdir a cgroup and any sub-cgroups the container made (deepest first).
 * Most have none: the directory is listed only when rmdir says it is busy. */
static int remove_tree(const char *dir, int depth)
{
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY && errno != ENOTEMPTY)
		return -1;
	DIR *d = depth < 16 ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char sub[RM_CG_PATH_MAX + 256];
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
		remove_tree(sub, depth + 1);
	}
	if (d)
		closedir(d);
	return rmdir(dir) == 0 || errno == ENOENT ? 0 : -1;
}

/* A cgroup whose last task just exited stays busy for a moment. */
static int remove_leaf(const char *dir, struct rm_err *err)
{
	long wait = 1;
	for (int i = 0; i < 40; i++) {
		if (remove_tree(dir, 0) == 0)
			return 0;
		if (errno != EBUSY && errno != ENOTEMPTY && errno != EAGAIN)
			break;
		pause_ms(wait);
		wait = wait < 100 ? wait * 2 : 100;
	}
	return rm_fail(err, errno, "remove cgroup %s", dir);
}

/* Parents we made go too, unless another container still uses them. */
static void remove_parents(char *dir, int count)
{
	for (int k = 1; k < count; k++) {
		char *slash = strrchr(dir, '/');
		if (!slash)
			return;
		*slash = '\0';
		if (rmdir(dir) < 0 && errno != ENOENT)
			return;
	}
}

/* ---- pause, pids, kill, oom, stats ---- */

int cg_freeze(const struct rm_cgroup *cg, struct rm_err *err)
{
	const char *dir = cgi_dir(cg, RM_CGC_FREEZER);
	if (!dir)
		return rm_fail(err, ENOTSUP, "pause: no freezer cgroup for this container");
	return cgi_is_v2_dir(cg, dir) ? cgv2_freeze(dir, true, err) : cgv1_freeze(dir, true, err);
}

int cg_thaw(const struct rm_cgroup *cg, struct rm_err *err)
{
	const char *dir = cgi_dir(cg, RM_CGC_FREEZER);
	if (!dir)
		return rm_fail(err, ENOTSUP, "resume: no freezer cgroup for this container");
	return cgi_is_v2_dir(cg, dir) ? cgv2_freeze(dir, false, err) : cgv1_freeze(dir, false, err);
}

int cg_is_frozen(const struct rm_cgroup *cg, bool *frozen, struct rm_err *err)
{
	const char *dir = cgi_dir(cg, RM_CGC_FREEZER);
	*frozen = false;
	if (!dir)
		return 0;
	return cgi_is_v2_dir(cg, dir) ? cgv2_is_frozen(dir, frozen, err)
				      : cgv1_is_frozen(dir, frozen, err);
}

static int collect(const char *dir, pid_t *pids, size_t max, size_t *n, int depth,
		   struct rm_err *err)
{
	char p[RM_CG_PATH_MAX + 64], line[32];
	snprintf(p, sizeof p, "%s/cgroup.procs", dir);
	FILE *f = util_fopen(p, O_RDONLY, "r");
	if (!f)
		return errno == ENOENT && depth > 0 ? 0 : rm_fail(err, errno, "read %s", p);
	while (fgets(line, sizeof line, f)) {
		if (*n < max)
			pids[*n] = (pid_t)atoi(line);
		(*n)++;
	}
	fclose(f);
	DIR *d = depth < 16 ? opendir(dir) : NULL;   /* sub-cgroups made inside */
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		collect(p, pids, max, n, depth + 1, err);
	}
	if (d)
		closedir(d);
	return 0;
}

int cg_pids(const struct rm_cgroup *cg, pid_t *pids, size_t max, struct rm_err *err)
{
	const char *dir = cgi_dir(cg, RM_CGC_FREEZER);
	size_t n = 0;
	if (!dir && cg->ndirs)
		dir = cg->dirs[0];
	if (!dir)
		return rm_fail(err, ENOTSUP, "no cgroup for this container");
	if (collect(dir, pids, max, &n, 0, err) < 0)
		return -1;
	return (int)n;
}

static int signal_all(const struct rm_cgroup *cg, int sig, struct rm_err *err)
{
	pid_t buf[1024];
	int n = cg_pids(cg, buf, sizeof buf / sizeof buf[0], err);
	if (n < 0)
		return -1;
	for (int i = 0; i < n && i < (int)(sizeof buf / sizeof buf[0]); i++)
		if (kill(buf[i], sig) < 0 && errno != ESRCH)
			return rm_fail(err, errno, "kill %d", (int)buf[i]);
	return n;
}

int cg_kill(const struct rm_cgroup *cg, int sig, struct rm_err *err)
{
	struct rm_err ignore;
	sigset_t block, old;
	const char *fz = cgi_dir(cg, RM_CGC_FREEZER);
	if (sig == SIGKILL && fz && cgi_is_v2_dir(cg, fz) && cgi_exists(fz, "cgroup.kill"))
		return cgi_write(fz, "cgroup.kill", "1", err);
	/* A SIGINT or SIGTERM to us between freeze and thaw would leave the
	 * container frozen: they wait until it is thawed (SIGKILL cannot be
	 * held off; delete -f thaws what is left). */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	/* Frozen, nobody can fork between listing and signalling. */
	bool has_freezer = fz && (cg_freeze(cg, &ignore) == 0 || ignore.errnum != ENOTSUP);
	int r = signal_all(cg, sig, err);
	/* Thawed on every path: also when the freeze failed half-way, or an
	 * earlier, interrupted kill left the cgroup frozen (a frozen task
	 * cannot die of the SIGKILL it was sent). */
	int t = has_freezer ? cg_thaw(cg, r < 0 ? &ignore : err) : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r < 0 || t < 0 ? -1 : 0;
}

/* Is the directory cg_pids reads one we made (not a cgroup we joined)? */
static bool owns_pid_dir(const struct rm_cgroup *cg)
{
	const char *dir = cgi_dir(cg, RM_CGC_FREEZER);
	for (int i = 0; i < cg->ndirs; i++)
		if (cg->dirs[i] == dir || (!dir && i == 0))
			return cg->created[i] != 0;
	return false;
}

/* Without a pid namespace the init's children outlive it and keep the
 * container's cgroups busy.  Kill everything left, as runc does: frozen,
 * SIGKILL, thawed (cgroup.kill on v2), then wait until the cgroup is empty.
 * Only in a cgroup we made: never in one the container merely joined. */
static int empty_out(const struct rm_cgroup *cg, struct rm_err *err)
{
	pid_t none;
	struct timespec ts = { 0, 1000000 };
	if (cg->ndirs == 0)
		return 0;
	int n = cg_pids(cg, &none, 0, err);
	if (n < 0 && err->errnum == ENOENT)
		return 0;
	if (n <= 0 || !owns_pid_dir(cg))
		return n < 0 ? -1 : 0;
	for (int i = 0; i < 200 && n > 0; i++) {
		if (i % 20 == 0 && cg_kill(cg, SIGKILL, err) < 0)
			return -1;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 64000000)
			ts.tv_nsec *= 2;
		if ((n = cg_pids(cg, &none, 0, err)) < 0)
			return -1;
	}
	return n ? rm_fail(err, EBUSY, "%d processes are still in the container's cgroup after "
			   "SIGKILL", n) : 0;
}

int cg_destroy(struct rm_cgroup *cg, struct rm_err *err)
{
	int ret = 0;
	if (empty_out(cg, err) < 0)
		return rm_wrap(err, "remove the container's cgroups");
	for (int i = cg->ndirs - 1; i >= 0; i--) {
		char d[RM_CG_PATH_MAX];
		if (!cg->created[i])
			continue;
		if (remove_leaf(cg->dirs[i], err) < 0) {
			ret = -1;
			continue;
		}
		snprintf(d, sizeof d, "%s", cg->dirs[i]);
		remove_parents(d, cg->created[i]);
		cg->created[i] = 0;
	}
	if (cg->rdt_created && rmdir(cg->rdt_dir) < 0 && errno != ENOENT)
		ret = rm_fail(err, errno, "remove the resctrl group %s", cg->rdt_dir);
	else
		cg->rdt_created = false;
	return ret;
}

int cg_oom_count(const struct rm_cgroup *cg, uint64_t *count, struct rm_err *err)
{
	const char *dir = cgi_dir(cg, RM_CGC_MEMORY);
	*count = 0;
	if (!dir)
		return 0;
	return cgi_is_v2_dir(cg, dir) ? cgv2_oom_count(dir, count, err)
				      : cgv1_oom_count(dir, count, err);
}

int cg_stats(const struct rm_cgroup *cg, struct rm_cg_stats *st, struct rm_err *err)
{
	memset(st, 0, sizeof *st);
	(void)err;
	if (cg->backend == RM_CG_BACKEND_V2) {
		const char *dir = cgi_dir(cg, RM_CGC_UNIFIED);
		if (dir)
			cgv2_stats(dir, st);
		return 0;
	}
	cgv1_stats(cg, st);
	return 0;
}

