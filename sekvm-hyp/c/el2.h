/* The abstract state of the hypervisor: one global struct el2_data. Only accessors.c touches it. */
#ifndef SEKVM_EL2_H
#define SEKVM_EL2_H

#include "constants.h"

/* One record per physical page: owner vmid, share count, guest frame number. */
struct s2_page {
	u32 owner;
	u32 count;
	u64 gfn;
};

/* A physical memory region and the index of its first page record. */
struct mem_region {
	u64 base;
	u64 size;
	u64 index;
};

/* A stage-2 page-table pool: its first page, used-page counters and the VTTBR value. */
struct s2pt_pool {
	u64 pool_start;
	u64 pud_used;
	u64 pmd_used;
	u64 pte_used;
	u64 vttbr;
};

/* One SMMU context bank: owner, allocation flag and its page-table pool. */
struct smmu_cb_info {
	u32 owner;
	u32 allocated;
	u64 pool_start;
	u64 pmd_used;
	u64 pte_used;
	u64 root;
};

/* One VM image: load address (IPA), size in bytes, and its remap slots. */
struct load_info {
	u64 load_addr;
	u64 size;
	u64 remap_start;
	u64 remapped;
};

/* The saved (shadow) context of one VCPU. */
struct vcpu_ctxt {
	u64 gpr[NR_GPRS];
	u64 pc;
	u64 pstate;
	u64 sysregs[NR_SYSREGS];
	u64 esr;
	u64 far;
	u64 hpfar;
	u64 fault_ipa;
	u64 mmio_data;
	u32 mmio_pending;
	u32 mmio_rt;
	u32 mmio_size;
	u32 mmio_write;
	u32 state;
	u32 started;
};

/* Per-VM information. */
struct vm_info {
	u32 state;
	u32 load_info_cnt;
	u32 vcpu_cnt;
	u32 pad;
	struct load_info load[MAX_LOAD_INFO];
	struct vcpu_ctxt vcpu[MAX_VCPU];
};

/* The host's EL1 and EL2 state saved while a VCPU runs. */
struct host_ctxt {
	u64 sysregs[NR_SYSREGS];
	u64 elr;
	u64 spsr;
	u64 hcr;
	u64 vttbr;
};

/* All hypervisor state. */
struct el2_data {
	struct mem_region regions[MAX_REGIONS];
	u32 region_cnt;
	u32 booted;
	struct s2_page s2pages[MAX_PAGES];
	struct s2pt_pool s2pt[MAX_VM];
	struct smmu_cb_info smmu_cb[SMMU_TOTAL_CB];
	u64 smmu_base[SMMU_NUM];
	struct vm_info vm[MAX_VM];
	struct host_ctxt host;
	u64 remap_pfn[REMAP_SLOTS];
	u64 next_remap;
	u32 next_vmid;
	u32 cur_vmid;
	u32 cur_vcpuid;
	u32 pad;
};

extern struct el2_data el2_data;

#endif
