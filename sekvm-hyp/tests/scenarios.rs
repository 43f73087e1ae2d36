//! End-to-end scenarios on the simulated machine: boot, VM creation and verification,
//! running, stage-2 faults, grants, SMMU, teardown. The invariant is checked throughout.

mod common;

use common::*;
use sekvm_hyp::consts::*;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::{image_digest, Machine};

#[test]
fn hypercalls_before_boot_are_refused() {
    let mut m = Machine::new();
    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), err::STATE);
    assert_eq!(m.host_fault(HOST_PFN0 * PAGE_SIZE), err::STATE);
    assert_eq!(unsafe { ffi::get_next_vmid() }, 0);
}

#[test]
fn boot_sets_up_ownership_and_host_stage2() {
    let mut m = Machine::booted();
    assert_eq!(
        unsafe { ffi::el2_boot() },
        err::STATE,
        "second boot refused"
    );
    for pfn in [
        CORE_START / PAGE_SIZE,
        (CORE_START + CORE_SIZE) / PAGE_SIZE - 1,
    ] {
        assert_eq!(m.page(pfn).unwrap().owner, COREVISOR);
    }
    for pfn in [HOST_PFN0, R1_PFN0, R1_PFN0 + 1023] {
        assert_eq!(m.page(pfn).unwrap().owner, HOSTVISOR);
    }
    // PageManager agrees with the Rust index computation.
    for idx in (0..MAX_PAGES).step_by(97) {
        let pfn = sekvm_hyp::machine::index_pfn(idx);
        assert_eq!(
            unsafe { ffi::get_pfn_owner(pfn) },
            m.page(pfn).unwrap().owner
        );
    }
    assert_eq!(unsafe { ffi::get_pfn_owner(0x1234) }, INVALID_OWNER);
    let host_vttbr = unsafe { ffi::get_pt_vttbr(HOSTVISOR) };
    assert_eq!(unsafe { ffi::sim_get_vttbr() }, host_vttbr);
    assert_eq!(host_vttbr & PHYS_MASK, CORE_START);
    assert!(
        m.s2_walk(HOSTVISOR).0.is_empty(),
        "host stage-2 starts empty"
    );
    for cb in 0..SMMU_NUM * SMMU_NUM_CB {
        assert_eq!(unsafe { ffi::get_smmu_cb_allocated(cb) }, 0);
    }
    check(&m);
    let _ = m.hvc(hvc::GET_VM_STATE, &[1]);
}

#[test]
fn host_faults_map_host_memory_only() {
    let mut m = Machine::booted();
    // A whole host-owned 2 MiB block is mapped with one block entry.
    assert_eq!(m.host_fault(REGION1_BASE + 0x1234), err::OK);
    assert_eq!(
        m.s2_translate(HOSTVISOR, REGION1_BASE + 0x1F_F008),
        Some(REGION1_BASE + 0x1F_F008)
    );
    assert_eq!(m.s2_walk(HOSTVISOR).0.len(), 512);
    // The block straddling the end of hypervisor memory is mapped page by page.
    let pa = CORE_START + CORE_SIZE;
    assert_eq!(m.host_fault(pa + 8), err::OK);
    assert_eq!(m.s2_translate(HOSTVISOR, pa), Some(pa));
    assert_eq!(m.s2_translate(HOSTVISOR, pa + PAGE_SIZE), None);
    // Hypervisor memory is never mapped.
    assert_eq!(m.host_fault(CORE_START + 0x3000), err::PERM);
    assert_eq!(m.s2_translate(HOSTVISOR, CORE_START + 0x3000), None);
    // Device memory outside RAM is mapped for the host.
    assert_eq!(m.host_fault(0x0A00_0010), err::OK);
    assert_eq!(m.s2_translate(HOSTVISOR, 0x0A00_0000), Some(0x0A00_0000));
    // SMMU MMIO is never mapped, only emulated.
    assert_eq!(m.host_fault(SMMU_BASE0), err::INVAL);
    assert_eq!(m.s2_translate(HOSTVISOR, SMMU_BASE0), None);
    check(&m);
}

