//! Layer Util: pure arithmetic helpers: stage-2 descriptor encoding, table indices, argument
//! ranges; and `clear_pt_page`, which zeroes a page-table page in a loop of 512 stores, specified
//! by its loop spec `clear_pt_page_loop0` (checked by induction). Callers see the loop as one
//! opaque function, the same on both sides of their checks.

use super::locks::locks;
use crate::state::*;

/// log2 of the page size (`PAGE_SHIFT`).
pub const PAGE_SHIFT: u64 = 12;
/// Bytes of a table entry (`PTE_SIZE`).
pub const PTE_SIZE: u64 = 8;
/// A table index: 9 bits (`INDEX_MASK`).
pub const INDEX_MASK: u64 = 0x1FF;
/// log2 of `PTE_SIZE`: entry `i` of a table sits `i << ENTRY_SHIFT` bytes into it.
pub const ENTRY_SHIFT: u64 = 3;
/// Entries of a table page (`PTRS_PER_TABLE`).
pub const PTRS_PER_TABLE: u64 = 512;
/// Shift of the level-0 (PGD) index (`PGD_SHIFT`).
pub const PGD_SHIFT: u64 = 39;
/// Shift of the level-1 (PUD) index (`PUD_SHIFT`).
pub const PUD_SHIFT: u64 = 30;
/// Shift of the level-2 (PMD) index (`PMD_SHIFT`).
pub const PMD_SHIFT: u64 = 21;
/// Shift of the level-3 (PTE) index (`PTE_SHIFT`).
pub const PTE_SHIFT: u64 = 12;
/// The output-address bits of a descriptor (`PHYS_MASK`).
pub const PHYS_MASK: u64 = 0x0000_FFFF_FFFF_F000;
/// The type bits of a descriptor (`DESC_TYPE_MASK`).
pub const DESC_TYPE_MASK: u64 = 3;
/// Type of a table (levels 0-2) or page (level 3) descriptor (`DESC_TABLE`).
pub const DESC_TABLE: u64 = 3;
/// Type of a block descriptor (`DESC_BLOCK`).
pub const DESC_BLOCK: u64 = 1;
/// The valid bit of a descriptor (`DESC_VALID`).
pub const DESC_VALID: u64 = 1;
/// Where the vmid sits in a VTTBR value (`VTTBR_VMID_SHIFT`).
pub const VTTBR_VMID_SHIFT: u64 = 48;
/// Context banks per SMMU (`SMMU_NUM_CB`).
pub const SMMU_NUM_CB: u32 = 4;
/// Offset of the context banks inside an SMMU (`SMMU_CB_OFFSET`).
pub const SMMU_CB_OFFSET: u64 = 0x10000;
/// Bytes of one context bank's registers (`SMMU_CB_STRIDE`).
pub const SMMU_CB_STRIDE: u64 = 0x1000;
/// The low 12 bits (`PAGE_MASK`).
pub const PAGE_MASK: u64 = 0xFFF;
/// The multiplier of the image digest (`DIGEST_PRIME`).
pub const DIGEST_PRIME: u64 = 0x100_0000_01B3;

/// Specs of Util.
#[autov::layer(name = "Util", below = locks, state = RData)]
pub mod util {
    use super::*;
    use autov::rely;

    /// Level-0 (PGD) table index of `addr`.
    #[spec]
    pub fn pgd_index(addr: u64) -> Option<u64> {
        Some((addr >> PGD_SHIFT) & INDEX_MASK)
    }

    /// Level-1 (PUD) table index of `addr`.
    #[spec]
    pub fn pud_index(addr: u64) -> Option<u64> {
        Some((addr >> PUD_SHIFT) & INDEX_MASK)
    }

    /// Level-2 (PMD) table index of `addr`.
    #[spec]
    pub fn pmd_index(addr: u64) -> Option<u64> {
        Some((addr >> PMD_SHIFT) & INDEX_MASK)
    }

    /// Level-3 (PTE) table index of `addr`.
    #[spec]
    pub fn pte_index(addr: u64) -> Option<u64> {
        Some((addr >> PTE_SHIFT) & INDEX_MASK)
    }

    /// Physical address of entry `idx` of the table at `table_pa`.
    #[spec]
    pub fn entry_addr(table_pa: u64, idx: u64) -> Option<u64> {
        Some(table_pa.wrapping_add(idx.wrapping_mul(PTE_SIZE)))
    }

    /// 1 when `desc` is a table (levels 0-2) or page (level 3) descriptor.
    #[spec]
    pub fn desc_is_table(desc: u64) -> Option<u32> {
        Some(((desc & DESC_TYPE_MASK) == DESC_TABLE) as u32)
    }

    /// 1 when `desc` is a block descriptor.
    #[spec]
    pub fn desc_is_block(desc: u64) -> Option<u32> {
        Some(((desc & DESC_TYPE_MASK) == DESC_BLOCK) as u32)
    }

    /// 1 when `desc` is valid.
    #[spec]
    pub fn desc_is_valid(desc: u64) -> Option<u32> {
        Some((desc & DESC_VALID) as u32)
    }

    /// The output address of `desc`.
    #[spec]
    pub fn desc_addr(desc: u64) -> Option<u64> {
        Some(desc & PHYS_MASK)
    }

    /// A table descriptor pointing to the table at `pa`.
    #[spec]
    pub fn make_table_desc(pa: u64) -> Option<u64> {
        Some((pa & PHYS_MASK) | DESC_TABLE)
    }

