//! Every hypercall and trap with out-of-range or wrong-state arguments is rejected with the
//! expected error and changes no state (hypervisor data, memory, SMMU, CPU registers).

mod common;

use common::*;
use sekvm_hyp::consts::*;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::Machine;

/// How a case reaches the hypervisor.
#[derive(Clone, Copy, Debug)]
enum Call {
    /// A host hypercall with its arguments.
    Hvc(u64, [u64; 4]),
    /// A host stage-2 abort at an address, without syndrome.
    Fault(u64),
    /// A host MMIO access: address, write, size, register.
    Mmio(u64, bool, u64, u32),
    /// A host trap with an arbitrary exception class.
    Trap(u64),
}

const VM1: u64 = 1;
const VM2: u64 = 2;
const VM3: u64 = 3;
const VM4: u64 = 4;
const UNUSED: u64 = 9;
const VM1_PFN: u64 = HOST_PFN0 + 10;
const VM2_PFN: u64 = HOST_PFN0 + 30;
const DMA_PFN: u64 = HOST_PFN0 + 40;
const HOST_MAPPED_PFN: u64 = HOST_PFN0 + 60;
const FREE_PFN: u64 = HOST_PFN0 + 100;
const CORE_PFN: u64 = CORE_START / PAGE_SIZE + 100;
const NONRAM_PFN: u64 = 0x10000;
const PENDING_IPA: u64 = 0x300_0000;

/// The machine every case starts from: VM1 active (VCPU 1 has a pending fault), VM2 and
/// VM4 registered with incomplete images, VM3 powered off, SMMU banks for the host and VM2.
fn setup() -> Machine {
    let mut m = Machine::booted();
    let vm1 = create_vm(&mut m, 2, &[HOST_PFN0]);
    assert_eq!(vm1 as u64, VM1);
    assert_eq!(fault_in(&mut m, vm1, 0, 0x10_0000, VM1_PFN, 3), err::OK);
    assert_eq!(
        m.hvc(hvc::MAP_IO, &[VM1, 0x0900_0000, 0x0B00_0000]),
        err::OK
    );
    m.push_guest_fault(PENDING_IPA);
    assert_eq!(run(&mut m, vm1, 1), exit::S2FAULT);

    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), VM2);
    assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[VM2, 0]), err::OK);
    assert_eq!(
        m.hvc(hvc::SET_BOOT_INFO, &[VM2, LOAD_ADDR, 2 * PAGE_SIZE]),
        0
    );
    assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[VM2, VM2_PFN, 0]), err::OK);

    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), VM3);
    assert_eq!(m.hvc(hvc::VM_POWEROFF, &[VM3]), err::OK);

    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), VM4);
    for i in 0..MAX_LOAD_INFO as u64 {
        assert_eq!(
            m.hvc(
                hvc::SET_BOOT_INFO,
                &[VM4, LOAD_ADDR + i * 0x10_0000, PAGE_SIZE]
            ),
            i
        );
    }
    assert_eq!(
        m.hvc(hvc::REMAP_VM_IMAGE, &[VM4, HOST_PFN0 + 70, 0]),
        err::OK
    );

    assert_eq!(
        m.hvc(hvc::SMMU_ALLOC_CB, &[0, 0, HOSTVISOR as u64]),
        err::OK
    );
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[0, 0, 0x1000, DMA_PFN]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_ALLOC_CB, &[1, 1, VM2]), err::OK);
    assert_eq!(m.hvc(hvc::SMMU_MAP, &[1, 1, 0x2000, VM2_PFN]), err::OK);
    assert_eq!(m.host_fault(HOST_MAPPED_PFN * PAGE_SIZE), err::OK);
    check(&m);
    m
}

