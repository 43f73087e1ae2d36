/* Layer PageManager: owner, share count and gfn of each physical page, by pfn
 * (the caller holds the s2page lock). */
#include "hyp.h"

/* Owner of pfn, or INVALID_OWNER when pfn is not RAM. */
u32 get_pfn_owner(u64 pfn)
{
	u64 idx = get_pfn_index(pfn);
	if (idx == INVALID64) {
		return INVALID_OWNER;
	}
	return get_s2page_owner(idx);
}

/* Set the owner of pfn (ignored when pfn is not RAM). */
void set_pfn_owner(u64 pfn, u32 owner)
{
	u64 idx = get_pfn_index(pfn);
	if (idx != INVALID64) {
		set_s2page_owner(idx, owner);
	}
}

/* Share count of pfn, or 0 when pfn is not RAM. */
u32 get_pfn_count(u64 pfn)
{
	u64 idx = get_pfn_index(pfn);
	if (idx == INVALID64) {
		return 0U;
	}
	return get_s2page_count(idx);
}

/* Set the share count of pfn (ignored when pfn is not RAM). */
void set_pfn_count(u64 pfn, u32 count)
{
	u64 idx = get_pfn_index(pfn);
	if (idx != INVALID64) {
		set_s2page_count(idx, count);
	}
}

/* The gfn pfn is mapped at by its owner VM, or INVALID64 when pfn is not RAM. */
u64 get_pfn_map(u64 pfn)
{
	u64 idx = get_pfn_index(pfn);
	if (idx == INVALID64) {
		return INVALID64;
	}
	return get_s2page_gfn(idx);
}

/* Set the gfn of pfn (ignored when pfn is not RAM). */
void set_pfn_map(u64 pfn, u64 gfn)
{
	u64 idx = get_pfn_index(pfn);
	if (idx != INVALID64) {
		set_s2page_gfn(idx, gfn);
	}
}

/* 1 if pfn is RAM. */
u32 pfn_is_ram(u64 pfn)
{
	if (get_pfn_index(pfn) == INVALID64) {
		return 0U;
	}
	return 1U;
}

/* Zero the contents of page pfn and clean it to the point of coherency.
 * Loop bound: WORDS_PER_PAGE. */
void scrub_phys_page(u64 pfn)
{
	u64 base = pfn << PAGE_SHIFT;
	u64 i;
	for (i = 0ULL; i < WORDS_PER_PAGE; i++) {
		hw_phys_write64(base + i * 8ULL, 0ULL);
	}
	hw_dcache_flush_page(pfn);
}

/* Mix the contents of page pfn into digest h. Loop bound: WORDS_PER_PAGE. */
u64 page_digest(u64 pfn, u64 h)
{
	u64 base = pfn << PAGE_SHIFT;
	u64 acc = h;
	u64 i;
	for (i = 0ULL; i < WORDS_PER_PAGE; i++) {
		acc = digest_step(acc, hw_phys_read64(base + i * 8ULL));
	}
	return acc;
}

/* Initialise the page records of region r: hypervisor pages owned by COREVISOR,
 * all others by the host; counts and gfns zero. Loop bound: region_pages(r). */
void init_region_pages(u32 r)
{
	u64 n = region_pages(r);
	u64 first = region_first_pfn(r);
	u64 idx0 = get_region_index(r);
	u64 i;
	for (i = 0ULL; i < n; i++) {
		u32 owner = HOSTVISOR;
		if (is_core_addr((first + i) << PAGE_SHIFT) != 0U) {
			owner = COREVISOR;
		}
		set_s2page_owner(idx0 + i, owner);
		set_s2page_count(idx0 + i, 0U);
		set_s2page_gfn(idx0 + i, 0ULL);
	}
}
