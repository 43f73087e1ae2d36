//! Property tests: random sequences of host hypercalls, host faults, SMMU operations and guest
//! exits (faults, grants, revokes, power-off), with the security invariant checked in Rust after
//! every step, and scrubbing checked whenever a page goes from a VM back to the host.

mod common;

use common::*;
use proptest::prelude::*;
use sekvm_hyp::consts::*;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::{image_digest, index_pfn, Machine};

/// What the guest does when it runs.
#[derive(Clone, Debug)]
enum Guest {
    Irq,
    Fault(u16),
    Grant(u16, u8),
    Revoke(u16, u8),
    PowerOff,
    UnknownHvc,
    Mmio(bool, u8),
    CpuOn(u8),
}

/// One step of a random trace.
#[derive(Clone, Debug)]
enum Op {
    CreateVm {
        vcpus: u8,
        image: Vec<u16>,
        good_sig: bool,
        cb: Option<(u8, u8)>,
    },
    RegisterVm,
    Run {
        vm: u8,
        vcpu: u8,
        guest: Vec<Guest>,
    },
    MapGuest {
        vm: u8,
        vcpu: u8,
        page: u16,
        block: bool,
    },
    FaultIn {
        vm: u8,
        vcpu: u8,
        gfn: u16,
        page: u16,
        block: bool,
    },
    Share {
        vm: u8,
        gfn: u16,
        revoke: bool,
    },
    HostFault {
        page: u16,
    },
    SmmuAlloc {
        smmu: u8,
        cb: u8,
        vm: Option<u8>,
    },
    SmmuMap {
        smmu: u8,
        cb: u8,
        iova: u16,
        page: u16,
    },
    SmmuUnmap {
        smmu: u8,
        cb: u8,
        iova: u16,
    },
    SmmuFree {
        smmu: u8,
        cb: u8,
    },
    MapIo {
        vm: u8,
        gfn: u16,
        dev: u8,
    },
    Poweroff {
        vm: u8,
    },
    Clear {
        vm: u8,
    },
    Raw {
        op: u8,
        args: [u64; 4],
    },
    Mmio {
        smmu: u8,
        reg: u8,
        cb: u8,
        write: bool,
        value: u64,
    },
    MmioComplete {
        vm: u8,
        vcpu: u8,
        value: u64,
    },
}

/// A page of interest: around the end of hypervisor memory, in region 1, 2 MiB-aligned blocks,
/// hypervisor pages and a non-RAM frame.
fn pfn_of(sel: u16) -> u64 {
    match sel % 100 {
        s @ 0..=39 => HOST_PFN0 - 4 + s as u64,
        s @ 40..=79 => R1_PFN0 + (s as u64 - 40) * 3,
        s @ 80..=89 => R1_PFN0 + 512 * ((s as u64 - 80) % 2),
        s @ 90..=94 => CORE_START / PAGE_SIZE + s as u64,
        95 => 0x10000,
        96 => HOST_PFN0 + 0x200,
        _ => 0x40600,
    }
}

/// A gfn of interest: the image, a small range, and 2 MiB-aligned blocks.
fn gfn_of(sel: u16) -> u64 {
    match sel % 40 {
        s @ 0..=7 => LOAD_ADDR / PAGE_SIZE + s as u64,
        s @ 8..=31 => 0x100 + s as u64,
        s => 0x40000 + 512 * (s as u64 % 3),
    }
}

/// A VM among those registered so far (vmid 1 when none is).
fn vm_of(v: u8) -> u64 {
    let next = unsafe { ffi::get_next_vmid() } as u64;
    1 + v as u64 % next.saturating_sub(1).max(1)
}