#[test]
fn register_vm_and_vcpus() {
    let mut m = Machine::booted();
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    assert_eq!(vmid, 1);
    assert_eq!(m.vm_state(1), vm_state::REGISTERED);
    for c in 0..MAX_VCPU as u64 {
        assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid, c]), err::OK);
    }
    assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid, 0]), err::EXIST);
    assert_eq!(unsafe { ffi::get_vm_vcpu_cnt(1) }, MAX_VCPU);
    assert_eq!(unsafe { ffi::get_vcpu_fault_ipa(1, 2) }, INVALID64);
    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), 2);
    // vmids run out after 15 VMs and are never reused.
    for v in 3..MAX_VM as u64 {
        assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), v);
    }
    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), err::NOMEM);
    check(&m);
}

#[test]
fn image_is_taken_from_the_host_and_verified() {
    let mut m = Machine::booted();
    let image = [HOST_PFN0 + 3, HOST_PFN0 + 4, R1_PFN0 + 9];
    // The host has the image pages mapped before handing them over.
    for &p in &image {
        assert_eq!(m.host_fault(p * PAGE_SIZE), err::OK);
    }
    let vmid = create_vm(&mut m, 1, &image);
    for (i, &p) in image.iter().enumerate() {
        let rec = m.page(p).unwrap();
        assert_eq!(rec.owner, vmid);
        assert_eq!(rec.gfn, LOAD_ADDR / PAGE_SIZE + i as u64);
        assert_eq!(
            m.s2_translate(HOSTVISOR, p * PAGE_SIZE),
            None,
            "host mapping removed"
        );
        assert_eq!(m.host_fault(p * PAGE_SIZE), err::PERM);
    }
    assert_eq!(unsafe { ffi::get_vm_remapped(vmid, 0) }, 3);
    check(&m);
}

#[test]
fn bad_signature_powers_the_vm_off_and_clear_returns_the_pages() {
    let mut m = Machine::booted();
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    assert_eq!(
        m.hvc(hvc::SET_BOOT_INFO, &[vmid, LOAD_ADDR, 2 * PAGE_SIZE]),
        0
    );
    let pages = [
        fill_page(&mut m, HOST_PFN0, 1),
        fill_page(&mut m, HOST_PFN0 + 1, 2),
    ];
    unsafe { ffi::sim_set_image_digest(vmid as u32, 0, image_digest(&pages) ^ 1) };
    assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, HOST_PFN0, 0]), err::OK);
    assert_eq!(
        m.hvc(hvc::VERIFY_VM_IMAGES, &[vmid]),
        err::STATE,
        "incomplete image"
    );
    assert_eq!(
        m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, HOST_PFN0 + 1, 0]),
        err::OK
    );
    assert_eq!(m.hvc(hvc::VERIFY_VM_IMAGES, &[vmid]), err::SIG);
    assert_eq!(m.vm_state(vmid as u32), vm_state::POWEROFF);
    assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid, 0]), err::STATE);
    assert_eq!(m.hvc(hvc::CLEAR_VM, &[vmid]), err::OK);
    for p in [HOST_PFN0, HOST_PFN0 + 1] {
        assert_eq!(m.page(p).unwrap().owner, HOSTVISOR);
        assert!(
            m.page_words(p).iter().all(|&w| w == 0),
            "page {p:#x} scrubbed"
        );
    }
    check(&m);
}

