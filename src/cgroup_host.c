/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup_host.c - the host layer below the v1 and v2 writers: controller
 * names, file helpers that name the file and value in every error, discovery
 * of the hierarchies, paths, what a config asks for, the default device
 * rules, and the writers v1 and v2 share.  It calls nothing above it.
 *
 * Discovery reads /proc/self/mountinfo (which hierarchies are mounted where,
 * with which controllers: cpu and cpuacct may be one mount or two; only
 * mounts a path lookup reaches count) and /proc/self/cgroup (where we are in
 * each, for relative paths).  The host's mounts are never changed.
 *
 * Untrusted: cgroupsPath and every value (see cgroup.h).
 */
#include "cgroup_host.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mountinfo.h"
#include "util.h"

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

/* ---- file helpers ---- */

static void join(char *out, size_t len, const char *dir, const char *file)
{
	snprintf(out, len, "%s/%s", dir, file);
}

int cgi_write(const char *dir, const char *file, const char *value, struct rm_err *err)
{
	char p[RM_CG_PATH_MAX + 64];
	join(p, sizeof p, dir, file);
	int fd = openat(AT_FDCWD, p, O_WRONLY | O_CLOEXEC);
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

int cgi_write_each(const char *dir, const char *file, const char *const *values, size_t n,
		   struct rm_err *err)
{
	char p[RM_CG_PATH_MAX + 64];
	join(p, sizeof p, dir, file);
	int fd = n ? openat(AT_FDCWD, p, O_WRONLY | O_CLOEXEC) : 0;
	if (fd < 0)
		return rm_fail(err, errno, "write \"%s\" to %s", values[0], p);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(values[i]);
		ssize_t w;
		do
			w = write(fd, values[i], len);
		while (w < 0 && errno == EINTR);
		if (w < 0 || (size_t)w != len) {
			int e = w < 0 ? errno : EIO;
			close(fd);
			return rm_fail(err, e, "write \"%s\" to %s", values[i], p);
		}
	}
	if (n)
		close(fd);
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
	int fd = openat(AT_FDCWD, p, O_RDONLY | O_CLOEXEC);
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
	if (cgi_read(dir, file, buf, sizeof buf, RM_ERR_IGNORE) < 0)
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

/* Controllers every v2 cgroup has without a cgroup.controllers entry:
 * the freezer (cgroup.freeze, 5.2+), devices (eBPF), cpu accounting. */
uint32_t cgi_v2_list(const char *buf)
{
	char tmp[512], *save = NULL;
	uint32_t bits = 0;
	snprintf(tmp, sizeof tmp, "%s", buf);
	for (char *t = strtok_r(tmp, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
		int c = cgi_ctrl_from_name(t);
		if (c >= 0 && c != RM_CGC_NAMED)
			bits |= RM_CG_BIT(c);
	}
	return bits;
}

uint32_t cgi_v2_available(const char *dir)
{
	char buf[512];
	if (cgi_read(dir, "cgroup.controllers", buf, sizeof buf, RM_ERR_IGNORE) < 0)
		return CGI_V2_CORE_BITS;
	return cgi_v2_list(buf) | CGI_V2_CORE_BITS;
}


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
	FILE *f = util_fopen(file, O_RDONLY, "r");
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
		host->h[host->v2].ctrl = cgi_v2_available(host->h[host->v2].mnt) |
					 RM_CG_BIT(RM_CGC_UNIFIED);
	return 0;
}

enum rm_cg_backend cgi_backend(const struct cg_host *host)
{
	if (host->nv1 > 0)
		return host->v2 >= 0 ? RM_CG_BACKEND_HYBRID : RM_CG_BACKEND_V1;
	return host->v2 >= 0 ? RM_CG_BACKEND_V2 : RM_CG_BACKEND_NONE;
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

int cgi_resolve_path(const char *cgroups_path, const char *id, char *rel, bool *relative,
		     struct rm_err *err)
{
	char def[RM_CG_PATH_MAX];
	if (!cgroups_path || !*cgroups_path) {
		if (!id || !*id || strchr(id, '/'))
			return rm_fail(err, EINVAL, "container id \"%s\" cannot name a cgroup", id ? id : "");
		/* runc's default: /<id> in each hierarchy.  No shared parent
		 * directory, so concurrent creates and deletes cannot race on
		 * it, and no intermediate cgroup holds back a realtime budget. */
		snprintf(def, sizeof def, "/%s", id);
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

int cgi_leaf_path(const struct cg_hier *h, const char *rel, bool relative, char *out,
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

/* ---- what a config asks for (zeros engines send for "unset" do not count) ---- */

bool cgi_wants_memory(const struct rm_resources *r)
{
	return (r->has_mem_limit && r->mem_limit) || (r->has_mem_reservation && r->mem_reservation) ||
	       (r->has_mem_swap && r->mem_swap) || r->has_mem_swappiness ||
	       (r->has_mem_kernel_tcp && r->mem_kernel_tcp) ||
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

bool cgi_wants_pids(const struct rm_resources *r) { return r->has_pids_limit && r->pids_limit; }
bool cgi_wants_hugetlb(const struct rm_resources *r) { return r->n_hugepages > 0; }
bool cgi_wants_net_cls(const struct rm_resources *r) { return r->has_net_class_id && r->net_class_id; }
bool cgi_wants_net_prio(const struct rm_resources *r) { return r->n_net_prio > 0; }
bool cgi_wants_rdma(const struct rm_resources *r) { return r->n_rdma > 0; }
bool cgi_wants_devices(const struct rm_resources *r) { return r->n_devices > 0; }

/* Allowed in every container, after the config's rules and on top of a
 * deny-all start: exactly runc's AllowedDevices (mknod of any node, the
 * standard nodes the runtime makes, ptys, tun), in runc's order.  podman
 * sends a deny-all list and relies on these.  /dev/console (5:1) is not
 * among them: with a terminal it is a bind of a pty (136:N). */
static const struct rm_dev_rule default_allow[] = {
	{ true, 'c', -1, -1, "m" },    /* mknod of any char device */
	{ true, 'b', -1, -1, "m" },    /* mknod of any block device */
	{ true, 'c', 1, 3, "rwm" },    /* null */
	{ true, 'c', 1, 8, "rwm" },    /* random */
	{ true, 'c', 1, 7, "rwm" },    /* full */
	{ true, 'c', 5, 0, "rwm" },    /* tty */
	{ true, 'c', 1, 5, "rwm" },    /* zero */
	{ true, 'c', 1, 9, "rwm" },    /* urandom */
	{ true, 'c', 136, -1, "rwm" }, /* pts */
	{ true, 'c', 5, 2, "rwm" },    /* ptmx */
	{ true, 'c', 10, 200, "rwm" }, /* tun */
};

size_t cgi_device_rules(const struct rm_resources *r, struct rm_dev_rule *out, size_t max)
{
	size_t n = 0, nd = sizeof default_allow / sizeof default_allow[0];
	for (size_t i = 0; r && i < r->n_devices && n < max; i++)
		out[n++] = r->devices[i];
	for (size_t i = 0; i < nd && n < max; i++)
		out[n++] = default_allow[i];
	return n;
}

/* ---- writers v1 and v2 share (same file names and syntax) ---- */

int cgi_write_cpuset(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	if (r->cpu_cpus && *r->cpu_cpus && cgi_write(dir, "cpuset.cpus", r->cpu_cpus, err) < 0)
		return -1;
	if (r->cpu_mems && *r->cpu_mems && cgi_write(dir, "cpuset.mems", r->cpu_mems, err) < 0)
		return -1;
	return 0;
}

/* "mlx5_1 hca_handle=3 hca_object=max": unset fields are left out. */
int cgi_write_rdma(const char *dir, const struct rm_resources *r, struct rm_err *err)
{
	for (size_t i = 0; i < r->n_rdma; i++) {
		const struct rm_rdma *d = &r->rdma[i];
		char v[256];
		int n = snprintf(v, sizeof v, "%s", d->device);
		if (d->has_handles)
			n += snprintf(v + n, sizeof v - (size_t)n, " hca_handle=%u", d->hca_handles);
		if (d->has_objects)
			snprintf(v + n, sizeof v - (size_t)n, " hca_object=%u", d->hca_objects);
		if (cgi_write(dir, "rdma.max", v, err) < 0)
			return -1;
	}
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

/* ---- waiting for the kernel ---- */

int cgi_poll(const char *dir, bool want, int rounds, cgi_step_fn step, struct rm_err *err)
{
	struct timespec ts = { 0, 1000000 };
	for (int i = 0; i < rounds; i++) {
		bool done = false;
		if (step(dir, want, &done, err) < 0)
			return -1;
		if (done)
			return 0;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 50000000)
			ts.tv_nsec *= 2;
	}
	return 1;
}
