/* cgroup.c - find the cgroup hierarchies, resolve cgroupsPath, create,
 * enter and remove the container's directories, and dispatch each resource
 * group to the v1 or v2 writer of the directory that carries it.
 *
 * Discovery reads /proc/self/mountinfo (which hierarchies are mounted where,
 * with which controllers: cpu and cpuacct may be one mount or two) and
 * /proc/self/cgroup (where we are in each, for relative paths).  On a hybrid
 * host the v1 hierarchies carry the limits and the cgroup2 tree is joined
 * too (as runc and systemd do); a controller that only the cgroup2 tree has
 * (hugetlb on some hosts) is used there, so no asked limit is dropped.
 * The host's mounts are never changed.
 *
 * Untrusted: cgroupsPath and every value (see cgroup.h).
 */
#include "cgroup_int.h"
#include "mountinfo.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const ctrl_names[RM_CGC_COUNT] = {
	[RM_CGC_CPU] = "cpu", [RM_CGC_CPUACCT] = "cpuacct", [RM_CGC_CPUSET] = "cpuset",
	[RM_CGC_MEMORY] = "memory", [RM_CGC_DEVICES] = "devices", [RM_CGC_FREEZER] = "freezer",
	[RM_CGC_BLKIO] = "blkio", [RM_CGC_PIDS] = "pids", [RM_CGC_HUGETLB] = "hugetlb",
	[RM_CGC_NET_CLS] = "net_cls", [RM_CGC_NET_PRIO] = "net_prio", [RM_CGC_RDMA] = "rdma",
	[RM_CGC_PERF_EVENT] = "perf_event", [RM_CGC_MISC] = "misc",
	[RM_CGC_NAMED] = "name=", [RM_CGC_UNIFIED] = "unified",
};

int cgi_ctrl_from_name(const char *name)
{
	if (strcmp(name, "io") == 0)
		return RM_CGC_BLKIO;
	if (strncmp(name, "name=", 5) == 0)
		return RM_CGC_NAMED;
	for (int c = 0; c < RM_CGC_NAMED; c++)
		if (strcmp(name, ctrl_names[c]) == 0)
			return c;
	return -1;
}

const char *cgi_ctrl_name(enum rm_cg_ctrl c)
{
	return c < RM_CGC_COUNT ? ctrl_names[c] : "?";
}

const char *cg_backend_name(enum rm_cg_backend b)
{
	switch (b) {
	case RM_CG_BACKEND_V1: return "v1";
	case RM_CG_BACKEND_V2: return "v2";
	case RM_CG_BACKEND_HYBRID: return "hybrid";
	default: return "none";
	}
}

/* ---- file helpers ---- */

static void join(char *out, size_t len, const char *dir, const char *file)
{
	snprintf(out, len, "%s/%s", dir, file);
}

int cgi_write(const char *dir, const char *file, const char *value, struct rm_err *err)
{
	char p[RM_CG_PATH_MAX + 64];
	join(p, sizeof p, dir, file);
	int fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "write \"%s\" to %s", value, p);
	size_t n = strlen(value);
	ssize_t w;
	do
		w = write(fd, value, n);
	while (w < 0 && errno == EINTR);
	int e = errno;
	close(fd);
	if (w < 0 || (size_t)w != n)
		return rm_fail(err, w < 0 ? e : EIO, "write \"%s\" to %s", value, p);
	return 0;
}

