//! A safe wrapper over the one simulated machine of the native build, for tests.
//!
//! [`Machine::new`] takes a process-wide lock (the C state is global) and resets the
//! simulation, so tests in one binary run serialised. The state readers here walk the
//! page tables themselves, in Rust, from simulated memory: they do not trust the C walk.

use crate::consts::*;
use crate::ffi;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

static MACHINE_LOCK: Mutex<()> = Mutex::new(());

/// Exclusive handle on the simulated machine.
pub struct Machine {
    _guard: MutexGuard<'static, ()>,
}

/// The record of one physical page, as read through the accessors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// Owner vmid (`HOSTVISOR`, a VM, or `COREVISOR`).
    pub owner: u32,
    /// Share count.
    pub count: u32,
    /// Guest frame number the owner VM maps it at.
    pub gfn: u64,
}

/// Everything a hypercall could change: the hypervisor state, memory, SMMU and CPU registers.
#[derive(Clone, PartialEq, Eq)]
pub struct Snapshot {
    el2: Vec<u8>,
    mem_hash: u64,
    smmu_hash: u64,
    regs: Vec<u64>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Snapshot(mem {:#x}, smmu {:#x}, regs {:x?})",
            self.mem_hash, self.smmu_hash, self.regs
        )
    }
}

/// The leaves of a stage-2 or SMMU table: input page address -> output page address,
/// with 2 MiB blocks expanded into their 512 pages.
pub type Mappings = BTreeMap<u64, u64>;

/// Page-record index of `pfn`, computed from the platform layout (not by the C code).
pub fn pfn_index(pfn: u64) -> Option<u64> {
    let pa = pfn.checked_mul(PAGE_SIZE)?;
    if (REGION0_BASE..REGION0_BASE + REGION0_SIZE).contains(&pa) {
        Some((pa - REGION0_BASE) / PAGE_SIZE)
    } else if (REGION1_BASE..REGION1_BASE + REGION1_SIZE).contains(&pa) {
        Some((pa - REGION1_BASE) / PAGE_SIZE + REGION0_SIZE / PAGE_SIZE)
    } else {
        None
    }
}

/// The pfn of page record `idx` (inverse of [`pfn_index`]).
pub fn index_pfn(idx: u64) -> u64 {
    let r0 = REGION0_SIZE / PAGE_SIZE;
    if idx < r0 {
        REGION0_BASE / PAGE_SIZE + idx
    } else {
        REGION1_BASE / PAGE_SIZE + idx - r0
    }
}

/// True if `pa` is inside the hypervisor's own memory.
pub fn is_core(pa: u64) -> bool {
    (CORE_START..CORE_START + CORE_SIZE).contains(&pa)
}

/// True if `pa` is inside an SMMU's MMIO window.
pub fn is_smmu(pa: u64) -> bool {
    (SMMU_BASE0..SMMU_BASE0 + SMMU_NUM as u64 * SMMU_STRIDE).contains(&pa)
}

/// The digest the image signature check expects, computed in Rust over `pages` (each a
/// page of 512 words, in image order).
pub fn image_digest(pages: &[Vec<u64>]) -> u64 {
    let mut h = DIGEST_SEED;
    for p in pages {
        for &w in p {
            h = (h ^ w).wrapping_mul(DIGEST_PRIME);
        }
    }
    h
}

impl Machine {
    /// Take the machine (waiting for other tests) and reset it; not booted.
    pub fn new() -> Machine {
        let guard = MACHINE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        unsafe { ffi::sim_reset() };
        Machine { _guard: guard }
    }

    /// Take, reset and boot the machine.
    pub fn booted() -> Machine {
        let m = Machine::new();
        assert_eq!(unsafe { ffi::el2_boot() }, err::OK, "boot");
        m
    }

    /// Load the host registers and syndrome for hypercall `op` (up to four arguments)
    /// without trapping yet; see [`Machine::trap`].
    pub fn stage_hvc(&mut self, op: u64, args: &[u64]) {
        assert!(args.len() <= 4);
        unsafe {
            ffi::sim_set_host_reg(0, op);
            for i in 0..4 {
                ffi::sim_set_host_reg(i as u32 + 1, args.get(i).copied().unwrap_or(0));
            }
            ffi::sim_set_trap(esr::EC_HVC64 << esr::EC_SHIFT, 0, 0);
        }
    }

