/* needs: src/spec.c src/spec_proc.c src/spec_common.c src/spec_resources.c src/spec_legacy.c src/spec_load.c src/capnames.c src/json.c src/util.c src/err.c src/arena.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* test_spec.c - the OCI config.json decoder: every real engine config in
 * fixtures/, the project's own configs, the runtime-spec schema examples,
 * and each error with its exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec.h"
#include "unit_util.h"

#define BIT(c) (1ULL << (c))

/* docker's, containerd's and podman's default capability set. */
static const uint64_t default_caps =
	BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FSETID) | BIT(CAP_FOWNER) | BIT(CAP_MKNOD) |
	BIT(CAP_NET_RAW) | BIT(CAP_SETGID) | BIT(CAP_SETUID) | BIT(CAP_SETFCAP) | BIT(CAP_SETPCAP) |
	BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_CHROOT) | BIT(CAP_KILL) | BIT(CAP_AUDIT_WRITE);
static const uint64_t three_caps = BIT(CAP_AUDIT_WRITE) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);

/* Decode a fixture; the test fails with the decoder's message if it does
 * not.  Built with SECCOMP=0, a fixture with linux.seccomp (docker's and
 * podman's all carry one) must be refused clearly instead: then this
 * checks the refusal and returns false, and the caller has no spec to check. */
static bool load_oci(struct rm_spec *s, const char *name)
{
	struct rm_err err = { 0 };
	size_t len;
	char *buf = unit_read_fixture(name, &len);
	int r = spec_parse_oci(s, "config.json", buf, len, &err);
#ifdef RM_NO_SECCOMP
	bool has_seccomp = strstr(buf, "\"seccomp\"") != NULL;
	free(buf);
	if (has_seccomp) {
		assert_int_equal(r, -1);
		assert_contains(err.msg, ": linux.seccomp: seccomp support was compiled out (built with SECCOMP=0)");
		return false;
	}
#else
	free(buf);
#endif
	if (r < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_string_equal(s->file, "config.json");
	assert_false(s->legacy);
	return true;
}

static void assert_strv(char **v, size_t n, const char *const *want, size_t nwant)
{
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < nwant; i++)
		assert_string_equal(v[i], want[i]);
	assert_null(v[n]);
}
#define ASSERT_STRV(v, n, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	assert_strv(v, n, w_, sizeof w_ / sizeof w_[0]); \
} while (0)

/* The namespaces wanted, as a bit mask of enum rm_ns_type. */
static unsigned ns_mask(const struct rm_spec *s)
{
	unsigned m = 0;
	for (int i = 0; i < RM_NS_COUNT; i++) {
		if (s->ns[i].wanted)
			m |= 1u << i;
		assert_null(s->ns[i].path);
	}
	return m;
}
#define NS(t) (1u << (t))
#define ENGINE_NS (NS(RM_NS_PID) | NS(RM_NS_NET) | NS(RM_NS_IPC) | NS(RM_NS_UTS) | NS(RM_NS_MNT))

static const struct rm_mount *find_mount(const struct rm_spec *s, const char *dest)
{
	for (size_t i = 0; i < s->n_mounts; i++)
		if (strcmp(s->mounts[i].destination, dest) == 0)
			return &s->mounts[i];
	fail_msg("no mount on %s", dest);
	return NULL;
}

static void assert_caps(const struct rm_caps *c, uint64_t bounding, uint64_t ambient, bool has_ambient)
{
	(void)has_ambient;      /* a missing ambient set is an empty one */
	assert_true(c->set[RM_CAP_BOUNDING] == bounding);
	assert_true(c->set[RM_CAP_EFFECTIVE] == bounding);
	assert_true(c->set[RM_CAP_PERMITTED] == bounding);
	assert_true(c->set[RM_CAP_INHERITABLE] == 0);
	assert_true(c->set[RM_CAP_AMBIENT] == ambient);
}

static void assert_engine_mounts_common(const struct rm_spec *s)
{
	const struct rm_mount *m = find_mount(s, "/dev/pts");
	assert_string_equal(m->type, "devpts");
	assert_string_equal(m->source, "devpts");
	ASSERT_STRV(m->options, m->n_options, "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
	m = find_mount(s, "/proc");
	assert_string_equal(m->type, "proc");
	assert_null(m->uid_maps);
	assert_int_equal(m->n_uid_maps, 0);
}

/* ---- real engine configs ------------------------------------------- */

static void test_ctr_run(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "ctr-run.config.json"))
		return;
	assert_string_equal(s.oci_version, "1.0.2-dev");
	assert_string_equal(s.root_path, "rootfs");
	assert_false(s.root_readonly);
	ASSERT_STRV(s.process.args, s.process.n_args, "echo", "hi");
	ASSERT_STRV(s.process.env, s.process.n_env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	assert_string_equal(s.process.cwd, "/");
	assert_false(s.process.terminal);
	assert_int_equal(s.process.uid, 0);
	assert_int_equal(s.process.gid, 0);
	assert_int_equal(s.process.n_additional_gids, 1);
	assert_int_equal(s.process.additional_gids[0], 0);
	assert_false(s.process.has_umask);
	assert_caps(&s.process.caps, default_caps, 0, false);
	assert_int_equal(s.process.n_rlimits, 1);
	assert_int_equal(s.process.rlimits[0].resource, RLIMIT_NOFILE);
	assert_true(s.process.rlimits[0].soft == 1024 && s.process.rlimits[0].hard == 1024);
	assert_true(s.process.no_new_privileges);
	assert_false(s.process.has_oom_score_adj);
	assert_int_equal(s.n_mounts, 7);
	assert_string_equal(s.mounts[6].destination, "/run");
	ASSERT_STRV(s.mounts[1].options, s.mounts[1].n_options, "nosuid", "strictatime", "mode=755", "size=65536k");
	assert_engine_mounts_common(&s);
	assert_int_equal(ns_mask(&s), ENGINE_NS);
	assert_string_equal(s.cgroups_path, "/rmini-smoke/smk-echo");
	assert_true(s.has_resources);
	assert_int_equal(s.n_masked_paths, 10);
	assert_string_equal(s.masked_paths[0], "/proc/acpi");
	assert_int_equal(s.n_readonly_paths, 5);
	assert_string_equal(s.readonly_paths[4], "/proc/sysrq-trigger");
	assert_null(s.hostname);
	assert_int_equal(s.n_devices, 0);
	assert_false(s.has_seccomp);
	for (int k = 0; k < RM_HOOK_NKINDS; k++)
		assert_int_equal(s.hooks[k].n, 0);
	spec_free(&s);
	assert_null(s.arena.head);
}