int cgi_writef(const char *dir, const char *file, struct rm_err *err, const char *fmt, ...)
{
	char v[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	return cgi_write(dir, file, v, err);
}

int cgi_read(const char *dir, const char *file, char *buf, size_t len, struct rm_err *err)
{
	char p[RM_CG_PATH_MAX + 64];
	size_t got = 0;
	join(p, sizeof p, dir, file);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "read %s", p);
	while (got + 1 < len) {
		ssize_t r = read(fd, buf + got, len - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return rm_fail(err, e, "read %s", p);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	return (int)got;
}

int cgi_read_u64(const char *dir, const char *file, uint64_t *v, struct rm_err *err)
{
	char b[64], *e;
	if (cgi_read(dir, file, b, sizeof b, err) < 0)
		return -1;
	if (strncmp(b, "max", 3) == 0) {
		*v = UINT64_MAX;
		return 0;
	}
	errno = 0;
	*v = strtoull(b, &e, 10);
	if (errno || e == b)
		return rm_fail(err, EINVAL, "%s/%s: not a number: \"%.20s\"", dir, file, b);
	return 0;
}

bool cgi_exists(const char *dir, const char *file)
{
	char p[RM_CG_PATH_MAX + 64];
	join(p, sizeof p, dir, file);
	return access(p, F_OK) == 0;
}

int cgi_keyed(const char *dir, const char *file, const char *key, uint64_t *v)
{
	char buf[8192];
	size_t kl = strlen(key);
	if (cgi_read(dir, file, buf, sizeof buf, NULL) < 0)
		return -1;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, kl) == 0 && l[kl] == ' ') {
			*v = strtoull(l + kl + 1, NULL, 10);
			return 0;
		}
	}
	return -1;
}

/* ---- discovery ---- */

/* Controller bits of a comma list ("rw,cpu,cpuacct" or "cpu,cpuacct"). */
static uint32_t ctrl_bits(const char *list, char *name, size_t nlen)
{
	char tmp[512], *save = NULL;
	uint32_t bits = 0;
	snprintf(tmp, sizeof tmp, "%s", list);
	for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int c = cgi_ctrl_from_name(t);
		if (c < 0)
			continue;
		bits |= RM_CG_BIT(c);
		if (c == RM_CGC_NAMED && name)
			snprintf(name, nlen, "%s", t);
	}
	return bits;
}

/* One cgroup or cgroup2 mount that a lookup of its mount point reaches. */
static void add_mount(struct cg_host *host, const struct mi_entry *e, char names[][64])
{
	bool v2 = strcmp(e->type, "cgroup2") == 0;
	if ((!v2 && strcmp(e->type, "cgroup") != 0) || host->n >= RM_CG_MAX_DIRS ||
	    strlen(e->mnt) >= RM_CG_PATH_MAX || strlen(e->root) >= RM_CG_PATH_MAX)
		return;
	struct cg_hier *h = &host->h[host->n];
	char name[64] = "";
	uint32_t bits = v2 ? 0 : ctrl_bits(e->super, name, sizeof name);
	for (int i = 0; i < host->n; i++)     /* the same hierarchy mounted twice */
		if (host->h[i].v2 == v2 && host->h[i].ctrl == bits && strcmp(names[i], name) == 0)
			return;
	if (v2 && host->v2 >= 0) {
		/* Several cgroup2 mounts: prefer the usual places. */
		if (strcmp(e->mnt, "/sys/fs/cgroup") != 0)
			return;
		h = &host->h[host->v2];
	} else if (v2) {
		host->v2 = host->n++;
	} else {
		host->n++;
		if (bits & ~RM_CG_BIT(RM_CGC_NAMED))
			host->nv1++;
	}
	memset(h, 0, sizeof *h);
	snprintf(h->mnt, sizeof h->mnt, "%s", e->mnt);
	snprintf(h->root, sizeof h->root, "%s", e->root);
	snprintf(h->own, sizeof h->own, "/");          /* until /proc/self/cgroup says */
	snprintf(names[h - host->h], 64, "%s", name);
	h->ctrl = bits;
	h->v2 = v2;
}

/* Only mounts a path lookup reaches count: a tmpfs mounted over
 * /sys/fs/cgroup/unified (or over /sys/fs/cgroup in a private mount
 * namespace that shows only the v1 hierarchies) hides the cgroup2 tree
 * below it, and its directories cannot be made or joined there. */
