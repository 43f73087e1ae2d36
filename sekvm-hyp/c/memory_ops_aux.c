/* Layer MemoryOpsAux: loops over page ranges used by MemoryOps. */
#include "hyp.h"

/* Reclaim (scrub and return to the host) every page of region r owned by vmid.
 * Loop bound: region_pages(r). */
void clear_vm_region_pages(u32 vmid, u32 r)
{
	u64 n = region_pages(r);
	u64 first = region_first_pfn(r);
	u64 i;
	for (i = 0ULL; i < n; i++) {
		if (vm_owns_pfn(vmid, first + i) != 0U) {
			clear_vm_page(vmid, first + i);
		}
	}
}

/* E_OK if the 512 pages from pfn0 can be given to vmid at gfn0 onwards.
 * Loop bound: PMD_BLOCK_PAGES. */
u64 check_vm_block(u32 vmid, u64 gfn0, u64 pfn0)
{
	u64 i;
	u64 ret = E_OK;
	for (i = 0ULL; i < PMD_BLOCK_PAGES; i++) {
		if (check_pfn_to_vm(vmid, gfn0 + i, pfn0 + i) != E_OK) {
			ret = E_PERM;
		}
	}
	return ret;
}

/* Give the 512 pages from pfn0 to vmid at gfn0 onwards. Loop bound: PMD_BLOCK_PAGES. */
u64 assign_vm_block(u32 vmid, u64 gfn0, u64 pfn0)
{
	u64 i;
	u64 ret = E_OK;
	for (i = 0ULL; i < PMD_BLOCK_PAGES; i++) {
		if (assign_pfn_to_vm(vmid, gfn0 + i, pfn0 + i) != E_OK) {
			ret = E_PERM;
		}
	}
	return ret;
}

/* E_OK if each of the n gfns from gfn0 is mapped in vmid's table to a page vmid owns.
 * Loop bound: n <= MAX_GRANT_PAGES (checked by the caller). */
u64 check_grant_range(u32 vmid, u64 gfn0, u64 n)
{
	u64 i;
	u64 addr;
	u64 desc;
	u64 ret = E_OK;
	for (i = 0ULL; i < n; i++) {
		addr = (gfn0 + i) << PAGE_SHIFT;
		desc = walk_s2pt(vmid, addr);
		if (desc_is_valid(desc) == 0U) {
			ret = E_NOENT;
		} else if (vm_owns_pfn(vmid, leaf_pfn(desc, addr)) == 0U) {
			ret = E_PERM;
		}
	}
	return ret;
}

/* Grant (grant != 0) or revoke each of the n gfns from gfn0 of vmid.
 * Loop bound: n <= MAX_GRANT_PAGES (checked by the caller). */
void apply_grant_range(u32 vmid, u64 gfn0, u64 n, u32 grant)
{
	u64 i;
	u64 addr;
	u64 pfn;
	for (i = 0ULL; i < n; i++) {
		addr = (gfn0 + i) << PAGE_SHIFT;
		pfn = leaf_pfn(walk_s2pt(vmid, addr), addr);
		if (grant != 0U) {
			grant_vm_page(vmid, pfn);
		} else {
			revoke_vm_page(vmid, pfn);
		}
	}
}
