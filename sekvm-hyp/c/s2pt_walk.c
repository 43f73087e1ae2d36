/* Layer S2PTWalk: one level of a stage-2 walk, allocating the next table on demand. */
#include "hyp.h"

/* PUD table for addr from the PGD of vttbr; allocates it when alloc != 0. 0 when absent. */
u64 walk_pgd(u32 vmid, u64 vttbr, u64 addr, u32 alloc)
{
	u64 ea = entry_addr(desc_addr(vttbr), pgd_index(addr));
	u64 e = hw_pt_load(ea);
	u64 next;
	if (desc_is_table(e) != 0U) {
		return desc_addr(e);
	}
	if (e != 0ULL || alloc == 0U) {
		return 0ULL;
	}
	next = alloc_s2pt_pud(vmid);
	if (next == 0ULL) {
		return 0ULL;
	}
	hw_pt_store(ea, make_table_desc(next));
	return next;
}

/* PMD table for addr from the PUD table pud; allocates it when alloc != 0. 0 when absent. */
u64 walk_pud(u32 vmid, u64 pud, u64 addr, u32 alloc)
{
	u64 ea = entry_addr(pud, pud_index(addr));
	u64 e = hw_pt_load(ea);
	u64 next;
	if (desc_is_table(e) != 0U) {
		return desc_addr(e);
	}
	if (e != 0ULL || alloc == 0U) {
		return 0ULL;
	}
	next = alloc_s2pt_pmd(vmid);
	if (next == 0ULL) {
		return 0ULL;
	}
	hw_pt_store(ea, make_table_desc(next));
	return next;
}

/* PTE table for addr from the PMD table pmd; allocates it when alloc != 0.
 * 0 when absent or when the PMD entry is a block. */
u64 walk_pmd(u32 vmid, u64 pmd, u64 addr, u32 alloc)
{
	u64 ea = entry_addr(pmd, pmd_index(addr));
	u64 e = hw_pt_load(ea);
	u64 next;
	if (desc_is_table(e) != 0U) {
		return desc_addr(e);
	}
	if (e != 0ULL || alloc == 0U) {
		return 0ULL;
	}
	next = alloc_s2pt_pte(vmid);
	if (next == 0ULL) {
		return 0ULL;
	}
	hw_pt_store(ea, make_table_desc(next));
	return next;
}

/* The PMD entry for addr in the PMD table pmd. */
u64 pmd_entry(u64 pmd, u64 addr)
{
	return hw_pt_load(entry_addr(pmd, pmd_index(addr)));
}

/* The PTE entry for addr in the PTE table pte. */
u64 pte_entry(u64 pte, u64 addr)
{
	return hw_pt_load(entry_addr(pte, pte_index(addr)));
}

/* Write the PMD entry for addr. */
void set_pmd(u64 pmd, u64 addr, u64 desc)
{
	hw_pt_store(entry_addr(pmd, pmd_index(addr)), desc);
}

/* Write the PTE entry for addr. */
void set_pte(u64 pte, u64 addr, u64 desc)
{
	hw_pt_store(entry_addr(pte, pte_index(addr)), desc);
}
