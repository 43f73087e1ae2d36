//! Layer Locks: one acquire/release pair per lock-protected part of `el2_data`. Acquiring a
//! lock requires it to be free (taking a held lock would never return) and marks it held;
//! releasing requires it to be held and marks it free.

use crate::state::*;

/// Lock of the page records (`LOCK_S2PAGE`).
pub const LOCK_S2PAGE: usize = 1;
/// Core lock: vmid and remap allocation (`LOCK_CORE`).
pub const LOCK_CORE: usize = 2;
/// Lock of the SMMU context banks (`LOCK_SMMU`).
pub const LOCK_SMMU: usize = 3;
/// Lock of the SMMU page tables (`LOCK_SMMUPT`).
pub const LOCK_SMMUPT: usize = 4;
/// Lock of VM `v`'s `vm_info` is `LOCK_VM_BASE + v`.
pub const LOCK_VM_BASE: usize = 5;
/// Lock of vmid `v`'s stage-2 table is `LOCK_S2PT_BASE + v`.
pub const LOCK_S2PT_BASE: usize = LOCK_VM_BASE + MAX_VM;

/// Specs of Locks.
#[autov::layer(name = "Locks", state = RData)]
pub mod locks {
    use super::*;
    use autov::rely;

    /// Acquires the lock of the page records.
    #[spec]
    pub fn acquire_lock_s2page(st: &RData) -> Option<((), RData)> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        let mut st = st.clone();
        st.hw.locks[LOCK_S2PAGE] = true;
        Some(((), st))
    }

    /// Releases the lock of the page records.
    #[spec]
    pub fn release_lock_s2page(st: &RData) -> Option<((), RData)> {
        rely!(st.hw.locks[LOCK_S2PAGE]);
        let mut st = st.clone();
        st.hw.locks[LOCK_S2PAGE] = false;
        Some(((), st))
    }

    /// Acquires the core lock.
    #[spec]
    pub fn acquire_lock_core(st: &RData) -> Option<((), RData)> {
        rely!(!st.hw.locks[LOCK_CORE]);
        let mut st = st.clone();
        st.hw.locks[LOCK_CORE] = true;
        Some(((), st))
    }

    /// Releases the core lock.
    #[spec]
    pub fn release_lock_core(st: &RData) -> Option<((), RData)> {
        rely!(st.hw.locks[LOCK_CORE]);
        let mut st = st.clone();
        st.hw.locks[LOCK_CORE] = false;
        Some(((), st))
    }

    /// Acquires the SMMU context-bank lock.
    #[spec]
    pub fn acquire_lock_smmu(st: &RData) -> Option<((), RData)> {
        rely!(!st.hw.locks[LOCK_SMMU]);
        let mut st = st.clone();
        st.hw.locks[LOCK_SMMU] = true;
        Some(((), st))
    }

    /// Releases the SMMU context-bank lock.
    #[spec]
    pub fn release_lock_smmu(st: &RData) -> Option<((), RData)> {
        rely!(st.hw.locks[LOCK_SMMU]);
        let mut st = st.clone();
        st.hw.locks[LOCK_SMMU] = false;
        Some(((), st))
    }

    /// Acquires the SMMU page-table lock.
    #[spec]
    pub fn acquire_lock_spt(st: &RData) -> Option<((), RData)> {
        rely!(!st.hw.locks[LOCK_SMMUPT]);
        let mut st = st.clone();
        st.hw.locks[LOCK_SMMUPT] = true;
        Some(((), st))
    }

    /// Releases the SMMU page-table lock.
    #[spec]
    pub fn release_lock_spt(st: &RData) -> Option<((), RData)> {
        rely!(st.hw.locks[LOCK_SMMUPT]);
        let mut st = st.clone();
        st.hw.locks[LOCK_SMMUPT] = false;
        Some(((), st))
    }

    /// Acquires the lock of VM `vmid` (`vmid < MAX_VM`).
    #[spec]
    pub fn acquire_lock_vm(vmid: u32, st: &RData) -> Option<((), RData)> {
        rely!((vmid as usize) < MAX_VM);
        let id = LOCK_VM_BASE + vmid as usize;
        rely!(!st.hw.locks[id]);
        let mut st = st.clone();
        st.hw.locks[id] = true;
        Some(((), st))
    }

    /// Releases the lock of VM `vmid` (`vmid < MAX_VM`).
    #[spec]
    pub fn release_lock_vm(vmid: u32, st: &RData) -> Option<((), RData)> {
        rely!((vmid as usize) < MAX_VM);
        let id = LOCK_VM_BASE + vmid as usize;
        rely!(st.hw.locks[id]);
        let mut st = st.clone();
        st.hw.locks[id] = false;
        Some(((), st))
    }

    /// Acquires the lock of vmid `vmid`'s stage-2 table (`vmid < MAX_VM`).
    #[spec]
    pub fn acquire_lock_pt(vmid: u32, st: &RData) -> Option<((), RData)> {
        rely!((vmid as usize) < MAX_VM);
        let id = LOCK_S2PT_BASE + vmid as usize;
        rely!(!st.hw.locks[id]);
        let mut st = st.clone();
        st.hw.locks[id] = true;
        Some(((), st))
    }

    /// Releases the lock of vmid `vmid`'s stage-2 table (`vmid < MAX_VM`).
    #[spec]
    pub fn release_lock_pt(vmid: u32, st: &RData) -> Option<((), RData)> {
        rely!((vmid as usize) < MAX_VM);
        let id = LOCK_S2PT_BASE + vmid as usize;
        rely!(st.hw.locks[id]);
        let mut st = st.clone();
        st.hw.locks[id] = false;
        Some(((), st))
    }
}