#[test]
fn run_switches_worlds_and_preserves_contexts() {
    let mut m = Machine::booted();
    let vmid = create_vm(&mut m, 2, &[HOST_PFN0]);
    for i in 0..NR_SYSREGS {
        unsafe { ffi::sim_set_sysreg(i, 0x1000 + i as u64) };
    }
    unsafe { ffi::sim_set_elr(0xFFFF_0000_0000_1000) };
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entries() }, 1);
    assert_eq!(unsafe { ffi::sim_guest_entry_vttbr() }, unsafe {
        ffi::get_pt_vttbr(vmid)
    });
    assert_eq!(unsafe { ffi::sim_guest_entry_vttbr() } >> 48, vmid as u64);
    assert_eq!(
        unsafe { ffi::sim_guest_entry_sysreg(3) },
        0,
        "guest starts with its own (zero) context"
    );
    // Back in the host: host registers and stage-2 are restored.
    assert_eq!(unsafe { ffi::sim_get_vttbr() }, unsafe {
        ffi::get_pt_vttbr(HOSTVISOR)
    });
    for i in 0..NR_SYSREGS {
        assert_eq!(unsafe { ffi::sim_get_sysreg(i) }, 0x1000 + i as u64);
    }
    assert_eq!(unsafe { ffi::sim_get_elr() }, 0xFFFF_0000_0000_1000);
    // The guest's own changes (the simulated guest writes tpidr_el1 and advances pc) persist.
    let saved = unsafe { ffi::get_vcpu_sysreg(vmid, 0, 11) };
    assert_ne!(saved, 0);
    assert_eq!(unsafe { ffi::get_vcpu_pc(vmid, 0) }, 4);
    assert_eq!(m.vm_state(vmid), vm_state::ACTIVE);
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(
        unsafe { ffi::sim_guest_entry_sysreg(11) },
        saved,
        "VCPU context restored on entry"
    );
    assert_eq!(unsafe { ffi::get_vcpu_pc(vmid, 0) }, 8);
    assert_eq!(run(&mut m, vmid, 2), err::STATE, "unregistered VCPU");
    check(&m);
}

#[test]
fn stage2_faults_map_4k_and_2m_pages() {
    let mut m = Machine::booted();
    let vmid = create_vm(&mut m, 1, &[HOST_PFN0]);
    // Image page mapped on its first touch.
    assert_eq!(
        fault_in(&mut m, vmid, 0, LOAD_ADDR + 0x10, HOST_PFN0, 3),
        err::OK
    );
    assert_eq!(m.s2_translate(vmid, LOAD_ADDR), Some(HOST_PFN0 * PAGE_SIZE));
    // A fresh host page at another gfn; it was mapped by the host first.
    let pfn = HOST_PFN0 + 7;
    assert_eq!(m.host_fault(pfn * PAGE_SIZE), err::OK);
    assert_eq!(fault_in(&mut m, vmid, 0, 0x1234_5000, pfn, 3), err::OK);
    assert_eq!(
        m.s2_translate(vmid, 0x1234_5678),
        Some(pfn * PAGE_SIZE + 0x678)
    );
    assert_eq!(m.page(pfn).unwrap().owner, vmid);
    assert_eq!(m.page(pfn).unwrap().gfn, 0x12345);
    assert_eq!(m.s2_translate(HOSTVISOR, pfn * PAGE_SIZE), None);
    assert_eq!(
        unsafe { ffi::get_vcpu_fault_ipa(vmid, 0) },
        INVALID64,
        "fault consumed"
    );
    assert_eq!(
        m.hvc(hvc::MAP_PFN_GUEST, &[vmid as u64, 0, pfn + 1, 3]),
        err::NOENT
    );
    // A 2 MiB block of region 1, previously block-mapped by the host.
    assert_eq!(m.host_fault(REGION1_BASE), err::OK);
    assert_eq!(fault_in(&mut m, vmid, 0, 0x4000_1000, R1_PFN0, 2), err::OK);
    assert_eq!(
        m.s2_translate(vmid, 0x4010_0008),
        Some(REGION1_BASE + 0x10_0008)
    );
    for k in [0u64, 255, 511] {
        let rec = m.page(R1_PFN0 + k).unwrap();
        assert_eq!((rec.owner, rec.gfn), (vmid, 0x40000 + k));
    }
    assert!(
        m.s2_walk(HOSTVISOR).0.is_empty(),
        "host block mapping removed"
    );
    check(&m);
}