    /// Load the syndrome of a host stage-2 data abort at `addr` (no instruction syndrome).
    pub fn stage_fault(&mut self, addr: u64) {
        unsafe {
            ffi::sim_set_trap(
                esr::EC_DABT_LOW << esr::EC_SHIFT,
                addr & 0xFFF,
                (addr >> 12) << 4,
            )
        };
    }

    /// Load the syndrome of a host access of `size` bytes (1, 2, 4 or 8) to `addr` through
    /// register `rt`, with a valid instruction syndrome.
    pub fn stage_mmio(&mut self, addr: u64, write: bool, size: u64, rt: u32) {
        let sas = match size {
            1 => 0,
            2 => 1,
            4 => 2,
            _ => 3,
        };
        let mut e = (esr::EC_DABT_LOW << esr::EC_SHIFT)
            | esr::ISV
            | (sas << esr::SAS_SHIFT)
            | ((rt as u64) << esr::SRT_SHIFT);
        if write {
            e |= esr::WNR;
        }
        unsafe { ffi::sim_set_trap(e, addr & 0xFFF, (addr >> 12) << 4) };
    }

    /// Take the staged trap through the EL2 entry point; checks that no lock is left held.
    pub fn trap(&mut self) -> u64 {
        let r = unsafe { ffi::handle_host_trap() };
        self.assert_quiescent();
        r
    }

    /// Issue host hypercall `op` with up to four arguments through the trap entry.
    /// Checks that x0 carries the result and that no lock is left held.
    pub fn hvc(&mut self, op: u64, args: &[u64]) -> u64 {
        self.stage_hvc(op, args);
        let r = self.trap();
        assert_eq!(
            unsafe { ffi::sim_get_host_reg(0) },
            r,
            "x0 must carry the hypercall result"
        );
        r
    }

    /// The host touches `addr` and takes a stage-2 data abort (no syndrome).
    pub fn host_fault(&mut self, addr: u64) -> u64 {
        self.stage_fault(addr);
        self.trap()
    }

    /// The host accesses SMMU MMIO at `addr` through register `rt`: a trapped load or
    /// store of `size` bytes with a valid syndrome.
    pub fn host_mmio(&mut self, addr: u64, write: bool, size: u64, rt: u32) -> u64 {
        self.stage_mmio(addr, write, size, rt);
        self.trap()
    }

    /// Set host register `i`.
    pub fn set_host_reg(&mut self, i: u32, v: u64) {
        unsafe { ffi::sim_set_host_reg(i, v) }
    }

    /// Host register `i`.
    pub fn host_reg(&self, i: u32) -> u64 {
        unsafe { ffi::sim_get_host_reg(i) }
    }

    /// Panics if a lock is held, a lock was misused, or memory was accessed out of bounds.
    pub fn assert_quiescent(&self) {
        unsafe {
            assert_eq!(ffi::sim_locks_held(), 0, "locks left held");
            assert_eq!(
                ffi::sim_lock_errors(),
                0,
                "lock misuse (double acquire or bad release)"
            );
            assert_eq!(ffi::sim_bad_accesses(), 0, "out-of-bounds hardware access");
        }
    }

    /// Queue the next guest exit: a trap with ESR/FAR/HPFAR and optional guest x0..x3.
    pub fn push_exit(&mut self, kind: u64, esr: u64, far: u64, hpfar: u64, regs: Option<[u64; 4]>) {
        let r = regs.unwrap_or([0; 4]);
        let ok = unsafe {
            ffi::sim_push_guest_exit(
                kind,
                esr,
                far,
                hpfar,
                regs.is_some() as u32,
                r[0],
                r[1],
                r[2],
                r[3],
            )
        };
        assert_eq!(ok, 1, "guest exit queue full");
    }

    /// Queue a guest stage-2 data abort at IPA `ipa`.
    pub fn push_guest_fault(&mut self, ipa: u64) {
        self.push_exit(
            exception::TRAP,
            esr::EC_DABT_LOW << esr::EC_SHIFT,
            ipa & 0xFFF,
            (ipa >> 12) << 4,
            None,
        );
    }

