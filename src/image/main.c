/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - runc-mini-image: the engine behind rootfs-tools/mkbundle.
 *
 *   runc-mini-image [--image NAME[:TAG]] [--platform OS/ARCH[/VARIANT]]
 *                   [--args JSON-ARRAY|WORDS] [--env KEY=VALUE]... [--user U[:G]]
 *                   [--cwd DIR] [--rootless] [--readonly] SOURCE BUNDLE_DIR
 *
 * Every blob is verified before it is used; every layer is applied inside
 * BUNDLE_DIR/rootfs; on any failure what was made is removed again.  The
 * only code here that prints. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../json.h"
#include "../safe.h"
#include "../util.h"
#include "apply.h"
#include "config.h"
#include "source.h"

#define PROG "mkbundle"
#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct opts {
	const char *image, *platform, *args, *user, *cwd, *source, *bundle;
	char **env;
	size_t n_env;
	bool rootless, readonly, config_only;
};

struct run {
	struct opts *o;
	char rootfs[4096], config[4096], tmp[4096];
	bool made_bundle, made_rootfs;
	int rootfd;
	bool tty;
	const char *what;       /* progress label */
	uint64_t total;
};

static void progress(void *arg, uint64_t done)
{
	struct run *r = arg;
	if (r->tty && r->total)
		fprintf(stderr, "\r" PROG ": %s: %llu/%llu MiB ", r->what, (unsigned long long)(done >> 20),
			(unsigned long long)(r->total >> 20));
	else if (r->tty)     /* gzip: the uncompressed size is not known up front */
		fprintf(stderr, "\r" PROG ": %s: %llu MiB ", r->what, (unsigned long long)(done >> 20));
}

static void progress_end(struct run *r, uint64_t size)
{
	if (r->tty && size >= (8u << 20))
		fprintf(stderr, "\r\033[K");
}

/* sha256 of the blob (or, for docker diff_ids, of its uncompressed tar). */
static int verify_layer(struct run *r, struct layer *l, size_t i, struct rm_err *err)
{
	struct sha256 h;
	struct stream s;
	char buf[65536], got[65], label[64];
	ssize_t n;
	uint64_t last = 0;
	if (!l->digest)
		return 0;
	if (stream_open(&s, l->fd, l->off, l->size, l->of_content ? l->comp : COMP_NONE, l->name, err) < 0)
		return -1;
	sha256_init(&h);
	s.hash = &h;
	snprintf(label, sizeof label, "verifying layer %zu", i + 1);
	r->what = label, r->total = l->size;
	while ((n = stream_read(&s, buf, sizeof buf, err)) > 0)
		if (r->total >= (8u << 20) && s.done - last >= (4u << 20))
			progress(r, last = s.done);
	progress_end(r, l->size);
	if (n < 0) {
		stream_abort(&s);
		return -1;
	}
	if (stream_close(&s, err) < 0)
		return -1;
	sha256_hex(&h, got);
	if (strcmp(got, l->digest) != 0)
		return rm_fail(err, 0, "%s: sha256 %s does not match its digest sha256:%s%s", l->name, got, l->digest,
			       l->of_content ? " (rootfs.diff_ids)" : "");
	return 0;
}

static int apply_all(struct run *r, struct apply *a, struct image *img, struct rm_err *err)
{
	char what[700];
	struct strmap_val *root = strmap_put(&a->dirs, "");
	if (!root)
		return rm_fail(err, ENOMEM, "rootfs");
	root->mode = 0755, root->mtime = 0;   /* unless a layer has a "./" entry */
	for (size_t i = 0; i < img->n_layers; i++) {
		struct layer *l = &img->layers[i];
		struct stream s;
		struct tar t;
		if (stream_open(&s, l->fd, l->off, l->size, l->comp, l->name, err) < 0)
			return -1;
		snprintf(what, sizeof what, "layer %zu (%s)", i + 1, l->name);
		r->what = what;
		r->total = l->comp == COMP_NONE ? l->size : 0;
		a->progress = l->size >= (8u << 20) ? progress : NULL;
		tar_init(&t, &s);
		if (apply_layer(a, &t, what, err) < 0) {
			stream_abort(&s);
			return -1;
		}
		progress_end(r, l->size);
		if (stream_close(&s, err) < 0)
			return -1;
	}
	if (a->skipped_devices)
		fprintf(stderr, PROG ": warning: skipped %u device node(s): making them needs root\n",
			a->skipped_devices);
	return 0;
}

