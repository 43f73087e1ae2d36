/* Layer SmmuPTTreeOps: whole SMMU walks and updates (caller holds the SMMU pt lock). */
#include "hyp.h"

/* Invalidate the SMMU TLB of context bank cbidx: TLBIALL then TLBSYNC. */
void smmu_tlb_flush(u32 cbidx)
{
	u32 smmu = cbidx / SMMU_NUM_CB;
	u32 cb = cbidx % SMMU_NUM_CB;
	u64 base = get_smmu_base(smmu);
	hw_dsb_ishst();
	hw_smmu_write(base, smmu_cb_reg(cb, SMMU_CB_TLBIALL), 0ULL, 4U);
	hw_smmu_write(base, smmu_cb_reg(cb, SMMU_CB_TLBSYNC), 0ULL, 4U);
}

/* Empty a context bank's SMMU table. */
void init_smmu_pt(u32 cbidx)
{
	reset_smmu_pool(cbidx);
}

/* The PTE mapping iova in the context bank's table, or 0. */
u64 walk_smmu_pt(u32 cbidx, u64 iova)
{
	u64 pmd = walk_smmu_pgd(cbidx, get_smmu_cb_root(cbidx), iova, 0U);
	u64 pte;
	if (pmd == 0ULL) {
		return 0ULL;
	}
	pte = walk_smmu_pmd(cbidx, pmd, iova, 0U);
	if (pte == 0ULL) {
		return 0ULL;
	}
	return walk_smmu_pte(pte, iova);
}

/* Install desc for iova. E_EXIST when iova is mapped, E_NOMEM when the pool is exhausted. */
u64 set_smmu_pt(u32 cbidx, u64 iova, u64 desc)
{
	u64 pmd = walk_smmu_pgd(cbidx, get_smmu_cb_root(cbidx), iova, 1U);
	u64 pte;
	if (pmd == 0ULL) {
		return E_NOMEM;
	}
	pte = walk_smmu_pmd(cbidx, pmd, iova, 1U);
	if (pte == 0ULL) {
		return E_NOMEM;
	}
	if (walk_smmu_pte(pte, iova) != 0ULL) {
		return E_EXIST;
	}
	set_smmu_pte(pte, iova, desc);
	return E_OK;
}

/* Remove the mapping of iova; returns the old PTE (0 when nothing was mapped). */
u64 clear_smmu_pt(u32 cbidx, u64 iova)
{
	u64 pmd = walk_smmu_pgd(cbidx, get_smmu_cb_root(cbidx), iova, 0U);
	u64 pte;
	u64 old;
	if (pmd == 0ULL) {
		return 0ULL;
	}
	pte = walk_smmu_pmd(cbidx, pmd, iova, 0U);
	if (pte == 0ULL) {
		return 0ULL;
	}
	old = walk_smmu_pte(pte, iova);
	if (old != 0ULL) {
		set_smmu_pte(pte, iova, 0ULL);
	}
	return old;
}

/* Entry i of the k-th PTE page of the context bank's pool (0 when that page is unused). */
u64 smmu_pool_entry(u32 cbidx, u64 k, u64 i)
{
	u64 pa = smmu_pte_page(cbidx, k);
	if (pa == 0ULL) {
		return 0ULL;
	}
	return smmu_entry_at(pa, i);
}
