/* Layer S2PTAlloc: page allocation from the per-vmid stage-2 page-table pools. */
#include "hyp.h"

/* Set the pool start of every vmid's pool. Loop bound: MAX_VM. */
void init_s2pt_pools(void)
{
	u32 vmid;
	for (vmid = 0U; vmid < MAX_VM; vmid++) {
		set_pt_pool_start(vmid, S2PT_POOL_START + ((u64)vmid) * S2PT_POOL_SIZE);
	}
}

/* Empty vmid's pool: zero its PGD, reset the used counters and set its VTTBR. */
void reset_s2pt_pool(u32 vmid)
{
	u64 pgd = get_pt_pool_start(vmid);
	clear_pt_page(pgd);
	set_pt_pud_used(vmid, 0ULL);
	set_pt_pmd_used(vmid, 0ULL);
	set_pt_pte_used(vmid, 0ULL);
	set_pt_vttbr(vmid, make_vttbr(vmid, pgd));
}

/* Allocate a zeroed PUD page from vmid's pool; 0 when the PUD area is exhausted. */
u64 alloc_s2pt_pud(u32 vmid)
{
	u64 used = get_pt_pud_used(vmid);
	u64 pa;
	if (used >= S2PT_PUD_PAGES) {
		return 0ULL;
	}
	pa = get_pt_pool_start(vmid) + (S2PT_PUD_START + used) * PAGE_SIZE;
	clear_pt_page(pa);
	set_pt_pud_used(vmid, used + 1ULL);
	return pa;
}

/* Allocate a zeroed PMD page from vmid's pool; 0 when the PMD area is exhausted. */
u64 alloc_s2pt_pmd(u32 vmid)
{
	u64 used = get_pt_pmd_used(vmid);
	u64 pa;
	if (used >= S2PT_PMD_PAGES) {
		return 0ULL;
	}
	pa = get_pt_pool_start(vmid) + (S2PT_PMD_START + used) * PAGE_SIZE;
	clear_pt_page(pa);
	set_pt_pmd_used(vmid, used + 1ULL);
	return pa;
}

/* Allocate a zeroed PTE page from vmid's pool; 0 when the PTE area is exhausted. */
u64 alloc_s2pt_pte(u32 vmid)
{
	u64 used = get_pt_pte_used(vmid);
	u64 pa;
	if (used >= S2PT_PTE_PAGES) {
		return 0ULL;
	}
	pa = get_pt_pool_start(vmid) + (S2PT_PTE_START + used) * PAGE_SIZE;
	clear_pt_page(pa);
	set_pt_pte_used(vmid, used + 1ULL);
	return pa;
}