fn cases() -> Vec<(&'static str, Call, u64)> {
    use Call::*;
    let h = |op, a: &[u64]| {
        let mut args = [0u64; 4];
        args[..a.len()].copy_from_slice(a);
        Hvc(op, args)
    };
    let smmu1 = SMMU_BASE0 + SMMU_STRIDE;
    vec![
        ("unknown hypercall", h(0x99, &[]), err::INVAL),
        ("hypercall 0", h(0, &[]), err::INVAL),
        // REGISTER_VCPU
        (
            "vcpu: vmid 0 (host)",
            h(hvc::REGISTER_VCPU, &[0, 0]),
            err::INVAL,
        ),
        ("vcpu: vmid 16", h(hvc::REGISTER_VCPU, &[16, 0]), err::INVAL),
        (
            "vcpu: vmid 2^32+2",
            h(hvc::REGISTER_VCPU, &[(1 << 32) + VM2, 1]),
            err::INVAL,
        ),
        (
            "vcpu: vcpuid 4",
            h(hvc::REGISTER_VCPU, &[VM2, 4]),
            err::INVAL,
        ),
        (
            "vcpu: vcpuid 2^32+1",
            h(hvc::REGISTER_VCPU, &[VM2, (1 << 32) + 1]),
            err::INVAL,
        ),
        (
            "vcpu: already registered",
            h(hvc::REGISTER_VCPU, &[VM2, 0]),
            err::EXIST,
        ),
        (
            "vcpu: verified vm",
            h(hvc::REGISTER_VCPU, &[VM1, 3]),
            err::STATE,
        ),
        (
            "vcpu: unused vmid",
            h(hvc::REGISTER_VCPU, &[UNUSED, 0]),
            err::STATE,
        ),
        (
            "vcpu: powered-off vm",
            h(hvc::REGISTER_VCPU, &[VM3, 0]),
            err::STATE,
        ),
        // SET_BOOT_INFO
        (
            "boot info: bad vmid",
            h(hvc::SET_BOOT_INFO, &[0, LOAD_ADDR, PAGE_SIZE]),
            err::INVAL,
        ),
        (
            "boot info: unaligned address",
            h(hvc::SET_BOOT_INFO, &[VM2, LOAD_ADDR + 8, PAGE_SIZE]),
            err::INVAL,
        ),
        (
            "boot info: size 0",
            h(hvc::SET_BOOT_INFO, &[VM2, LOAD_ADDR, 0]),
            err::INVAL,
        ),
        (
            "boot info: image too big",
            h(
                hvc::SET_BOOT_INFO,
                &[VM2, LOAD_ADDR, (MAX_IMAGE_PAGES + 1) * PAGE_SIZE],
            ),
            err::INVAL,
        ),
        (
            "boot info: address beyond IPA space",
            h(hvc::SET_BOOT_INFO, &[VM2, IPA_LIMIT, PAGE_SIZE]),
            err::INVAL,
        ),
        (
            "boot info: end beyond IPA space",
            h(
                hvc::SET_BOOT_INFO,
                &[VM2, IPA_LIMIT - PAGE_SIZE, 2 * PAGE_SIZE],
            ),
            err::INVAL,
        ),
        (
            "boot info: size overflow",
            h(hvc::SET_BOOT_INFO, &[VM2, LOAD_ADDR, u64::MAX]),
            err::INVAL,
        ),
        (
            "boot info: verified vm",
            h(hvc::SET_BOOT_INFO, &[VM1, LOAD_ADDR, PAGE_SIZE]),
            err::STATE,
        ),
        (
            "boot info: unused vmid",
            h(hvc::SET_BOOT_INFO, &[UNUSED, LOAD_ADDR, PAGE_SIZE]),
            err::STATE,
        ),
        (
            "boot info: table full",
            h(hvc::SET_BOOT_INFO, &[VM4, LOAD_ADDR, PAGE_SIZE]),
            err::NOMEM,
        ),
        // REMAP_VM_IMAGE
        (
            "remap: bad vmid",
            h(hvc::REMAP_VM_IMAGE, &[MAX_VM as u64, FREE_PFN, 0]),
            err::INVAL,
        ),
        (
            "remap: pfn beyond PA space",
            h(hvc::REMAP_VM_IMAGE, &[VM2, PFN_LIMIT, 0]),
            err::INVAL,
        ),
        (
            "remap: pfn 2^52 (shift overflow)",
            h(hvc::REMAP_VM_IMAGE, &[VM2, 1 << 52, 0]),
            err::INVAL,
        ),
        (
            "remap: image index 4",
            h(hvc::REMAP_VM_IMAGE, &[VM2, FREE_PFN, 4]),
            err::INVAL,
        ),
        (
            "remap: image index not declared",
            h(hvc::REMAP_VM_IMAGE, &[VM2, FREE_PFN, 1]),
            err::INVAL,
        ),
        (
            "remap: hypervisor page",
            h(hvc::REMAP_VM_IMAGE, &[VM2, CORE_PFN, 0]),
            err::PERM,
        ),
        (
            "remap: page of another vm",
            h(hvc::REMAP_VM_IMAGE, &[VM2, VM1_PFN, 0]),
            err::PERM,
        ),
        (
            "remap: page already in this image",
            h(hvc::REMAP_VM_IMAGE, &[VM2, VM2_PFN, 0]),
            err::PERM,
        ),
        (
            "remap: page under DMA",
            h(hvc::REMAP_VM_IMAGE, &[VM2, DMA_PFN, 0]),
            err::PERM,
        ),
        (
            "remap: not RAM",
            h(hvc::REMAP_VM_IMAGE, &[VM2, NONRAM_PFN, 0]),
            err::PERM,
        ),
        (
            "remap: verified vm",
            h(hvc::REMAP_VM_IMAGE, &[VM1, FREE_PFN, 0]),
            err::STATE,
        ),
        (
            "remap: image complete",
            h(hvc::REMAP_VM_IMAGE, &[VM4, FREE_PFN, 0]),
            err::NOMEM,
        ),
        // VERIFY_VM_IMAGES
        ("verify: host", h(hvc::VERIFY_VM_IMAGES, &[0]), err::INVAL),
        (
            "verify: incomplete image",
            h(hvc::VERIFY_VM_IMAGES, &[VM2]),
            err::STATE,
        ),
        (
            "verify: already verified",
            h(hvc::VERIFY_VM_IMAGES, &[VM1]),
            err::STATE,
        ),
        (
            "verify: no image",
            h(hvc::VERIFY_VM_IMAGES, &[VM3]),
            err::STATE,
        ),
        (
            "verify: unused vmid",
            h(hvc::VERIFY_VM_IMAGES, &[UNUSED]),
            err::STATE,
        ),
        // VCPU_RUN
        ("run: host", h(hvc::VCPU_RUN, &[0, 0]), err::INVAL),
        ("run: vcpuid 4", h(hvc::VCPU_RUN, &[VM1, 4]), err::INVAL),
        (
            "run: vcpuid 2^32",
            h(hvc::VCPU_RUN, &[VM1, 1 << 32]),
            err::INVAL,
        ),
        (
            "run: unregistered vcpu",
            h(hvc::VCPU_RUN, &[VM1, 3]),
            err::STATE,
        ),
        (
            "run: unverified vm",
            h(hvc::VCPU_RUN, &[VM2, 0]),
            err::STATE,
        ),
        (
            "run: powered-off vm",
            h(hvc::VCPU_RUN, &[VM3, 0]),
            err::STATE,
        ),
        (
            "run: unused vmid",
            h(hvc::VCPU_RUN, &[UNUSED, 0]),
            err::STATE,
        ),
        // MAP_PFN_GUEST
        (
            "map guest: host",
            h(hvc::MAP_PFN_GUEST, &[0, 1, FREE_PFN, 3]),
            err::INVAL,
        ),
        (
            "map guest: vcpuid 4",
            h(hvc::MAP_PFN_GUEST, &[VM1, 4, FREE_PFN, 3]),
            err::INVAL,
        ),
        (
            "map guest: level 1",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, FREE_PFN, 1]),
            err::INVAL,
        ),
        (
            "map guest: level 4",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, FREE_PFN, 4]),
            err::INVAL,
        ),
        (
            "map guest: pfn beyond PA space",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, PFN_LIMIT, 3]),
            err::INVAL,
        ),
        (
            "map guest: no pending fault",
            h(hvc::MAP_PFN_GUEST, &[VM1, 0, FREE_PFN, 3]),
            err::NOENT,
        ),
        (
            "map guest: unregistered vcpu",
            h(hvc::MAP_PFN_GUEST, &[VM1, 3, FREE_PFN, 3]),
            err::NOENT,
        ),
        (
            "map guest: unverified vm",
            h(hvc::MAP_PFN_GUEST, &[VM2, 0, FREE_PFN, 3]),
            err::STATE,
        ),
        (
            "map guest: hypervisor page",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, CORE_PFN, 3]),
            err::PERM,
        ),
        (
            "map guest: page of this vm at another gfn",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, VM1_PFN, 3]),
            err::PERM,
        ),
        (
            "map guest: page of another vm",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, VM2_PFN, 3]),
            err::PERM,
        ),
        (
            "map guest: page under DMA",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, DMA_PFN, 3]),
            err::PERM,
        ),
        (
            "map guest: not RAM",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, NONRAM_PFN, 3]),
            err::PERM,
        ),
        (
            "map guest: unaligned 2M pfn",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, R1_PFN0 + 1, 2]),
            err::INVAL,
        ),
        (
            "map guest: 2M block with hypervisor pages",
            h(hvc::MAP_PFN_GUEST, &[VM1, 1, CORE_START / PAGE_SIZE, 2]),
            err::PERM,
        ),
        // MAP_IO
        (
            "map io: host",
            h(hvc::MAP_IO, &[0, 0x0900_0000, 0x0B00_0000]),
            err::INVAL,
        ),
        (
            "map io: RAM",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0000, FREE_PFN * PAGE_SIZE]),
            err::PERM,
        ),
        (
            "map io: hypervisor memory",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0000, CORE_START]),
            err::PERM,
        ),
        (
            "map io: SMMU",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0000, SMMU_BASE0]),
            err::PERM,
        ),
        (
            "map io: unaligned gpa",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0008, 0x0B00_1000]),
            err::INVAL,
        ),
        (
            "map io: unaligned pa",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0000, 0x0B00_1008]),
            err::INVAL,
        ),
        (
            "map io: gpa beyond IPA space",
            h(hvc::MAP_IO, &[VM1, IPA_LIMIT, 0x0B00_1000]),
            err::INVAL,
        ),
        (
            "map io: pa beyond PA space",
            h(hvc::MAP_IO, &[VM1, 0x0A00_0000, PFN_LIMIT * PAGE_SIZE]),
            err::PERM,
        ),
        (
            "map io: gpa already mapped",
            h(hvc::MAP_IO, &[VM1, 0x0900_0000, 0x0B00_1000]),
            err::EXIST,
        ),
        (
            "map io: powered-off vm",
            h(hvc::MAP_IO, &[VM3, 0x0A00_0000, 0x0B00_1000]),
            err::STATE,
        ),
        (
            "map io: unused vmid",
            h(hvc::MAP_IO, &[UNUSED, 0x0A00_0000, 0x0B00_1000]),
            err::STATE,
        ),
        // VM_POWEROFF / CLEAR_VM / GET_VM_STATE
        ("poweroff: host", h(hvc::VM_POWEROFF, &[0]), err::INVAL),
        ("poweroff: vmid 16", h(hvc::VM_POWEROFF, &[16]), err::INVAL),
        (
            "poweroff: unused vmid",
            h(hvc::VM_POWEROFF, &[UNUSED]),
            err::STATE,
        ),
        (
            "poweroff: already off",
            h(hvc::VM_POWEROFF, &[VM3]),
            err::STATE,
        ),
        ("clear: host", h(hvc::CLEAR_VM, &[0]), err::INVAL),
        (
            "clear: vmid u64::MAX",
            h(hvc::CLEAR_VM, &[u64::MAX]),
            err::INVAL,
        ),
        ("clear: running vm", h(hvc::CLEAR_VM, &[VM1]), err::STATE),
        ("clear: registered vm", h(hvc::CLEAR_VM, &[VM2]), err::STATE),
        (
            "clear: unused vmid",
            h(hvc::CLEAR_VM, &[UNUSED]),
            err::STATE,
        ),
        ("vm state: host", h(hvc::GET_VM_STATE, &[0]), err::INVAL),
        // SMMU_ALLOC_CB
        (
            "smmu alloc: smmu 2",
            h(hvc::SMMU_ALLOC_CB, &[2, 0, 0]),
            err::INVAL,
        ),
        (
            "smmu alloc: cb 4",
            h(hvc::SMMU_ALLOC_CB, &[0, 4, 0]),
            err::INVAL,
        ),
        (
            "smmu alloc: vmid 16",
            h(hvc::SMMU_ALLOC_CB, &[0, 1, 16]),
            err::INVAL,
        ),
        (
            "smmu alloc: vmid COREVISOR+2^32",
            h(hvc::SMMU_ALLOC_CB, &[0, 1, (1 << 32) + 2]),
            err::INVAL,
        ),
        (
            "smmu alloc: bank taken",
            h(hvc::SMMU_ALLOC_CB, &[0, 0, 0]),
            err::BUSY,
        ),
        (
            "smmu alloc: verified vm",
            h(hvc::SMMU_ALLOC_CB, &[0, 1, VM1]),
            err::STATE,
        ),
        (
            "smmu alloc: powered-off vm",
            h(hvc::SMMU_ALLOC_CB, &[0, 1, VM3]),
            err::STATE,
        ),
        (
            "smmu alloc: unused vmid",
            h(hvc::SMMU_ALLOC_CB, &[0, 1, UNUSED]),
            err::STATE,
        ),
        // SMMU_FREE_CB
        (
            "smmu free: smmu 2",
            h(hvc::SMMU_FREE_CB, &[2, 0]),
            err::INVAL,
        ),
        (
            "smmu free: cb 2^32",
            h(hvc::SMMU_FREE_CB, &[0, 1 << 32]),
            err::INVAL,
        ),
        (
            "smmu free: free bank",
            h(hvc::SMMU_FREE_CB, &[0, 1]),
            err::NOENT,
        ),
        (
            "smmu free: vm bank",
            h(hvc::SMMU_FREE_CB, &[1, 1]),
            err::PERM,
        ),
        // SMMU_MAP
        (
            "smmu map: smmu 2",
            h(hvc::SMMU_MAP, &[2, 0, 0x3000, FREE_PFN]),
            err::INVAL,
        ),
        (
            "smmu map: iova beyond space",
            h(hvc::SMMU_MAP, &[0, 0, IOVA_LIMIT, FREE_PFN]),
            err::INVAL,
        ),
        (
            "smmu map: unaligned iova",
            h(hvc::SMMU_MAP, &[0, 0, 0x3008, FREE_PFN]),
            err::INVAL,
        ),
        (
            "smmu map: pfn beyond PA space",
            h(hvc::SMMU_MAP, &[0, 0, 0x3000, PFN_LIMIT]),
            err::INVAL,
        ),
        (
            "smmu map: free bank",
            h(hvc::SMMU_MAP, &[0, 2, 0x3000, FREE_PFN]),
            err::NOENT,
        ),
        (
            "smmu map: iova mapped",
            h(hvc::SMMU_MAP, &[0, 0, 0x1000, FREE_PFN]),
            err::EXIST,
        ),
        (
            "smmu map: hypervisor page",
            h(hvc::SMMU_MAP, &[0, 0, 0x3000, CORE_PFN]),
            err::PERM,
        ),
        (
            "smmu map: vm page on host bank",
            h(hvc::SMMU_MAP, &[0, 0, 0x3000, VM1_PFN]),
            err::PERM,
        ),
        (
            "smmu map: host page on vm bank",
            h(hvc::SMMU_MAP, &[1, 1, 0x3000, FREE_PFN]),
            err::PERM,
        ),
        (
            "smmu map: other vm's page on vm bank",
            h(hvc::SMMU_MAP, &[1, 1, 0x3000, VM1_PFN]),
            err::PERM,
        ),
        (
            "smmu map: not RAM",
            h(hvc::SMMU_MAP, &[0, 0, 0x3000, NONRAM_PFN]),
            err::PERM,
        ),
        // SMMU_UNMAP / IOVA_TO_PHYS
        (
            "smmu unmap: cb 4",
            h(hvc::SMMU_UNMAP, &[0, 4, 0x1000]),
            err::INVAL,
        ),
        (
            "smmu unmap: unaligned",
            h(hvc::SMMU_UNMAP, &[0, 0, 0x1004]),
            err::INVAL,
        ),
        (
            "smmu unmap: iova beyond space",
            h(hvc::SMMU_UNMAP, &[0, 0, IOVA_LIMIT + 0x1000]),
            err::INVAL,
        ),
        (
            "smmu unmap: free bank",
            h(hvc::SMMU_UNMAP, &[0, 3, 0x1000]),
            err::NOENT,
        ),
        (
            "smmu unmap: not mapped",
            h(hvc::SMMU_UNMAP, &[0, 0, 0x5000]),
            err::NOENT,
        ),
        (
            "iova to phys: smmu 2",
            h(hvc::SMMU_IOVA_TO_PHYS, &[2, 0, 0x1000]),
            err::INVAL,
        ),
        (
            "iova to phys: beyond space",
            h(hvc::SMMU_IOVA_TO_PHYS, &[0, 0, IOVA_LIMIT]),
            err::INVAL,
        ),
        (
            "iova to phys: free bank",
            h(hvc::SMMU_IOVA_TO_PHYS, &[0, 2, 0x1000]),
            err::NOENT,
        ),
        // MMIO_INFO / MMIO_COMPLETE (VM1 VCPU 1's pending abort has no syndrome)
        ("mmio info: host", h(hvc::MMIO_INFO, &[0, 0, 0]), err::INVAL),
        (
            "mmio info: vcpuid 4",
            h(hvc::MMIO_INFO, &[VM1, 4, 0]),
            err::INVAL,
        ),
        (
            "mmio info: field 4",
            h(hvc::MMIO_INFO, &[VM1, 1, 4]),
            err::INVAL,
        ),
        (
            "mmio info: not MMIO",
            h(hvc::MMIO_INFO, &[VM1, 1, 0]),
            err::NOENT,
        ),
        (
            "mmio info: nothing pending",
            h(hvc::MMIO_INFO, &[VM1, 0, 0]),
            err::NOENT,
        ),
        (
            "mmio complete: host",
            h(hvc::MMIO_COMPLETE, &[0, 1, 5]),
            err::INVAL,
        ),
        (
            "mmio complete: vcpuid 2^32",
            h(hvc::MMIO_COMPLETE, &[VM1, 1 << 32, 5]),
            err::INVAL,
        ),
        (
            "mmio complete: not MMIO",
            h(hvc::MMIO_COMPLETE, &[VM1, 1, 5]),
            err::NOENT,
        ),
        (
            "mmio complete: unregistered vcpu",
            h(hvc::MMIO_COMPLETE, &[VM1, 3, 5]),
            err::STATE,
        ),
        (
            "mmio complete: unverified vm",
            h(hvc::MMIO_COMPLETE, &[VM2, 0, 5]),
            err::STATE,
        ),
        (
            "mmio complete: powered-off vm",
            h(hvc::MMIO_COMPLETE, &[VM3, 0, 5]),
            err::STATE,
        ),
        // host stage-2 faults
        (
            "fault: hypervisor memory",
            Fault(CORE_START + 0x8000),
            err::PERM,
        ),
        ("fault: vm page", Fault(VM1_PFN * PAGE_SIZE), err::PERM),
        (
            "fault: vm image page",
            Fault(HOST_PFN0 * PAGE_SIZE + 0x10),
            err::PERM,
        ),
        (
            "fault: already mapped",
            Fault(HOST_MAPPED_PFN * PAGE_SIZE),
            err::EXIST,
        ),
        (
            "fault: beyond PA space",
            Fault(PFN_LIMIT * PAGE_SIZE),
            err::INVAL,
        ),
        (
            "fault: SMMU without syndrome",
            Fault(SMMU_BASE0 + 0x20),
            err::INVAL,
        ),
        // SMMU MMIO
        ("mmio: 1-byte write", Mmio(smmu1, true, 1, 7), err::INVAL),
        ("mmio: 2-byte read", Mmio(smmu1, false, 2, 7), err::INVAL),
        (
            "mmio: misaligned 8-byte write",
            Mmio(smmu1 + SMMU_CB_OFFSET + 4, true, 8, 7),
            err::INVAL,
        ),
        (
            "mmio: misaligned 4-byte read",
            Mmio(smmu1 + 2, false, 4, 7),
            err::INVAL,
        ),
        (
            "mmio: write beyond the last bank",
            Mmio(smmu1 + SMMU_CB_OFFSET + 4 * SMMU_CB_STRIDE, true, 4, 7),
            err::INVAL,
        ),
        // other traps
        ("trap: WFI class", Trap(0x01), err::INVAL),
        ("trap: SMC class", Trap(0x17), err::INVAL),
    ]
}