static int add_mounts(struct cg_host *host, const char *mountinfo, char names[][64],
		      struct rm_err *err)
{
	struct mi_table t;
	if (mi_load(&t, mountinfo, err) < 0)
		return -1;
	for (size_t i = 0; i < t.n; i++)
		if ((strcmp(t.e[i].type, "cgroup") == 0 || strcmp(t.e[i].type, "cgroup2") == 0) &&
		    mi_is_visible(&t, i))
			add_mount(host, &t.e[i], names);
	mi_free(&t);
	return 0;
}

/* "ID:ctrl,ctrl:/path" -> our place in that hierarchy, below the mount's root. */
static void add_self(struct cg_host *host, char *line, char names[][64])
{
	char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2)
		return;
	*c2 = '\0';
	char *path = c2 + 1, name[64] = "";
	path[strcspn(path, "\n")] = '\0';
	bool v2 = c1[1] == '\0';
	uint32_t bits = v2 ? 0 : ctrl_bits(c1 + 1, name, sizeof name);
	for (int i = 0; i < host->n; i++) {
		struct cg_hier *h = &host->h[i];
		if (h->v2 != v2 || (!v2 && (h->ctrl != bits || strcmp(names[i], name) != 0)))
			continue;
		size_t rl = strlen(h->root);
		/* A mount of a subtree (container, cgroupns) shows paths from its root. */
		if (strcmp(h->root, "/") != 0 && strncmp(path, h->root, rl) == 0 &&
		    (path[rl] == '/' || path[rl] == '\0'))
			path += rl;
		snprintf(h->own, sizeof h->own, "%s", *path ? path : "/");
	}
}

static void read_self(const char *file, char names[][64], struct cg_host *host)
{
	char line[4096];
	FILE *f = fopen(file, "re");
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		add_self(host, line, names);
	fclose(f);
}

int cgi_discover(struct cg_host *host, const char *mountinfo, const char *self_cgroup,
		 struct rm_err *err)
{
	char names[RM_CG_MAX_DIRS][64];
	memset(host, 0, sizeof *host);
	memset(names, 0, sizeof names);
	host->v2 = -1;
	if (add_mounts(host, mountinfo, names, err) < 0)
		return -1;
	/* Without /proc/self/cgroup every path counts from the top. */
	read_self(self_cgroup, names, host);
	if (host->v2 >= 0)
		host->h[host->v2].ctrl = cgv2_available(host->h[host->v2].mnt) |
					 RM_CG_BIT(RM_CGC_UNIFIED);
	return 0;
}

enum rm_cg_backend cgi_backend(const struct cg_host *host)
{
	if (host->nv1 > 0)
		return host->v2 >= 0 ? RM_CG_BACKEND_HYBRID : RM_CG_BACKEND_V1;
	return host->v2 >= 0 ? RM_CG_BACKEND_V2 : RM_CG_BACKEND_NONE;
}

enum rm_cg_backend cg_detect(void)
{
	struct cg_host host;
	if (cgi_discover(&host, "/proc/self/mountinfo", "/proc/self/cgroup", NULL) < 0)
		return RM_CG_BACKEND_NONE;
	return cgi_backend(&host);
}

/* ---- paths ---- */

int cgi_clean_path(const char *in, char *out, size_t len, struct rm_err *err)
{
	char tmp[RM_CG_PATH_MAX], *save = NULL;
	size_t o = 0;
	if (strlen(in) >= sizeof tmp)
		return rm_fail(err, ENAMETOOLONG, "cgroupsPath \"%.64s...\"", in);
	snprintf(tmp, sizeof tmp, "%s", in);
	out[0] = '\0';
	for (char *t = strtok_r(tmp, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0) {     /* never above the top, as runc's CleanPath */
			char *slash = strrchr(out, '/');
			o = slash ? (size_t)(slash - out) : 0;
			out[o] = '\0';
			continue;
		}
		if (o + 1 + strlen(t) + 1 > len)
			return rm_fail(err, ENAMETOOLONG, "cgroupsPath \"%s\"", in);
		o += (size_t)snprintf(out + o, len - o, "/%s", t);
	}
	return 0;
}