/// Mostly a VM that can run (verified or active), else any registered VM.
fn runnable_vm(m: &Machine, sel: u8) -> u64 {
    let vms: Vec<u64> = (1..MAX_VM)
        .filter(|&v| matches!(m.vm_state(v), vm_state::VERIFIED | vm_state::ACTIVE))
        .map(u64::from)
        .collect();
    if sel % 4 == 0 || vms.is_empty() {
        vm_of(sel)
    } else {
        vms[sel as usize % vms.len()]
    }
}

/// The `k`-th page owned by `owner` (among the first pages of each region), if any.
fn page_owned_by(m: &Machine, owner: u32, k: u16) -> Option<u64> {
    let owned: Vec<u64> = (0..MAX_PAGES)
        .map(index_pfn)
        .filter(|&p| m.page(p).unwrap().owner == owner)
        .take(64)
        .collect();
    (!owned.is_empty()).then(|| owned[k as usize % owned.len()])
}

/// Mostly a gfn at which `vm` owns a page (so grants and revokes hit), else any gfn.
fn vm_gfn(m: &Machine, vm: u64, sel: u16) -> u64 {
    let gfns: Vec<u64> = (0..MAX_PAGES)
        .map(index_pfn)
        .filter_map(|p| m.page(p).filter(|r| r.owner as u64 == vm).map(|r| r.gfn))
        .collect();
    if sel % 4 == 0 || gfns.is_empty() {
        gfn_of(sel)
    } else {
        gfns[sel as usize % gfns.len()]
    }
}

/// A VM page granted to the host, chosen by `sel`, if any.
fn granted_page(m: &Machine, sel: u16) -> Option<u64> {
    let granted: Vec<u64> = (0..MAX_PAGES)
        .map(index_pfn)
        .filter(|&p| {
            let r = m.page(p).unwrap();
            (1..MAX_VM).contains(&r.owner) && r.count > 0
        })
        .collect();
    (!granted.is_empty()).then(|| granted[sel as usize % granted.len()])
}

/// An allocated context bank (smmu, cb) chosen by `sel`, if any.
fn allocated_cb(sel: u8) -> Option<(u64, u64)> {
    let cbs: Vec<u32> = (0..SMMU_NUM * SMMU_NUM_CB)
        .filter(|&i| unsafe { ffi::get_smmu_cb_allocated(i) } != 0)
        .collect();
    (!cbs.is_empty()).then(|| {
        let i = cbs[sel as usize % cbs.len()];
        ((i / SMMU_NUM_CB) as u64, (i % SMMU_NUM_CB) as u64)
    })
}

/// Trace state the generators steer by: the VCPU with the latest stage-2 fault.
#[derive(Default)]
struct Ctx {
    last_fault: Option<(u64, u64)>,
}

