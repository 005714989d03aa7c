/* needs: src/spec_resources.c src/json.c src/arena.c src/err.c */
/* SPDX-License-Identifier: Apache-2.0 */
/* linux.resources decoding: every key, the zeros engines send, and wrong
 * types reported with the JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "spec_resources.h"
#include "unit_util.h"

struct dec {
	struct rm_json j;
	struct rm_arena arena;
	struct rm_err err;
	struct rm_resources r;
	int rc;
};

static void decode(struct dec *d, const char *text)
{
	memset(d, 0, sizeof *d);
	assert_int_equal(json_parse(&d->j, "config.json", text, strlen(text), &d->err), 0);
	struct json_ctx c = { &d->j, &d->arena, &d->err };
	d->rc = spec_decode_resources(&c, 0, "linux.resources", &d->r);
}

static void done(struct dec *d)
{
	json_free(&d->j);
	arena_free(&d->arena);
}

static void expect_error(const char *text, const char *needle)
{
	struct dec d;
	decode(&d, text);
	if (d.rc != -1 || !strstr(d.err.msg, needle))
		fail_msg("for %s\nexpected an error containing \"%s\", got rc=%d \"%s\"", text, needle,
			 d.rc, d.err.msg);
	done(&d);
}

static void test_memory_cpu_pids(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"memory\":{\"limit\":67108864,\"reservation\":1024,\"swap\":-1,\"kernel\":0,"
		   "\"kernelTCP\":5,\"swappiness\":60,\"disableOOMKiller\":true,\"useHierarchy\":false,"
		   "\"checkBeforeUpdate\":true},"
		   "\"cpu\":{\"shares\":1024,\"quota\":50000,\"period\":100000,\"burst\":1000,"
		   "\"realtimeRuntime\":-1,\"realtimePeriod\":1000000,\"cpus\":\"0-1\",\"mems\":\"0\",\"idle\":1},"
		   "\"pids\":{\"limit\":-1}}");
	assert_int_equal(d.rc, 0);
	struct rm_resources *r = &d.r;
	assert_true(r->has_mem_limit && r->mem_limit == 67108864);
	assert_true(r->has_mem_reservation && r->mem_reservation == 1024);
	assert_true(r->has_mem_swap && r->mem_swap == -1);
	assert_true(r->has_mem_kernel && r->mem_kernel == 0);
	assert_true(r->has_mem_swappiness && r->mem_swappiness == 60);
	assert_true(r->has_mem_disable_oom && r->mem_disable_oom);
	assert_true(r->has_mem_check_before_update && r->mem_check_before_update);
	assert_true(r->has_cpu_shares && r->cpu_shares == 1024);
	assert_true(r->has_cpu_quota && r->cpu_quota == 50000);
	assert_true(r->has_cpu_period && r->cpu_period == 100000);
	assert_true(r->has_cpu_burst && r->cpu_burst == 1000);
	assert_true(r->has_cpu_realtime_runtime && r->cpu_realtime_runtime == -1);
	assert_true(r->has_cpu_realtime_period && r->cpu_realtime_period == 1000000);
	assert_true(r->has_cpu_idle && r->cpu_idle == 1);
	assert_string_equal(r->cpu_cpus, "0-1");
	assert_string_equal(r->cpu_mems, "0");
	assert_true(r->has_pids_limit && r->pids_limit == -1);
	done(&d);
}

/* docker's update: explicit zeros mean "leave alone", swappiness -1 too. */
static void test_docker_zeros(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"memory\":{\"limit\":33554432,\"reservation\":0,\"swap\":67108864,\"kernel\":0,"
		   "\"swappiness\":-1},\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0},"
		   "\"blockIO\":{\"weight\":0}}");
	assert_int_equal(d.rc, 0);
	assert_true(d.r.has_cpu_shares && d.r.cpu_shares == 0);
	assert_true(d.r.has_blkio_weight && d.r.blkio_weight == 0);
	assert_false(d.r.has_mem_swappiness);
	done(&d);
}

