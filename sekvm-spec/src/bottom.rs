//! The Bottom layer: trusted specs of the hardware primitives of `sekvm-hyp/c/hw.h`.
//!
//! This is the trusted base: the primitives' C (`arch/aarch64.c`, inline assembly) is not
//! verified; these specs say what the layers above may assume of it. The model is sequential:
//! a lock is held by this CPU or free; barriers, cache and TLB maintenance change nothing the
//! model sees.

use crate::state::*;

/// Number of bytes of a 64-bit physical-memory word.
const WORD: u64 = 8;
/// The low 32 bits.
const LOW32: u64 = 0xFFFF_FFFF;

/// The hardware primitives.
#[autov::layer(name = "Bottom", state = RData)]
pub mod bottom {
    use super::*;
    use autov::rely;

    /// `dsb ish`: no effect in the sequential model.
    #[spec]
    pub fn hw_dsb_ish() -> Option<()> {
        Some(())
    }

    /// `dsb ishst`: no effect in the sequential model.
    #[spec]
    pub fn hw_dsb_ishst() -> Option<()> {
        Some(())
    }

    /// `isb`: no effect in the sequential model.
    #[spec]
    pub fn hw_isb() -> Option<()> {
        Some(())
    }

    /// Takes spinlock `id`; taking a lock already held would never return.
    #[spec]
    pub fn hw_spin_lock(id: u32, st: &RData) -> Option<((), RData)> {
        rely!((id as usize) < NUM_LOCKS);
        rely!(!st.hw.locks[id as usize]);
        let mut st = st.clone();
        st.hw.locks[id as usize] = true;
        Some(((), st))
    }

    /// Releases spinlock `id`, which must be held.
    #[spec]
    pub fn hw_spin_unlock(id: u32, st: &RData) -> Option<((), RData)> {
        rely!((id as usize) < NUM_LOCKS);
        rely!(st.hw.locks[id as usize]);
        let mut st = st.clone();
        st.hw.locks[id as usize] = false;
        Some(((), st))
    }

    /// `mrs vttbr_el2`.
    #[spec]
    pub fn hw_read_vttbr_el2(st: &RData) -> Option<u64> {
        Some(st.hw.vttbr)
    }

    /// `msr vttbr_el2`.
    #[spec]
    pub fn hw_write_vttbr_el2(v: u64, st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        st.hw.vttbr = v;
        Some(((), st))
    }

    /// `mrs hcr_el2`.
    #[spec]
    pub fn hw_read_hcr_el2(st: &RData) -> Option<u64> {
        Some(st.hw.hcr)
    }

    /// `msr hcr_el2`.
    #[spec]
    pub fn hw_write_hcr_el2(v: u64, st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        st.hw.hcr = v;
        Some(((), st))
    }

    /// `mrs esr_el2`.
    #[spec]
    pub fn hw_read_esr_el2(st: &RData) -> Option<u64> {
        Some(st.hw.esr)
    }

    /// `mrs far_el2`.
    #[spec]
    pub fn hw_read_far_el2(st: &RData) -> Option<u64> {
        Some(st.hw.far)
    }

    /// `mrs hpfar_el2`.
    #[spec]
    pub fn hw_read_hpfar_el2(st: &RData) -> Option<u64> {
        Some(st.hw.hpfar)
    }

    /// `mrs elr_el2`.
    #[spec]
    pub fn hw_read_elr_el2(st: &RData) -> Option<u64> {
        Some(st.hw.elr)
    }

    /// `msr elr_el2`.
    #[spec]
    pub fn hw_write_elr_el2(v: u64, st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        st.hw.elr = v;
        Some(((), st))
    }

    /// `mrs spsr_el2`.
    #[spec]
    pub fn hw_read_spsr_el2(st: &RData) -> Option<u64> {
        Some(st.hw.spsr)
    }

    /// `msr spsr_el2`.
    #[spec]
    pub fn hw_write_spsr_el2(v: u64, st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        st.hw.spsr = v;
        Some(((), st))
    }

    /// EL1 system register `idx`; 0 for an index that names none.
    #[spec]
    pub fn hw_read_sysreg(idx: u32, st: &RData) -> Option<u64> {
        if (idx as usize) < NR_SYSREGS {
            Some(st.hw.sysregs[idx as usize])
        } else {
            Some(0)
        }
    }

    /// Writes EL1 system register `idx`; nothing for an index that names none.
    #[spec]
    pub fn hw_write_sysreg(idx: u32, v: u64, st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        if (idx as usize) < NR_SYSREGS {
            st.hw.sysregs[idx as usize] = v;
        }
        Some(((), st))
    }