fn guest_strategy() -> impl Strategy<Value = Guest> {
    prop_oneof![
        1 => Just(Guest::Irq),
        4 => any::<u16>().prop_map(Guest::Fault),
        2 => (any::<u16>(), 0u8..4).prop_map(|(g, n)| Guest::Grant(g, n)),
        2 => (any::<u16>(), 0u8..4).prop_map(|(g, n)| Guest::Revoke(g, n)),
        1 => Just(Guest::PowerOff),
        1 => Just(Guest::UnknownHvc),
        2 => (any::<bool>(), 0u8..32).prop_map(|(w, rt)| Guest::Mmio(w, rt)),
        1 => (0u8..6).prop_map(Guest::CpuOn),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u8..3, prop::collection::vec(any::<u16>(), 1..4), prop::bool::weighted(0.85), prop::option::of((0u8..2, 0u8..4)))
            .prop_map(|(vcpus, image, good_sig, cb)| Op::CreateVm { vcpus, image, good_sig, cb }),
        1 => Just(Op::RegisterVm),
        6 => (any::<u8>(), 0u8..3, prop::collection::vec(guest_strategy(), 0..4))
            .prop_map(|(vm, vcpu, guest)| Op::Run { vm, vcpu, guest }),
        6 => (any::<u8>(), 0u8..3, any::<u16>(), prop::bool::weighted(0.2))
            .prop_map(|(vm, vcpu, page, block)| Op::MapGuest { vm, vcpu, page, block }),
        6 => (any::<u8>(), 0u8..2, any::<u16>(), any::<u16>(), prop::bool::weighted(0.3))
            .prop_map(|(vm, vcpu, gfn, page, block)| Op::FaultIn { vm, vcpu, gfn, page, block }),
        4 => any::<u16>().prop_map(|page| Op::HostFault { page }),
        3 => (any::<u8>(), any::<u16>(), any::<bool>()).prop_map(|(vm, gfn, revoke)| Op::Share { vm, gfn, revoke }),
        2 => (0u8..3, 0u8..5, prop::option::of(any::<u8>())).prop_map(|(smmu, cb, vm)| Op::SmmuAlloc { smmu, cb, vm }),
        4 => (0u8..2, any::<u8>(), 0u16..4, any::<u16>()).prop_map(|(smmu, cb, iova, page)| Op::SmmuMap { smmu, cb, iova, page }),
        2 => (0u8..2, any::<u8>(), 0u16..4).prop_map(|(smmu, cb, iova)| Op::SmmuUnmap { smmu, cb, iova }),
        2 => (0u8..2, any::<u8>()).prop_map(|(smmu, cb)| Op::SmmuFree { smmu, cb }),
        1 => (any::<u8>(), any::<u16>(), any::<u8>()).prop_map(|(vm, gfn, dev)| Op::MapIo { vm, gfn, dev }),
        2 => any::<u8>().prop_map(|vm| Op::Poweroff { vm }),
        2 => any::<u8>().prop_map(|vm| Op::Clear { vm }),
        1 => (0u8..20, any::<[u64; 4]>()).prop_map(|(op, args)| Op::Raw { op, args }),
        2 => (any::<u8>(), 0u8..3, any::<u64>()).prop_map(|(vm, vcpu, value)| Op::MmioComplete { vm, vcpu, value }),
        2 => (0u8..2, 0u8..6, 0u8..5, any::<bool>(), any::<u64>())
            .prop_map(|(smmu, reg, cb, write, value)| Op::Mmio { smmu, reg, cb, write, value }),
    ]
}

fn run_guest(m: &mut Machine, vm: u64, vcpu: u64, guest: &[Guest]) -> u64 {
    m.clear_exits();
    for g in guest {
        match g {
            Guest::Irq => m.push_exit(exception::IRQ, 0, 0, 0, None),
            Guest::Fault(s) => m.push_guest_fault(gfn_of(*s) * PAGE_SIZE + 0x18),
            Guest::Grant(s, n) => {
                m.push_guest_hvc([guest_hvc::GRANT, vm_gfn(m, vm, *s), *n as u64, 0])
            }
            Guest::Revoke(s, n) => {
                m.push_guest_hvc([guest_hvc::REVOKE, vm_gfn(m, vm, *s), *n as u64, 0])
            }
            Guest::PowerOff => m.push_guest_hvc([guest_hvc::PSCI_SYSTEM_OFF, 0, 0, 0]),
            Guest::UnknownHvc => m.push_guest_hvc([0x1234, 0, 0, 0]),
            Guest::Mmio(write, rt) => {
                let e = (esr::EC_DABT_LOW << esr::EC_SHIFT)
                    | esr::ISV
                    | (3 << esr::SAS_SHIFT)
                    | ((*rt as u64) << esr::SRT_SHIFT);
                let e = if *write { e | esr::WNR } else { e };
                m.push_exit(exception::TRAP, e, 0x8, (0x0B00_0008u64 >> 12) << 4, None)
            }
            Guest::CpuOn(t) => m.push_guest_hvc([guest_hvc::PSCI_CPU_ON, *t as u64, 0x8_0000, 7]),
        }
    }
    let r = m.hvc(hvc::VCPU_RUN, &[vm, vcpu]);
    m.clear_exits();
    r
}

