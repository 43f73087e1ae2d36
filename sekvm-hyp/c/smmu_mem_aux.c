/* Layer SmmuMemOpsAux: share-count bookkeeping of pages mapped by SMMU tables. */
#include "hyp.h"

/* Take a DMA reference on pfn for a context bank owned by owner: the page must be RAM
 * owned by owner; a host page's share count is incremented (bounded by MAX_SHARE_COUNT). */
u64 smmu_page_get(u32 owner, u64 pfn)
{
	u64 ret = E_PERM;
	u32 count;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == owner) {
		if (owner == HOSTVISOR) {
			count = get_pfn_count(pfn);
			if (count < MAX_SHARE_COUNT) {
				set_pfn_count(pfn, count + 1U);
				ret = E_OK;
			} else {
				ret = E_BUSY;
			}
		} else {
			ret = E_OK;
		}
	}
	release_lock_s2page();
	return ret;
}

/* Drop a DMA reference on pfn: a host page's share count is decremented. */
void smmu_page_put(u64 pfn)
{
	u32 count;
	acquire_lock_s2page();
	if (get_pfn_owner(pfn) == HOSTVISOR) {
		count = get_pfn_count(pfn);
		if (count > 0U) {
			set_pfn_count(pfn, count - 1U);
		}
	}
	release_lock_s2page();
}