    /// A level-3 page descriptor mapping frame `pfn` with attributes `attr`.
    #[spec]
    pub fn make_page_desc(pfn: u64, attr: u64) -> Option<u64> {
        Some(((pfn << PAGE_SHIFT) & PHYS_MASK) | attr | DESC_TABLE)
    }

    /// A level-2 block descriptor mapping the 2 MiB block at frame `pfn` with attributes `attr`.
    #[spec]
    pub fn make_block_desc(pfn: u64, attr: u64) -> Option<u64> {
        Some(((pfn << PAGE_SHIFT) & PHYS_MASK) | attr | DESC_BLOCK)
    }

    /// The VTTBR value of `vmid` with its PGD at `pgd_pa`.
    #[spec]
    pub fn make_vttbr(vmid: u32, pgd_pa: u64) -> Option<u64> {
        Some(((vmid as u64) << VTTBR_VMID_SHIFT) | (pgd_pa & PHYS_MASK))
    }

    /// The frame a leaf descriptor `desc` maps for `addr`: for a block, the frame of `addr`
    /// inside the block.
    #[spec]
    pub fn leaf_pfn(desc: u64, addr: u64) -> Option<u64> {
        let first = (desc & PHYS_MASK) >> PAGE_SHIFT;
        if (desc & DESC_TYPE_MASK) == DESC_BLOCK {
            Some(first + ((addr >> PAGE_SHIFT) & INDEX_MASK))
        } else {
            Some(first)
        }
    }

    /// Zeroes the `PTRS_PER_TABLE` entries of the table page at `pa` (8-byte aligned): the
    /// words at `pa`, `pa + 8`, .., `pa + 8 * 511` of physical memory become 0.
    #[spec]
    pub fn clear_pt_page(pa: u64, st: &RData) -> Option<((), RData)> {
        rely!(pa % PTE_SIZE == 0);
        let (_, _, _, _, st) = clear_pt_page_loop0(0, pa, st)?;
        Some(((), st))
    }

    /// The loop of `clear_pt_page` from entry `i` on: the word of entry `i` of the table at
    /// `pa` becomes 0, then the entries after it. Its result is the loop function's: exit code
    /// 1 and the carried values, which the last iteration leaves as 0.
    #[spec(measure = PTRS_PER_TABLE.wrapping_sub(i))]
    pub fn clear_pt_page_loop0(i: u64, pa: u64, st: &RData) -> Option<(u32, (), u64, u64, RData)> {
        rely!(i < PTRS_PER_TABLE);
        rely!(pa % PTE_SIZE == 0);
        let mut st = st.clone();
        // `i << ENTRY_SHIFT` rather than `i * PTE_SIZE`: the same value, but Z3 proves the
        // step in 0.4 s with the shift and needs a minute with the product.
        st.hw.phys.set(pa.wrapping_add(i << ENTRY_SHIFT), 0);
        if i + 1 == PTRS_PER_TABLE {
            Some((1, (), 0, 0, st))
        } else {
            clear_pt_page_loop0(i + 1, pa, &st)
        }
    }

    /// 1 when `vmid` names a guest VM (1 to `MAX_VM - 1`).
    #[spec]
    pub fn valid_vm_id(vmid: u64) -> Option<u32> {
        Some((vmid >= 1 && vmid < MAX_VM as u64) as u32)
    }

    /// 1 when `vcpuid` is a possible VCPU index.
    #[spec]
    pub fn valid_vcpu_id(vcpuid: u64) -> Option<u32> {
        Some((vcpuid < MAX_VCPU as u64) as u32)
    }

    /// 1 when (`smmu`, `cb`) names an SMMU context bank.
    #[spec]
    pub fn valid_smmu_cb(smmu: u64, cb: u64) -> Option<u32> {
        Some((smmu < SMMU_NUM as u64 && cb < SMMU_NUM_CB as u64) as u32)
    }

    /// The global index of context bank `cb` of SMMU `smmu`.
    #[spec]
    pub fn smmu_cb_index(smmu: u32, cb: u32) -> Option<u32> {
        Some(smmu.wrapping_mul(SMMU_NUM_CB).wrapping_add(cb))
    }

    /// Byte offset, inside an SMMU, of register `reg` of context bank `cb`.
    #[spec]
    pub fn smmu_cb_reg(cb: u32, reg: u64) -> Option<u64> {
        Some(reg.wrapping_add(SMMU_CB_OFFSET + cb as u64 * SMMU_CB_STRIDE))
    }

    /// 1 when `addr` is page aligned.
    #[spec]
    pub fn page_aligned(addr: u64) -> Option<u32> {
        Some(((addr & PAGE_MASK) == 0) as u32)
    }

    /// Number of pages covering `size` bytes (modulo 2^64 when `size` is within a page of
    /// overflowing).
    #[spec]
    pub fn size_to_pages(size: u64) -> Option<u64> {
        Some(size.wrapping_add(PAGE_MASK) >> PAGE_SHIFT)
    }

    /// One step of the image digest: mixes word `w` into `h`.
    #[spec]
    pub fn digest_step(h: u64, w: u64) -> Option<u64> {
        Some((h ^ w).wrapping_mul(DIGEST_PRIME))
    }

    /// The mask of an access of `size` bytes: the low `8 * size` bits, all bits from 8 bytes.
    #[spec]
    pub fn access_mask(size: u32) -> Option<u64> {
        if size >= 8 {
            Some(u64::MAX)
        } else {
            Some((1u64 << (8 * size)) - 1)
        }
    }
}