static void test_ctr_run_tty(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "ctr-run-tty.config.json"))
		return;
	assert_true(s.process.terminal);
	assert_false(s.process.has_console_size);
	ASSERT_STRV(s.process.args, s.process.n_args, "sh", "-c", "sleep 0.5; echo $(tty)-tty-ok");
	assert_string_equal(s.process.env[1], "TERM=xterm");
	assert_caps(&s.process.caps, default_caps, 0, false);
	assert_string_equal(s.cgroups_path, "/rmini-smoke/smk-tty");
	assert_int_equal(ns_mask(&s), ENGINE_NS);
	assert_int_equal(s.n_mounts, 7);
	spec_free(&s);
}

static void test_ctr_run_privileged(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "ctr-run-privileged.config.json"))
		return;
	ASSERT_STRV(s.process.args, s.process.n_args, "grep", "CapEff", "/proc/self/status");
	/* Every capability up to CAP_CHECKPOINT_RESTORE (40) but
	 * CAP_SYS_RESOURCE, which containerd leaves out. */
	uint64_t all = ((1ULL << 41) - 1) & ~BIT(CAP_SYS_RESOURCE);
	assert_caps(&s.process.caps, all, 0, false);
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] & BIT(CAP_SYS_ADMIN));
	assert_int_equal(s.n_devices, 101);
	const struct rm_device *d = &s.devices[0];
	assert_string_equal(d->path, "/dev/autofs");
	assert_int_equal(d->type, 'c');
	assert_true(d->major == 10 && d->minor == 235);
	assert_true(d->has_mode && d->mode == 0644);
	assert_true(d->has_uid && d->uid == 0 && d->has_gid && d->gid == 0);
	d = &s.devices[100];
	assert_string_equal(d->path, "/dev/zram0");
	assert_int_equal(d->type, 'b');
	assert_true(d->major == 253 && d->minor == 0 && d->mode == 0600);
	assert_null(s.devices[101].path);
	assert_string_equal(s.cgroups_path, "/rmini-smoke/smk-priv");
	assert_int_equal(s.n_masked_paths, 0);
	assert_int_equal(s.n_readonly_paths, 0);
	assert_int_equal(ns_mask(&s), ENGINE_NS);
	spec_free(&s);
}

static void test_docker_run(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "docker-run-memory-pids.config.json"))
		return;
	assert_string_equal(s.process.args[0], "sh");
	assert_int_equal(s.process.n_args, 3);
	assert_string_equal(s.process.env[1], "HOSTNAME=b49fcd0db716");
	assert_string_equal(s.hostname, "b49fcd0db716");
	assert_true(strstr(s.root_path, "/merged") != NULL);
	assert_caps(&s.process.caps, default_caps, 0, false);
	assert_int_equal(s.process.n_rlimits, 0);
	assert_true(s.process.has_oom_score_adj);
	assert_int_equal(s.process.oom_score_adj, 0);
	assert_false(s.process.no_new_privileges);
	/* docker's libnetwork prestart hook. */
	assert_int_equal(s.hooks[RM_HOOK_PRESTART].n, 1);
	const struct rm_hook *h = &s.hooks[RM_HOOK_PRESTART].list[0];
	assert_string_equal(h->path, "/proc/23320/exe");
	assert_string_equal(h->args[0], "libnetwork-setkey");
	assert_string_equal(h->args[1], "-exec-root=/WORKDIR/exec");
	assert_string_equal(h->args[3], "824f57f276e1");
	assert_null(h->args[4]);
	assert_null(h->env);
	assert_false(h->has_timeout);
	assert_int_equal(s.hooks[RM_HOOK_POSTSTOP].n, 0);
	assert_int_equal(s.hooks[RM_HOOK_CREATE_RUNTIME].n, 0);
	assert_string_equal(s.cgroups_path,
			    "/docker/b49fcd0db71620a535246a3c1a118843c7dd6f2fc82682eaaea6a5f34af53dcf");
	assert_int_equal(s.n_sysctl, 2);
	assert_string_equal(s.sysctl[0].key, "net.ipv4.ip_unprivileged_port_start");
	assert_string_equal(s.sysctl[0].value, "0");
	assert_string_equal(s.sysctl[1].key, "net.ipv4.ping_group_range");
	assert_string_equal(s.sysctl[1].value, "0 2147483647");
	assert_int_equal(s.n_mounts, 10);
	const struct rm_mount *m = find_mount(&s, "/etc/resolv.conf");
	assert_string_equal(m->type, "bind");
	ASSERT_STRV(m->options, m->n_options, "rbind", "rprivate");
	m = find_mount(&s, "/sys/fs/cgroup");
	assert_string_equal(m->type, "cgroup");
	ASSERT_STRV(m->options, m->n_options, "ro", "nosuid", "noexec", "nodev");
	assert_engine_mounts_common(&s);
	assert_int_equal(ns_mask(&s), ENGINE_NS);
	assert_true(s.has_seccomp);
	assert_true(s.has_resources);
	assert_int_equal(s.n_masked_paths, 10);
	assert_int_equal(s.n_readonly_paths, 5);
	assert_int_equal(s.n_annotations, 0);
	spec_free(&s);
}

static void assert_podman_common(const struct rm_spec *s)
{
	assert_true(s->process.has_umask);
	assert_int_equal(s->process.umask, 022);
	assert_int_equal(s->process.n_additional_gids, 0);
	assert_caps(&s->process.caps, default_caps, 0, false);
	assert_int_equal(s->process.n_rlimits, 2);
	assert_int_equal(s->process.rlimits[0].resource, RLIMIT_NOFILE);
	assert_true(s->process.rlimits[0].soft == 20000 && s->process.rlimits[0].hard == 20000);
	assert_int_equal(s->process.rlimits[1].resource, RLIMIT_NPROC);
	assert_true(s->process.rlimits[1].soft == 32768 && s->process.rlimits[1].hard == 32768);
	assert_string_equal(s->process.env[2], "container=podman");
	assert_int_equal(s->n_annotations, 8);
	assert_string_equal(s->annotations[0].key, "io.container.manager");
	assert_string_equal(s->annotations[0].value, "libpod");
	assert_string_equal(s->annotations[7].key, "org.opencontainers.image.stopSignal");
	assert_string_equal(s->annotations[7].value, "15");
	assert_int_equal(s->n_mounts, 10);
	const struct rm_mount *m = find_mount(s, "/dev/shm");
	assert_string_equal(m->type, "bind");
	ASSERT_STRV(m->options, m->n_options, "bind", "rprivate", "nosuid", "noexec", "nodev");
	m = find_mount(s, "/sys/fs/cgroup");
	ASSERT_STRV(m->options, m->n_options, "rprivate", "nosuid", "noexec", "nodev", "relatime", "ro");
	assert_engine_mounts_common(s);
	assert_int_equal(ns_mask(s), ENGINE_NS);
	assert_true(strncmp(s->cgroups_path, "/libpod_parent/libpod-", 22) == 0);
	assert_true(s->has_seccomp);
	assert_int_equal(s->n_masked_paths, 11);
	assert_string_equal(s->masked_paths[10], "/sys/dev/block");
	assert_int_equal(s->n_readonly_paths, 6);
}