    /// Queue a guest hypercall with x0..x3.
    pub fn push_guest_hvc(&mut self, regs: [u64; 4]) {
        self.push_exit(
            exception::TRAP,
            esr::EC_HVC64 << esr::EC_SHIFT,
            0,
            0,
            Some(regs),
        );
    }

    /// Number of queued guest exits not yet consumed.
    pub fn pending_exits(&self) -> u32 {
        unsafe { ffi::sim_guest_exits_pending() }
    }

    /// Drop the queued guest exits that were not consumed.
    pub fn clear_exits(&mut self) {
        unsafe { ffi::sim_clear_guest_exits() }
    }

    /// Read a word of simulated RAM.
    pub fn read(&self, pa: u64) -> u64 {
        unsafe { ffi::sim_phys_read64(pa) }
    }

    /// Write a word of simulated RAM (as the owner of the page would).
    pub fn write(&mut self, pa: u64, v: u64) {
        assert_eq!(
            unsafe { ffi::sim_phys_write64(pa, v) },
            1,
            "write outside RAM: {pa:#x}"
        );
    }

    /// The 512 words of page `pfn`.
    pub fn page_words(&self, pfn: u64) -> Vec<u64> {
        (0..512)
            .map(|i| self.read(pfn * PAGE_SIZE + i * 8))
            .collect()
    }

    /// The page record of `pfn` (None when `pfn` is not RAM).
    pub fn page(&self, pfn: u64) -> Option<PageInfo> {
        let idx = pfn_index(pfn)?;
        unsafe {
            Some(PageInfo {
                owner: ffi::get_s2page_owner(idx),
                count: ffi::get_s2page_count(idx),
                gfn: ffi::get_s2page_gfn(idx),
            })
        }
    }

    /// State of VM `vmid`.
    pub fn vm_state(&self, vmid: u32) -> u64 {
        unsafe { ffi::get_vm_state(vmid) as u64 }
    }

    /// Take a snapshot of everything a trap could change, except host x0..x4 (hypercall
    /// number, arguments and result).
    pub fn snapshot(&self) -> Snapshot {
        unsafe {
            let p = ffi::sim_el2_data_ptr();
            let n = ffi::sim_el2_data_size() as usize;
            let el2 = std::slice::from_raw_parts(p, n).to_vec();
            let mut regs: Vec<u64> = (5..NR_GPRS).map(|i| ffi::sim_get_host_reg(i)).collect();
            regs.push(ffi::sim_get_vttbr());
            regs.push(ffi::sim_get_hcr());
            regs.push(ffi::sim_get_elr());
            regs.extend((0..NR_SYSREGS).map(|i| ffi::sim_get_sysreg(i)));
            regs.push(ffi::sim_tlbi_count());
            regs.push(ffi::sim_guest_entries());
            Snapshot {
                el2,
                mem_hash: ffi::sim_mem_hash(),
                smmu_hash: ffi::sim_smmu_hash(),
                regs,
            }
        }
    }

    fn table_entries(&self, table: u64) -> Vec<(u64, u64)> {
        (0..512u64)
            .map(|i| (i, self.read(table + i * 8)))
            .filter(|&(_, e)| e & 1 != 0)
            .collect()
    }

    /// Walk a table in Rust. `shifts` are the index shifts from the root level down.
    /// Returns the leaves and the table pages visited.
    fn walk(&self, root: u64, shifts: &[u64]) -> (Mappings, Vec<u64>) {
        let mut maps = Mappings::new();
        let mut tables = vec![root];
        let mut frontier = vec![(root, 0u64, 0usize)];
        while let Some((table, base, level)) = frontier.pop() {
            let last = level + 1 == shifts.len();
            for (i, e) in self.table_entries(table) {
                let ia = base | (i << shifts[level]);
                let oa = e & PHYS_MASK;
                let is_table = e & 3 == 3;
                if last {
                    assert!(is_table, "invalid leaf descriptor {e:#x} at level 3");
                    maps.insert(ia, oa);
                } else if is_table {
                    tables.push(oa);
                    frontier.push((oa, ia, level + 1));
                } else {
                    assert_eq!(shifts[level], 21, "block descriptor {e:#x} above level 2");
                    for k in 0..512u64 {
                        maps.insert(ia + k * PAGE_SIZE, oa + k * PAGE_SIZE);
                    }
                }
            }
        }
        (maps, tables)
    }

