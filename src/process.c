/* SPDX-License-Identifier: Apache-2.0 */
/* process.c - identity, limits and the final execve of the container
 * process.  Runs in the child, after pivot_root: every path here is inside
 * the container. */
#include "process.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "sys.h"
#include "util.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return env[i] + n + 1;
	return NULL;
}

/* Field i (0-based) of a colon-separated line, into out. */
static int field(const char *line, int i, char *out, size_t len)
{
	while (i-- > 0) {
		line = strchr(line, ':');
		if (!line)
			return -1;
		line++;
	}
	size_t n = strcspn(line, ":\n");
	if (n >= len)
		return -1;
	memcpy(out, line, n);
	out[n] = '\0';
	return 0;
}

/* A decimal id of the container's passwd or group file, 0..RM_USER_ID_MAX:
 * strtoul alone would wrap 4294967296 to 0 and take -1 as (uid_t)-1. */
static int parse_id(const char *s, uint32_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno == ERANGE || v > RM_USER_ID_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Find the /etc/passwd line whose name (or uid, when name is NULL)
 * matches: 0, -1 when none does, -2 when its uid or gid is no valid id. */
static int passwd_lookup(const char *name, uid_t uid, uid_t *ouid, gid_t *ogid, char *home, size_t hlen)
{
	char *buf = NULL, f[256];
	struct rm_err e;
	int found = -1;
	if (util_read_file("/etc/passwd", 1 << 20, &buf, NULL, &e) < 0)
		return -1;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char u[32], g[32];
		uint32_t nu, ng;
		if (field(l, 0, f, sizeof f) < 0 || field(l, 2, u, sizeof u) < 0 || field(l, 3, g, sizeof g) < 0)
			continue;
		bool valid = parse_id(u, &nu) == 0 && parse_id(g, &ng) == 0;
		if (name ? strcmp(f, name) != 0 : !valid || nu != uid)
			continue;
		if (!valid) {
			found = -2;
			break;
		}
		*ouid = nu;
		*ogid = ng;
		if (field(l, 5, home, hlen) < 0)
			home[0] = '\0';
		found = 0;
		break;
	}
	free(buf);
	return found;
}

/* Any number of groups the kernel takes: a static array, not the stack
 * (256 KiB), touched only as far as it is used.  They used to be cut
 * silently to 64. */
static gid_t group_storage[RM_GROUPS_MAX];

static int add_group(struct rm_exec *x, gid_t g, struct rm_err *err)
{
	if (x->n_groups >= RM_GROUPS_MAX)
		return rm_fail(err, E2BIG, "process.user: more than %d supplementary groups (NGROUPS_MAX)",
			       RM_GROUPS_MAX);
	x->groups[x->n_groups++] = g;
	return 0;
}

/* Supplementary groups of a user from /etc/group (member lists). */
static int group_members(const char *user, struct rm_exec *x, struct rm_err *err)
{
	char *buf = NULL, members[4096], gid[32];
	struct rm_err e;
	if (util_read_file("/etc/group", 1 << 20, &buf, NULL, &e) < 0)
		return 0;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		uint32_t g;
		if (field(l, 2, gid, sizeof gid) < 0 || field(l, 3, members, sizeof members) < 0 ||
		    parse_id(gid, &g) < 0)   /* no valid id: not a group we can set */
			continue;
		for (char *save, *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save))
			if (strcmp(m, user) == 0 && add_group(x, g, err) < 0) {
				free(buf);
				return -1;
			}
	}
	free(buf);
	return 0;
}