static void test_podman_run(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "podman-run-memory-pids.config.json"))
		return;
	assert_podman_common(&s);
	assert_false(s.process.terminal);
	assert_string_equal(s.hostname, "fd9dd92c1e77");
	assert_string_equal(s.cgroups_path, "/libpod_parent/libpod-"
			    "fd9dd92c1e775625088f09c6a3a4914e4f4e13037d2e6f4a30062bf7e34bf722");
	spec_free(&s);
}

static void test_podman_run_tty(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "podman-run-tty.config.json"))
		return;
	assert_podman_common(&s);
	assert_true(s.process.terminal);
	assert_string_equal(s.hostname, "052bc5483885");
	ASSERT_STRV(s.process.args, s.process.n_args, "sh", "-c", "sleep 0.5; echo $(tty)-tty-ok");
	spec_free(&s);
}

/* ---- the project's own configs ------------------------------------- */

static void test_http_app(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "http-app.json"))
		return;
	assert_string_equal(s.oci_version, "1.2.0");
	ASSERT_STRV(s.process.args, s.process.n_args, "/app/json-app");
	ASSERT_STRV(s.process.env, s.process.n_env,
		    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PORT=8080", "GREETING=hello");
	assert_int_equal(s.process.uid, 1);
	assert_int_equal(s.process.gid, 1);
	assert_caps(&s.process.caps, three_caps, 0, false);
	assert_int_equal(s.process.n_rlimits, 1);
	assert_string_equal(s.hostname, "json-app");
	assert_false(s.root_readonly);
	assert_int_equal(ns_mask(&s), NS(RM_NS_PID) | NS(RM_NS_MNT) | NS(RM_NS_IPC) | NS(RM_NS_UTS));
	assert_int_equal(s.n_mounts, 6);
	assert_int_equal(s.mounts[0].n_options, 0);
	assert_non_null(s.mounts[0].options);     /* absent options: an empty vector */
	assert_null(s.mounts[0].options[0]);
	ASSERT_STRV(s.mounts[5].options, s.mounts[5].n_options, "nosuid", "noexec", "nodev", "ro");
	assert_false(s.has_resources);
	assert_null(s.cgroups_path);
	spec_free(&s);
}

static void test_busybox_readonly(void **state)
{
	struct rm_spec s;
	if (!load_oci(&s, "busybox-readonly.json"))
		return;
	assert_true(s.root_readonly);
	assert_true(s.process.terminal);
	ASSERT_STRV(s.process.args, s.process.n_args, "sh");
	assert_caps(&s.process.caps, three_caps, three_caps, true);
	assert_string_equal(s.hostname, "runc-mini");
	assert_int_equal(ns_mask(&s), ENGINE_NS);
	assert_int_equal(s.n_mounts, 7);
	assert_string_equal(find_mount(&s, "/sys/fs/cgroup")->type, "cgroup");
	assert_true(s.has_resources);
	spec_free(&s);
}

/* ---- runtime-spec schema examples ---------------------------------- */

/* The good examples are valid config.json files: each decodes as it is
 * (none has a mount namespace, only one a process; both are optional), and
 * with a process and a mount namespace spliced in. */
static char *splice_runnable(const char *doc)
{
	static const char proc[] = "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}, ";
	static const char ns[] = "\"namespaces\": [{\"type\": \"mount\"}], ";
	const char *brace = strchr(doc, '{');
	const char *linux_obj = strstr(doc, "\"linux\"");
	size_t len = strlen(doc);
	char *out = malloc(len + sizeof proc + sizeof ns + 32);
	assert_non_null(brace);
	assert_non_null(out);
	size_t o = 0;
	/* A document's own "process" comes later and wins (last key wins). */
	memcpy(out, doc, (size_t)(brace - doc) + 1);
	o = (size_t)(brace - doc) + 1;
	o += (size_t)sprintf(out + o, "%s", proc);
	const char *rest = brace + 1;
	if (linux_obj) {
		const char *lb = strchr(linux_obj, '{');
		assert_non_null(lb);
		memcpy(out + o, rest, (size_t)(lb - rest) + 1);
		o += (size_t)(lb - rest) + 1;
		o += (size_t)sprintf(out + o, "%s", ns);
		rest = lb + 1;
	} else {
		o += (size_t)sprintf(out + o, "\"linux\": {%s\"x\": 0}, ", ns);
	}
	strcpy(out + o, rest);
	return out;
}

static void check_good_example(const char *name, bool has_process)
{
	char path[256];
	struct rm_spec s;
	struct rm_err err = { 0 };
	size_t len;
	snprintf(path, sizeof path, "runtime-spec/good/%s", name);
	char *doc = unit_read_fixture(path, &len);

	if (spec_parse_oci(&s, "config.json", doc, len, &err) < 0)
		fail_msg("%s as it is: %s", name, err.msg);
	assert_int_equal(s.has_process, has_process);
	assert_false(s.ns[RM_NS_MNT].wanted);
	spec_free(&s);

	char *run = splice_runnable(doc);
	if (spec_parse_oci(&s, "config.json", run, strlen(run), &err) < 0)
		fail_msg("%s (with process and mount namespace): %s\n%s", name, err.msg, run);
	assert_string_equal(s.oci_version, "1.0.0");
	assert_string_equal(s.root_path, "rootfs");
	assert_true(s.ns[RM_NS_MNT].wanted);
	spec_free(&s);
	free(run);
	free(doc);
}

static void test_schema_good(void **state)
{
	check_good_example("minimal.json", false);
	check_good_example("minimal-for-start.json", true);
	check_good_example("linux-netdevice.json", false);
	check_good_example("linux-rdma.json", false);

	/* minimal-for-start's own process wins over the spliced one. */
	struct rm_spec s;
	struct rm_err err = { 0 };
	size_t len;
	char *doc = unit_read_fixture("runtime-spec/good/minimal-for-start.json", &len);
	char *run = splice_runnable(doc);
	assert_int_equal(spec_parse_oci(&s, "config.json", run, strlen(run), &err), 0);
	ASSERT_STRV(s.process.args, s.process.n_args, "sh");
	assert_true(s.process.uid == 0 && s.process.gid == 0);
	spec_free(&s);
	free(run);
	free(doc);

	/* rdma limits reach the resources. */
	doc = unit_read_fixture("runtime-spec/good/linux-rdma.json", &len);
	run = splice_runnable(doc);
	assert_int_equal(spec_parse_oci(&s, "config.json", run, strlen(run), &err), 0);
	assert_true(s.has_resources);
	assert_int_equal(s.resources.n_rdma, 3);
	spec_free(&s);
	free(run);
	free(doc);
}

