/* Layer Util: pure arithmetic helpers (descriptor encoding, table indices, argument ranges). */
#include "hyp.h"

/* Level-0 (PGD) table index of an address. */
u64 pgd_index(u64 addr)
{
	return (addr >> PGD_SHIFT) & INDEX_MASK;
}

/* Level-1 (PUD) table index of an address. */
u64 pud_index(u64 addr)
{
	return (addr >> PUD_SHIFT) & INDEX_MASK;
}

/* Level-2 (PMD) table index of an address. */
u64 pmd_index(u64 addr)
{
	return (addr >> PMD_SHIFT) & INDEX_MASK;
}

/* Level-3 (PTE) table index of an address. */
u64 pte_index(u64 addr)
{
	return (addr >> PTE_SHIFT) & INDEX_MASK;
}

/* Physical address of entry idx of the table at table_pa. */
u64 entry_addr(u64 table_pa, u64 idx)
{
	return table_pa + idx * PTE_SIZE;
}

/* 1 if desc is a table descriptor (levels 0-2) or a page descriptor (level 3). */
u32 desc_is_table(u64 desc)
{
	if ((desc & DESC_TYPE_MASK) == DESC_TABLE) {
		return 1U;
	}
	return 0U;
}

/* 1 if desc is a block descriptor. */
u32 desc_is_block(u64 desc)
{
	if ((desc & DESC_TYPE_MASK) == DESC_BLOCK) {
		return 1U;
	}
	return 0U;
}

/* 1 if desc is valid. */
u32 desc_is_valid(u64 desc)
{
	if ((desc & DESC_VALID) != 0ULL) {
		return 1U;
	}
	return 0U;
}

/* The output address of a descriptor. */
u64 desc_addr(u64 desc)
{
	return desc & PHYS_MASK;
}

/* A table descriptor pointing to the table at pa. */
u64 make_table_desc(u64 pa)
{
	return (pa & PHYS_MASK) | DESC_TABLE;
}

/* A level-3 page descriptor mapping pfn with attributes attr. */
u64 make_page_desc(u64 pfn, u64 attr)
{
	return ((pfn << PAGE_SHIFT) & PHYS_MASK) | attr | DESC_TABLE;
}

/* A level-2 block descriptor mapping the 2 MiB block at pfn with attributes attr. */
u64 make_block_desc(u64 pfn, u64 attr)
{
	return ((pfn << PAGE_SHIFT) & PHYS_MASK) | attr | DESC_BLOCK;
}

/* The VTTBR value for vmid with its PGD at pgd_pa. */
u64 make_vttbr(u32 vmid, u64 pgd_pa)
{
	return (((u64)vmid) << VTTBR_VMID_SHIFT) | (pgd_pa & PHYS_MASK);
}

/* The pfn that a leaf descriptor maps for addr (page or block descriptor). */
u64 leaf_pfn(u64 desc, u64 addr)
{
	if ((desc & DESC_TYPE_MASK) == DESC_BLOCK) {
		return ((desc & PHYS_MASK) >> PAGE_SHIFT) + ((addr >> PAGE_SHIFT) & INDEX_MASK);
	}
	return (desc & PHYS_MASK) >> PAGE_SHIFT;
}

/* Zero the 512 entries of the page-table page at pa. Loop bound: PTRS_PER_TABLE. */
void clear_pt_page(u64 pa)
{
	u64 i;
	for (i = 0ULL; i < PTRS_PER_TABLE; i++) {
		hw_pt_store(pa + i * PTE_SIZE, 0ULL);
	}
}

/* 1 if vmid names a guest VM (1 .. MAX_VM-1). */
u32 valid_vm_id(u64 vmid)
{
	if (vmid >= (u64)FIRST_VMID && vmid < (u64)MAX_VM) {
		return 1U;
	}
	return 0U;
}

/* 1 if vcpuid is a possible VCPU index. */
u32 valid_vcpu_id(u64 vcpuid)
{
	if (vcpuid < (u64)MAX_VCPU) {
		return 1U;
	}
	return 0U;
}

/* 1 if (smmu, cb) names an SMMU context bank. */
u32 valid_smmu_cb(u64 smmu, u64 cb)
{
	if (smmu < (u64)SMMU_NUM && cb < (u64)SMMU_NUM_CB) {
		return 1U;
	}
	return 0U;
}

/* The global context-bank index of (smmu, cb). */
u32 smmu_cb_index(u32 smmu, u32 cb)
{
	return smmu * SMMU_NUM_CB + cb;
}

/* Byte offset of context-bank register reg of bank cb inside an SMMU. */
u64 smmu_cb_reg(u32 cb, u64 reg)
{
	return SMMU_CB_OFFSET + ((u64)cb) * SMMU_CB_STRIDE + reg;
}

/* 1 if addr is page aligned. */
u32 page_aligned(u64 addr)
{
	if ((addr & PAGE_MASK) == 0ULL) {
		return 1U;
	}
	return 0U;
}

/* Number of pages covering size bytes (size > 0 and not near overflow: checked by callers). */
u64 size_to_pages(u64 size)
{
	return (size + PAGE_MASK) >> PAGE_SHIFT;
}

/* One step of the image digest: mixes word w into h. */
u64 digest_step(u64 h, u64 w)
{
	return (h ^ w) * DIGEST_PRIME;
}

/* The mask of an access of size bytes (1, 2, 4 or 8). */
u64 access_mask(u32 size)
{
	if (size >= 8U) {
		return INVALID64;
	}
	return (1ULL << (8U * size)) - 1ULL;
}
