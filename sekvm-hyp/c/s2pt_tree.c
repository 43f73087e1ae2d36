/* Layer S2PTTreeOps: whole 4-level stage-2 walks and updates (caller holds the pt lock). */
#include "hyp.h"

/* Empty vmid's stage-2 table. */
void init_npt(u32 vmid)
{
	reset_s2pt_pool(vmid);
}

/* The leaf descriptor (4 KiB page or 2 MiB block) mapping addr in vmid's table, or 0. */
u64 walk_npt(u32 vmid, u64 addr)
{
	u64 pud = walk_pgd(vmid, get_pt_vttbr(vmid), addr, 0U);
	u64 pmd;
	u64 e;
	if (pud == 0ULL) {
		return 0ULL;
	}
	pmd = walk_pud(vmid, pud, addr, 0U);
	if (pmd == 0ULL) {
		return 0ULL;
	}
	e = pmd_entry(pmd, addr);
	if (desc_is_block(e) != 0U) {
		return e;
	}
	if (desc_is_table(e) == 0U) {
		return 0ULL;
	}
	return pte_entry(desc_addr(e), addr);
}

/* The level of the leaf mapping addr: LEVEL_PMD, LEVEL_PTE or LEVEL_NONE. */
u32 npt_level(u32 vmid, u64 addr)
{
	u64 pud = walk_pgd(vmid, get_pt_vttbr(vmid), addr, 0U);
	u64 pmd;
	u64 e;
	if (pud == 0ULL) {
		return LEVEL_NONE;
	}
	pmd = walk_pud(vmid, pud, addr, 0U);
	if (pmd == 0ULL) {
		return LEVEL_NONE;
	}
	e = pmd_entry(pmd, addr);
	if (desc_is_block(e) != 0U) {
		return LEVEL_PMD;
	}
	if (desc_is_table(e) == 0U) {
		return LEVEL_NONE;
	}
	if (pte_entry(desc_addr(e), addr) == 0ULL) {
		return LEVEL_NONE;
	}
	return LEVEL_PTE;
}

/* Install desc as the leaf for addr at level (LEVEL_PMD or LEVEL_PTE).
 * E_EXIST when something is mapped there, E_NOMEM when the pool is exhausted. */
u64 set_npt(u32 vmid, u64 addr, u32 level, u64 desc)
{
	u64 pud = walk_pgd(vmid, get_pt_vttbr(vmid), addr, 1U);
	u64 pmd;
	u64 pte;
	u64 e;
	if (pud == 0ULL) {
		return E_NOMEM;
	}
	pmd = walk_pud(vmid, pud, addr, 1U);
	if (pmd == 0ULL) {
		return E_NOMEM;
	}
	e = pmd_entry(pmd, addr);
	if (level == LEVEL_PMD) {
		if (e != 0ULL) {
			return E_EXIST;
		}
		set_pmd(pmd, addr, desc);
		return E_OK;
	}
	if (desc_is_block(e) != 0U) {
		return E_EXIST;
	}
	pte = walk_pmd(vmid, pmd, addr, 1U);
	if (pte == 0ULL) {
		return E_NOMEM;
	}
	if (pte_entry(pte, addr) != 0ULL) {
		return E_EXIST;
	}
	set_pte(pte, addr, desc);
	return E_OK;
}

/* Remove the leaf for addr at level. E_NOENT when nothing is mapped at that level. */
u64 clear_npt(u32 vmid, u64 addr, u32 level)
{
	u64 pud = walk_pgd(vmid, get_pt_vttbr(vmid), addr, 0U);
	u64 pmd;
	u64 pte;
	if (pud == 0ULL) {
		return E_NOENT;
	}
	pmd = walk_pud(vmid, pud, addr, 0U);
	if (pmd == 0ULL) {
		return E_NOENT;
	}
	if (level == LEVEL_PMD) {
		if (desc_is_block(pmd_entry(pmd, addr)) == 0U) {
			return E_NOENT;
		}
		set_pmd(pmd, addr, 0ULL);
		return E_OK;
	}
	pte = walk_pmd(vmid, pmd, addr, 0U);
	if (pte == 0ULL) {
		return E_NOENT;
	}
	if (pte_entry(pte, addr) == 0ULL) {
		return E_NOENT;
	}
	set_pte(pte, addr, 0ULL);
	return E_OK;
}

/* 1 if nothing (no block, no PTE table) is installed in the PMD entry covering addr. */
u32 npt_pmd_empty(u32 vmid, u64 addr)
{
	u64 pud = walk_pgd(vmid, get_pt_vttbr(vmid), addr, 0U);
	u64 pmd;
	if (pud == 0ULL) {
		return 1U;
	}
	pmd = walk_pud(vmid, pud, addr, 0U);
	if (pmd == 0ULL) {
		return 1U;
	}
	if (pmd_entry(pmd, addr) == 0ULL) {
		return 1U;
	}
	return 0U;
}