static const char *pick_cwd(const struct opts *o, const struct image *img)
{
	const char *w = img->has_config ? img->cfg.workdir : NULL;
	return o->cwd ? o->cwd : w && *w ? w : "/";
}

/* WorkingDir is created, as podman does: like a member's parent when it can
 * be (same modes and times every run), else resolved as the container
 * will see it (through the image's symlinks, inside the rootfs). */
static int make_workdir(struct run *r, struct apply *a, const char *cwd, struct rm_err *err)
{
	char rel[4096];
	if (cwd[0] != '/')
		return rm_fail(err, 0, "working directory %s: not absolute", cwd);
	if (apply_clean_name(cwd + 1, rel, sizeof rel) == 0 && apply_make_dir(a, rel, err) == 0)
		return 0;
	int fd = safe_resolve(r->rootfd, cwd, SAFE_CREATE_DIR, err);
	if (fd < 0)
		return rm_wrap(err, "working directory %s", cwd);
	close(fd);
	return 0;
}

/* A file of the finished rootfs, resolved inside it (it may be a symlink). */
static char *read_in_rootfs(int rootfd, const char *path)
{
	struct rm_err e;
	char p[32], *buf = NULL;
	int fd = safe_resolve(rootfd, path, SAFE_NO_CREATE, &e);
	if (fd < 0)
		return NULL;
	if (util_read_file(safe_fd_path(fd, p), 1 << 20, &buf, NULL, &e) < 0)
		buf = NULL;
	close(fd);
	return buf;
}

/* --args: a JSON array of strings, or words split at blanks. */
static int parse_args(const char *s, struct rm_arena *ar, char ***out, size_t *n, struct rm_err *err)
{
	if (*s == '[') {
		struct rm_json j;
		if (json_parse(&j, "--args", s, strlen(s), err) < 0)
			return -1;
		struct json_ctx c = { &j, ar, err };
		int rc = json_strv(&c, 0, "--args", out, n);
		json_free(&j);
		return rc;
	}
	char *copy = arena_strdup(ar, s), *save;
	*out = arena_array(ar, strlen(s) / 2 + 2, sizeof **out);
	if (!copy || !*out)
		return rm_fail(err, ENOMEM, "--args");
	*n = 0;
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		(*out)[(*n)++] = w;
	return 0;
}

/* Replace KEY=... in env, or append. */
static int set_env(struct rm_arena *ar, char ***env, size_t *n, const char *kv)
{
	size_t k = strcspn(kv, "=");
	for (size_t i = 0; i < *n; i++)
		if (strncmp((*env)[i], kv, k) == 0 && ((*env)[i][k] == '=' || (*env)[i][k] == '\0')) {
			(*env)[i] = (char *)kv;
			return 0;
		}
	char **v = arena_array(ar, *n + 2, sizeof *v);
	if (!v)
		return -1;
	memcpy(v, *env, *n * sizeof *v);
	v[(*n)++] = (char *)kv;
	*env = v;
	return 0;
}

