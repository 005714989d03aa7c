/* needs: src/cgroup.c src/cgroup_host.c src/cgroup_v1.c src/cgroup_v2.c src/cgroup_bpf.c src/rdt.c src/mountinfo.c src/util.c src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* cgroup logic that needs no root: discovery from mountinfo fixtures
 * (v1, v2, hybrid, none, a subtree mount), path cleaning, the v1 -> v2
 * conversions and the device eBPF program, run in a tiny interpreter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/bpf.h>

#include "cgroup_bpf.h"
#include "cgroup_host.h"
#include "cgroup_v2.h"
#include "mountinfo.h"

static char mi_path[64], cg_path[64];

static void write_file(char *path, const char *text)
{
	strcpy(path, "/tmp/rm-cgtest-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void discover(struct cg_host *h, const char *mountinfo, const char *self)
{
	struct rm_err err;
	write_file(mi_path, mountinfo);
	write_file(cg_path, self);
	assert_int_equal(cgi_discover(h, mi_path, cg_path, &err), 0);
	unlink(mi_path);
	unlink(cg_path);
}

static const struct cg_hier *find(const struct cg_host *h, const char *mnt)
{
	for (int i = 0; i < h->n; i++)
		if (strcmp(h->h[i].mnt, mnt) == 0)
			return &h->h[i];
	fail_msg("no hierarchy at %s", mnt);
	return NULL;
}

#define B(c) RM_CG_BIT(RM_CGC_##c)

/* This machine: cpu and cpuacct apart, name=systemd, cgroup2 at unified/. */
static const char hybrid_mi[] =
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	"33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
	"36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
	"37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
	"38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	"41 22 0:38 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n";
static const char hybrid_cg[] =
	"9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
	"4:memory:/process_api/7a24\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

static void test_discover_hybrid(void **state)
{
	(void)state;
	struct cg_host h;
	discover(&h, hybrid_mi, hybrid_cg);
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_HYBRID);
	assert_int_equal(h.n, 10);          /* the second pids mount is the same hierarchy */
	assert_int_equal(h.nv1, 8);
	assert_int_equal(find(&h, "/sys/fs/cgroup/cpu")->ctrl, B(CPU));
	assert_int_equal(find(&h, "/sys/fs/cgroup/cpuacct")->ctrl, B(CPUACCT));
	assert_int_equal(find(&h, "/sys/fs/cgroup/systemd")->ctrl, B(NAMED));
	assert_string_equal(find(&h, "/sys/fs/cgroup/memory")->own, "/process_api/7a24");
	assert_string_equal(find(&h, "/sys/fs/cgroup/cpu")->own, "/");
	assert_true(find(&h, "/sys/fs/cgroup/unified")->v2);
	assert_string_equal(h.h[h.v2].mnt, "/sys/fs/cgroup/unified");   /* the later pids mount covers 38 */
}

static void test_discover_v1_combined(void **state)
{
	(void)state;
	struct cg_host h;
	discover(&h,
		 "25 24 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs ro,mode=755\n"
		 "26 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
		 "27 25 0:24 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio\n"
		 "28 25 0:25 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
		 "3:memory:/user.slice\n2:net_cls,net_prio:/\n1:cpu,cpuacct:/user.slice/x\n");
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_V1);
	const struct cg_hier *cpu = find(&h, "/sys/fs/cgroup/cpu,cpuacct");
	assert_int_equal(cpu->ctrl, B(CPU) | B(CPUACCT));
	assert_string_equal(cpu->own, "/user.slice/x");
	assert_int_equal(find(&h, "/sys/fs/cgroup/net_cls,net_prio")->ctrl, B(NET_CLS) | B(NET_PRIO));
}

static void test_discover_v2_and_none(void **state)
{
	(void)state;
	struct cg_host h;
	discover(&h, "30 22 0:27 / /nonexistent/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n",
		 "0::/user.slice/session-1.scope\n");
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_V2);
	assert_string_equal(h.h[0].own, "/user.slice/session-1.scope");
	assert_true(h.h[0].ctrl & B(UNIFIED));
	assert_true(h.h[0].ctrl & B(FREEZER));    /* core: cgroup.freeze */
	assert_true(h.h[0].ctrl & B(DEVICES));    /* core: eBPF */

	discover(&h, "22 1 0:21 / /proc rw - proc proc rw\n", "");
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_NONE);
	assert_int_equal(h.n, 0);
}

