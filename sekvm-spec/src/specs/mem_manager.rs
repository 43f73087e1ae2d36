//! Layer MemManager: page ownership transfer among host, VMs and hypervisor. Every operation
//! takes the page-record lock and releases it before returning: the lock must be free on entry
//! and is free again on exit.

use super::locks::LOCK_S2PAGE;
use super::page_manager::page_manager;
use super::s2pt_ops::{s2pt_ops, HOSTVISOR};
use super::s2pt_tree::E_OK;
use crate::state::*;

/// Not allowed (`E_PERM`, -1).
pub const E_PERM: u64 = u64::MAX;

/// Specs of MemManager.
#[autov::layer(name = "MemManager", below = page_manager, state = RData)]
pub mod mem_manager {
    use super::*;
    use autov::rely;
    use page_manager::{
        get_pfn_count, get_pfn_map, get_pfn_owner, set_pfn_count, set_pfn_map, set_pfn_owner,
    };
    use s2pt_ops::clear_pfn_host;

    /// `E_OK` when frame `pfn` may be given to VM `vmid` at `gfn`: the host owns it and no
    /// device maps it, or `vmid` already owns it at `gfn`; `E_PERM` otherwise.
    #[spec]
    pub fn check_pfn_to_vm(vmid: u32, gfn: u64, pfn: u64, st: &RData) -> Option<u64> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        let owner = get_pfn_owner(pfn, st)?;
        let free_host_page = owner == HOSTVISOR && get_pfn_count(pfn, st)? == 0;
        let already_given = owner == vmid && get_pfn_map(pfn, st)? == gfn;
        if free_host_page || already_given {
            Some(E_OK)
        } else {
            Some(E_PERM)
        }
    }

    /// 1 when VM `vmid` owns frame `pfn`, 0 otherwise.
    #[spec]
    pub fn vm_owns_pfn(vmid: u32, pfn: u64, st: &RData) -> Option<u32> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        if get_pfn_owner(pfn, st)? == vmid {
            Some(1)
        } else {
            Some(0)
        }
    }

    /// 1 when the host owns frame `pfn` and no device maps it, 0 otherwise.
    #[spec]
    pub fn host_owns_free_pfn(pfn: u64, st: &RData) -> Option<u32> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        if get_pfn_owner(pfn, st)? == HOSTVISOR && get_pfn_count(pfn, st)? == 0 {
            Some(1)
        } else {
            Some(0)
        }
    }

    /// Gives frame `pfn` to VM `vmid` at `gfn` when the host owns it and no device maps it
    /// (the host loses its mapping of it), or succeeds without change when `vmid` already owns
    /// it at `gfn`; `E_PERM` (and no change) otherwise.
    #[spec]
    pub fn assign_pfn_to_vm(vmid: u32, gfn: u64, pfn: u64, st: &RData) -> Option<(u64, RData)> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        let owner = get_pfn_owner(pfn, st)?;
        if owner == HOSTVISOR && get_pfn_count(pfn, st)? == 0 {
            let (_, st) = set_pfn_owner(pfn, vmid, st)?;
            let (_, st) = set_pfn_map(pfn, gfn, &st)?;
            let (_, st) = clear_pfn_host(pfn, &st)?;
            return Some((E_OK, st));
        }
        if owner == vmid && get_pfn_map(pfn, st)? == gfn {
            Some((E_OK, st.clone()))
        } else {
            Some((E_PERM, st.clone()))
        }
    }

    /// VM `vmid` grants its frame `pfn` to the host: its share count becomes 1. `E_PERM` (and
    /// no change) when `vmid` does not own `pfn`.
    #[spec]
    pub fn grant_vm_page(vmid: u32, pfn: u64, st: &RData) -> Option<(u64, RData)> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        if get_pfn_owner(pfn, st)? != vmid {
            return Some((E_PERM, st.clone()));
        }
        let (_, st) = set_pfn_count(pfn, 1, st)?;
        Some((E_OK, st))
    }

    /// VM `vmid` revokes the host's access to its frame `pfn`: when it was granted (share
    /// count not 0), the count becomes 0 and the host loses its mapping of it. `E_PERM` (and
    /// no change) when `vmid` does not own `pfn`.
    #[spec]
    pub fn revoke_vm_page(vmid: u32, pfn: u64, st: &RData) -> Option<(u64, RData)> {
        rely!(!st.hw.locks[LOCK_S2PAGE]);
        if get_pfn_owner(pfn, st)? != vmid {
            return Some((E_PERM, st.clone()));
        }
        if get_pfn_count(pfn, st)? == 0 {
            return Some((E_OK, st.clone()));
        }
        let (_, st) = set_pfn_count(pfn, 0, st)?;
        let (_, st) = clear_pfn_host(pfn, &st)?;
        Some((E_OK, st))
    }
}