static int resolve_user(const struct rm_process *p, struct rm_exec *x, struct rm_err *err)
{
	x->uid = p->uid;
	x->gid = p->gid;
	x->home[0] = '\0';
	if (p->user_name) {
		int r = passwd_lookup(p->user_name, 0, &x->uid, &x->gid, x->home, sizeof x->home);
		if (r == -2)
			return rm_fail(err, 0, "user %s: its uid or gid in the container's /etc/passwd is "
				       "not an id between 0 and %u", p->user_name, RM_USER_ID_MAX);
		if (r < 0)
			return rm_fail(err, 0, "unable to find user %s: no matching entries in passwd file",
				       p->user_name);
		if (group_members(p->user_name, x, err) < 0)
			return -1;
	} else {
		uid_t u;
		gid_t g;
		passwd_lookup(NULL, p->uid, &u, &g, x->home, sizeof x->home);
	}
	for (size_t i = 0; i < p->n_additional_gids; i++)
		if (add_group(x, p->additional_gids[i], err) < 0)
			return -1;
	if (!x->home[0])
		strcpy(x->home, "/");
	return 0;
}

/* The file execve would run path with: path itself, or the interpreter of
 * its #! line.  0 with *next = "" when there is none. */
static int script_interpreter(const char *path, char *next, size_t len)
{
	char buf[256];
	cleanup_fd int fd = openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	next[0] = '\0';
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = '\0';
	char *p = buf + 2 + strspn(buf + 2, " \t");
	size_t k = strcspn(p, " \t\n");
	if (k >= len)
		return -1;
	memcpy(next, p, k);
	next[k] = '\0';
	return 0;
}

/* CVE-2019-5736: the container's process must never be runc-mini itself:
 * /proc/self/exe, a link to it, or a script whose interpreter (at any of
 * the kernel's 4 levels) is one.  Running from a sealed copy (exe.c) makes
 * the binary safe anyway; this refuses the attack before it starts. */
static bool is_runtime(const char *path)
{
	struct stat self, st;
	char cur[PATH_MAX], next[PATH_MAX];
	if (stat("/proc/self/exe", &self) < 0)
		return false;
	snprintf(cur, sizeof cur, "%s", path);
	for (int depth = 0; depth < 5 && cur[0]; depth++) {
		if (stat(cur, &st) < 0)
			return false;
		if (st.st_dev == self.st_dev && st.st_ino == self.st_ino)
			return true;
		if (!S_ISREG(st.st_mode) || script_interpreter(cur, next, sizeof next) < 0)
			return false;
		snprintf(cur, sizeof cur, "%s", next);
	}
	return false;
}

static int refuse_runtime(const char *arg0, struct rm_exec *x, struct rm_err *err)
{
	if (is_runtime(x->path))
		return rm_fail(err, 0, "exec: \"%s\": refusing to run the runtime binary inside the "
			       "container (CVE-2019-5736)", arg0);
	return 0;
}

/* The executable, with runc's wording: engines map these messages to
 * exit codes 127 (not found) and 126 (permission denied). */
static int resolve_exe(const struct rm_process *p, struct rm_exec *x, struct rm_err *err)
{
	const char *arg0 = p->args[0];
	struct stat st;
	char e[64];
	if (strchr(arg0, '/')) {
		if (stat(arg0, &st) < 0)
			return rm_fail(err, 0, "exec: \"%s\": stat %s: %s", arg0, arg0,
				       rm_strerror(errno, e, sizeof e));
		if (S_ISDIR(st.st_mode) || !(st.st_mode & 0111))
			return rm_fail(err, 0, "exec: \"%s\": permission denied", arg0);
		snprintf(x->path, sizeof x->path, "%s", arg0);
		return refuse_runtime(arg0, x, err);
	}
	const char *path = env_get(p->env, "PATH");
	char dirs[PATH_MAX];
	snprintf(dirs, sizeof dirs, "%s", path ? path : DEFAULT_PATH);
	for (char *save, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char cand[PATH_MAX];
		if (snprintf(cand, sizeof cand, "%s/%s", *d ? d : ".", arg0) >= (int)sizeof cand)
			continue;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
			snprintf(x->path, sizeof x->path, "%s", cand);
			return refuse_runtime(arg0, x, err);
		}
	}
	return rm_fail(err, 0, "exec: \"%s\": executable file not found in $PATH", arg0);
}