/// Create a VM end to end; returns the verification result (or the first failure).
fn create_vm_op(
    m: &mut Machine,
    vcpus: u8,
    image: &[u16],
    good_sig: bool,
    cb: Option<(u8, u8)>,
) -> u64 {
    let vmid = m.hvc(hvc::REGISTER_KVM, &[]);
    if vmid >= MAX_VM as u64 {
        return vmid;
    }
    for c in 0..vcpus as u64 {
        m.hvc(hvc::REGISTER_VCPU, &[vmid, c]);
    }
    if let Some((s, c)) = cb {
        m.hvc(hvc::SMMU_ALLOC_CB, &[s as u64, c as u64, vmid]);
    }
    let li = m.hvc(
        hvc::SET_BOOT_INFO,
        &[vmid, LOAD_ADDR, image.len() as u64 * PAGE_SIZE],
    );
    if li != 0 {
        return li;
    }
    let mut pages = Vec::new();
    for &sel in image {
        let pfn = pfn_of(sel);
        let snapshot = m.page_words(pfn);
        if m.hvc(hvc::REMAP_VM_IMAGE, &[vmid, pfn, 0]) == err::OK {
            pages.push(snapshot);
        }
    }
    let digest = image_digest(&pages) ^ (!good_sig as u64);
    unsafe { ffi::sim_set_image_digest(vmid as u32, 0, digest) };
    let r = m.hvc(hvc::VERIFY_VM_IMAGES, &[vmid]);
    if pages.len() == image.len() {
        assert_eq!(
            r,
            if good_sig { err::OK } else { err::SIG },
            "verification of a complete image"
        );
    } else {
        assert_eq!(r, err::STATE, "verification of an incomplete image");
    }
    r
}

