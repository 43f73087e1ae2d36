/* Layer MemoryOps: host stage-2 mapping, guest page mapping, grants, VM memory reclaim. */
#include "hyp.h"

/* Handle a host stage-2 fault at addr outside the SMMUs: map host-owned or granted RAM
 * (a 2 MiB block when the host owns the whole block), or device memory outside RAM. */
u64 map_page_host(u64 addr)
{
	u64 pfn = addr >> PAGE_SHIFT;
	if (addr >= (PFN_LIMIT << PAGE_SHIFT)) {
		return E_INVAL;
	}
	if (pfn_is_ram(pfn) != 0U) {
		if (map_block_host(pfn & ~(PMD_BLOCK_PAGES - 1ULL)) == E_OK) {
			return E_OK;
		}
		return map_pfn_host(pfn);
	}
	if (is_smmu_addr(addr) != 0U) {
		return E_PERM;
	}
	return mmap_s2pt(HOSTVISOR, addr & ~PAGE_MASK, pfn, LEVEL_PTE, S2_ATTR_DEVICE);
}

/* Grant (grant != 0) or revoke the host's access to n pages of vmid from gfn0. */
u64 grant_stage2_range(u32 vmid, u64 gfn0, u64 n, u32 grant)
{
	u64 ret;
	if (n == 0ULL || n > MAX_GRANT_PAGES || gfn0 >= GFN_LIMIT || n > GFN_LIMIT - gfn0) {
		return E_INVAL;
	}
	ret = check_grant_range(vmid, gfn0, n);
	if (ret != E_OK) {
		return ret;
	}
	apply_grant_range(vmid, gfn0, n, grant);
	return E_OK;
}

/* Map device memory pa (outside RAM, the SMMUs and the hypervisor) at gpa in vmid's table. */
u64 map_vm_io(u32 vmid, u64 gpa, u64 pa)
{
	if (gpa >= IPA_LIMIT || page_aligned(gpa) == 0U || page_aligned(pa) == 0U) {
		return E_INVAL;
	}
	if (pa >= (PFN_LIMIT << PAGE_SHIFT) || pfn_is_ram(pa >> PAGE_SHIFT) != 0U ||
	    is_smmu_addr(pa) != 0U) {
		return E_PERM;
	}
	if (walk_s2pt(vmid, gpa) != 0ULL) {
		return E_EXIST;
	}
	return mmap_s2pt(vmid, gpa, pa >> PAGE_SHIFT, LEVEL_PTE, S2_ATTR_DEVICE);
}

/* Give pfn to vmid at gfn and map it: a 4 KiB page (LEVEL_PTE) or, for LEVEL_PMD,
 * the 2 MiB block of 512 pages from pfn at gfn (both 512-aligned). */
u64 post_handle_s2_fault(u32 vmid, u64 gfn, u64 pfn, u32 level)
{
	u64 ret;
	if (gfn >= GFN_LIMIT || pfn >= PFN_LIMIT) {
		return E_INVAL;
	}
	if (walk_s2pt(vmid, gfn << PAGE_SHIFT) != 0ULL) {
		return E_EXIST;
	}
	if (level == LEVEL_PMD) {
		if ((gfn & (PMD_BLOCK_PAGES - 1ULL)) != 0ULL || (pfn & (PMD_BLOCK_PAGES - 1ULL)) != 0ULL) {
			return E_INVAL;
		}
		if (s2pt_block_free(vmid, gfn << PAGE_SHIFT) == 0U) {
			return E_EXIST;
		}
		ret = check_vm_block(vmid, gfn, pfn);
		if (ret != E_OK) {
			return ret;
		}
		assign_vm_block(vmid, gfn, pfn);
	} else {
		ret = check_pfn_to_vm(vmid, gfn, pfn);
		if (ret != E_OK) {
			return ret;
		}
		assign_pfn_to_vm(vmid, gfn, pfn);
	}
	return mmap_s2pt(vmid, gfn << PAGE_SHIFT, pfn, level, S2_ATTR_NORMAL);
}

/* Reclaim all of vmid's pages (scrubbed) and empty its stage-2 table.
 * Loop bound: MAX_REGIONS. */
void clear_vm_stage2_range(u32 vmid)
{
	u32 r;
	u32 cnt = get_region_cnt();
	for (r = 0U; r < MAX_REGIONS; r++) {
		if (r < cnt) {
			clear_vm_region_pages(vmid, r);
		}
	}
	init_s2pt(vmid);
}