    /// All leaves of `vmid`'s stage-2 table (IPA page -> PA page), walked in Rust,
    /// and the table pages visited.
    pub fn s2_walk(&self, vmid: u32) -> (Mappings, Vec<u64>) {
        let root = unsafe { ffi::get_pt_vttbr(vmid) } & PHYS_MASK;
        self.walk(root, &[39, 30, 21, 12])
    }

    /// All leaves of SMMU context bank `cbidx`'s table (IOVA page -> PA page).
    pub fn smmu_walk(&self, cbidx: u32) -> (Mappings, Vec<u64>) {
        let root = unsafe { ffi::get_smmu_cb_root(cbidx) };
        self.walk(root, &[30, 21, 12])
    }

    /// The PA `ipa` translates to in `vmid`'s stage-2 table (walked in Rust).
    pub fn s2_translate(&self, vmid: u32, ipa: u64) -> Option<u64> {
        let root = unsafe { ffi::get_pt_vttbr(vmid) } & PHYS_MASK;
        let mut table = root;
        for shift in [39u64, 30, 21, 12] {
            let e = self.read(table + ((ipa >> shift) & 511) * 8);
            if e & 1 == 0 {
                return None;
            }
            if shift == 12 || e & 3 == 1 {
                let size = 1u64 << shift;
                return Some((e & PHYS_MASK & !(size - 1)) | (ipa & (size - 1)));
            }
            table = e & PHYS_MASK;
        }
        None
    }