    /// TLB invalidation by IPA: the model has no TLB.
    #[spec]
    pub fn hw_tlbi_ipa(vttbr: u64, ipa: u64) -> Option<()> {
        let _ = (vttbr, ipa);
        Some(())
    }

    /// TLB invalidation of a VMID: the model has no TLB.
    #[spec]
    pub fn hw_tlbi_vmid(vttbr: u64) -> Option<()> {
        let _ = vttbr;
        Some(())
    }

    /// The 64-bit word at physical address `pa` (8-byte aligned).
    #[spec]
    pub fn hw_phys_read64(pa: u64, st: &RData) -> Option<u64> {
        rely!(pa % WORD == 0);
        Some(st.hw.phys.get(pa))
    }

    /// Writes the 64-bit word at physical address `pa` (8-byte aligned).
    #[spec]
    pub fn hw_phys_write64(pa: u64, v: u64, st: &RData) -> Option<((), RData)> {
        rely!(pa % WORD == 0);
        let mut st = st.clone();
        st.hw.phys.set(pa, v);
        Some(((), st))
    }

    /// Data-cache clean and invalidate of a page: the model has no cache.
    #[spec]
    pub fn hw_dcache_flush_page(pfn: u64) -> Option<()> {
        let _ = pfn;
        Some(())
    }

    /// A page-table entry at physical address `pa` (page tables live in physical memory).
    #[spec]
    pub fn hw_pt_load(pa: u64, st: &RData) -> Option<u64> {
        rely!(pa % WORD == 0);
        Some(st.hw.phys.get(pa))
    }

    /// Writes a page-table entry at physical address `pa`.
    #[spec]
    pub fn hw_pt_store(pa: u64, v: u64, st: &RData) -> Option<((), RData)> {
        rely!(pa % WORD == 0);
        let mut st = st.clone();
        st.hw.phys.set(pa, v);
        Some(((), st))
    }

    /// The host's register `i` saved on the trap.
    #[spec]
    pub fn hw_get_host_reg(i: u32, st: &RData) -> Option<u64> {
        rely!((i as usize) < NR_GPRS);
        Some(st.hw.host_regs[i as usize])
    }

    /// Sets the host's saved register `i` (restored when the trap returns).
    #[spec]
    pub fn hw_set_host_reg(i: u32, v: u64, st: &RData) -> Option<((), RData)> {
        rely!((i as usize) < NR_GPRS);
        let mut st = st.clone();
        st.hw.host_regs[i as usize] = v;
        Some(((), st))
    }

    /// The running guest's register `i`.
    #[spec]
    pub fn hw_get_guest_reg(i: u32, st: &RData) -> Option<u64> {
        rely!((i as usize) < NR_GPRS);
        Some(st.hw.guest_regs[i as usize])
    }

    /// Sets the running guest's register `i`.
    #[spec]
    pub fn hw_set_guest_reg(i: u32, v: u64, st: &RData) -> Option<((), RData)> {
        rely!((i as usize) < NR_GPRS);
        let mut st = st.clone();
        st.hw.guest_regs[i as usize] = v;
        Some(((), st))
    }

    /// Runs the guest until it exits; the exit code is the environment's choice.
    #[spec]
    pub fn hw_guest_enter(st: &RData) -> Option<u64> {
        Some(st.hw.guest_exit)
    }

    /// Reads an SMMU register of `size` bytes (4 or 8).
    #[spec]
    pub fn hw_smmu_read(base: u64, offset: u64, size: u32, st: &RData) -> Option<u64> {
        rely!(size == 4 || size == 8);
        let v = st.hw.smmu_regs.get(base.wrapping_add(offset));
        if size == 4 {
            Some(v & LOW32)
        } else {
            Some(v)
        }
    }

    /// Writes an SMMU register of `size` bytes (4 or 8).
    #[spec]
    pub fn hw_smmu_write(
        base: u64,
        offset: u64,
        v: u64,
        size: u32,
        st: &RData,
    ) -> Option<((), RData)> {
        rely!(size == 4 || size == 8);
        let mut st = st.clone();
        let v = if size == 4 { v & LOW32 } else { v };
        st.hw.smmu_regs.set(base.wrapping_add(offset), v);
        Some(((), st))
    }

    /// Whether `digest` is the provisioned digest of VM `vmid`'s image `load_idx`.
    #[spec]
    pub fn hw_verify_image(vmid: u32, load_idx: u32, digest: u64, st: &RData) -> Option<u32> {
        if (vmid as usize) >= MAX_VM || (load_idx as usize) >= MAX_LOAD_INFO {
            return Some(0);
        }
        if st.hw.boot_digest[vmid as usize][load_idx as usize] == digest {
            Some(1)
        } else {
            Some(0)
        }
    }
}