/* slice:prefix:name is what --systemd-cgroup callers send. */
static bool is_systemd_path(const char *p)
{
	const char *c = strchr(p, ':');
	return p[0] != '/' && c && strchr(c + 1, ':');
}

static int resolve_rel(const char *cgroups_path, const char *id, char *rel, bool *relative,
		       struct rm_err *err)
{
	char def[RM_CG_PATH_MAX];
	if (!cgroups_path || !*cgroups_path) {
		if (!id || !*id || strchr(id, '/'))
			return rm_fail(err, EINVAL, "container id \"%s\" cannot name a cgroup", id ? id : "");
		snprintf(def, sizeof def, "/runc-mini/%s", id);
		cgroups_path = def;
	}
	if (is_systemd_path(cgroups_path))
		return rm_fail(err, EINVAL, "linux.cgroupsPath \"%s\": a systemd slice:prefix:name path "
			       "needs a systemd cgroup manager, which runc-mini does not have; "
			       "use a cgroupfs path such as /runc-mini/ID", cgroups_path);
	*relative = cgroups_path[0] != '/';
	if (cgi_clean_path(cgroups_path, rel, RM_CG_PATH_MAX, err) < 0)
		return -1;
	if (!*rel)
		return rm_fail(err, EINVAL, "linux.cgroupsPath \"%s\": names the %s cgroup itself; "
			       "give the container a cgroup of its own", cgroups_path,
			       *relative ? "caller's" : "root");
	return 0;
}

/* The leaf for hierarchy h; *base_len = length of the part that exists
 * before us (mount point, plus our own cgroup for a relative path). */
static int leaf_path(const struct cg_hier *h, const char *rel, bool relative, char *out,
		     size_t *base_len, struct rm_err *err)
{
	const char *own = relative && strcmp(h->own, "/") != 0 ? h->own : "";
	int n = snprintf(out, RM_CG_PATH_MAX, "%s%s", h->mnt, own);
	*base_len = (size_t)n;
	if (snprintf(out + n, RM_CG_PATH_MAX - (size_t)n, "%s", rel) >= RM_CG_PATH_MAX - n)
		return rm_fail(err, ENAMETOOLONG, "cgroup path %s%s%s", h->mnt, own, rel);
	return 0;
}

const char *cgi_dir(const struct rm_cgroup *cg, enum rm_cg_ctrl c)
{
	for (int i = 0; i < cg->ndirs; i++)
		if (cg->ctrl[i] & RM_CG_BIT(c))
			return cg->dirs[i];
	return NULL;
}

bool cgi_is_v2_dir(const struct rm_cgroup *cg, const char *dir)
{
	for (int i = 0; i < cg->ndirs; i++)
		if (cg->dirs[i] == dir || strcmp(cg->dirs[i], dir) == 0)
			return (cg->ctrl[i] & RM_CG_BIT(RM_CGC_UNIFIED)) != 0;
	return false;
}

bool cg_has_controller(const struct rm_cgroup *cg, enum rm_cg_ctrl c)
{
	return cgi_dir(cg, c) != NULL;
}

/* ---- what a config asks for ---- */

bool cgi_wants_memory(const struct rm_resources *r)
{
	return (r->has_mem_limit && r->mem_limit) || (r->has_mem_reservation && r->mem_reservation) ||
	       (r->has_mem_swap && r->mem_swap) || r->has_mem_swappiness ||
	       (r->has_mem_disable_oom && r->mem_disable_oom);
}

bool cgi_wants_cpu(const struct rm_resources *r)
{
	return (r->has_cpu_shares && r->cpu_shares) || (r->has_cpu_quota && r->cpu_quota) ||
	       (r->has_cpu_period && r->cpu_period) || r->has_cpu_burst || r->has_cpu_idle ||
	       (r->has_cpu_realtime_period && r->cpu_realtime_period) ||
	       (r->has_cpu_realtime_runtime && r->cpu_realtime_runtime);
}