#[test]
fn guest_grants_and_revokes_pages_for_the_host() {
    let mut m = Machine::booted();
    let vmid = create_vm(&mut m, 1, &[HOST_PFN0]);
    let pfn = HOST_PFN0 + 20;
    assert_eq!(fault_in(&mut m, vmid, 0, 0x20_0000, pfn, 3), err::OK);
    assert_eq!(m.host_fault(pfn * PAGE_SIZE), err::PERM);
    // Grant: handled in the hypervisor, the guest resumes with x0 = 0.
    m.push_guest_hvc([guest_hvc::GRANT, 0x200, 1, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entries() }, 3);
    assert_eq!(unsafe { ffi::sim_guest_entry_reg(0) }, err::OK);
    assert_eq!(m.page(pfn).unwrap().count, 1);
    assert_eq!(m.host_fault(pfn * PAGE_SIZE), err::OK);
    assert_eq!(
        m.s2_translate(HOSTVISOR, pfn * PAGE_SIZE),
        Some(pfn * PAGE_SIZE)
    );
    check(&m);
    // Granting an unmapped gfn fails and the guest sees the error.
    m.push_guest_hvc([guest_hvc::GRANT, 0x201, 1, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entry_reg(0) }, err::NOENT);
    // Revoke: the host mapping goes away.
    m.push_guest_hvc([guest_hvc::REVOKE, 0x200, 1, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entry_reg(0) }, err::OK);
    assert_eq!(m.page(pfn).unwrap().count, 0);
    assert_eq!(m.s2_translate(HOSTVISOR, pfn * PAGE_SIZE), None);
    assert_eq!(m.host_fault(pfn * PAGE_SIZE), err::PERM);
    // An unknown guest hypercall goes to the host.
    m.push_guest_hvc([0x77, 0, 0, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::HVC);
    check(&m);
}

#[test]
fn smmu_maps_only_pages_of_the_device_owner() {
    let mut m = Machine::booted();
    // Host device on SMMU 0, bank 1.
    assert_eq!(
        m.hvc(hvc::SMMU_ALLOC_CB, &[0, 1, HOSTVISOR as u64]),
        err::OK
    );
    let pfn = HOST_PFN0 + 40;
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[0, 1, 0x10_0000, pfn]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[0, 1, 0x20_0000, pfn]), err::OK);
    assert_eq!(m.page(pfn).unwrap().count, 2);
    assert_eq!(
        m.hvc(hvc::SMMU_IOVA_TO_PHYS, &[0, 1, 0x10_0123]),
        pfn * PAGE_SIZE + 0x123
    );
    assert_eq!(
        m.hvc(
            hvc::SMMU_MAP,
            &[0, 1, 0x30_0000, CORE_START / PAGE_SIZE + 5]
        ),
        err::PERM
    );
    check(&m);
    // A page under DMA cannot be given to a VM.
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    assert_eq!(m.hvc(hvc::SET_BOOT_INFO, &[vmid, LOAD_ADDR, PAGE_SIZE]), 0);
    assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, pfn, 0]), err::PERM);
    // A VM device on SMMU 1, bank 0, allocated before the VM is verified.
    assert_eq!(m.hvc(hvc::SMMU_ALLOC_CB, &[1, 0, vmid]), err::OK);
    assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, HOST_PFN0, 0]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[1, 0, 0x5000, HOST_PFN0]), err::OK);
    assert_eq!(
        m.hvc(hvc::SMMU_MAP, &[1, 0, 0x6000, HOST_PFN0 + 1]),
        err::PERM,
        "host page on a VM bank"
    );
    assert_eq!(
        m.hvc(hvc::SMMU_MAP, &[0, 1, 0x7000, HOST_PFN0]),
        err::PERM,
        "VM page on a host bank"
    );
    assert_eq!(
        m.hvc(hvc::SMMU_FREE_CB, &[1, 0]),
        err::PERM,
        "VM banks go with the VM"
    );
    check(&m);
    // Unmap drops the counts; freeing the bank drops the rest.
    assert_eq!(m.hvc(hvc::SMMU_UNMAP, &[0, 1, 0x10_0000]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_UNMAP, &[0, 1, 0x10_0000]), err::NOENT);
    assert_eq!(m.page(pfn).unwrap().count, 1);
    assert_eq!(m.hvc(hvc::SMMU_FREE_CB, &[0, 1]), err::OK);
    assert_eq!(m.page(pfn).unwrap().count, 0);
    assert!(m.smmu_walk(1).0.is_empty());
    check(&m);
}