/* Inside a container: the hierarchy's root is a subtree, and a mount
 * point with a space is escaped as \040. */
static void test_discover_subtree_escape(void **state)
{
	(void)state;
	struct cg_host h;
	discover(&h, "40 30 0:31 /docker/abc /sys/fs/my\\040cg ro - cgroup cgroup rw,memory\n",
		 "4:memory:/docker/abc/inner\n");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.h[0].mnt, "/sys/fs/my cg");
	assert_string_equal(h.h[0].own, "/inner");
}

/* Something mounted over the cgroup2 tree hides it: a lookup of
 * /sys/fs/cgroup/unified reaches the tmpfs, and a cgroup made "there"
 * would fail (or land in the tmpfs). */
static void test_discover_overmounted_v2(void **state)
{
	(void)state;
	struct cg_host h;
	char mi[sizeof hybrid_mi + 256];
	snprintf(mi, sizeof mi, "%s%s", hybrid_mi,
		 "50 40 0:60 / /sys/fs/cgroup/unified rw - tmpfs tmpfs rw\n");
	discover(&h, mi, hybrid_cg);
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_V1);
	assert_int_equal(h.v2, -1);
	assert_int_equal(h.n, 9);
	assert_int_equal(h.nv1, 8);
}

/* A private view: a new tmpfs over /sys/fs/cgroup with two v1 hierarchies
 * bound on it.  The old hierarchies below it are hidden; the same
 * controllers in the new tmpfs count, the cgroup2 tree does not. */
static void test_discover_overmounted_root(void **state)
{
	(void)state;
	struct cg_host h;
	char mi[sizeof hybrid_mi + 512];
	snprintf(mi, sizeof mi, "%s%s", hybrid_mi,
		 "60 22 0:61 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
		 "61 60 0:29 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct\n"
		 "62 60 0:31 / /sys/fs/cgroup/mem\\040ory rw - cgroup cgroup rw,memory\n");
	discover(&h, mi, hybrid_cg);
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_V1);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.h[0].mnt, "/sys/fs/cgroup/cpuacct");
	assert_string_equal(h.h[1].mnt, "/sys/fs/cgroup/mem ory");
	assert_string_equal(h.h[1].own, "/process_api/7a24");
}

/* The same point mounted twice by propagation (siblings): the later one
 * is on top and stays visible. */
static void test_discover_same_point_sibling(void **state)
{
	(void)state;
	struct cg_host h;
	discover(&h,
		 "30 22 0:27 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
		 "31 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		 "32 30 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
		 "");
	assert_int_equal(h.n, 1);
	assert_int_equal(cgi_backend(&h), RM_CG_BACKEND_V1);
}

static void test_mi_unescape(void **state)
{
	(void)state;
	char a[] = "/a\\040b\\134c\\08x\\0";
	mi_unescape(a);
	assert_string_equal(a, "/a b\\c\\08x\\0");
	char line[] = "7 1 0:5 / /m\\011t rw,nosuid shared:2 - tmpfs none rw\n";
	struct mi_entry e;
	line[strlen(line) - 1] = '\0';
	assert_int_equal(mi_parse_line(line, &e), 0);
	assert_int_equal(e.id, 7);
	assert_int_equal(e.parent, 1);
	assert_string_equal(e.mnt, "/m\tt");
	assert_string_equal(e.opts, "rw,nosuid");
	assert_string_equal(e.type, "tmpfs");
	assert_string_equal(e.super, "rw");
	char bad[] = "7 1 0:5 / /m rw";
	assert_int_equal(mi_parse_line(bad, &e), -1);
}

static void clean(const char *in, const char *want)
{
	char out[RM_CG_PATH_MAX];
	struct rm_err err;
	assert_int_equal(cgi_clean_path(in, out, sizeof out, &err), 0);
	assert_string_equal(out, want);
}

static void test_clean_path(void **state)
{
	(void)state;
	clean("/libpod_parent/libpod-abc", "/libpod_parent/libpod-abc");
	clean("/docker//abc/", "/docker/abc");
	clean("default/ctr", "/default/ctr");
	clean("/a/./b/../c", "/a/c");
	clean("../../../etc", "/etc");          /* never above the top */
	clean("/..", "");
	clean("", "");
}