fn stage(m: &mut Machine, call: Call) {
    match call {
        Call::Hvc(op, a) => m.stage_hvc(op, &a),
        Call::Fault(addr) => m.stage_fault(addr),
        Call::Mmio(addr, w, size, rt) => m.stage_mmio(addr, w, size, rt),
        Call::Trap(ec) => unsafe { ffi::sim_set_trap(ec << esr::EC_SHIFT, 0, 0) },
    }
}

/// One helper for every case: snapshot, trap, compare the error and the state.
fn rejected_without_change(m: &mut Machine, name: &str, call: Call, expected: u64) {
    stage(m, call);
    let before = m.snapshot();
    let got = m.trap();
    assert_eq!(
        got, expected,
        "{name}: {call:?} returned {got:#x}, expected {expected:#x}"
    );
    if let Call::Hvc(..) = call {
        assert_eq!(m.host_reg(0), expected, "{name}: x0");
    }
    let after = m.snapshot();
    assert!(before == after, "{name}: {call:?} changed the state");
}

#[test]
fn every_bad_input_is_rejected_without_state_change() {
    let mut m = setup();
    let cases = cases();
    for (name, call, expected) in &cases {
        rejected_without_change(&mut m, name, *call, *expected);
    }
    check(&m);
    // The setup is still usable: the pending fault can be served.
    assert_eq!(m.hvc(hvc::MAP_PFN_GUEST, &[VM1, 1, FREE_PFN, 3]), err::OK);
    check(&m);
    eprintln!(
        "{} bad-input cases rejected without state change",
        cases.len()
    );
}

#[test]
fn the_snapshot_detects_changes() {
    // The comparison above is only meaningful if a snapshot sees a one-word change.
    let mut m = setup();
    let s0 = m.snapshot();
    m.write(FREE_PFN * PAGE_SIZE, 1);
    assert!(s0 != m.snapshot(), "memory change");
    let s1 = m.snapshot();
    assert_eq!(m.hvc(hvc::SMMU_UNMAP, &[0, 0, 0x1000]), err::OK);
    assert!(s1 != m.snapshot(), "hypervisor state change");
    let s2 = m.snapshot();
    m.set_host_reg(7, 5);
    assert!(s2 != m.snapshot(), "register change");
}