bool cgi_wants_cpuset(const struct rm_resources *r)
{
	return (r->cpu_cpus && *r->cpu_cpus) || (r->cpu_mems && *r->cpu_mems);
}

bool cgi_wants_blkio(const struct rm_resources *r)
{
	return (r->has_blkio_weight && r->blkio_weight) ||
	       (r->has_blkio_leaf_weight && r->blkio_leaf_weight) || r->n_blkio_weight_dev ||
	       r->n_throttle_read_bps || r->n_throttle_write_bps || r->n_throttle_read_iops ||
	       r->n_throttle_write_iops;
}

static bool wants_pids(const struct rm_resources *r) { return r->has_pids_limit && r->pids_limit; }
static bool wants_hugetlb(const struct rm_resources *r) { return r->n_hugepages > 0; }
static bool wants_net_cls(const struct rm_resources *r) { return r->has_net_class_id && r->net_class_id; }
static bool wants_net_prio(const struct rm_resources *r) { return r->n_net_prio > 0; }
static bool wants_rdma(const struct rm_resources *r) { return r->n_rdma > 0; }
static bool wants_devices(const struct rm_resources *r) { return r->n_devices > 0; }

/* Allowed in every container because the runtime creates these nodes in
 * its /dev (podman sends a deny-all list and relies on this, like runc's
 * AllowedDevices and crun's defaults). */
static const struct rm_dev_rule default_allow[] = {
	{ true, 'c', 1, 3, "rwm" },  /* null */
	{ true, 'c', 1, 5, "rwm" },  /* zero */
	{ true, 'c', 1, 7, "rwm" },  /* full */
	{ true, 'c', 1, 8, "rwm" },  /* random */
	{ true, 'c', 1, 9, "rwm" },  /* urandom */
	{ true, 'c', 5, 0, "rwm" },  /* tty */
	{ true, 'c', 5, 1, "rwm" },  /* console */
	{ true, 'c', 5, 2, "rwm" },  /* ptmx */
	{ true, 'c', 136, -1, "rwm" }, /* pts */
};

size_t cgi_device_rules(const struct rm_resources *r, struct rm_dev_rule *out, size_t max)
{
	size_t n = 0, nd = sizeof default_allow / sizeof default_allow[0];
	for (size_t i = 0; i < r->n_devices && n < max; i++)
		out[n++] = r->devices[i];
	for (size_t i = 0; i < nd && n < max; i++)
		out[n++] = default_allow[i];
	return n;
}

/* ---- applying ---- */

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
	{ RM_CGC_PIDS, "linux.resources.pids", wants_pids, cgv1_pids, cgv2_pids },
	{ RM_CGC_BLKIO, "linux.resources.blockIO", cgi_wants_blkio, cgv1_blkio, cgv2_io },
	{ RM_CGC_HUGETLB, "linux.resources.hugepageLimits", wants_hugetlb, cgv1_hugetlb, cgv2_hugetlb },
	{ RM_CGC_NET_CLS, "linux.resources.network.classID", wants_net_cls, cgv1_net_cls, NULL },
	{ RM_CGC_NET_PRIO, "linux.resources.network.priorities", wants_net_prio, cgv1_net_prio, NULL },
	{ RM_CGC_RDMA, "linux.resources.rdma", wants_rdma, cgv1_rdma, cgv2_rdma },
	{ RM_CGC_DEVICES, "linux.resources.devices", wants_devices, cgv1_devices, cgbpf_apply },
};
#define NGROUPS (sizeof groups / sizeof groups[0])