static void test_conversions(void **state)
{
	(void)state;
	struct rm_err err;
	int64_t out;
	assert_int_equal(cgv2_shares_to_weight(0), 0);
	assert_int_equal(cgv2_shares_to_weight(2), 1);
	assert_int_equal(cgv2_shares_to_weight(1024), 39);      /* 1 + 1022*9999/262142 */
	assert_int_equal(cgv2_shares_to_weight(262144), 10000);
	assert_int_equal(cgv2_blkio_to_io_weight(10), 1);
	assert_int_equal(cgv2_blkio_to_io_weight(500), 4950);
	assert_int_equal(cgv2_blkio_to_io_weight(1000), 10000);
	/* memory.swap is memory+swap in the spec, memory.swap.max is swap alone. */
	assert_int_equal(cgv2_swap_max(64 << 20, 128 << 20, &out, &err), 1);
	assert_int_equal(out, 64 << 20);
	assert_int_equal(cgv2_swap_max(64 << 20, 64 << 20, &out, &err), 1);
	assert_int_equal(out, 0);                                 /* no swap at all */
	assert_int_equal(cgv2_swap_max(64 << 20, -1, &out, &err), 1);
	assert_int_equal(out, -1);
	assert_int_equal(cgv2_swap_max(-1, 0, &out, &err), 1);
	assert_int_equal(out, -1);
	assert_int_equal(cgv2_swap_max(64 << 20, 0, &out, &err), 0);  /* unset */
	assert_int_equal(cgv2_swap_max(64 << 20, 32 << 20, &out, &err), -1);
	assert_non_null(strstr(err.msg, "linux.resources.memory.swap"));
	assert_int_equal(cgv2_swap_max(0, 32 << 20, &out, &err), -1);
}

static void test_wants_zeros(void **state)
{
	(void)state;
	struct rm_resources r;
	memset(&r, 0, sizeof r);
	/* docker's create: explicit zeros are "unset", nothing is asked. */
	r.has_cpu_shares = r.has_blkio_weight = r.has_mem_disable_oom = true;
	assert_false(cgi_wants_cpu(&r));
	assert_false(cgi_wants_blkio(&r));
	assert_false(cgi_wants_memory(&r));
	r.cpu_shares = 1024;
	assert_true(cgi_wants_cpu(&r));
	r.has_mem_swappiness = true;            /* swappiness 0 is a real value */
	assert_true(cgi_wants_memory(&r));
}