static void test_schema_bad(void **state)
{
	struct rm_spec s;
	struct rm_err err = { 0 };
	size_t len;
	char *doc = unit_read_fixture("runtime-spec/bad/invalid-json.json", &len);
	assert_int_equal(spec_parse_oci(&s, "config.json", doc, len, &err), -1);
	assert_string_equal(err.msg, "config.json:1:2: invalid JSON: expected a string key");
	free(doc);

	/* Schema violations inside linux.resources are caught by the decoder. */
	static const char *const bad[] = { "linux-hugepage.json", "linux-rdma.json" };
	static const char *const why[] = { "pageSize \"64kB\"", "hcaHandles: expected an integer" };
	for (size_t i = 0; i < 2; i++) {
		char path[256];
		snprintf(path, sizeof path, "runtime-spec/bad/%s", bad[i]);
		doc = unit_read_fixture(path, &len);
		char *run = splice_runnable(doc);
		if (spec_parse_oci(&s, "config.json", run, strlen(run), &err) == 0)
			fail_msg("%s accepted", bad[i]);
		assert_prefix(err.msg, "config.json:");
		assert_contains(err.msg, why[i]);
		free(run);
		free(doc);
	}
	/* bad/linux-netdevice.json is not checked: linux.netDevices is not
	 * decoded at all (ignored like an unknown key), so its bad name is
	 * never seen. */
}

/* ---- errors -------------------------------------------------------- */

#define ROOT "\"root\": {\"path\": \"rootfs\"}"
#define PROC "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}"
#define MNTNS "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}]}"
#define VERSION "\"ociVersion\": \"1.0.2\""

/* spec_parse_oci must fail with "config.json:LINE:COL: msg" where LINE:COL
 * is the first occurrence of `at` in the document, or with exactly `msg`
 * when `at` is NULL.  The spec is left zeroed. */
static void oci_fails(const char *doc, const char *at, const char *msg)
{
	struct rm_spec s;
	struct rm_err err = { 0 };
	char want[1024];
	memset(&s, 0x5a, sizeof s);
	if (spec_parse_oci(&s, "config.json", doc, strlen(doc), &err) == 0) {
		spec_free(&s);
		fail_msg("accepted: %s", doc);
	}
	unit_error_at(want, sizeof want, "config.json", doc, at, msg);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.errnum, 0);
	/* Freed and zeroed on failure. */
	assert_null(s.arena.head);
	assert_null(s.process.args);
	assert_null(s.file);
}

static void oci_ok(const char *doc, struct rm_spec *s)
{
	struct rm_err err = { 0 };
	if (spec_parse_oci(s, "config.json", doc, strlen(doc), &err) < 0)
		fail_msg("%s\n%s", err.msg, doc);
}

static void test_minimal_ok(void **state)
{
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " PROC ", " MNTNS "}", &s);
	assert_int_equal(ns_mask(&s), NS(RM_NS_MNT));
	for (int k = 0; k < RM_CAP_NSETS; k++)   /* no capabilities: every set empty */
		assert_true(s.process.caps.set[k] == 0);
	assert_int_equal(s.n_mounts, 0);
	assert_null(s.mounts);
	spec_free(&s);

	/* Versions: 1.0.0 to 1.3.x, with -rc / -dev / +build suffixes. */
	static const char *const ok[] = { "1.0.0", "1.0.2-dev", "1.1.0-rc.1", "1.2.0", "1.3.9", "1.2.1+dirty" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char doc[512];
		snprintf(doc, sizeof doc, "{\"ociVersion\": \"%s\", " ROOT ", " PROC ", " MNTNS "}", ok[i]);
		oci_ok(doc, &s);
		assert_string_equal(s.oci_version, ok[i]);
		spec_free(&s);
	}

	/* null is absent: hooks, mounts, annotations, linux members, caps sets. */
	oci_ok("{" VERSION ", " ROOT ", \"hooks\": null, \"mounts\": null, \"annotations\": null,\n"
	       "\"process\": {\"args\": [\"sh\"], \"env\": null, \"user\": {\"umask\": null},\n"
	       "  \"capabilities\": {\"bounding\": null, \"effective\": [\"CAP_KILL\"]}, \"rlimits\": null},\n"
	       "\"linux\": {\"namespaces\": [{\"type\": \"mount\", \"path\": null}, {\"type\": \"pid\", \"path\": \"\"}],"
	       " \"devices\": null, \"sysctl\": null, \"resources\": null, \"cgroupsPath\": null},\n"
	       "\"unknownTopLevel\": {\"anything\": [1, \"x\"]}}", &s);
	assert_false(s.process.has_umask);
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] == 0);   /* null: empty */
	assert_true(s.process.caps.set[RM_CAP_EFFECTIVE] == BIT(CAP_KILL));
	assert_int_equal(ns_mask(&s), NS(RM_NS_MNT) | NS(RM_NS_PID));   /* "" path: create one */
	assert_false(s.has_resources);
	assert_null(s.cgroups_path);
	spec_free(&s);
}

/* runc: a duplicate variable is set once, to the last value, where it
 * last appears. */
static void test_env_duplicates(void **state)
{
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " MNTNS ",\n"
	       "\"process\": {\"args\": [\"sh\"], \"env\": [\"A=1\", \"B=2\", \"A=3\", \"C\", \"AB=4\", \"C\", \"B=\"]}}",
	       &s);
	ASSERT_STRV(s.process.env, s.process.n_env, "A=3", "AB=4", "C", "B=");
	assert_null(s.process.env[s.process.n_env]);
	spec_free(&s);
}