static void test_blkio(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"blockIO\":{\"weight\":500,\"leafWeight\":300,"
		   "\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":600},{\"major\":8,\"minor\":16,\"leafWeight\":20}],"
		   "\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}],"
		   "\"throttleWriteBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":2097152}],"
		   "\"throttleReadIOPSDevice\":[{\"major\":8,\"minor\":0,\"rate\":100}],"
		   "\"throttleWriteIOPSDevice\":[{\"major\":8,\"minor\":0,\"rate\":200},{\"major\":253,\"minor\":1,\"rate\":5}]}}");
	assert_int_equal(d.rc, 0);
	struct rm_resources *r = &d.r;
	assert_true(r->has_blkio_weight && r->blkio_weight == 500);
	assert_true(r->has_blkio_leaf_weight && r->blkio_leaf_weight == 300);
	assert_int_equal(r->n_blkio_weight_dev, 2);
	assert_true(r->blkio_weight_dev[0].has_weight && r->blkio_weight_dev[0].weight == 600);
	assert_false(r->blkio_weight_dev[0].has_leaf_weight);
	assert_true(r->blkio_weight_dev[1].has_leaf_weight && r->blkio_weight_dev[1].leaf_weight == 20);
	assert_int_equal(r->blkio_weight_dev[1].minor, 16);
	assert_int_equal(r->n_throttle_read_bps, 1);
	assert_int_equal(r->throttle_read_bps[0].rate, 1048576);
	assert_int_equal(r->throttle_write_bps[0].rate, 2097152);
	assert_int_equal(r->throttle_read_iops[0].rate, 100);
	assert_int_equal(r->n_throttle_write_iops, 2);
	assert_int_equal(r->throttle_write_iops[1].major, 253);
	done(&d);
}

static void test_hugepages_network_rdma_unified(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":209715200},{\"pageSize\":\"1GB\",\"limit\":0}],"
		   "\"network\":{\"classID\":1048577,\"priorities\":[{\"name\":\"eth0\",\"priority\":500},{\"name\":\"lo\",\"priority\":1}]},"
		   "\"rdma\":{\"mlx5_1\":{\"hcaHandles\":3,\"hcaObjects\":10000},\"mlx4_0\":{\"hcaObjects\":7}},"
		   "\"unified\":{\"memory.high\":\"64M\",\"io.weight\":\"default 200\"}}");
	assert_int_equal(d.rc, 0);
	struct rm_resources *r = &d.r;
	assert_int_equal(r->n_hugepages, 2);
	assert_string_equal(r->hugepages[0].page_size, "2MB");
	assert_int_equal(r->hugepages[0].limit, 209715200);
	assert_string_equal(r->hugepages[1].page_size, "1GB");
	assert_true(r->has_net_class_id && r->net_class_id == 1048577);
	assert_int_equal(r->n_net_prio, 2);
	assert_string_equal(r->net_prio[0].key, "eth0");
	assert_int_equal(r->net_prio[0].value, 500);
	assert_int_equal(r->n_rdma, 2);
	assert_string_equal(r->rdma[0].device, "mlx5_1");
	assert_true(r->rdma[0].has_handles && r->rdma[0].hca_handles == 3);
	assert_true(r->rdma[0].has_objects && r->rdma[0].hca_objects == 10000);
	assert_false(r->rdma[1].has_handles);
	assert_int_equal(r->rdma[1].hca_objects, 7);
	assert_int_equal(r->n_unified, 2);
	assert_string_equal(r->unified[0].key, "memory.high");
	assert_string_equal(r->unified[0].value, "64M");
	assert_string_equal(r->unified[1].value, "default 200");
	done(&d);
}

/* docker's list: deny-all without a type, then allows, a deny at the end. */
static void test_devices(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
		   "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":5,\"access\":\"rwm\"},"
		   "{\"allow\":true,\"type\":\"c\",\"major\":136,\"access\":\"rw\"},"
		   "{\"allow\":false,\"type\":\"b\",\"major\":8,\"minor\":0}]}");
	assert_int_equal(d.rc, 0);
	struct rm_resources *r = &d.r;
	assert_int_equal(r->n_devices, 4);
	assert_false(r->devices[0].allow);
	assert_int_equal(r->devices[0].type, 'a');
	assert_int_equal(r->devices[0].major, -1);
	assert_int_equal(r->devices[0].minor, -1);
	assert_string_equal(r->devices[0].access, "rwm");
	assert_true(r->devices[1].allow);
	assert_int_equal(r->devices[1].type, 'c');
	assert_int_equal(r->devices[1].major, 1);
	assert_int_equal(r->devices[1].minor, 5);
	assert_int_equal(r->devices[2].minor, -1);
	assert_string_equal(r->devices[2].access, "rw");
	assert_int_equal(r->devices[3].type, 'b');
	assert_string_equal(r->devices[3].access, "rwm");
	done(&d);
}

static void test_null_and_unknown_ignored(void **state)
{
	(void)state;
	struct dec d;
	decode(&d, "{\"memory\":null,\"cpu\":{\"shares\":null,\"future\":1},\"somethingNew\":{}}");
	assert_int_equal(d.rc, 0);
	assert_false(d.r.has_cpu_shares);
	assert_false(d.r.has_mem_limit);
	done(&d);
}