static int make_process(struct run *r, const struct image *img, struct rm_arena *ar, struct bundle_process *p,
			struct rm_err *err)
{
	const struct image_config *c = img->has_config ? &img->cfg : NULL;
	struct opts *o = r->o;
	static char *sh[] = { "sh", NULL };
	static char *defenv[] = { DEFAULT_PATH, "TERM=xterm", NULL };
	memset(p, 0, sizeof *p);
	if (o->args) {
		if (parse_args(o->args, ar, &p->args, &p->n_args, err) < 0)
			return -1;
	} else if (c && (c->n_entrypoint || c->n_cmd)) {
		/* Entrypoint + Cmd, as docker and podman run them. */
		if (!(p->args = arena_array(ar, c->n_entrypoint + c->n_cmd + 1, sizeof *p->args)))
			return rm_fail(err, ENOMEM, "args");
		memcpy(p->args, c->entrypoint, c->n_entrypoint * sizeof *p->args);
		memcpy(p->args + c->n_entrypoint, c->cmd, c->n_cmd * sizeof *p->args);
		p->n_args = c->n_entrypoint + c->n_cmd;
	} else {
		p->args = sh, p->n_args = 1;
	}
	if (!p->n_args)
		return rm_fail(err, 0, "--args: empty");
	if (c) {
		p->env = c->env, p->n_env = c->n_env;
		bool has_path = false;
		for (size_t i = 0; i < p->n_env; i++)
			has_path |= strncmp(p->env[i], "PATH=", 5) == 0;
		bool has_term = false;
		for (size_t i = 0; i < p->n_env; i++)
			has_term |= strncmp(p->env[i], "TERM=", 5) == 0;
		/* podman adds both when the image has none. */
		if ((!has_path && set_env(ar, &p->env, &p->n_env, DEFAULT_PATH) < 0) ||
		    (!has_term && set_env(ar, &p->env, &p->n_env, "TERM=xterm") < 0))
			return rm_fail(err, ENOMEM, "env");
	} else {
		p->env = defenv, p->n_env = 2;
	}
	for (size_t i = 0; i < o->n_env; i++)
		if (set_env(ar, &p->env, &p->n_env, o->env[i]) < 0)
			return rm_fail(err, ENOMEM, "env");
	p->cwd = pick_cwd(o, img);
	const char *user = o->user ? o->user : c ? c->user : NULL;
	char *passwd = read_in_rootfs(r->rootfd, "/etc/passwd"), *group = read_in_rootfs(r->rootfd, "/etc/group");
	int rc = user_resolve(user, passwd, group, &p->user, err);
	free(passwd);
	free(group);
	return rc;
}

static int write_config(struct run *r, const struct image *img, struct rm_err *err)
{
	struct rm_arena ar = { 0 };
	struct bundle_process p;
	char *text = NULL;
	size_t len;
	int rc = make_process(r, img, &ar, &p, err);
	if (rc == 0)
		rc = cfg_render(img->has_config ? &img->cfg : NULL, &p, r->o->rootless, r->o->readonly,
				(uint32_t)getuid(), (uint32_t)getgid(), &text, &len, err);
	if (rc == 0) {
		cleanup_fd int fd = open(r->config, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 || util_write_all(fd, text, len) < 0)
			rc = rm_fail(err, errno, "write %s", r->config);
	}
	free(text);
	arena_free(&ar);
	return rc;
}