static void test_namespaces_paths_and_maps(void **state)
{
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " PROC ", \"hostname\": \"h\", \"domainname\": \"d\",\n"
	       "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"user\"},\n"
	       "  {\"type\": \"network\", \"path\": \"/var/run/netns/x\"}, {\"type\": \"cgroup\"}, {\"type\": \"time\"},"
	       " {\"type\": \"ipc\"}],\n"
	       "  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}],\n"
	       "  \"gidMappings\": [{\"containerID\": 0, \"hostID\": 200000, \"size\": 1}, {\"hostID\": 5, \"size\": 2}],\n"
	       "  \"rootfsPropagation\": \"rslave\", \"mountLabel\": \"lbl\"}}", &s);
	assert_true(s.ns[RM_NS_NET].wanted);
	assert_string_equal(s.ns[RM_NS_NET].path, "/var/run/netns/x");
	assert_true(s.ns[RM_NS_USER].wanted && s.ns[RM_NS_CGROUP].wanted && s.ns[RM_NS_TIME].wanted);
	assert_false(s.ns[RM_NS_PID].wanted);
	assert_int_equal(s.n_uid_maps, 1);
	assert_true(s.uid_maps[0].container_id == 0 && s.uid_maps[0].host_id == 100000 && s.uid_maps[0].size == 65536);
	assert_int_equal(s.n_gid_maps, 2);
	assert_true(s.gid_maps[1].container_id == 0 && s.gid_maps[1].host_id == 5 && s.gid_maps[1].size == 2);
	assert_string_equal(s.hostname, "h");
	assert_string_equal(s.domainname, "d");
	assert_string_equal(s.rootfs_propagation, "rslave");
	assert_string_equal(s.mount_label, "lbl");
	spec_free(&s);
}

static void test_process_fields(void **state)
{
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " MNTNS ",\n"
	       "\"process\": {\"terminal\": true, \"consoleSize\": {\"height\": 24, \"width\": 80},\n"
	       "  \"args\": [\"/bin/app\", \"-x\", \"caf\\u00e9\"], \"cwd\": \"/srv\",\n"
	       "  \"user\": {\"uid\": 1000, \"gid\": 100, \"umask\": 0, \"additionalGids\": [5, 2147483647]},\n"
	       "  \"capabilities\": {\"bounding\": [\"CAP_SYS_ADMIN\", \"CAP_CHOWN\"], \"inheritable\": [],"
	       " \"ambient\": [\"CAP_NET_RAW\"]},\n"
	       "  \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 18446744073709551615}],\n"
	       "  \"oomScoreAdj\": -1000, \"apparmorProfile\": \"p\", \"selinuxLabel\": \"l\", \"noNewPrivileges\": false}}",
	       &s);
	assert_true(s.process.terminal);
	assert_true(s.process.has_console_size);
	assert_int_equal(s.process.console_height, 24);
	assert_int_equal(s.process.console_width, 80);
	ASSERT_STRV(s.process.args, s.process.n_args, "/bin/app", "-x", "caf\xc3\xa9");
	assert_null(s.process.env);
	assert_string_equal(s.process.cwd, "/srv");
	assert_int_equal(s.process.uid, 1000);
	assert_int_equal(s.process.gid, 100);
	assert_true(s.process.has_umask);
	assert_int_equal(s.process.umask, 0);
	assert_int_equal(s.process.n_additional_gids, 2);
	assert_true(s.process.additional_gids[1] == 2147483647);   /* the largest id taken */
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] == (BIT(CAP_SYS_ADMIN) | BIT(CAP_CHOWN)));
	assert_true(s.process.caps.set[RM_CAP_INHERITABLE] == 0);
	assert_true(s.process.caps.set[RM_CAP_AMBIENT] == BIT(CAP_NET_RAW));
	assert_true(s.process.caps.set[RM_CAP_EFFECTIVE] == 0);
	assert_int_equal(s.process.rlimits[0].resource, RLIMIT_CORE);
	assert_true(s.process.rlimits[0].hard == UINT64_MAX);
	assert_true(s.process.has_oom_score_adj);
	assert_int_equal(s.process.oom_score_adj, -1000);
	assert_string_equal(s.process.apparmor_profile, "p");
	assert_string_equal(s.process.selinux_label, "l");
	spec_free(&s);
}

static void test_mounts_hooks_devices(void **state)
{
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " PROC ",\n"
	       "\"mounts\": [{\"destination\": \"/data\", \"source\": \"./data\", \"type\": \"bind\",\n"
	       "   \"options\": [\"rbind\", \"ro\"], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]},\n"
	       "  {\"destination\": \"/tmp\"}],\n"
	       "\"hooks\": {\"createRuntime\": [{\"path\": \"/bin/hook\", \"args\": [\"hook\", \"a\"],"
	       " \"env\": [\"K=V\"], \"timeout\": 5}],\n"
	       "  \"poststop\": [{\"path\": \"/bin/a\"}, {\"path\": \"/bin/b\"}], \"unknownHook\": [{}]},\n"
	       "\"linux\": {\"namespaces\": [{\"type\": \"mount\"}],\n"
	       "  \"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229},\n"
	       "    {\"path\": \"/dev//fifo/\", \"type\": \"p\"}],\n"
	       "  \"sysctl\": {\"net.core.somaxconn\": \"1024\"},\n"
	       "  \"maskedPaths\": [], \"readonlyPaths\": [\"/proc/sys\"]}}", &s);
	assert_int_equal(s.n_mounts, 2);
	assert_string_equal(s.mounts[0].source, "./data");
	ASSERT_STRV(s.mounts[0].options, s.mounts[0].n_options, "rbind", "ro");
	assert_int_equal(s.mounts[0].n_uid_maps, 1);
	assert_true(s.mounts[0].uid_maps[0].host_id == 1000);
	assert_null(s.mounts[1].type);
	assert_null(s.mounts[1].source);
	assert_int_equal(s.mounts[1].n_options, 0);
	const struct rm_hook *h = &s.hooks[RM_HOOK_CREATE_RUNTIME].list[0];
	assert_int_equal(s.hooks[RM_HOOK_CREATE_RUNTIME].n, 1);
	assert_string_equal(h->path, "/bin/hook");
	assert_string_equal(h->args[1], "a");
	assert_string_equal(h->env[0], "K=V");
	assert_true(h->has_timeout);
	assert_int_equal(h->timeout, 5);
	assert_int_equal(s.hooks[RM_HOOK_POSTSTOP].n, 2);
	assert_string_equal(s.hooks[RM_HOOK_POSTSTOP].list[1].path, "/bin/b");
	assert_int_equal(s.hooks[RM_HOOK_PRESTART].n, 0);
	assert_int_equal(s.n_devices, 2);
	assert_int_equal(s.devices[0].type, 'c');
	assert_false(s.devices[0].has_mode);
	assert_int_equal(s.devices[1].type, 'p');
	assert_string_equal(s.devices[1].path, "/dev/fifo");      /* cleaned, as runc's filepath.Clean */
	assert_int_equal(s.n_sysctl, 1);
	assert_string_equal(s.sysctl[0].value, "1024");
	assert_int_equal(s.n_masked_paths, 0);
	assert_non_null(s.masked_paths);
	assert_string_equal(s.readonly_paths[0], "/proc/sys");
	spec_free(&s);
}

