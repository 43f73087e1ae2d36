/* Layer SmmuPTAlloc: page allocation from the per-context-bank SMMU page-table pools. */
#include "hyp.h"

/* Set the pool start of every context bank's pool. Loop bound: SMMU_TOTAL_CB. */
void init_smmu_pools(void)
{
	u32 cbidx;
	for (cbidx = 0U; cbidx < SMMU_TOTAL_CB; cbidx++) {
		set_smmu_pool_start(cbidx, SMMU_POOL_START + ((u64)cbidx) * SMMU_POOL_SIZE);
	}
}

/* Empty a context bank's pool: zero its root table and reset the used counters. */
void reset_smmu_pool(u32 cbidx)
{
	u64 root = get_smmu_pool_start(cbidx);
	clear_pt_page(root);
	set_smmu_pmd_used(cbidx, 0ULL);
	set_smmu_pte_used(cbidx, 0ULL);
	set_smmu_cb_root(cbidx, root);
}

/* Allocate a zeroed PMD page for a context bank; 0 when exhausted. */
u64 alloc_smmu_pmd_page(u32 cbidx)
{
	u64 used = get_smmu_pmd_used(cbidx);
	u64 pa;
	if (used >= SMMU_PMD_PAGES) {
		return 0ULL;
	}
	pa = get_smmu_pool_start(cbidx) + (SMMU_PMD_START + used) * PAGE_SIZE;
	clear_pt_page(pa);
	set_smmu_pmd_used(cbidx, used + 1ULL);
	return pa;
}

/* Allocate a zeroed PTE page for a context bank; 0 when exhausted. */
u64 alloc_smmu_pte_page(u32 cbidx)
{
	u64 used = get_smmu_pte_used(cbidx);
	u64 pa;
	if (used >= SMMU_PTE_PAGES) {
		return 0ULL;
	}
	pa = get_smmu_pool_start(cbidx) + (SMMU_PTE_START + used) * PAGE_SIZE;
	clear_pt_page(pa);
	set_smmu_pte_used(cbidx, used + 1ULL);
	return pa;
}

/* Address of the k-th PTE page of a context bank's pool, or 0 if it is not in use. */
u64 smmu_pte_page(u32 cbidx, u64 k)
{
	if (k >= get_smmu_pte_used(cbidx)) {
		return 0ULL;
	}
	return get_smmu_pool_start(cbidx) + (SMMU_PTE_START + k) * PAGE_SIZE;
}