#[test]
fn smmu_mmio_emulation_keeps_the_hypervisor_in_control() {
    let mut m = Machine::booted();
    assert_eq!(
        m.hvc(hvc::SMMU_ALLOC_CB, &[1, 2, HOSTVISOR as u64]),
        err::OK
    );
    let base = SMMU_BASE0 + SMMU_STRIDE;
    let cb2 = base + SMMU_CB_OFFSET + 2 * SMMU_CB_STRIDE;
    unsafe { ffi::sim_set_elr(0x1000) };
    // TTBR0 always gets the hypervisor's table.
    m.set_host_reg(5, 0x4242_0000);
    assert_eq!(m.host_mmio(cb2 + 0x20, true, 8, 5), err::OK);
    let root = unsafe { ffi::get_smmu_cb_root(6) };
    assert_eq!(
        unsafe { ffi::sim_smmu_reg(1, SMMU_CB_OFFSET + 2 * SMMU_CB_STRIDE + 0x20) },
        root
    );
    assert_eq!(unsafe { ffi::sim_get_elr() }, 0x1004, "instruction skipped");
    // SCTLR always translates.
    m.set_host_reg(6, 0x40);
    assert_eq!(m.host_mmio(cb2, true, 4, 6), err::OK);
    assert_eq!(
        unsafe { ffi::sim_smmu_reg(1, SMMU_CB_OFFSET + 2 * SMMU_CB_STRIDE) },
        0x41
    );
    // sCR0 never bypasses.
    m.set_host_reg(7, 0x1);
    assert_eq!(m.host_mmio(base, true, 4, 7), err::OK);
    assert_eq!(unsafe { ffi::sim_smmu_reg(1, 0) }, 0x400);
    // CBAR: stage-2 type, hypervisor VMID.
    m.set_host_reg(8, 0x3_00FF);
    assert_eq!(m.host_mmio(base + 0x1000 + 8, true, 4, 8), err::OK);
    assert_eq!(unsafe { ffi::sim_smmu_reg(1, 0x1008) }, 4 + 2 + 1);
    // Other registers pass through, reads come back in the target register.
    m.set_host_reg(9, 0xABCD);
    assert_eq!(m.host_mmio(cb2 + 0x30, true, 4, 9), err::OK);
    assert_eq!(m.host_mmio(cb2 + 0x30, false, 4, 10), err::OK);
    assert_eq!(m.host_reg(10), 0xABCD);
    assert_eq!(m.host_mmio(cb2 + 0x20, false, 8, 11), err::OK);
    assert_eq!(m.host_reg(11), root);
    assert_eq!(unsafe { ffi::sim_get_elr() }, 0x1000 + 7 * 4);
    check(&m);
}

#[test]
fn destroying_a_vm_scrubs_and_returns_everything() {
    let mut m = Machine::booted();
    let image = [HOST_PFN0, HOST_PFN0 + 1];
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]) as u32;
    assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid as u64, 0]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_ALLOC_CB, &[0, 3, vmid as u64]), err::OK);
    assert_eq!(
        m.hvc(hvc::SET_BOOT_INFO, &[vmid as u64, LOAD_ADDR, 2 * PAGE_SIZE]),
        0
    );
    let pages: Vec<Vec<u64>> = image.iter().map(|&p| fill_page(&mut m, p, p)).collect();
    unsafe { ffi::sim_set_image_digest(vmid, 0, image_digest(&pages)) };
    for &p in &image {
        assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[vmid as u64, p, 0]), err::OK);
    }
    assert_eq!(m.hvc(hvc::VERIFY_VM_IMAGES, &[vmid as u64]), err::OK);
    let data = HOST_PFN0 + 50;
    assert_eq!(fault_in(&mut m, vmid, 0, 0x100_0000, data, 3), err::OK);
    assert_eq!(
        fault_in(&mut m, vmid, 0, 0x4000_0000, R1_PFN0 + 512, 2),
        err::OK
    );
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[0, 3, 0x9000, data]), err::OK);
    assert_eq!(
        m.hvc(hvc::MAP_IO, &[vmid as u64, 0x0900_0000, 0x0B00_0000]),
        err::OK
    );
    // The guest writes secrets and shares one page with the host.
    fill_page(&mut m, data, 0x5EC);
    m.write((R1_PFN0 + 700) * PAGE_SIZE, 0xDEAD);
    m.push_guest_hvc([guest_hvc::GRANT, 0x1000, 1, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::IRQ);
    assert_eq!(m.host_fault(data * PAGE_SIZE), err::OK);
    check(&m);
    assert_eq!(
        m.hvc(hvc::CLEAR_VM, &[vmid as u64]),
        err::STATE,
        "still running"
    );
    // The guest powers itself off.
    m.push_guest_hvc([guest_hvc::PSCI_SYSTEM_OFF, 0, 0, 0]);
    assert_eq!(run(&mut m, vmid, 0), exit::POWEROFF);
    assert_eq!(m.vm_state(vmid), vm_state::POWEROFF);
    assert_eq!(run(&mut m, vmid, 0), err::STATE);
    assert_eq!(m.hvc(hvc::CLEAR_VM, &[vmid as u64]), err::OK);
    assert_eq!(m.vm_state(vmid), vm_state::DESTROYED);
    let mut owned = image.to_vec();
    owned.push(data);
    owned.extend((0..512).map(|k| R1_PFN0 + 512 + k));
    for p in owned {
        let rec = m.page(p).unwrap();
        assert_eq!(
            (rec.owner, rec.count, rec.gfn),
            (HOSTVISOR, 0, 0),
            "page {p:#x}"
        );
        assert!(
            m.page_words(p).iter().all(|&w| w == 0),
            "page {p:#x} scrubbed"
        );
    }
    assert!(m.s2_walk(vmid).0.is_empty());
    assert_eq!(unsafe { ffi::get_smmu_cb_allocated(3) }, 0);
    assert!(m.smmu_walk(3).0.is_empty());
    assert_eq!(m.hvc(hvc::CLEAR_VM, &[vmid as u64]), err::STATE);
    assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid as u64, 1]), err::STATE);
    check(&m);
    // The reclaimed pages serve the host and the next VM.
    assert_eq!(
        m.host_fault(data * PAGE_SIZE),
        err::EXIST,
        "host still maps the formerly granted page"
    );
    let next = create_vm(&mut m, 1, &[data]);
    assert_eq!(next, vmid + 1);
    check(&m);
}