/* Just enough of eBPF to run what cgbpf_build emits. */
static int run(const struct bpf_insn *p, int n, int type, int access, uint32_t major, uint32_t minor)
{
	uint64_t reg[11] = { 0 };
	uint32_t ctx[3] = { (uint32_t)(access << 16 | type), major, minor };
	for (int pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &p[pc];
		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			assert_int_equal(i->src_reg, 1);
			reg[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			reg[i->dst_reg] = (uint32_t)(reg[i->dst_reg] & (uint32_t)i->imm);
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			reg[i->dst_reg] = (uint32_t)reg[i->dst_reg] >> i->imm;
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			reg[i->dst_reg] = reg[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			reg[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			assert_true(i->off >= 0 && pc + 1 + i->off < n);
			if (reg[i->dst_reg] != (uint64_t)(int64_t)i->imm)
				pc += i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)reg[0];
		default:
			fail_msg("unexpected opcode 0x%x at %d", i->code, pc);
		}
	}
	fail_msg("fell off the end");
	return -1;
}

#define C BPF_DEVCG_DEV_CHAR
#define BL BPF_DEVCG_DEV_BLOCK
#define RD BPF_DEVCG_ACC_READ
#define WR BPF_DEVCG_ACC_WRITE
#define MK BPF_DEVCG_ACC_MKNOD

static void test_bpf_program(void **state)
{
	(void)state;
	static struct bpf_insn p[CG_MAX_INSNS];
	struct rm_err err;
	/* docker's list plus the defaults, and a read-only block device. */
	struct rm_resources r;
	struct rm_dev_rule spec[] = {
		{ false, 'a', -1, -1, "rwm" },
		{ true, 'c', 1, 5, "rwm" },
		{ true, 'b', 8, 0, "r" },
		{ false, 'c', 10, 229, "rwm" },
		{ true, 'c', 10, -1, "rwm" },
	};
	memset(&r, 0, sizeof r);
	r.devices = spec;
	r.n_devices = 5;
	struct rm_dev_rule rules[CG_MAX_DEV_RULES];
	size_t nr = cgi_device_rules(&r, rules, CG_MAX_DEV_RULES);
	assert_true(nr > 5);
	int n = cgbpf_build(rules, nr, p, CG_MAX_INSNS, &err);
	assert_true(n > 0);
	assert_int_equal(run(p, n, C, RD | WR, 1, 5), 1);    /* zero: allowed */
	assert_int_equal(run(p, n, C, RD | WR, 1, 3), 1);    /* null: a default allow */
	assert_int_equal(run(p, n, C, RD, 136, 7), 1);       /* pts wildcard minor */
	assert_int_equal(run(p, n, C, RD, 4, 1), 0);         /* tty1: deny-all */
	assert_int_equal(run(p, n, BL, RD, 8, 0), 1);        /* sda read */
	assert_int_equal(run(p, n, BL, RD | WR, 8, 0), 0);   /* sda write: not in "r" */
	assert_int_equal(run(p, n, BL, MK, 8, 0), 1);        /* runc's default: mknod of any node */
	assert_int_equal(run(p, n, C, RD, 5, 1), 0);         /* /dev/console: not a default */
	assert_int_equal(run(p, n, C, RD, 10, 229), 1);      /* last match wins: c 10:* allow */
	assert_int_equal(run(p, n, C, RD, 10, 200), 1);

	/* No catch-all: the start is deny-all, as runc's. */
	struct rm_dev_rule two[] = { { true, 'c', 1, 3, "rw" }, { false, 'c', 1, 3, "w" } };
	n = cgbpf_build(two, 2, p, CG_MAX_INSNS, &err);
	assert_int_equal(run(p, n, C, RD, 1, 3), 1);
	assert_int_equal(run(p, n, C, WR, 1, 3), 0);
	assert_int_equal(run(p, n, BL, RD, 1, 3), 0);
	assert_int_equal(run(p, n, C, RD, 1, 5), 0);

	/* A catch-all allow at the end makes everything before it moot. */
	struct rm_dev_rule all[] = { { false, 'a', -1, -1, "rwm" }, { true, 'a', -1, -1, "rwm" } };
	n = cgbpf_build(all, 2, p, CG_MAX_INSNS, &err);
	assert_int_equal(n, 8);
	assert_int_equal(run(p, n, BL, RD | WR | MK, 259, 0), 1);

	/* Bad rules are refused before anything is loaded. */
	struct rm_dev_rule bad[] = { { true, 'x', 1, 1, "r" } };
	assert_int_equal(cgbpf_build(bad, 1, p, CG_MAX_INSNS, &err), -1);
	assert_non_null(strstr(err.msg, "linux.resources.devices[0]"));
}

/* The defaults are runc 1.1's AllowedDevices, in its order, after the
 * config's rules; nothing else (no /dev/console 5:1). */
static void test_default_device_rules(void **state)
{
	(void)state;
	static const char *const want[] = {
		"c -1:-1 m", "b -1:-1 m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm",
		"c 1:5 rwm", "c 1:9 rwm", "c 136:-1 rwm", "c 5:2 rwm", "c 10:200 rwm",
	};
	struct rm_dev_rule own = { false, 'a', -1, -1, "rwm" }, out[CG_MAX_DEV_RULES];
	struct rm_resources r;
	memset(&r, 0, sizeof r);
	r.devices = &own;
	r.n_devices = 1;
	size_t n = cgi_device_rules(&r, out, CG_MAX_DEV_RULES);
	assert_int_equal(n, 1 + sizeof want / sizeof want[0]);
	assert_int_equal(out[0].type, 'a');
	for (size_t i = 1; i < n; i++) {
		char text[64];
		assert_true(out[i].allow);
		snprintf(text, sizeof text, "%c %lld:%lld %s", out[i].type, (long long)out[i].major,
			 (long long)out[i].minor, out[i].access);
		assert_string_equal(text, want[i - 1]);
	}
	assert_int_equal(cgi_device_rules(NULL, out, CG_MAX_DEV_RULES), n - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover_hybrid),
		cmocka_unit_test(test_discover_v1_combined),
		cmocka_unit_test(test_discover_v2_and_none),
		cmocka_unit_test(test_discover_subtree_escape),
		cmocka_unit_test(test_discover_overmounted_v2),
		cmocka_unit_test(test_discover_overmounted_root),
		cmocka_unit_test(test_discover_same_point_sibling),
		cmocka_unit_test(test_mi_unescape),
		cmocka_unit_test(test_clean_path),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_wants_zeros),
		cmocka_unit_test(test_bpf_program),
		cmocka_unit_test(test_default_device_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