fn apply(m: &mut Machine, ctx: &mut Ctx, op: &Op) -> (&'static str, u64) {
    match op {
        Op::CreateVm {
            vcpus,
            image,
            good_sig,
            cb,
        } => ("create_vm", create_vm_op(m, *vcpus, image, *good_sig, *cb)),
        Op::RegisterVm => ("register_kvm", m.hvc(hvc::REGISTER_KVM, &[]) & !0xF),
        Op::Run { vm, vcpu, guest } => {
            let (vm, vcpu) = (runnable_vm(m, *vm), *vcpu as u64);
            let r = run_guest(m, vm, vcpu, guest);
            if r == exit::S2FAULT {
                ctx.last_fault = Some((vm, vcpu));
            }
            ("vcpu_run", r)
        }
        Op::FaultIn {
            vm,
            vcpu,
            gfn,
            page,
            block,
        } => {
            let (vm, vcpu) = (runnable_vm(m, *vm), *vcpu as u64);
            let gfn = if *block {
                0x40000 + 512 * (*gfn as u64 % 3)
            } else {
                gfn_of(*gfn)
            };
            m.clear_exits();
            m.push_guest_fault(gfn * PAGE_SIZE);
            let r = m.hvc(hvc::VCPU_RUN, &[vm, vcpu]);
            m.clear_exits();
            if r != exit::S2FAULT {
                return ("vcpu_run", r);
            }
            ctx.last_fault = Some((vm, vcpu));
            apply(
                m,
                ctx,
                &Op::MapGuest {
                    vm: 1,
                    vcpu: 0,
                    page: *page,
                    block: *block,
                },
            )
        }
        Op::Share { vm, gfn, revoke } => {
            // The guest grants a page, the host touches it, the guest (maybe) revokes it.
            let vm = runnable_vm(m, *vm);
            let g = vm_gfn(m, vm, *gfn);
            m.clear_exits();
            m.push_guest_hvc([guest_hvc::GRANT, g, 1, 0]);
            let r = m.hvc(hvc::VCPU_RUN, &[vm, 0]);
            if r != exit::IRQ {
                return ("vcpu_run", r);
            }
            let pa = m.s2_translate(vm as u32, g * PAGE_SIZE);
            let ok = unsafe { ffi::sim_guest_entry_reg(0) } == err::OK;
            if let Some(pa) = pa {
                m.host_fault(pa);
            }
            if *revoke {
                m.push_guest_hvc([guest_hvc::REVOKE, g, 1, 0]);
                m.hvc(hvc::VCPU_RUN, &[vm, 0]);
                m.clear_exits();
            }
            ("share", if ok { err::OK } else { err::PERM })
        }
        Op::MapGuest {
            vm,
            vcpu,
            page,
            block,
        } => {
            const BLOCKS: [u64; 9] = [
                0x40600,
                0x40800,
                0x40A00,
                0x40C00,
                0x40E00,
                R1_PFN0,
                R1_PFN0 + 512,
                0x40400,
                0x40000,
            ];
            let (pfn, level) = if *block {
                (BLOCKS[*page as usize % 9], 2)
            } else {
                (pfn_of(*page), 3)
            };
            let (vm, vcpu) = match ctx.last_fault {
                Some(f) if vm % 4 != 0 => f,
                _ => (vm_of(*vm), *vcpu as u64),
            };
            (
                if *block {
                    "map_guest_2m"
                } else {
                    "map_guest_4k"
                },
                m.hvc(hvc::MAP_PFN_GUEST, &[vm, vcpu, pfn, level]),
            )
        }
        Op::HostFault { page } => {
            let addr = match page % 20 {
                0 => SMMU_BASE0 + 0x40,
                1 => 0x0A00_0000,
                2..=5 => granted_page(m, *page).unwrap_or(pfn_of(*page)) * PAGE_SIZE,
                _ => pfn_of(*page) * PAGE_SIZE + 0x10,
            };
            ("host_fault", m.host_fault(addr))
        }
        Op::SmmuAlloc { smmu, cb, vm } => {
            let owner = vm.map_or(HOSTVISOR as u64, vm_of);
            (
                "smmu_alloc",
                m.hvc(hvc::SMMU_ALLOC_CB, &[*smmu as u64, *cb as u64, owner]),
            )
        }
        Op::SmmuMap {
            smmu,
            cb,
            iova,
            page,
        } => {
            let (s, c) = if page % 3 == 0 {
                (*smmu as u64, *cb as u64)
            } else {
                allocated_cb(*cb).unwrap_or((*smmu as u64, *cb as u64))
            };
            let idx = (s * SMMU_NUM_CB as u64 + c) as u32;
            let owner = unsafe { ffi::get_smmu_cb_owner(idx.min(7)) };
            let pfn = if page % 2 == 1 {
                page_owned_by(m, owner, *page / 2).unwrap_or(pfn_of(*page))
            } else {
                pfn_of(*page)
            };
            (
                "smmu_map",
                m.hvc(hvc::SMMU_MAP, &[s, c, *iova as u64 * PAGE_SIZE, pfn]),
            )
        }
        Op::SmmuUnmap { smmu, cb, iova } => {
            let (s, c) = allocated_cb(*cb).unwrap_or((*smmu as u64, *cb as u64));
            (
                "smmu_unmap",
                m.hvc(hvc::SMMU_UNMAP, &[s, c, *iova as u64 * PAGE_SIZE]),
            )
        }
        Op::SmmuFree { smmu, cb } => {
            let (s, c) = if smmu % 2 == 0 {
                allocated_cb(*cb).unwrap_or((*smmu as u64, *cb as u64))
            } else {
                (*smmu as u64, *cb as u64)
            };
            ("smmu_free", m.hvc(hvc::SMMU_FREE_CB, &[s, c]))
        }
        Op::MapIo { vm, gfn, dev } => (
            "map_io",
            m.hvc(
                hvc::MAP_IO,
                &[
                    vm_of(*vm),
                    gfn_of(*gfn) * PAGE_SIZE,
                    0x0B00_0000 + (*dev as u64 % 4) * PAGE_SIZE,
                ],
            ),
        ),
        Op::Poweroff { vm } => ("poweroff", m.hvc(hvc::VM_POWEROFF, &[vm_of(*vm)])),
        Op::Clear { vm } => ("clear_vm", m.hvc(hvc::CLEAR_VM, &[vm_of(*vm)])),
        Op::Mmio {
            smmu,
            reg,
            cb,
            write,
            value,
        } => {
            let base = SMMU_BASE0 + *smmu as u64 * SMMU_STRIDE;
            let cbreg = |off: u64| base + SMMU_CB_OFFSET + *cb as u64 * SMMU_CB_STRIDE + off;
            let (addr, size) = match reg {
                0 => (base, 4),                                 // sCR0
                1 => (base + 0x1000 + 4 * (*cb as u64 % 4), 4), // CBARn
                2 => (cbreg(0x20), 8),                          // TTBR0
                3 => (cbreg(0), 4),                             // SCTLR
                4 => (cbreg(0x30), 8),                          // other
                _ => (cbreg(0x20), 4),                          // TTBR0, 32-bit access
            };
            m.set_host_reg(3, *value);
            ("mmio", m.host_mmio(addr, *write, size, 3))
        }
        Op::MmioComplete { vm, vcpu, value } => {
            let (vm, vcpu) = match ctx.last_fault {
                Some(f) if vm % 4 != 0 => f,
                _ => (runnable_vm(m, *vm), *vcpu as u64),
            };
            (
                "mmio_complete",
                m.hvc(hvc::MMIO_COMPLETE, &[vm, vcpu, *value]),
            )
        }
        Op::Raw { op, args } => {
            // Never run a VCPU with arbitrary arguments through the scripted guest queue.
            m.clear_exits();
            ("raw", m.hvc(*op as u64, args))
        }
    }
}