int proc_prepare(const struct rm_process *p, struct rm_exec *x, struct rm_err *err)
{
	memset(x, 0, sizeof *x);
	x->groups = group_storage;
	if (resolve_user(p, x, err) < 0)
		return -1;
	return resolve_exe(p, x, err);
}

int proc_set_rlimits(const struct rm_process *p, struct rm_err *err)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct rm_rlimit *r = &p->rlimits[i];
		struct rlimit rl = { .rlim_cur = r->soft, .rlim_max = r->hard };
		const char *name = spec_rlimit_name(r->resource);
		struct rlimit cur;
		if (setrlimit(r->resource, &rl) == 0)
			continue;
		if (errno == EPERM && getrlimit(r->resource, &cur) == 0 && rl.rlim_max > cur.rlim_max)
			return rm_fail(err, errno, "process.rlimits[%zu]: %s hard limit %llu is above the "
				       "current %llu, and raising it needs CAP_SYS_RESOURCE", i, name,
				       (unsigned long long)r->hard, (unsigned long long)cur.rlim_max);
		if (errno == EINVAL && r->soft > r->hard)
			return rm_fail(err, errno, "process.rlimits[%zu]: %s soft limit %llu is above the hard "
				       "limit %llu", i, name, (unsigned long long)r->soft, (unsigned long long)r->hard);
		return rm_fail(err, errno, "process.rlimits[%zu]: setrlimit(%s, %llu, %llu)", i, name,
			       (unsigned long long)r->soft, (unsigned long long)r->hard);
	}
	return 0;
}

int proc_set_oom_score_adj(const struct rm_process *p, struct rm_err *err)
{
	char buf[16];
	if (!p->has_oom_score_adj)
		return 0;
	int n = snprintf(buf, sizeof buf, "%d", p->oom_score_adj);
	if (util_write_file("/proc/self/oom_score_adj", buf, (size_t)n, err) < 0)
		return rm_wrap(err, "process.oomScoreAdj");
	return 0;
}

static int set_cwd(const struct rm_process *p, struct rm_err *err)
{
	const char *cwd = p->cwd && *p->cwd ? p->cwd : "/";
	char real[PATH_MAX];
	if (chdir(cwd) < 0)
		return rm_fail(err, errno, "process.cwd: chdir to %s", cwd);
	/* CVE-2024-21626: a cwd reached through a leaked host fd would show
	 * as "(unreachable)" here; refuse anything outside our root. */
	if (!getcwd(real, sizeof real) || real[0] != '/')
		return rm_fail(err, errno ? errno : EPERM, "process.cwd: %s is outside the container", cwd);
	return 0;
}

/* Read the ids back after each switch: a call that "succeeded" without
 * doing what we asked (an id of -1 means "unchanged") must not leave the
 * process root. */
int proc_check_ids(bool uids, unsigned want, struct rm_err *err)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	if (uids) {
		if (getresuid(&r, &e, &s) < 0)
			return rm_fail(err, errno, "getresuid");
		if (r != want || e != want || s != want)
			return rm_fail(err, EPERM, "process.user.uid: asked for %u, the process has %u/%u/%u",
				       want, (unsigned)r, (unsigned)e, (unsigned)s);
		return 0;
	}
	if (getresgid(&gr, &ge, &gs) < 0)
		return rm_fail(err, errno, "getresgid");
	if (gr != want || ge != want || gs != want)
		return rm_fail(err, EPERM, "process.user.gid: asked for %u, the process has %u/%u/%u",
			       want, (unsigned)gr, (unsigned)ge, (unsigned)gs);
	return 0;
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

/* setgroups, then getgroups must give back exactly those groups.  EPERM
 * with no groups is a user namespace with setgroups "deny": nothing to
 * set, and nothing inherited either. */
