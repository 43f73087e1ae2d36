/* Layer SmmuPTOps: lock-wrapped SMMU page-table operations with SMMU TLB maintenance. */
#include "hyp.h"

/* Empty a context bank's SMMU table. */
void init_spt(u32 cbidx)
{
	acquire_lock_spt();
	init_smmu_pt(cbidx);
	smmu_tlb_flush(cbidx);
	release_lock_spt();
}

/* The PTE mapping iova in a context bank's table, or 0. */
u64 walk_spt(u32 cbidx, u64 iova)
{
	u64 desc;
	acquire_lock_spt();
	desc = walk_smmu_pt(cbidx, iova);
	release_lock_spt();
	return desc;
}

/* Map iova to pfn (read/write) in a context bank's table. */
u64 map_spt(u32 cbidx, u64 iova, u64 pfn)
{
	u64 ret;
	acquire_lock_spt();
	ret = set_smmu_pt(cbidx, iova, make_page_desc(pfn, SMMU_ATTR_RW));
	hw_dsb_ishst();
	release_lock_spt();
	return ret;
}

/* Unmap iova from a context bank's table; returns the old PTE (0 if none). */
u64 unmap_spt(u32 cbidx, u64 iova)
{
	u64 old;
	acquire_lock_spt();
	old = clear_smmu_pt(cbidx, iova);
	if (old != 0ULL) {
		smmu_tlb_flush(cbidx);
	}
	release_lock_spt();
	return old;
}

/* Entry i of the k-th PTE page of a context bank's pool. */
u64 spt_pool_entry(u32 cbidx, u64 k, u64 i)
{
	u64 e;
	acquire_lock_spt();
	e = smmu_pool_entry(cbidx, k, i);
	release_lock_spt();
	return e;
}

/* The root table address of a context bank. */
u64 spt_root(u32 cbidx)
{
	u64 r;
	acquire_lock_spt();
	r = get_smmu_cb_root(cbidx);
	release_lock_spt();
	return r;
}
