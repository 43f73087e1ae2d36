/* Layer SmmuMemOps: SMMU mappings with ownership checks (caller holds the SMMU lock). */
#include "hyp.h"

/* Map iova to pfn for context bank cbidx owned by owner. */
u64 map_smmu(u32 cbidx, u32 owner, u64 iova, u64 pfn)
{
	u64 ret;
	if (walk_spt(cbidx, iova) != 0ULL) {
		return E_EXIST;
	}
	ret = smmu_page_get(owner, pfn);
	if (ret != E_OK) {
		return ret;
	}
	ret = map_spt(cbidx, iova, pfn);
	if (ret != E_OK) {
		smmu_page_put(pfn);
	}
	return ret;
}

/* Unmap iova from context bank cbidx and drop the page reference. */
u64 unmap_smmu(u32 cbidx, u64 iova)
{
	u64 old = unmap_spt(cbidx, iova);
	if (desc_is_valid(old) == 0U) {
		return E_NOENT;
	}
	smmu_page_put(leaf_pfn(old, iova));
	return E_OK;
}

/* Drop the page references of every mapping in the k-th PTE page of cbidx's pool.
 * Loop bound: PTRS_PER_TABLE. */
void put_smmu_pte_page(u32 cbidx, u64 k)
{
	u64 i;
	u64 e;
	for (i = 0ULL; i < PTRS_PER_TABLE; i++) {
		e = spt_pool_entry(cbidx, k, i);
		if (desc_is_valid(e) != 0U) {
			smmu_page_put(desc_addr(e) >> PAGE_SHIFT);
		}
	}
}

/* The physical address iova translates to in context bank cbidx, or 0. */
u64 smmu_iova_to_phys(u32 cbidx, u64 iova)
{
	u64 e = walk_spt(cbidx, iova);
	if (desc_is_valid(e) == 0U) {
		return 0ULL;
	}
	return desc_addr(e) | (iova & PAGE_MASK);
}