static void test_wrong_types(void **state)
{
	(void)state;
	expect_error("{\"memory\":{\"limit\":\"64M\"}}", "linux.resources.memory.limit: expected an integer");
	expect_error("{\"memory\":[]}", "linux.resources.memory: expected an object");
	expect_error("{\"memory\":{\"swappiness\":101}}", "linux.resources.memory.swappiness");
	expect_error("{\"memory\":{\"disableOOMKiller\":1}}", "linux.resources.memory.disableOOMKiller");
	expect_error("{\"cpu\":{\"shares\":-2}}", "linux.resources.cpu.shares");
	expect_error("{\"cpu\":{\"cpus\":5}}", "linux.resources.cpu.cpus");
	expect_error("{\"pids\":{\"limit\":1.5}}", "linux.resources.pids.limit");
	expect_error("{\"blockIO\":{\"weight\":70000}}", "linux.resources.blockIO.weight: integer out of range");
	expect_error("{\"blockIO\":{\"weightDevice\":{}}}", "linux.resources.blockIO.weightDevice");
	expect_error("{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":\"x\"}]}}",
		     "linux.resources.blockIO.weightDevice[0].weight");
	expect_error("{\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0}]}}",
		     "linux.resources.blockIO.throttleReadBpsDevice[0]: major, minor and rate are required");
	expect_error("{\"blockIO\":{\"throttleWriteIOPSDevice\":[{\"major\":-8,\"minor\":0,\"rate\":1}]}}",
		     "throttleWriteIOPSDevice[0]: major and minor must not be negative");
	expect_error("{\"hugepageLimits\":[{\"pageSize\":\"../../x\",\"limit\":1}]}",
		     "linux.resources.hugepageLimits[0]: pageSize \"../../x\"");
	expect_error("{\"hugepageLimits\":[{\"limit\":1}]}", "hugepageLimits[0]: pageSize and limit are required");
	expect_error("{\"network\":{\"classID\":-1}}", "linux.resources.network.classID");
	expect_error("{\"network\":{\"priorities\":[{\"name\":\"eth0\"}]}}", "linux.resources.network.priorities[0]");
	expect_error("{\"rdma\":{\"mlx5\":{\"hcaHandles\":\"3\"}}}", "linux.resources.rdma.mlx5.hcaHandles");
	expect_error("{\"rdma\":[]}", "linux.resources.rdma: expected an object");
	expect_error("{\"unified\":{\"memory.high\":64}}", "linux.resources.unified.memory.high: expected a string");
	expect_error("{\"unified\":{\"../../release_agent\":\"x\"}}", "not a cgroup file name");
	expect_error("{\"devices\":[{\"type\":\"c\"}]}", "linux.resources.devices[0]: allow is required");
	expect_error("{\"devices\":[{\"allow\":true,\"type\":\"x\"}]}", "linux.resources.devices[0]: type \"x\"");
	expect_error("{\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]}", "access \"rwx\"");
	expect_error("{\"devices\":[{\"allow\":true,\"access\":\"rr\"}]}", "access \"rr\"");
	expect_error("{\"devices\":[{\"allow\":true,\"major\":-5}]}", "linux.resources.devices[0]: major/minor out of range");
	expect_error("{\"devices\":{}}", "linux.resources.devices: expected an array");
}

/* The real files engines produced decode cleanly (copies in fixtures/;
 * a missing one fails the test). */
static void test_fixtures(void **state)
{
	(void)state;
	static const char *const files[] = {
		"docker-update.resources.json",
		"podman-update.resources.json",
	};
	for (size_t i = 0; i < 2; i++) {
		struct rm_json j;
		struct rm_arena a = { 0 };
		struct rm_err err;
		struct rm_resources r;
		memset(&r, 0, sizeof r);
		size_t len;
		char *buf = unit_read_fixture(files[i], &len);
		assert_int_equal(json_parse(&j, "update", buf, len, &err), 0);
		struct json_ctx c = { &j, &a, &err };
		assert_int_equal(spec_decode_resources(&c, 0, "resources", &r), 0);
		assert_true(r.has_mem_limit && r.mem_limit == 33554432);
		assert_true(r.has_mem_swap && r.mem_swap == 67108864);
		json_free(&j);
		arena_free(&a);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_cpu_pids),
		cmocka_unit_test(test_docker_zeros),
		cmocka_unit_test(test_blkio),
		cmocka_unit_test(test_hugepages_network_rdma_unified),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_null_and_unknown_ignored),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_fixtures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
