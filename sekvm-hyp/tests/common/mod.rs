//! Helpers shared by the native test binaries.
#![allow(dead_code)]

use sekvm_hyp::consts::*;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::{image_digest, Machine};

/// First host-owned pfn of region 0 (just after the hypervisor's memory).
pub const HOST_PFN0: u64 = (CORE_START + CORE_SIZE) / PAGE_SIZE;
/// First pfn of region 1 (2 MiB aligned, all host-owned).
pub const R1_PFN0: u64 = REGION1_BASE / PAGE_SIZE;
/// IPA where test images are loaded.
pub const LOAD_ADDR: u64 = 0x8_0000;

/// Fill page `pfn` with a recognisable pattern derived from `seed`; returns the words.
pub fn fill_page(m: &mut Machine, pfn: u64, seed: u64) -> Vec<u64> {
    let words: Vec<u64> = (0..512u64)
        .map(|i| seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(i))
        .collect();
    for (i, w) in words.iter().enumerate() {
        m.write(pfn * PAGE_SIZE + i as u64 * 8, *w);
    }
    words
}

/// Register a VM with `vcpus` VCPUs and one boot image on the host pages `image`,
/// provision the right digest and verify it. Returns the vmid.
pub fn create_vm(m: &mut Machine, vcpus: u32, image: &[u64]) -> u32 {
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    assert!(
        vmid >= 1 && vmid < MAX_VM as u64,
        "register_kvm returned {vmid:#x}"
    );
    for c in 0..vcpus {
        assert_eq!(m.hvc(hvc::REGISTER_VCPU, &[vmid, c as u64]), err::OK);
    }
    let li = m.hvc(
        hvc::SET_BOOT_INFO,
        &[vmid, LOAD_ADDR, image.len() as u64 * PAGE_SIZE],
    );
    assert_eq!(li, 0);
    let pages: Vec<Vec<u64>> = image.iter().map(|&p| fill_page(m, p, p ^ vmid)).collect();
    unsafe { ffi::sim_set_image_digest(vmid as u32, 0, image_digest(&pages)) };
    for &p in image {
        assert_eq!(m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, p, 0]), err::OK);
    }
    assert_eq!(m.hvc(hvc::VERIFY_VM_IMAGES, &[vmid]), err::OK);
    assert_eq!(m.vm_state(vmid as u32), vm_state::VERIFIED);
    vmid as u32
}

/// Run VCPU `vcpu` of `vmid`; returns the exit code.
pub fn run(m: &mut Machine, vmid: u32, vcpu: u32) -> u64 {
    m.hvc(hvc::VCPU_RUN, &[vmid as u64, vcpu as u64])
}

/// Make the guest fault at `ipa`, then give it `pfn` there at `level` (3 = 4 KiB, 2 = 2 MiB).
pub fn fault_in(m: &mut Machine, vmid: u32, vcpu: u32, ipa: u64, pfn: u64, level: u64) -> u64 {
    m.push_guest_fault(ipa);
    assert_eq!(run(m, vmid, vcpu), exit::S2FAULT);
    m.hvc(hvc::MAP_PFN_GUEST, &[vmid as u64, vcpu as u64, pfn, level])
}

/// Assert the security invariant.
pub fn check(m: &Machine) {
    if let Err(e) = m.check_invariant() {
        panic!("security invariant violated: {e}");
    }
}