    /// Check the security invariant over the whole state, walking every table in Rust.
    pub fn check_invariant(&self) -> Result<(), String> {
        self.assert_quiescent();
        let mut smmu_refs: BTreeMap<u64, u32> = BTreeMap::new();
        let owner_of = |pa: u64| self.page(pa / PAGE_SIZE);
        // Page-table pages must be hypervisor memory.
        let check_tables = |who: &str, tables: &[u64]| -> Result<(), String> {
            for &t in tables {
                match owner_of(t) {
                    Some(p) if p.owner == COREVISOR && is_core(t) => {}
                    other => {
                        return Err(format!(
                            "{who}: table page {t:#x} not hypervisor-owned ({other:?})"
                        ))
                    }
                }
            }
            Ok(())
        };
        // Host stage-2.
        let (host, tables) = self.s2_walk(HOSTVISOR);
        check_tables("host s2", &tables)?;
        for (&ipa, &pa) in &host {
            if ipa != pa {
                return Err(format!("host s2 not identity: {ipa:#x} -> {pa:#x}"));
            }
            match owner_of(pa) {
                Some(p) if p.owner == HOSTVISOR => {}
                Some(p) if p.owner >= 1 && p.owner < MAX_VM && p.count >= 1 => {}
                Some(p) => {
                    return Err(format!(
                        "host maps {pa:#x} owned by {} (count {})",
                        p.owner, p.count
                    ))
                }
                None if is_smmu(pa) || is_core(pa) => {
                    return Err(format!("host maps protected MMIO {pa:#x}"))
                }
                None => {}
            }
        }
        // VM stage-2 tables.
        for vmid in 1..MAX_VM {
            let st = self.vm_state(vmid);
            if st == vm_state::UNUSED {
                if unsafe { ffi::get_pt_vttbr(vmid) } != 0 {
                    return Err(format!("unused vmid {vmid} has a stage-2 table"));
                }
                continue;
            }
            let (maps, tables) = self.s2_walk(vmid);
            check_tables("vm s2", &tables)?;
            if (st == vm_state::UNUSED || st == vm_state::DESTROYED) && !maps.is_empty() {
                return Err(format!(
                    "vm {vmid} in state {st} still has {} mappings",
                    maps.len()
                ));
            }
            for (&ipa, &pa) in &maps {
                match owner_of(pa) {
                    Some(p) if p.owner == vmid && p.gfn == ipa / PAGE_SIZE => {}
                    Some(p) => {
                        return Err(format!(
                            "vm {vmid} maps gfn {:#x} -> {pa:#x} with record {p:?}",
                            ipa / PAGE_SIZE
                        ))
                    }
                    None if is_smmu(pa) || is_core(pa) => {
                        return Err(format!("vm {vmid} maps protected MMIO {pa:#x}"))
                    }
                    None => {}
                }
            }
        }
        // SMMU tables.
        for cbidx in 0..SMMU_NUM * SMMU_NUM_CB {
            let (maps, tables) = self.smmu_walk(cbidx);
            check_tables("smmu", &tables)?;
            let allocated = unsafe { ffi::get_smmu_cb_allocated(cbidx) } != 0;
            let owner = unsafe { ffi::get_smmu_cb_owner(cbidx) };
            if !allocated && !maps.is_empty() {
                return Err(format!("free context bank {cbidx} has mappings"));
            }
            for (&iova, &pa) in &maps {
                match owner_of(pa) {
                    Some(p) if p.owner == owner => {
                        if owner == HOSTVISOR {
                            *smmu_refs.entry(pa / PAGE_SIZE).or_default() += 1;
                        }
                    }
                    other => {
                        return Err(format!(
                            "cb {cbidx} (owner {owner}) maps {iova:#x} -> {pa:#x}: {other:?}"
                        ))
                    }
                }
            }
        }
        // SMMU hardware configuration, as programmed through the emulation.
        for smmu in 0..SMMU_NUM {
            let scr0 = unsafe { ffi::sim_smmu_reg(smmu, 0) };
            if scr0 & 1 != 0 {
                return Err(format!("smmu {smmu}: sCR0.CLIENTPD set (bypass)"));
            }
            for cb in 0..SMMU_NUM_CB {
                let off = SMMU_CB_OFFSET + cb as u64 * SMMU_CB_STRIDE;
                let ttbr = unsafe { ffi::sim_smmu_reg(smmu, off + 0x20) };
                let root = unsafe { ffi::get_smmu_cb_root(smmu * SMMU_NUM_CB + cb) };
                if ttbr != 0 && ttbr != root && ttbr != root & 0xFFFF_FFFF {
                    return Err(format!("smmu {smmu} cb {cb}: TTBR0 {ttbr:#x} is not the hypervisor's table {root:#x}"));
                }
                let sctlr = unsafe { ffi::sim_smmu_reg(smmu, off) };
                if sctlr != 0 && sctlr & 1 == 0 {
                    return Err(format!(
                        "smmu {smmu} cb {cb}: SCTLR {sctlr:#x} disables translation"
                    ));
                }
                let cbar = unsafe { ffi::sim_smmu_reg(smmu, 0x1000 + 4 * cb as u64) };
                if cbar != 0
                    && (cbar & 0x3_0000 != 0 || cbar & 0xFF != (smmu * SMMU_NUM_CB + cb + 1) as u64)
                {
                    return Err(format!("smmu {smmu} cb {cb}: CBAR {cbar:#x} not stage-2 with the hypervisor's VMID"));
                }
            }
        }
        // Share counts.
        for idx in 0..MAX_PAGES {
            let pfn = index_pfn(idx);
            let p = self.page(pfn).unwrap();
            let pa = pfn * PAGE_SIZE;
            match p.owner {
                HOSTVISOR => {
                    let refs = smmu_refs.get(&pfn).copied().unwrap_or(0);
                    if p.count != refs {
                        return Err(format!(
                            "host page {pfn:#x}: count {} but {refs} SMMU mappings",
                            p.count
                        ));
                    }
                }
                COREVISOR => {
                    if p.count != 0 || !is_core(pa) {
                        return Err(format!("hypervisor page {pfn:#x} bad record {p:?}"));
                    }
                }
                o if (1..MAX_VM).contains(&o) => {
                    if p.count > 1 {
                        return Err(format!("vm page {pfn:#x} count {}", p.count));
                    }
                    if p.count == 0 && host.contains_key(&pa) {
                        return Err(format!(
                            "vm page {pfn:#x} not granted but mapped by the host"
                        ));
                    }
                    if is_core(pa) {
                        return Err(format!("hypervisor page {pfn:#x} owned by vm {o}"));
                    }
                }
                o => return Err(format!("page {pfn:#x} has invalid owner {o}")),
            }
        }
        Ok(())
    }
}

impl Default for Machine {
    fn default() -> Self {
        Machine::new()
    }
}
