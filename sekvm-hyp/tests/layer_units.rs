//! Layer-level tests: lower-layer functions called directly through FFI, so that checks which
//! the upper layers duplicate (defence in depth) are exercised on their own.

mod common;

use common::*;
use sekvm_hyp::consts::*;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::Machine;

const NORMAL: u64 = 0x7FC;

#[test]
fn mem_region_and_page_index() {
    let m = Machine::booted();
    unsafe {
        assert_eq!(ffi::mem_region_search(REGION0_BASE), 0);
        assert_eq!(ffi::mem_region_search(REGION0_BASE + REGION0_SIZE - 1), 0);
        assert_eq!(
            ffi::mem_region_search(REGION0_BASE + REGION0_SIZE),
            u32::MAX
        );
        assert_eq!(ffi::mem_region_search(REGION1_BASE + 5), 1);
        assert_eq!(ffi::mem_region_search(0), u32::MAX);
        assert_eq!(ffi::get_s2_page_index(REGION0_BASE + 0x3FFF), 3);
        assert_eq!(
            ffi::get_s2_page_index(REGION1_BASE),
            REGION0_SIZE / PAGE_SIZE
        );
        assert_eq!(ffi::get_s2_page_index(u64::MAX), u64::MAX);
    }
    m.assert_quiescent();
}

#[test]
fn s2pt_ops_map_walk_unmap() {
    let m = Machine::booted();
    unsafe {
        let vm = 0u32;
        assert_eq!(ffi::mmap_s2pt(vm, 0x20_0000, 0x80200, 2, NORMAL), err::OK);
        assert_eq!(
            ffi::walk_s2pt(vm, 0x20_1000) & PHYS_MASK,
            0x8020_0000,
            "block leaf"
        );
        assert_eq!(
            ffi::mmap_s2pt(vm, 0x20_3000, 0x80000, 3, NORMAL),
            err::EXIST,
            "4K inside a block"
        );
        assert_eq!(ffi::mmap_s2pt(vm, 0x40_3000, 0x80000, 3, NORMAL), err::OK);
        assert_eq!(
            ffi::mmap_s2pt(vm, 0x40_3000, 0x80001, 3, NORMAL),
            err::EXIST,
            "no overwrite"
        );
        assert_eq!(
            ffi::mmap_s2pt(vm, 0x40_0000, 0x80400, 2, NORMAL),
            err::EXIST,
            "block over a table"
        );
        assert_eq!(ffi::walk_s2pt(vm, 0x40_3000) & PHYS_MASK, 0x8000_0000);
        let tlbi = ffi::sim_tlbi_count();
        assert_eq!(ffi::unmap_s2pt(vm, 0x40_3000), err::OK);
        assert_eq!(ffi::sim_tlbi_count(), tlbi + 1, "unmap invalidates the TLB");
        assert_eq!(ffi::unmap_s2pt(vm, 0x40_3000), err::NOENT);
        assert_eq!(ffi::walk_s2pt(vm, 0x40_3000), 0);
        assert_eq!(
            ffi::unmap_s2pt(vm, 0x20_5000),
            err::OK,
            "unmapping inside a block removes it"
        );
        assert_eq!(ffi::walk_s2pt(vm, 0x20_0000), 0);
        // Pool exhaustion is reported, not overrun: 48 PTE pages per pool.
        let mut last = err::OK;
        for i in 0..60u64 {
            last = ffi::mmap_s2pt(vm, 0x100_0000_0000 / 4 + i * 0x20_0000, 0x80000, 3, NORMAL);
            if last != err::OK {
                break;
            }
        }
        assert_eq!(last, err::NOMEM);
    }
    m.assert_quiescent();
}

#[test]
fn mem_manager_checks_its_own_preconditions() {
    let mut m = Machine::booted();
    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), 1);
    assert_eq!(m.hvc(hvc::REGISTER_KVM, &[]), 2);
    let core = CORE_START / PAGE_SIZE + 3;
    let p = HOST_PFN0 + 5;
    unsafe {
        assert_eq!(
            ffi::assign_pfn_to_vm(1, 0x10, core),
            err::PERM,
            "hypervisor page"
        );
        assert_eq!(ffi::smmu_page_get(HOSTVISOR, p), err::OK);
        assert_eq!(
            ffi::assign_pfn_to_vm(1, 0x10, p),
            err::PERM,
            "page under DMA"
        );
        ffi::smmu_page_put(p);
        assert_eq!(ffi::assign_pfn_to_vm(1, 0x10, p), err::OK);
        assert_eq!(
            ffi::assign_pfn_to_vm(1, 0x10, p),
            err::OK,
            "idempotent at the same gfn"
        );
        assert_eq!(ffi::assign_pfn_to_vm(1, 0x11, p), err::PERM, "another gfn");
        assert_eq!(ffi::assign_pfn_to_vm(2, 0x10, p), err::PERM, "another vm");
        assert_eq!(
            ffi::smmu_page_get(HOSTVISOR, p),
            err::PERM,
            "not the host's any more"
        );
        assert_eq!(
            ffi::smmu_page_get(1, p),
            err::OK,
            "the owner vm's bank may map it"
        );
        assert_eq!(ffi::grant_vm_page(2, p), err::PERM, "only the owner grants");
        assert_eq!(ffi::revoke_vm_page(2, p), err::PERM);
        assert_eq!(ffi::grant_vm_page(1, p), err::OK);
        assert_eq!(m.page(p).unwrap().count, 1);
        assert_eq!(ffi::revoke_vm_page(1, p), err::OK);
        assert_eq!(m.page(p).unwrap().count, 0);
        m.write(p * PAGE_SIZE + 64, 7);
        assert_eq!(
            ffi::clear_vm_page(2, p),
            err::PERM,
            "only the owner's pages are reclaimed"
        );
        assert_eq!(m.read(p * PAGE_SIZE + 64), 7);
        assert_eq!(ffi::clear_vm_page(1, p), err::OK);
        assert_eq!(m.read(p * PAGE_SIZE + 64), 0);
        assert_eq!(m.page(p).unwrap().owner, HOSTVISOR);
        assert_eq!(ffi::smmu_page_get(HOSTVISOR, 0x10000), err::PERM, "not RAM");
    }
    m.assert_quiescent();
}