#[test]
fn guest_mmio_is_emulated_by_the_host_through_the_syndrome_register_only() {
    let mut m = Machine::booted();
    let vmid = create_vm(&mut m, 1, &[HOST_PFN0]) as u64;
    // A guest hypercall for the host leaves no MMIO access pending.
    m.push_exit(
        exception::TRAP,
        esr::EC_HVC64 << esr::EC_SHIFT,
        0,
        0,
        Some([0x77, 0, 0, 0x1_2345_6789]),
    );
    assert_eq!(run(&mut m, vmid as u32, 0), exit::HVC);
    assert_eq!(unsafe { ffi::get_vcpu_mmio_pending(vmid as u32, 0) }, 0);
    assert_eq!(
        m.hvc(hvc::MMIO_INFO, &[vmid, 0, 0]),
        err::NOENT,
        "no MMIO pending"
    );
    assert_eq!(m.hvc(hvc::MMIO_COMPLETE, &[vmid, 0, 0]), err::NOENT);
    // The guest stores w3 (4 bytes) to device IPA 0x0900_0010, then loads a halfword into x7.
    let store = (esr::EC_DABT_LOW << esr::EC_SHIFT)
        | esr::ISV
        | (2 << esr::SAS_SHIFT)
        | (3 << esr::SRT_SHIFT)
        | esr::WNR;
    m.push_exit(
        exception::TRAP,
        store,
        0x010,
        (0x0900_0010u64 >> 12) << 4,
        None,
    );
    assert_eq!(run(&mut m, vmid as u32, 0), exit::S2FAULT);
    assert_eq!(m.hvc(hvc::MMIO_INFO, &[vmid, 0, 0]), 0x0900_0010);
    assert_eq!(m.hvc(hvc::MMIO_INFO, &[vmid, 0, 2]), 4);
    assert_eq!(m.hvc(hvc::MMIO_INFO, &[vmid, 0, 3]), 1);
    assert_eq!(
        m.hvc(hvc::MMIO_INFO, &[vmid, 0, 1]),
        0x2345_6789,
        "the stored value, masked to 4 bytes"
    );
    let pc = unsafe { ffi::get_vcpu_pc(vmid as u32, 0) };
    assert_eq!(
        m.hvc(hvc::MMIO_COMPLETE, &[vmid, 0, 0xFFFF_FFFF_FFFF]),
        err::OK
    );
    assert_eq!(
        unsafe { ffi::get_vcpu_gpr(vmid as u32, 0, 3) },
        0x1_2345_6789,
        "a store changes no register"
    );
    assert_eq!(unsafe { ffi::get_vcpu_pc(vmid as u32, 0) }, pc + 4);
    assert_eq!(
        m.hvc(hvc::MMIO_COMPLETE, &[vmid, 0, 0]),
        err::NOENT,
        "completed once"
    );
    let load = (esr::EC_DABT_LOW << esr::EC_SHIFT)
        | esr::ISV
        | (1 << esr::SAS_SHIFT)
        | (7 << esr::SRT_SHIFT);
    m.push_exit(
        exception::TRAP,
        load,
        0x020,
        (0x0900_0020u64 >> 12) << 4,
        None,
    );
    assert_eq!(run(&mut m, vmid as u32, 0), exit::S2FAULT);
    assert_eq!(m.hvc(hvc::MMIO_INFO, &[vmid, 0, 3]), 0);
    assert_eq!(m.hvc(hvc::MMIO_COMPLETE, &[vmid, 0, 0xABCD_1234]), err::OK);
    assert_eq!(
        unsafe { ffi::get_vcpu_gpr(vmid as u32, 0, 7) },
        0x1234,
        "masked to the 2-byte access"
    );
    assert_eq!(run(&mut m, vmid as u32, 0), exit::IRQ);
    assert_eq!(
        unsafe { ffi::sim_guest_entry_reg(7) },
        0x1234,
        "the guest sees the value"
    );
    // An abort without syndrome is not MMIO: only a page can resolve it.
    m.push_guest_fault(0x50_0000);
    assert_eq!(run(&mut m, vmid as u32, 0), exit::S2FAULT);
    assert_eq!(m.hvc(hvc::MMIO_COMPLETE, &[vmid, 0, 1]), err::NOENT);
    check(&m);
}

