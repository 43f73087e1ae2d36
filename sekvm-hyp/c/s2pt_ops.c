/* Layer S2PTOps: lock-wrapped stage-2 operations with TLB maintenance. */
#include "hyp.h"

/* Empty vmid's stage-2 table and invalidate its TLB entries. */
void init_s2pt(u32 vmid)
{
	acquire_lock_pt(vmid);
	init_npt(vmid);
	hw_dsb_ishst();
	hw_tlbi_vmid(get_pt_vttbr(vmid));
	hw_dsb_ish();
	hw_isb();
	release_lock_pt(vmid);
}

/* The leaf descriptor mapping addr in vmid's stage-2 table, or 0. */
u64 walk_s2pt(u32 vmid, u64 addr)
{
	u64 desc;
	acquire_lock_pt(vmid);
	desc = walk_npt(vmid, addr);
	release_lock_pt(vmid);
	return desc;
}

/* The VTTBR value of vmid. */
u64 read_s2pt_vttbr(u32 vmid)
{
	u64 v;
	acquire_lock_pt(vmid);
	v = get_pt_vttbr(vmid);
	release_lock_pt(vmid);
	return v;
}

/* Map addr to pfn in vmid's table: a 4 KiB page (LEVEL_PTE) or a 2 MiB block (LEVEL_PMD). */
u64 mmap_s2pt(u32 vmid, u64 addr, u64 pfn, u32 level, u64 attr)
{
	u64 desc;
	u64 ret;
	if (level == LEVEL_PMD) {
		desc = make_block_desc(pfn, attr);
	} else {
		desc = make_page_desc(pfn, attr);
	}
	acquire_lock_pt(vmid);
	ret = set_npt(vmid, addr, level, desc);
	hw_dsb_ishst();
	release_lock_pt(vmid);
	return ret;
}

/* Unmap whatever leaf maps addr in vmid's table and invalidate the TLB for it. */
u64 unmap_s2pt(u32 vmid, u64 addr)
{
	u32 level;
	u64 ret = E_NOENT;
	acquire_lock_pt(vmid);
	level = npt_level(vmid, addr);
	if (level != LEVEL_NONE) {
		ret = clear_npt(vmid, addr, level);
		hw_dsb_ishst();
		hw_tlbi_ipa(get_pt_vttbr(vmid), addr);
		hw_dsb_ish();
		hw_isb();
	}
	release_lock_pt(vmid);
	return ret;
}

/* Remove the host's mapping of pfn (a whole 2 MiB block if the page is mapped by one). */
void clear_pfn_host(u64 pfn)
{
	u64 addr = pfn << PAGE_SHIFT;
	u32 level;
	acquire_lock_pt(HOSTVISOR);
	level = npt_level(HOSTVISOR, addr);
	if (level != LEVEL_NONE) {
		clear_npt(HOSTVISOR, addr, level);
		hw_dsb_ishst();
		hw_tlbi_ipa(get_pt_vttbr(HOSTVISOR), addr);
		hw_dsb_ish();
		hw_isb();
	}
	release_lock_pt(HOSTVISOR);
}

/* 1 if the 2 MiB range of vmid's IPA space containing addr has no mapping at all. */
u32 s2pt_block_free(u32 vmid, u64 addr)
{
	u32 r;
	acquire_lock_pt(vmid);
	r = npt_pmd_empty(vmid, addr);
	release_lock_pt(vmid);
	return r;
}