static int prepare(struct run *r, struct rm_err *err)
{
	struct stat st;
	const char *b = r->o->bundle;
	snprintf(r->rootfs, sizeof r->rootfs, "%s/rootfs", b);
	snprintf(r->config, sizeof r->config, "%s/config.json", b);
	snprintf(r->tmp, sizeof r->tmp, "%s/.mkbundle-source.tar", b);
	if (mkdir(b, 0755) == 0)
		r->made_bundle = true;
	else if (errno != EEXIST)
		return rm_fail(err, errno, "create %s", b);
	if (lstat(r->config, &st) == 0 || lstat(r->rootfs, &st) == 0)
		return rm_fail(err, EEXIST, "%s already holds a bundle: remove it first", b);
	if (mkdir(r->rootfs, 0755) < 0)
		return rm_fail(err, errno, "create %s", r->rootfs);
	r->made_rootfs = true;
	if ((r->rootfd = open(r->rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return rm_fail(err, errno, "open %s", r->rootfs);
	return 0;
}

/* A failure leaves no half-made bundle behind. */
static void undo(struct run *r)
{
	unlink(r->tmp);
	if (r->made_rootfs) {
		unlink(r->config);
		apply_remove(AT_FDCWD, r->rootfs);
	}
	if (r->made_bundle)
		rmdir(r->o->bundle);
}

/* mkbundle laid out a busybox rootfs itself: only the config is ours. */
static int config_only(struct run *r, struct rm_err *err)
{
	struct image img = { 0 };
	snprintf(r->rootfs, sizeof r->rootfs, "%s/rootfs", r->o->bundle);
	snprintf(r->config, sizeof r->config, "%s/config.json", r->o->bundle);
	if ((r->rootfd = open(r->rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return rm_fail(err, errno, "open %s", r->rootfs);
	struct apply a = { .rootfd = r->rootfd };
	if (make_workdir(r, &a, pick_cwd(r->o, &img), err) < 0) {
		apply_free(&a);
		return -1;
	}
	if (apply_finish(&a, err) < 0 || write_config(r, &img, err) < 0) {
		unlink(r->config);
		return -1;
	}
	return 0;
}

static int build(struct run *r, struct rm_err *err)
{
	struct source s;
	struct image img = { 0 };
	int rc = -1;
	if (r->o->config_only)
		return config_only(r, err);
	if (prepare(r, err) < 0)
		return -1;
	if (src_open(&s, r->o->source, r->tmp, err) < 0 ||
	    src_select(&s, r->o->image, r->o->platform, &img, err) < 0)
		goto out;
	if (img.warning[0])
		fprintf(stderr, PROG ": warning: %s\n", img.warning);
	/* Every layer is checked before the first is applied. */
	for (size_t i = 0; i < img.n_layers; i++)
		if (verify_layer(r, &img.layers[i], i, err) < 0)
			goto out;
	struct apply a = { .rootfd = r->rootfd, .root = geteuid() == 0, .whiteouts = img.has_config,
			   .progress_arg = r };
	if (apply_all(r, &a, &img, err) < 0 || make_workdir(r, &a, pick_cwd(r->o, &img), err) < 0) {
		apply_free(&a);
		goto out;
	}
	if (apply_finish(&a, err) < 0 || write_config(r, &img, err) < 0)
		goto out;
	if (stream_interrupted) {
		rm_fail(err, 0, "interrupted by a signal");
		goto out;
	}
	rc = 0;
out:
	src_close(&s, &img);
	unlink(r->tmp);
	return rc;
}

static void interrupted(int sig)
{
	(void)sig;
	stream_interrupted = 1;
}

static void usage(int rc)
{
	fprintf(rc ? stderr : stdout,
		"usage: " PROG " [--image NAME[:TAG]] [--platform OS/ARCH[/VARIANT]] [--args '[\"CMD\",...]'|'CMD ARG...']\n"
		"       [--env KEY=VALUE]... [--user USER[:GROUP]] [--cwd DIR] [--rootless] [--readonly]\n"
		"       SOURCE BUNDLE_DIR\n"
		"SOURCE: docker save / podman save archive (docker-archive or oci-archive, plain or gzip),\n"
		"an OCI image layout directory, or a rootfs tarball (docker export).\n");
	exit(rc);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "image", required_argument, 0, 'i' }, { "platform", required_argument, 0, 'p' },
		{ "args", required_argument, 0, 'a' }, { "env", required_argument, 0, 'e' },
		{ "user", required_argument, 0, 'u' }, { "cwd", required_argument, 0, 'c' },
		{ "rootless", no_argument, 0, 'r' }, { "readonly", no_argument, 0, 'R' },
		{ "help", no_argument, 0, 'h' }, { "config-only", no_argument, 0, 'C' }, { 0, 0, 0, 0 },
	};
	struct opts o = { 0 };
	struct run r = { .o = &o, .rootfd = -1, .tty = isatty(2) };
	struct rm_err err = { 0 };
	int c;
	o.env = calloc((size_t)argc + 1, sizeof *o.env);
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'i': o.image = optarg; break;
		case 'p': o.platform = optarg; break;
		case 'a': o.args = optarg; break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				fprintf(stderr, PROG ": --env %s: expected KEY=VALUE\n", optarg);
				return 2;
			}
			o.env[o.n_env++] = optarg;
			break;
		case 'u': o.user = optarg; break;
		case 'c': o.cwd = optarg; break;
		case 'r': o.rootless = true; break;
		case 'R': o.readonly = true; break;
		case 'C': o.config_only = true; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (argc - optind != 2)
		usage(2);
	o.source = argv[optind];
	o.bundle = argv[optind + 1];
	umask(0);
	signal(SIGPIPE, SIG_IGN);
	/* No SA_RESTART: a read blocked on gzip returns EINTR and fails, and
	 * the error path removes the half-made bundle. */
	struct sigaction sa = { .sa_handler = interrupted };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (build(&r, &err) < 0) {
		if (r.rootfd >= 0)
			close(r.rootfd);
		if (!o.config_only)
			undo(&r);
		fprintf(stderr, PROG ": %s\n", err.msg);
		return 1;
	}
	return 0;
}