static void test_error_version(void **state)
{
	oci_fails("{\n  \"ociVersion\": \"1.x\",\n  " ROOT ", " PROC ", " MNTNS "}",
		  "\"1.x\"", "ociVersion: malformed version \"1.x\"");
	oci_fails("{\"ociVersion\": \"2.0.0\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"2.0.0\"", "ociVersion: unsupported version \"2.0.0\" (supported: 1.0.0 to 1.3.x)");
	oci_fails("{\"ociVersion\": \"1.4.0\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"1.4.0\"", "ociVersion: unsupported version \"1.4.0\" (supported: 1.0.0 to 1.3.x)");
	oci_fails("{\"ociVersion\": \"0.9.0\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"0.9.0\"", "ociVersion: unsupported version \"0.9.0\" (supported: 1.0.0 to 1.3.x)");
	oci_fails("{\"ociVersion\": \"1.0\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"1.0\"", "ociVersion: malformed version \"1.0\"");
	oci_fails("{\"ociVersion\": \"1.0.0x\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"1.0.0x\"", "ociVersion: malformed version \"1.0.0x\"");
	oci_fails("{\"ociVersion\": \"\", " ROOT ", " PROC ", " MNTNS "}",
		  "\"\"", "ociVersion: malformed version \"\"");
	oci_fails("{\"ociVersion\": 1, " ROOT ", " PROC ", " MNTNS "}",
		  "1,", "ociVersion: expected a string");
	oci_fails("{" ROOT ", " PROC ", " MNTNS "}", NULL, "config.json: ociVersion: required");
}

static void test_error_version_lax(void **state)
{
	/* sscanf("%u") skips blanks and takes signs: these are not versions. */
	static const char *const bad[] = { " 1.0.0", "1. 0.0", "1.+0.0", "+1.0.0", "1.0.-0" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char doc[512];
		struct rm_spec s;
		struct rm_err err = { 0 };
		snprintf(doc, sizeof doc, "{\"ociVersion\": \"%s\", " ROOT ", " PROC ", " MNTNS "}", bad[i]);
		int r = spec_parse_oci(&s, "config.json", doc, strlen(doc), &err);
		if (r == 0)
			spec_free(&s);
		assert_int_equal(r, -1);
		assert_contains(err.msg, "malformed version");
	}
}

static void test_error_args(void **state)
{
	/* Exactly as the user sees it. */
	static const char doc[] =
		"{\n"
		"  \"ociVersion\": \"1.0.2\",\n"
		"  \"root\": {\"path\": \"rootfs\"},\n"
		"  \"process\": {\n"
		"    \"cwd\": \"/\",\n"
		"    \"args\": \"sh -c true\"\n"
		"  },\n"
		"  " MNTNS "\n"
		"}\n";
	struct rm_spec s;
	struct rm_err err = { 0 };
	assert_int_equal(spec_parse_oci(&s, "config.json", doc, strlen(doc), &err), -1);
	assert_string_equal(err.msg, "config.json:6:13: process.args: expected an array of strings");

	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\", 1]}}",
		  "1]", "process.args: expected an array of strings");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": []}}",
		  NULL, "config.json: process.args: at least one argument is required");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"\"]}}",
		  NULL, "config.json: process.args: at least one argument is required");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"cwd\": \"/\"}}",
		  NULL, "config.json: process.args: at least one argument is required");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": null}}",
		  NULL, "config.json: process.args: at least one argument is required");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\", \"\\u0000\"]}}",
		  "\"\\u0000\"", "process.args: NUL character in string");
}

static void test_error_process(void **state)
{
	/* runtime-spec: process is required at start only; create takes a
	 * config without one (container.c and `start` check). */
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " MNTNS "}", &s);
	assert_false(s.has_process);
	spec_free(&s);
	oci_ok("{" VERSION ", " ROOT ", " MNTNS ", \"process\": null}", &s);
	assert_false(s.has_process);
	spec_free(&s);
	oci_ok("{" VERSION ", " ROOT ", " PROC ", " MNTNS "}", &s);
	assert_true(s.has_process);
	spec_free(&s);
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": []}", "[]", "process: expected an object");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"cwd\": \"tmp\"}}",
		  NULL, "config.json: process.cwd: must be an absolute path, got \"tmp\"");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"cwd\": \"\"}}",
		  NULL, "config.json: process.cwd: must be an absolute path, got \"\"");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"terminal\": \"yes\"}}",
		  "\"yes\"", "process.terminal: expected a boolean");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"user\": {\"uid\": -1}}}",
		  "-1", "process.user.uid: expected a non-negative integer");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"user\": {\"gid\": 4294967296}}}",
		  "4294967296", "process.user.gid: 4294967296 is out of range (0 to 2147483647)");
	/* (uid_t)-1 means "unchanged" to setresuid: the process would stay root */
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"user\": {\"uid\": 4294967295}}}",
		  "4294967295", "process.user.uid: 4294967295 is out of range (0 to 2147483647)");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"user\": {\"gid\": 2147483648}}}",
		  "2147483648", "process.user.gid: 2147483648 is out of range (0 to 2147483647)");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"],"
		  " \"user\": {\"additionalGids\": [1, 4294967295]}}}",
		  "4294967295", "process.user.additionalGids: 4294967295 is out of range (0 to 2147483647)");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"],"
		  " \"user\": {\"additionalGids\": [1, \"2\"]}}}",
		  "\"2\"", "process.user.additionalGids: expected an integer");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"oomScoreAdj\": 1.5}}",
		  "1.5", "process.oomScoreAdj: expected an integer");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"env\": {\"A\": \"B\"}}}",
		  "{\"A\"", "process.env: expected an array of strings");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"consoleSize\": 5}}",
		  "5}", "process.consoleSize: expected an object");
	oci_fails("[1]", "[", "(top level): expected an object");
}

static void test_error_root(void **state)
{
	oci_fails("{" VERSION ", " PROC ", " MNTNS "}", NULL, "config.json: root.path: the root filesystem is required");
	oci_fails("{" VERSION ", \"root\": {\"path\": \"\"}, " PROC ", " MNTNS "}", NULL,
		  "config.json: root.path: the root filesystem is required");
	oci_fails("{" VERSION ", \"root\": \"rootfs\", " PROC ", " MNTNS "}", "\"rootfs\"", "root: expected an object");
	oci_fails("{" VERSION ", \"root\": {\"path\": \"r\", \"readonly\": \"yes\"}, " PROC ", " MNTNS "}",
		  "\"yes\"", "root.readonly: expected a boolean");
}

