//! Raw FFI to the native build: the hypervisor's entry points, the accessors the tests
//! read state through, and the host simulation's test hooks.
//!
//! All of these touch one global simulated machine; use [`crate::machine`] for serialised
//! access. Every function is `unsafe` to call only because of that shared global state:
//! arguments are plain integers and out-of-range indices are the caller's responsibility
//! for accessors (the hypercall entry points validate their arguments themselves).

extern "C" {
    // ---- entry points (TrapHandler / TrapDispatch) ----
    /// Boot the hypervisor; `E_STATE` when already booted.
    pub fn el2_boot() -> u64;
    /// Dispatch a host trap on ESR_EL2 (hypercall or stage-2 abort).
    pub fn handle_host_trap() -> u64;
    /// Handle a host hypercall (x0..x4 of the host), result also written to host x0.
    pub fn handle_host_hvc() -> u64;
    /// Handle a host stage-2 fault described by ESR/FAR/HPFAR.
    pub fn handle_host_stage2_fault() -> u64;

    // ---- accessors (Accessors layer) ----
    /// Page record `idx`: owner vmid.
    pub fn get_s2page_owner(idx: u64) -> u32;
    /// Page record `idx`: share count.
    pub fn get_s2page_count(idx: u64) -> u32;
    /// Page record `idx`: gfn.
    pub fn get_s2page_gfn(idx: u64) -> u64;
    /// Number of memory regions.
    pub fn get_region_cnt() -> u32;
    /// Base of region `i`.
    pub fn get_region_base(i: u32) -> u64;
    /// Size of region `i`.
    pub fn get_region_size(i: u32) -> u64;
    /// Page-record index of the first page of region `i`.
    pub fn get_region_index(i: u32) -> u64;
    /// VTTBR of `vmid`'s stage-2 table.
    pub fn get_pt_vttbr(vmid: u32) -> u64;
    /// First page of `vmid`'s page-table pool.
    pub fn get_pt_pool_start(vmid: u32) -> u64;
    /// Used PUD pages of `vmid`'s pool.
    pub fn get_pt_pud_used(vmid: u32) -> u64;
    /// Used PMD pages of `vmid`'s pool.
    pub fn get_pt_pmd_used(vmid: u32) -> u64;
    /// Used PTE pages of `vmid`'s pool.
    pub fn get_pt_pte_used(vmid: u32) -> u64;
    /// Owner of context bank `cbidx` (smmu * 4 + cb).
    pub fn get_smmu_cb_owner(cbidx: u32) -> u32;
    /// 1 if context bank `cbidx` is allocated.
    pub fn get_smmu_cb_allocated(cbidx: u32) -> u32;
    /// Root table of context bank `cbidx`.
    pub fn get_smmu_cb_root(cbidx: u32) -> u64;
    /// First page of context bank `cbidx`'s pool.
    pub fn get_smmu_pool_start(cbidx: u32) -> u64;
    /// State of VM `vmid`.
    pub fn get_vm_state(vmid: u32) -> u32;
    /// Number of boot images of VM `vmid`.
    pub fn get_vm_load_info_cnt(vmid: u32) -> u32;
    /// Number of registered VCPUs of VM `vmid`.
    pub fn get_vm_vcpu_cnt(vmid: u32) -> u32;
    /// Remapped pages of image `li` of VM `vmid`.
    pub fn get_vm_remapped(vmid: u32, li: u32) -> u64;
    /// State of VCPU `vcpuid` of VM `vmid`.
    pub fn get_vcpu_state(vmid: u32, vcpuid: u32) -> u32;
    /// Saved register `i` of a VCPU.
    pub fn get_vcpu_gpr(vmid: u32, vcpuid: u32, i: u32) -> u64;
    /// Saved pc of a VCPU.
    pub fn get_vcpu_pc(vmid: u32, vcpuid: u32) -> u64;
    /// Saved EL1 system register `i` of a VCPU.
    pub fn get_vcpu_sysreg(vmid: u32, vcpuid: u32, i: u32) -> u64;
    /// Pending stage-2 fault IPA of a VCPU (`INVALID64` when none).
    pub fn get_vcpu_fault_ipa(vmid: u32, vcpuid: u32) -> u64;
    /// 1 while an MMIO access of a VCPU awaits the host's emulation.
    pub fn get_vcpu_mmio_pending(vmid: u32, vcpuid: u32) -> u32;
    /// Next vmid to hand out.
    pub fn get_next_vmid() -> u32;
    /// 1 once booted.
    pub fn get_booted() -> u32;

    // ---- lower layers, for layer-level tests ----
    /// MemRegion: the region containing `addr`, or `u32::MAX`.
    pub fn mem_region_search(addr: u64) -> u32;
    /// PageIndex: the page-record index of `addr`, or `u64::MAX`.
    pub fn get_s2_page_index(addr: u64) -> u64;
    /// S2PTOps: map `addr` to `pfn` at `level` (2 or 3) in `vmid`'s table.
    pub fn mmap_s2pt(vmid: u32, addr: u64, pfn: u64, level: u32, attr: u64) -> u64;
    /// S2PTOps: the leaf descriptor of `addr` in `vmid`'s table, or 0.
    pub fn walk_s2pt(vmid: u32, addr: u64) -> u64;
    /// S2PTOps: unmap `addr` from `vmid`'s table.
    pub fn unmap_s2pt(vmid: u32, addr: u64) -> u64;
    /// MemManager: give `pfn` to `vmid` at `gfn`.
    pub fn assign_pfn_to_vm(vmid: u32, gfn: u64, pfn: u64) -> u64;
    /// MemManager: `vmid` grants `pfn` to the host.
    pub fn grant_vm_page(vmid: u32, pfn: u64) -> u64;
    /// MemManager: `vmid` revokes the host's access to `pfn`.
    pub fn revoke_vm_page(vmid: u32, pfn: u64) -> u64;
    /// MemManager: reclaim `pfn` from `vmid` (scrubbed).
    pub fn clear_vm_page(vmid: u32, pfn: u64) -> u64;
    /// SmmuMemOpsAux: take a DMA reference on `pfn` for a bank owned by `owner`.
    pub fn smmu_page_get(owner: u32, pfn: u64) -> u64;
    /// SmmuMemOpsAux: drop a DMA reference on `pfn`.
    pub fn smmu_page_put(pfn: u64);

    // ---- page manager (for cross-checks only) ----
    /// Owner of `pfn` as the PageManager layer computes it.
    pub fn get_pfn_owner(pfn: u64) -> u32;

    // ---- functions with written specs, for replaying counterexamples natively ----
    /// PageIndex: the page-record index of frame `pfn`, or `u64::MAX`.
    pub fn get_pfn_index(pfn: u64) -> u64;
    /// PageManager: set the owner of `pfn` (nothing when `pfn` is not RAM).
    pub fn set_pfn_owner(pfn: u64, owner: u32);

    // ---- host simulation hooks ----
    /// Reset the simulated machine, including the hypervisor's zero-initialised state.
    pub fn sim_reset();
    /// Read a 64-bit word of simulated RAM (0 outside RAM).
    pub fn sim_phys_read64(pa: u64) -> u64;
    /// Write a 64-bit word of simulated RAM; 0 outside RAM.
    pub fn sim_phys_write64(pa: u64, v: u64) -> u32;
    /// Host register `i` (trap frame).
    pub fn sim_get_host_reg(i: u32) -> u64;
    /// Set host register `i` (trap frame).
    pub fn sim_set_host_reg(i: u32, v: u64);
    /// Set ESR_EL2, FAR_EL2 and HPFAR_EL2 as a trap would.
    pub fn sim_set_trap(esr: u64, far: u64, hpfar: u64);
    /// Current VTTBR_EL2.
    pub fn sim_get_vttbr() -> u64;
    /// Current HCR_EL2.
    pub fn sim_get_hcr() -> u64;
    /// Current ELR_EL2.
    pub fn sim_get_elr() -> u64;
    /// Set ELR_EL2.
    pub fn sim_set_elr(v: u64);
    /// EL1 system register `i`.
    pub fn sim_get_sysreg(i: u32) -> u64;
    /// Set EL1 system register `i`.
    pub fn sim_set_sysreg(i: u32, v: u64);
    /// Number of locks currently held.
    pub fn sim_locks_held() -> u32;
    /// Double acquires and releases of free locks so far.
    pub fn sim_lock_errors() -> u64;
    /// Lock acquisitions so far.
    pub fn sim_lock_acquires() -> u64;
    /// Accesses outside simulated memory (or page-table accesses outside the core) so far.
    pub fn sim_bad_accesses() -> u64;
    /// TLB invalidations so far.
    pub fn sim_tlbi_count() -> u64;
    /// Queue the next guest exit: kind (`ARM_EXCEPTION_*`), ESR, FAR, HPFAR and, when
    /// `set_regs != 0`, guest x0..x3. Returns 0 when the queue is full.
    pub fn sim_push_guest_exit(
        kind: u64,
        esr: u64,
        far: u64,
        hpfar: u64,
        set_regs: u32,
        x0: u64,
        x1: u64,
        x2: u64,
        x3: u64,
    ) -> u32;
    /// Queued guest exits not yet consumed.
    pub fn sim_guest_exits_pending() -> u32;
    /// Guest entries so far.
    pub fn sim_guest_entries() -> u64;
    /// Guest register `i` at the last guest entry.
    pub fn sim_guest_entry_reg(i: u32) -> u64;
    /// EL1 system register `i` at the last guest entry.
    pub fn sim_guest_entry_sysreg(i: u32) -> u64;
    /// VTTBR_EL2 at the last guest entry.
    pub fn sim_guest_entry_vttbr() -> u64;
    /// Provision the expected digest of image `li` of `vmid` (the signature check).
    pub fn sim_set_image_digest(vmid: u32, li: u32, digest: u64);
    /// Simulated SMMU register (4-byte slot) at `offset` of SMMU `smmu`.
    pub fn sim_smmu_reg(smmu: u32, offset: u64) -> u64;
    /// Address of the hypervisor's `el2_data`.
    pub fn sim_el2_data_ptr() -> *const u8;
    /// Size of the hypervisor's `el2_data`.
    pub fn sim_el2_data_size() -> u64;
    /// Hash of all simulated RAM.
    pub fn sim_mem_hash() -> u64;
    /// Hash of all simulated SMMU registers.
    pub fn sim_smmu_hash() -> u64;
    /// Drop all queued guest exits.
    pub fn sim_clear_guest_exits();
}
