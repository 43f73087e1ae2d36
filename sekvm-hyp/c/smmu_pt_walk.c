/* Layer SmmuPTWalk: one level of a 3-level SMMU walk (39-bit IOVA), allocating on demand. */
#include "hyp.h"

/* PMD table for iova from the root table; allocated when alloc != 0. 0 when absent. */
u64 walk_smmu_pgd(u32 cbidx, u64 root, u64 iova, u32 alloc)
{
	u64 ea = entry_addr(root, pud_index(iova));
	u64 e = hw_pt_load(ea);
	u64 next;
	if (desc_is_table(e) != 0U) {
		return desc_addr(e);
	}
	if (e != 0ULL || alloc == 0U) {
		return 0ULL;
	}
	next = alloc_smmu_pmd_page(cbidx);
	if (next == 0ULL) {
		return 0ULL;
	}
	hw_pt_store(ea, make_table_desc(next));
	return next;
}

/* PTE table for iova from the PMD table; allocated when alloc != 0. 0 when absent. */
u64 walk_smmu_pmd(u32 cbidx, u64 pmd, u64 iova, u32 alloc)
{
	u64 ea = entry_addr(pmd, pmd_index(iova));
	u64 e = hw_pt_load(ea);
	u64 next;
	if (desc_is_table(e) != 0U) {
		return desc_addr(e);
	}
	if (e != 0ULL || alloc == 0U) {
		return 0ULL;
	}
	next = alloc_smmu_pte_page(cbidx);
	if (next == 0ULL) {
		return 0ULL;
	}
	hw_pt_store(ea, make_table_desc(next));
	return next;
}

/* The SMMU PTE for iova in the PTE table pte. */
u64 walk_smmu_pte(u64 pte, u64 iova)
{
	return hw_pt_load(entry_addr(pte, pte_index(iova)));
}

/* Write the SMMU PTE for iova in the PTE table pte. */
void set_smmu_pte(u64 pte, u64 iova, u64 desc)
{
	hw_pt_store(entry_addr(pte, pte_index(iova)), desc);
}

/* Entry i of the page-table page at pa. */
u64 smmu_entry_at(u64 pa, u64 i)
{
	return hw_pt_load(entry_addr(pa, i));
}