/* Controllers the config needs (a missing one is an error only then). */
static uint32_t needed(const struct rm_resources *r)
{
	uint32_t bits = 0;
	for (size_t i = 0; r && i < NGROUPS; i++)
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

static int apply(const struct rm_cgroup *cg, const struct rm_resources *r, bool update,
		 struct rm_err *err)
{
	for (size_t i = 0; r && i < NGROUPS; i++) {
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
		if (fn(dir, r, update, err) < 0)
			return -1;
	}
	if (r && r->n_unified) {
		const char *dir = cgi_dir(cg, RM_CGC_UNIFIED);
		if (!dir)
			return rm_fail(err, ENOTSUP, "linux.resources.unified: needs cgroup v2 "
				       "(this host has %s)", cg_backend_name(cg->backend));
		if (cgv2_unified(dir, r, update, err) < 0)
			return -1;
	}
	return 0;
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
			else if (v1_cpuset && cgv1_cpuset_inherit(path, err) < 0)
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
		if (leaf_path(h, rel, relative, d, &base, err) < 0)
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
	if (resolve_rel(cgroups_path, id, rel, &relative, err) < 0)
		return -1;
	if ((size_t)snprintf(cg->path, sizeof cg->path, "%s%s", relative ? "." : "", rel) >=
	    sizeof cg->path)
		return rm_fail(err, ENAMETOOLONG, "linux.cgroupsPath \"%s\"", rel);
	return add_dirs(cg, &host, rel, relative, create,
			v2_needs(&host, cg->backend, needed(res)), err);
}

int cg_create(struct rm_cgroup *cg, enum rm_cg_mode mode, const char *cgroups_path,
	      const char *id, const struct rm_resources *res, struct rm_err *err)
{
	struct rm_err ignore;
	if (setup(cg, mode, cgroups_path, id, res, true, err) < 0 || apply(cg, res, false, err) < 0) {
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
					"memory.usage_in_bytes", &usage, NULL) == 0 &&
		    usage > (uint64_t)res->mem_limit)
			return rm_fail(err, EBUSY, "memory.limit %lld is below the current usage %llu "
				       "(memory.checkBeforeUpdate)", (long long)res->mem_limit,
				       (unsigned long long)usage);
	}
	return apply(cg, res, true, err);
}

int cg_enter(const struct rm_cgroup *cg, pid_t pid, struct rm_err *err)
{
	for (int i = 0; i < cg->ndirs; i++)
		if (cgi_writef(cg->dirs[i], "cgroup.procs", err, "%d", (int)pid) < 0)
			return -1;
	return 0;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* rmdir a cgroup and any sub-cgroups the container made (deepest first). */
static int remove_tree(const char *dir, int depth)
{
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

int cg_destroy(struct rm_cgroup *cg, struct rm_err *err)
{
	int ret = 0;
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
	return ret;
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
	FILE *f = fopen(p, "re");
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
	const char *fz = cgi_dir(cg, RM_CGC_FREEZER);
	if (sig == SIGKILL && fz && cgi_is_v2_dir(cg, fz) && cgi_exists(fz, "cgroup.kill"))
		return cgi_write(fz, "cgroup.kill", "1", err);
	/* Frozen, nobody can fork between listing and signalling. */
	bool frozen = fz && cg_freeze(cg, &ignore) == 0;
	int r = signal_all(cg, sig, err);
	if (frozen && cg_thaw(cg, r < 0 ? &ignore : err) < 0 && r >= 0)
		return -1;
	return r < 0 ? -1 : 0;
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

int cgi_write_hugetlb(const char *dir, const struct rm_resources *r, const char *suffix, struct rm_err *err)
{
	for (size_t i = 0; i < r->n_hugepages; i++) {
		char file[128];
		snprintf(file, sizeof file, "hugetlb.%s.%s", r->hugepages[i].page_size, suffix);
		if (!cgi_exists(dir, file))
			return rm_fail(err, ENOTSUP, "linux.resources.hugepageLimits[%zu]: page size %s "
				       "is not supported here (no %s/%s)", i, r->hugepages[i].page_size,
				       dir, file);
		if (cgi_writef(dir, file, err, "%" PRIu64, r->hugepages[i].limit) < 0)
			return -1;
	}
	return 0;
}
