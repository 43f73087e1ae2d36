/* Layer MemManager: page ownership transfer among host, VMs and hypervisor, under the s2page lock. */
#include "hyp.h"

/* Initialise every page record. Loop bound: MAX_REGIONS. */
void init_s2pages(void)
{
	u32 r;
	u32 cnt = get_region_cnt();
	acquire_lock_s2page();
	for (r = 0U; r < MAX_REGIONS; r++) {
		if (r < cnt) {
			init_region_pages(r);
		}
	}
	release_lock_s2page();
}

/* Give pfn to VM vmid at gfn. Allowed when the host owns it and no device maps it
 * (count 0), or when vmid already owns it at the same gfn. Unmaps it from the host. */
u64 assign_pfn_to_vm(u32 vmid, u64 gfn, u64 pfn)
{
	u32 owner;
	u64 ret = E_PERM;
	acquire_lock_s2page();
	owner = get_pfn_owner(pfn);
	if (owner == HOSTVISOR && get_pfn_count(pfn) == 0U) {
		set_pfn_owner(pfn, vmid);
		set_pfn_map(pfn, gfn);
		clear_pfn_host(pfn);
		ret = E_OK;
	} else if (owner == vmid && get_pfn_map(pfn) == gfn) {
		ret = E_OK;
	}
	release_lock_s2page();
	return ret;
}

/* E_OK if assign_pfn_to_vm(vmid, gfn, pfn) would succeed; changes nothing. */
u64 check_pfn_to_vm(u32 vmid, u64 gfn, u64 pfn)
{
	u32 owner;
	u64 ret = E_PERM;
	acquire_lock_s2page();
	owner = get_pfn_owner(pfn);
	if (owner == HOSTVISOR && get_pfn_count(pfn) == 0U) {
		ret = E_OK;
	} else if (owner == vmid && get_pfn_map(pfn) == gfn) {
		ret = E_OK;
	}
	release_lock_s2page();
	return ret;
}

/* 1 if VM vmid owns pfn. */
u32 vm_owns_pfn(u32 vmid, u64 pfn)
{
	u32 ret = 0U;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == vmid) {
		ret = 1U;
	}
	release_lock_s2page();
	return ret;
}

/* 1 if the host owns pfn and no device maps it. */
u32 host_owns_free_pfn(u64 pfn)
{
	u32 ret = 0U;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == HOSTVISOR && get_pfn_count(pfn) == 0U) {
		ret = 1U;
	}
	release_lock_s2page();
	return ret;
}

/* VM vmid grants its page pfn to the host (share count 1). */
u64 grant_vm_page(u32 vmid, u64 pfn)
{
	u64 ret = E_PERM;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == vmid) {
		set_pfn_count(pfn, 1U);
		ret = E_OK;
	}
	release_lock_s2page();
	return ret;
}

/* VM vmid revokes the host's access to its page pfn and unmaps it from the host. */
u64 revoke_vm_page(u32 vmid, u64 pfn)
{
	u64 ret = E_PERM;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == vmid) {
		if (get_pfn_count(pfn) != 0U) {
			set_pfn_count(pfn, 0U);
			clear_pfn_host(pfn);
		}
		ret = E_OK;
	}
	release_lock_s2page();
	return ret;
}

/* Reclaim pfn from VM vmid for the host: scrub it, then hand it to the host. */
u64 clear_vm_page(u32 vmid, u64 pfn)
{
	u64 ret = E_PERM;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == vmid) {
		scrub_phys_page(pfn);
		set_pfn_owner(pfn, HOSTVISOR);
		set_pfn_count(pfn, 0U);
		set_pfn_map(pfn, 0ULL);
		ret = E_OK;
	}
	release_lock_s2page();
	return ret;
}

/* Map RAM page pfn into the host's stage-2 table (identity) if the host owns it
 * or its owner VM granted it. */
u64 map_pfn_host(u64 pfn)
{
	u32 owner;
	u64 ret = E_PERM;
	acquire_lock_s2page();
	owner = get_pfn_owner(pfn);
	if (owner == HOSTVISOR) {
		ret = mmap_s2pt(HOSTVISOR, pfn << PAGE_SHIFT, pfn, LEVEL_PTE, S2_ATTR_NORMAL);
	} else if (owner != INVALID_OWNER && owner != COREVISOR && get_pfn_count(pfn) != 0U) {
		ret = mmap_s2pt(HOSTVISOR, pfn << PAGE_SHIFT, pfn, LEVEL_PTE, S2_ATTR_NORMAL);
	}
	release_lock_s2page();
	return ret;
}

/* Map the 2 MiB block starting at pfn0 into the host's table with one block entry,
 * if the host owns all of its 512 pages. Loop bound: PMD_BLOCK_PAGES. */
u64 map_block_host(u64 pfn0)
{
	u64 i;
	u64 ret = E_OK;
	acquire_lock_s2page();
	for (i = 0ULL; i < PMD_BLOCK_PAGES; i++) {
		if (get_pfn_owner(pfn0 + i) != HOSTVISOR) {
			ret = E_PERM;
		}
	}
	if (ret == E_OK) {
		ret = mmap_s2pt(HOSTVISOR, pfn0 << PAGE_SHIFT, pfn0, LEVEL_PMD, S2_ATTR_NORMAL);
	}
	release_lock_s2page();
	return ret;
}