#[test]
fn guest_psci_cpu_on_starts_a_secondary_vcpu_once() {
    let mut m = Machine::booted();
    let vmid = create_vm(&mut m, 3, &[HOST_PFN0]);
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 1, 0x8_0400, 0xC0DE]);
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 1, 0x8_0800, 0]);
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 3, 0x8_0800, 0]);
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 9, 0x8_0800, 0]);
    assert_eq!(
        run(&mut m, vmid, 0),
        exit::IRQ,
        "entry budget exhausted after 4 handled exits"
    );
    m.clear_exits();
    assert_eq!(unsafe { ffi::get_vcpu_pc(vmid, 1) }, 0x8_0400);
    assert_eq!(unsafe { ffi::get_vcpu_gpr(vmid, 1, 0) }, 0xC0DE);
    assert_eq!(
        unsafe { ffi::get_vcpu_gpr(vmid, 0, 0) },
        guest_hvc::PSCI_INVALID,
        "last call: vcpu 9"
    );
    assert_eq!(run(&mut m, vmid, 1), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entry_reg(0) }, 0xC0DE);
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 0, 0, 0]);
    assert_eq!(run(&mut m, vmid, 1), exit::IRQ);
    assert_eq!(
        unsafe { ffi::sim_guest_entry_reg(0) },
        guest_hvc::PSCI_ALREADY_ON
    );
    m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, 2, 0x9000, 1]);
    assert_eq!(run(&mut m, vmid, 1), exit::IRQ);
    assert_eq!(unsafe { ffi::sim_guest_entry_reg(0) }, 0);
    check(&m);
}

#[test]
fn host_poweroff_of_a_registered_vm() {
    let mut m = Machine::booted();
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    assert_eq!(m.hvc(hvc::VM_POWEROFF, &[vmid]), err::OK);
    assert_eq!(m.hvc(hvc::GET_VM_STATE, &[vmid]), vm_state::POWEROFF);
    assert_eq!(m.hvc(hvc::VM_POWEROFF, &[vmid]), err::STATE);
    assert_eq!(m.hvc(hvc::CLEAR_VM, &[vmid]), err::OK);
    assert_eq!(m.hvc(hvc::GET_VM_STATE, &[vmid]), vm_state::DESTROYED);
    check(&m);
}
