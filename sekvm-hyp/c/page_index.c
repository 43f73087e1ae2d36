/* Layer PageIndex: the page record describing a physical address or pfn. */
#include "hyp.h"

/* Index of the page record of addr, or INVALID64 when addr is not RAM. */
u64 get_s2_page_index(u64 addr)
{
	u32 r = mem_region_search(addr);
	if (r == INVALID32) {
		return INVALID64;
	}
	return ((addr - get_region_base(r)) >> PAGE_SHIFT) + get_region_index(r);
}

/* Index of the page record of pfn, or INVALID64 when pfn is not RAM. */
u64 get_pfn_index(u64 pfn)
{
	u32 r;
	if (pfn >= PFN_LIMIT) {
		return INVALID64;
	}
	r = mem_region_search(pfn << PAGE_SHIFT);
	if (r == INVALID32) {
		return INVALID64;
	}
	return pfn - (get_region_base(r) >> PAGE_SHIFT) + get_region_index(r);
}

/* Number of pages of region r (0 for a region that does not exist). */
u64 region_pages(u32 r)
{
	if (r >= get_region_cnt()) {
		return 0ULL;
	}
	return get_region_size(r) >> PAGE_SHIFT;
}

/* First pfn of region r. */
u64 region_first_pfn(u32 r)
{
	return get_region_base(r) >> PAGE_SHIFT;
}