static int set_groups(const struct rm_exec *x, struct rm_err *err)
{
	if (setgroups(x->n_groups, x->groups) < 0) {
		if (errno == EPERM && x->n_groups == 0)
			return 0;
		return rm_fail(err, errno, "process.user.additionalGids: setgroups");
	}
	int n = getgroups(0, NULL);
	cleanup_free gid_t *got = n > 0 ? calloc((size_t)n * 2, sizeof *got) : NULL;
	if (n < 0 || (n > 0 && (!got || getgroups(n, got) != n)))
		return rm_fail(err, n < 0 ? errno : ENOMEM, "getgroups");
	/* The kernel keeps them sorted: compare sorted copies. */
	if ((size_t)n == x->n_groups && n > 0) {
		memcpy(got + n, x->groups, (size_t)n * sizeof *got);
		qsort(got, (size_t)n, sizeof *got, cmp_gid);
		qsort(got + n, (size_t)n, sizeof *got, cmp_gid);
		if (memcmp(got, got + n, (size_t)n * sizeof *got) != 0)
			n = -1;
	}
	if (n < 0 || (size_t)n != x->n_groups)
		return rm_fail(err, EPERM, "process.user.additionalGids: the groups read back differ from "
			       "the %zu set", x->n_groups);
	return 0;
}

int proc_switch_identity(const struct rm_process *p, const struct rm_exec *x, struct rm_err *err)
{
	/* Every set is applied, given or not: a missing one is empty (see
	 * struct rm_caps).  Skipping them would hand a root process every
	 * capability back at execve. */
	if (caps_drop_bounding(&p->caps, err) < 0)
		return -1;
	/* Keep the permitted set across setuid so capset can then pick. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return rm_fail(err, errno, "prctl(PR_SET_KEEPCAPS)");
	if (set_groups(x, err) < 0)
		return -1;
	if (setresgid(x->gid, x->gid, x->gid) < 0)
		return rm_fail(err, errno, "process.user.gid: setresgid(%u)", (unsigned)x->gid);
	if (proc_check_ids(false, x->gid, err) < 0)
		return -1;
	if (setresuid(x->uid, x->uid, x->uid) < 0)
		return rm_fail(err, errno, "process.user.uid: setresuid(%u)", (unsigned)x->uid);
	if (proc_check_ids(true, x->uid, err) < 0)
		return -1;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return rm_fail(err, errno, "prctl(PR_SET_KEEPCAPS)");
	if (caps_apply(&p->caps, err) < 0)
		return -1;
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rm_fail(err, errno, "process.noNewPrivileges");
	if (p->has_umask)
		umask((mode_t)p->umask & 0777);
	else
		umask(022);
	return set_cwd(p, err);
}

static int cloexec_from(int first, struct rm_err *err)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	if (!d)
		return rm_fail(err, errno, "list /proc/self/fd to close leaked fds");
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);
		if (fd >= first && fd != dirfd(d))
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	closedir(d);
	return 0;
}

int proc_close_fds(int preserve, struct rm_err *err)
{
	unsigned first = 3u + (unsigned)preserve;
	/* CLOSE_RANGE_CLOEXEC (5.11): our sync socket must stay until execve. */
	if (sys_close_range(first, ~0u, 1u << 2) == 0)
		return 0;
	return cloexec_from((int)first, err);
}

int proc_exec(const struct rm_process *p, const struct rm_exec *x, struct rm_err *err)
{
	static char *empty[] = { NULL };
	char home[PATH_MAX + 8], *envbuf[4096];
	char *const *env = p->env ? p->env : empty;
	char e[64];

	/* HOME like runc: from the container's passwd when the config lacks it. */
	if (!env_get(env, "HOME") && p->n_env + 2 < sizeof envbuf / sizeof envbuf[0]) {
		size_t n = 0;
		for (; env[n]; n++)
			envbuf[n] = env[n];
		snprintf(home, sizeof home, "HOME=%s", x->home);
		envbuf[n++] = home;
		envbuf[n] = NULL;
		env = envbuf;
	}
	if (proc_set_affinity(p, err) < 0 || proc_set_lsm_label(p, err) < 0)
		return -1;
	execve(x->path, p->args, env);
	return rm_fail(err, 0, "exec: \"%s\": %s", p->args[0], rm_strerror(errno, e, sizeof e));
}