/// Owner of every page record.
fn owners(m: &Machine) -> Vec<u32> {
    (0..MAX_PAGES)
        .map(|i| m.page(index_pfn(i)).unwrap().owner)
        .collect()
}

/// After a step: pages that went from a VM to the host must be zero; pages a VM newly owns get
/// guest secrets written into them (as the guest would).
fn track_pages(m: &mut Machine, before: &[u32], after: &[u32]) -> Result<(), TestCaseError> {
    for i in 0..MAX_PAGES as usize {
        let pfn = index_pfn(i as u64);
        let (b, a) = (before[i], after[i]);
        let was_vm = (1..MAX_VM).contains(&b);
        let is_vm = (1..MAX_VM).contains(&a);
        if was_vm && a == HOSTVISOR {
            let words = m.page_words(pfn);
            prop_assert!(
                words.iter().all(|&w| w == 0),
                "page {pfn:#x} returned from vm {b} unscrubbed"
            );
        }
        prop_assert!(
            !(was_vm && is_vm && a != b),
            "page {pfn:#x} moved from vm {b} to vm {a}"
        );
        if is_vm && b != a {
            m.write(pfn * PAGE_SIZE, 0x005E_C2E7 ^ a as u64);
            m.write(pfn * PAGE_SIZE + 4088, pfn);
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_traces_keep_the_security_invariant(ops in prop::collection::vec(op_strategy(), 1..40)) {
        let mut m = Machine::booted();
        let mut ctx = Ctx::default();
        let mut before = owners(&m);
        for (step, op) in ops.iter().enumerate() {
            let _ = apply(&mut m, &mut ctx, op);
            if let Err(e) = m.check_invariant() {
                return Err(TestCaseError::fail(format!("step {step} ({op:?}): {e}")));
            }
            let after = owners(&m);
            track_pages(&mut m, &before, &after)?;
            before = after;
        }
    }

    #[test]
    fn vm_lifecycles_reclaim_every_page(images in prop::collection::vec(prop::collection::vec(any::<u16>(), 1..4), 1..4),
                                        faults in prop::collection::vec((any::<u16>(), any::<u16>()), 0..12)) {
        let mut m = Machine::booted();
        let mut vms = Vec::new();
        for (k, img) in images.iter().enumerate() {
            let before = owners(&m);
            let _ = create_vm_op(&mut m, 1, img, true, None);
            let after = owners(&m);
            track_pages(&mut m, &before, &after)?;
            if m.vm_state(k as u32 + 1) == vm_state::VERIFIED {
                vms.push(k as u64 + 1);
            }
        }
        for (i, (g, p)) in faults.iter().enumerate() {
            if vms.is_empty() { break; }
            let vm = vms[i % vms.len()];
            m.push_guest_fault(gfn_of(*g) * PAGE_SIZE);
            prop_assert_eq!(m.hvc(hvc::VCPU_RUN, &[vm, 0]), exit::S2FAULT);
            let before = owners(&m);
            m.hvc(hvc::MAP_PFN_GUEST, &[vm, 0, pfn_of(*p), 3]);
            let after = owners(&m);
            track_pages(&mut m, &before, &after)?;
            prop_assert!(m.check_invariant().is_ok(), "{:?}", m.check_invariant());
        }
        for &vm in &vms {
            let before = owners(&m);
            prop_assert_eq!(m.hvc(hvc::VM_POWEROFF, &[vm]), err::OK);
            prop_assert_eq!(m.hvc(hvc::CLEAR_VM, &[vm]), err::OK);
            let after = owners(&m);
            track_pages(&mut m, &before, &after)?;
            prop_assert!(after.iter().all(|&o| o as u64 != vm), "vm {} still owns pages", vm);
            prop_assert!(m.check_invariant().is_ok(), "{:?}", m.check_invariant());
        }
    }
}

/// The generators reach the interesting states: over a fixed-seed batch of random traces,
/// every kind of operation succeeds at least once, and guests exit in every way.
#[test]
fn random_traces_cover_every_operation() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    use std::collections::BTreeMap;
    let mut runner = TestRunner::new_with_rng(
        Config {
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strat = prop::collection::vec(op_strategy(), 20..40);
    let mut stats: BTreeMap<&'static str, (u64, u64)> = BTreeMap::new();
    let mut exits: BTreeMap<u64, u64> = BTreeMap::new();
    for _ in 0..100 {
        let ops = strat.new_tree(&mut runner).unwrap().current();
        let mut m = Machine::booted();
        let mut ctx = Ctx::default();
        for op in &ops {
            let (kind, r) = apply(&mut m, &mut ctx, op);
            let e = stats.entry(kind).or_default();
            e.1 += 1;
            if r == err::OK || (kind == "vcpu_run" && r < 8) {
                e.0 += 1;
            }
            if kind == "vcpu_run" && r < 8 {
                *exits.entry(r).or_default() += 1;
            }
            m.check_invariant().unwrap();
        }
    }
    eprintln!("(ok, total) per operation: {stats:?}\nexit codes: {exits:?}");
    for kind in [
        "create_vm",
        "register_kvm",
        "vcpu_run",
        "map_guest_4k",
        "map_guest_2m",
        "host_fault",
        "smmu_alloc",
        "smmu_map",
        "smmu_unmap",
        "smmu_free",
        "map_io",
        "poweroff",
        "clear_vm",
        "share",
        "mmio",
        "mmio_complete",
    ] {
        assert!(
            stats.get(kind).is_some_and(|s| s.0 > 0),
            "{kind} never succeeded: {stats:?}"
        );
    }
    for code in [exit::IRQ, exit::S2FAULT, exit::HVC, exit::POWEROFF] {
        assert!(
            exits.contains_key(&code),
            "exit {code} never seen: {exits:?}"
        );
    }
}
