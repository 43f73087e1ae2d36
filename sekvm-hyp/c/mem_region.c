/* Layer MemRegion: the physical memory regions and address classification. */
#include "hyp.h"

/* Record the platform's memory regions and the page-record index of each. */
void init_mem_regions(void)
{
	set_region_base(0U, REGION0_BASE);
	set_region_size(0U, REGION0_SIZE);
	set_region_index(0U, 0ULL);
	set_region_base(1U, REGION1_BASE);
	set_region_size(1U, REGION1_SIZE);
	set_region_index(1U, REGION0_SIZE >> PAGE_SHIFT);
	set_region_cnt(NUM_REGIONS);
}

/* The region containing addr, or INVALID32. Loop bound: MAX_REGIONS. */
u32 mem_region_search(u64 addr)
{
	u32 cnt = get_region_cnt();
	u32 i;
	u32 res = INVALID32;
	for (i = 0U; i < MAX_REGIONS; i++) {
		if (i < cnt) {
			u64 base = get_region_base(i);
			u64 size = get_region_size(i);
			if (addr >= base && addr - base < size) {
				res = i;
			}
		}
	}
	return res;
}

/* 1 if addr lies in the MMIO window of an SMMU. */
u32 is_smmu_addr(u64 addr)
{
	if (addr >= SMMU_BASE0 && addr - SMMU_BASE0 < ((u64)SMMU_NUM) * SMMU_STRIDE) {
		return 1U;
	}
	return 0U;
}

/* 1 if addr lies in the hypervisor's own memory. */
u32 is_core_addr(u64 addr)
{
	if (addr >= CORE_START && addr - CORE_START < CORE_SIZE) {
		return 1U;
	}
	return 0U;
}
