/* Layer SmmuOpsAux: decoding of trapped SMMU accesses, context-bank release, SMMU boot. */
#include "hyp.h"

/* Emulate the host's trapped access at addr (inside an SMMU) described by esr.
 * Only 4- and 8-byte naturally aligned accesses are emulated. */
u64 handle_host_mmio(u64 addr, u64 esr)
{
	u64 rel = addr - SMMU_BASE0;
	u32 smmu = (u32)(rel / SMMU_STRIDE);
	u64 offset = rel % SMMU_STRIDE;
	u32 size = 1U << (u32)((esr >> ESR_SAS_SHIFT) & ESR_SAS_MASK);
	u32 rt = (u32)((esr >> ESR_SRT_SHIFT) & ESR_SRT_MASK);
	u64 val = 0ULL;
	u64 ret = E_OK;
	if (size < 4U || (offset & ((u64)size - 1ULL)) != 0ULL) {
		return E_INVAL;
	}
	if ((esr & ESR_WNR) != 0ULL) {
		if (rt != 31U) {
			val = hw_get_host_reg(rt);
		}
		ret = handle_smmu_write(smmu, offset, val, size);
	} else {
		val = handle_smmu_read(smmu, offset, size);
		if (rt != 31U) {
			hw_set_host_reg(rt, val);
		}
	}
	return ret;
}

/* Release context bank cbidx: drop every DMA reference, empty its table, mark it free.
 * Loop bound: SMMU_PTE_PAGES. Caller holds the SMMU lock. */
void free_smmu_cb(u32 cbidx)
{
	u64 k;
	for (k = 0ULL; k < SMMU_PTE_PAGES; k++) {
		put_smmu_pte_page(cbidx, k);
	}
	init_spt(cbidx);
	set_smmu_cb_owner(cbidx, INVALID_OWNER);
	set_smmu_cb_allocated(cbidx, 0U);
}

/* Boot-time SMMU setup: MMIO bases, empty tables, every context bank free.
 * Loop bounds: SMMU_NUM, SMMU_TOTAL_CB. */
void smmu_boot_init(void)
{
	u32 i;
	acquire_lock_smmu();
	for (i = 0U; i < SMMU_NUM; i++) {
		set_smmu_base(i, SMMU_BASE0 + ((u64)i) * SMMU_STRIDE);
	}
	init_smmu_pools();
	for (i = 0U; i < SMMU_TOTAL_CB; i++) {
		init_spt(i);
		set_smmu_cb_owner(i, INVALID_OWNER);
		set_smmu_cb_allocated(i, 0U);
	}
	release_lock_smmu();
}