static void test_error_namespaces(void **state)
{
	oci_fails("{" VERSION ", " ROOT ", " PROC ",\n\"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"foo\"}]}}",
		  "\"foo\"", "linux.namespaces[1].type: unknown namespace type \"foo\"");
	oci_fails("{" VERSION ", " ROOT ", " PROC ",\n\"linux\": {\"namespaces\": [{\"type\": \"mount\"},\n"
		  "  {\"type\": \"pid\"}, {\"type\": \"mount\", \"path\": \"/proc/1/ns/mnt\"}]}}",
		  "\"mount\", \"path\"", "linux.namespaces[2].type: namespace \"mount\" listed twice");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"path\": \"/x\"}]}}",
		  "{\"path\": \"/x\"}", "linux.namespaces[0]: type is required");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [\"mount\"]}}",
		  "\"mount\"", "linux.namespaces[0]: expected an object");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": {}}}",
		  "{}}}", "linux.namespaces: expected an array");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"Mount\"}]}}",
		  "\"Mount\"", "linux.namespaces[0].type: unknown namespace type \"Mount\"");
	/* spec_validate: without a mount namespace (the runtime's is shared)
	 * what would change the host's mounts is refused; and what needs
	 * other namespaces. */
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}]}}", &s);
	assert_int_equal(ns_mask(&s), NS(RM_NS_PID));
	spec_free(&s);
	oci_ok("{" VERSION ", " ROOT ", " PROC "}", &s);
	spec_free(&s);
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"maskedPaths\": [\"/proc/kcore\"]}}", NULL,
		  "config.json: linux.maskedPaths: needs a mount namespace (linux.namespaces), as in runc");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"readonlyPaths\": [\"/proc/sys\"]}}", NULL,
		  "config.json: linux.readonlyPaths: needs a mount namespace (linux.namespaces), as in runc");
	oci_fails("{" VERSION ", \"root\": {\"path\": \"rootfs\", \"readonly\": true}, " PROC "}", NULL,
		  "config.json: root.readonly: needs a mount namespace (linux.namespaces): it would make the host's / read-only");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"hostname\": \"h\"}",
		  NULL, "config.json: hostname: setting the hostname needs a uts namespace");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"domainname\": \"d\"}",
		  NULL, "config.json: domainname: setting the domainname needs a uts namespace");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}}",
		  NULL, "config.json: linux.uidMappings: id mappings need a user namespace");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		  " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}}",
		  NULL, "config.json: linux.uidMappings/gidMappings: a new user namespace needs both");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		  " \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1}]}}",
		  "{\"containerID\"", "linux.uidMappings[0]: size is required");

	/* An empty hostname needs nothing; joining a user namespace needs no maps. */
	oci_ok("{" VERSION ", " ROOT ", " PROC ", \"hostname\": \"\", \"linux\": {\"namespaces\": [{\"type\": \"mount\"},"
	       " {\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}]}}", &s);
	assert_string_equal(s.ns[RM_NS_USER].path, "/proc/1/ns/user");
	spec_free(&s);
}

static void test_error_caps(void **state)
{
	/* runtime-spec: a capability the runtime does not know is a warning
	 * (with its place), and the known ones still apply (runc). */
	struct rm_spec s;
	oci_ok("{" VERSION ", " ROOT ", " MNTNS ",\n\"process\": {\"args\": [\"sh\"], \"capabilities\": {\n"
	       "  \"bounding\": [\"CAP_KILL\", \"CAP_FOO\"]}}}", &s);
	assert_true(s.process.caps.set[RM_CAP_BOUNDING] == 1ULL << CAP_KILL);
	assert_string_equal(rm_last_warning(),
			    "config.json:3:28: process.capabilities.bounding: unknown capability \"CAP_FOO\" ignored");
	spec_free(&s);
	oci_ok("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"capabilities\": {"
	       "\"effective\": [\"KILL\"]}}}", &s);
	assert_true(s.process.caps.set[RM_CAP_EFFECTIVE] == 0);
	assert_non_null(strstr(rm_last_warning(), "process.capabilities.effective: unknown capability \"KILL\" ignored"));
	spec_free(&s);
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"capabilities\": {"
		  "\"ambient\": [\"CAP_KILL\", 5]}}}",
		  "5]", "process.capabilities.ambient: expected an array of strings");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"capabilities\": ["
		  "\"CAP_KILL\"]}}",
		  "[\"CAP_KILL\"]", "process.capabilities: expected an object");
}

static void test_error_rlimits(void **state)
{
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ",\n\"process\": {\"args\": [\"sh\"], \"rlimits\": [\n"
		  "  {\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": 1}]}}",
		  "\"RLIMIT_FOO\"", "process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": ["
		  "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, {\"type\": \"RLIMIT_NPROC\", \"soft\": 10, \"hard\": 5}]}}",
		  "{\"type\": \"RLIMIT_NPROC\"", "process.rlimits[1]: soft limit 10 is above the hard limit 5");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": ["
		  "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1}]}}",
		  "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1}", "process.rlimits[0]: type, soft and hard are required");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": ["
		  "{\"type\": \"RLIMIT_NOFILE\", \"soft\": -1, \"hard\": 1}]}}",
		  "-1", "process.rlimits[0].soft: expected a non-negative integer");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": [7]}}",
		  "7]", "process.rlimits[0]: expected an object");
	oci_fails("{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": ["
		  "{\"type\": \"nofile\", \"soft\": 1, \"hard\": 1}]}}",
		  "\"nofile\"", "process.rlimits[0].type: unknown rlimit \"nofile\"");
}

static void test_error_rlimits_duplicate(void **state)
{
	/* runtime-spec config.md: "If rlimits contains duplicated entries with
	 * same type, the runtime MUST generate an error." */
	struct rm_spec s;
	struct rm_err err = { 0 };
	static const char doc[] = "{" VERSION ", " ROOT ", " MNTNS ", \"process\": {\"args\": [\"sh\"], \"rlimits\": ["
		"{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, {\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]}}";
	assert_int_equal(spec_parse_oci(&s, "config.json", doc, strlen(doc), &err), -1);
	assert_contains(err.msg, "process.rlimits[1]");
	assert_contains(err.msg, "listed twice");
}

