/* SPDX-License-Identifier: Apache-2.0 */
/* resources.h - linux.resources as plain data (decoded by spec_resources.c,
 * applied by cgroup*.c).  A `has_` flag marks each value the config set:
 * zero is a real value for some keys and "unset" for others (see cgroup.c).
 */
#ifndef RM_RESOURCES_H
#define RM_RESOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rm_dev_rule {            /* linux.resources.devices[] */
	bool allow;
	char type;                  /* 'a', 'c', 'b' */
	int64_t major, minor;       /* -1 = wildcard */
	char access[4];             /* subset of "rwm" */
};

struct rm_blkio_dev {
	int64_t major, minor;
	uint64_t rate;              /* throttle: bytes or ops per second */
	uint16_t weight, leaf_weight;
	bool has_weight, has_leaf_weight;
};

struct rm_hugepage { char *page_size; uint64_t limit; };
struct rm_kv_num { char *key; uint64_t value; };
struct rm_unified { char *key; char *value; };
struct rm_rdma { char *device; uint32_t hca_handles, hca_objects; bool has_handles, has_objects; };

struct rm_resources {
	/* memory */
	int64_t mem_limit, mem_reservation, mem_swap, mem_kernel, mem_kernel_tcp;
	uint64_t mem_swappiness;
	bool mem_disable_oom, mem_check_before_update, mem_use_hierarchy;
	bool has_mem_limit, has_mem_reservation, has_mem_swap, has_mem_kernel, has_mem_kernel_tcp,
	     has_mem_swappiness, has_mem_disable_oom, has_mem_check_before_update, has_mem_use_hierarchy;
	/* cpu */
	uint64_t cpu_shares, cpu_period, cpu_realtime_period, cpu_burst;
	int64_t cpu_quota, cpu_realtime_runtime, cpu_idle;
	char *cpu_cpus, *cpu_mems;
	bool has_cpu_shares, has_cpu_period, has_cpu_quota, has_cpu_realtime_period,
	     has_cpu_realtime_runtime, has_cpu_burst, has_cpu_idle;
	/* pids */
	int64_t pids_limit;
	bool has_pids_limit;
	/* blockIO */
	uint16_t blkio_weight, blkio_leaf_weight;
	bool has_blkio_weight, has_blkio_leaf_weight;
	struct rm_blkio_dev *blkio_weight_dev, *throttle_read_bps, *throttle_write_bps,
			    *throttle_read_iops, *throttle_write_iops;
	size_t n_blkio_weight_dev, n_throttle_read_bps, n_throttle_write_bps,
	       n_throttle_read_iops, n_throttle_write_iops;
	/* hugepageLimits, network, rdma, unified, devices */
	struct rm_hugepage *hugepages;
	size_t n_hugepages;
	uint32_t net_class_id;
	bool has_net_class_id;
	struct rm_kv_num *net_prio;
	size_t n_net_prio;
	struct rm_rdma *rdma;
	size_t n_rdma;
	struct rm_unified *unified;
	size_t n_unified;
	struct rm_dev_rule *devices;
	size_t n_devices;
};

#endif