static void test_error_mounts_hooks_devices(void **state)
{
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"mounts\": [{\"type\": \"tmpfs\"}]}",
		  "{\"type\": \"tmpfs\"}", "mounts[0]: destination is required");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"mounts\": [{\"destination\": \"/a\"},"
		  " {\"destination\": \"/b\", \"options\": \"ro,nosuid\"}]}",
		  "\"ro,nosuid\"", "mounts[1].options: expected an array of strings");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"mounts\": {}}", "{}}", "mounts: expected an array");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"hooks\": {\"prestart\": [{\"path\": \"hook\"}]}}",
		  "{\"path\": \"hook\"}", "hooks.prestart[0]: path must be an absolute path");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"hooks\": {\"poststart\": [{\"args\": [\"x\"]}]}}",
		  "{\"args\": [\"x\"]}", "hooks.poststart[0]: path must be an absolute path");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"hooks\": {\"poststop\": [{\"path\": \"/h\", \"timeout\": 0}]}}",
		  "{\"path\": \"/h\"", "hooks.poststop[0]: timeout must be greater than zero");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"devices\": [{\"path\": \"/dev/x\", \"type\": \"z\", \"major\": 1, \"minor\": 1}]}}",
		  "\"z\"", "linux.devices[0].type: unknown device type \"z\" (c, b, u or p)");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1}]}}",
		  "{\"path\": \"/dev/x\"", "linux.devices[0]: major and minor are required for type c");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"devices\": [{\"type\": \"c\", \"major\": 1, \"minor\": 1}]}}",
		  "{\"type\": \"c\"", "linux.devices[0]: path and type are required");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"sysctl\": {\"a\": 1}}}",
		  "1}", "linux.sysctl.a: expected a string");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ", \"annotations\": {\"a\": [\"x\"]}}",
		  "[\"x\"]", "annotations.a: expected a string");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": {\"namespaces\": [{\"type\": \"mount\"}],"
		  " \"cgroupsPath\": 5}}",
		  "5}", "linux.cgroupsPath: expected a string");
	oci_fails("{" VERSION ", " ROOT ", " PROC ", \"linux\": []}", "[]}", "linux: expected an object");
}

static void test_error_invalid_json(void **state)
{
	/* The stray comma is fine; the '}' after it is not. */
	oci_fails("{" VERSION ", " ROOT ", " PROC ", " MNTNS ",}", NULL, "config.json:1:139: invalid JSON: expected a string key");
	oci_fails("{" VERSION ",\n" ROOT, NULL, "config.json:2:27: invalid JSON: unexpected end of input");
}

/* ---- shared tables ------------------------------------------------- */

static void test_common_tables(void **state)
{
	static const char *const names[RM_NS_COUNT] = {
		"pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time",
	};
	for (int i = 0; i < RM_NS_COUNT; i++) {
		assert_string_equal(spec_ns_name((enum rm_ns_type)i), names[i]);
		assert_int_equal(spec_ns_from_name(names[i]), i);
	}
	assert_int_equal(spec_ns_from_name("net"), -1);
	assert_int_equal(spec_ns_from_name(""), -1);
	assert_string_equal(spec_ns_name(RM_NS_COUNT), "?");

	assert_int_equal(spec_rlimit_from_name("RLIMIT_NOFILE"), RLIMIT_NOFILE);
	assert_int_equal(spec_rlimit_from_name("RLIMIT_AS"), RLIMIT_AS);
	assert_int_equal(spec_rlimit_from_name("RLIMIT_STACK"), RLIMIT_STACK);
	assert_int_equal(spec_rlimit_from_name("RLIMIT_RTTIME"), RLIMIT_RTTIME);
	assert_int_equal(spec_rlimit_from_name("RLIMIT_NOFILE2"), -1);
	assert_int_equal(spec_rlimit_from_name("rlimit_nofile"), -1);
	assert_int_equal(spec_rlimit_from_name("NOFILE"), -1);
}

/* ---- spec_load_bundle ---------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_bundle(void **state)
{
	char dir[] = "/tmp/rm-unit-bundle-XXXXXX", path[512];
	struct rm_spec s;
	struct rm_err err = { 0 };
	assert_non_null(mkdtemp(dir));

	assert_int_equal(spec_load_bundle(&s, dir, &err), -1);
	snprintf(path, sizeof path, "bundle %s: no config.json (or legacy container.json) found", dir);
	assert_string_equal(err.msg, path);

	size_t len;
	char *legacy = unit_read_fixture("legacy-container.json", &len);
	write_file(dir, "container.json", legacy);
	free(legacy);
	assert_int_equal(spec_load_bundle(&s, dir, &err), 0);
	assert_true(s.legacy);
	assert_string_equal(s.file, "container.json");
	spec_free(&s);

	/* config.json wins over container.json; its errors name it. */
	write_file(dir, "config.json", "{" VERSION ", " ROOT ", " MNTNS ", \"process\": {}}");
	assert_int_equal(spec_load_bundle(&s, dir, &err), -1);
	assert_string_equal(err.msg, "config.json: process.args: at least one argument is required");
	write_file(dir, "config.json", "{" VERSION ", " ROOT ", " PROC ", " MNTNS "}");
	assert_int_equal(spec_load_bundle(&s, dir, &err), 0);
	assert_false(s.legacy);
	spec_free(&s);

	snprintf(path, sizeof path, "%s/config.json", dir);
	assert_int_equal(spec_load_bundle(&s, path, &err), -1);
	assert_int_equal(err.errnum, ENOTDIR);
	assert_contains(err.msg, ": not a directory");
	snprintf(path, sizeof path, "%s/missing", dir);
	assert_int_equal(spec_load_bundle(&s, path, &err), -1);
	assert_int_equal(err.errnum, ENOENT);
	assert_contains(err.msg, "missing: no such file or directory");

	snprintf(path, sizeof path, "%s/config.json", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/container.json", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctr_run),
		cmocka_unit_test(test_ctr_run_tty),
		cmocka_unit_test(test_ctr_run_privileged),
		cmocka_unit_test(test_docker_run),
		cmocka_unit_test(test_podman_run),
		cmocka_unit_test(test_podman_run_tty),
		cmocka_unit_test(test_http_app),
		cmocka_unit_test(test_busybox_readonly),
		cmocka_unit_test(test_schema_good),
		cmocka_unit_test(test_schema_bad),
		cmocka_unit_test(test_minimal_ok),
		cmocka_unit_test(test_env_duplicates),
		cmocka_unit_test(test_namespaces_paths_and_maps),
		cmocka_unit_test(test_process_fields),
		cmocka_unit_test(test_mounts_hooks_devices),
		cmocka_unit_test(test_error_version),
		cmocka_unit_test(test_error_version_lax),
		cmocka_unit_test(test_error_args),
		cmocka_unit_test(test_error_process),
		cmocka_unit_test(test_error_root),
		cmocka_unit_test(test_error_namespaces),
		cmocka_unit_test(test_error_caps),
		cmocka_unit_test(test_error_rlimits),
		cmocka_unit_test(test_error_rlimits_duplicate),
		cmocka_unit_test(test_error_mounts_hooks_devices),
		cmocka_unit_test(test_error_invalid_json),
		cmocka_unit_test(test_common_tables),
		cmocka_unit_test(test_load_bundle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
