//! The Rust mirror of `c/constants.h` (`sekvm_hyp::consts`) agrees with the header.

use sekvm_hyp::consts::*;
use std::collections::BTreeMap;

/// `#define NAME literal` lines of constants.h with a plain integer literal value.
fn defines() -> BTreeMap<String, u64> {
    let src = std::fs::read_to_string(format!("{}/constants.h", sekvm_hyp::C_DIR)).unwrap();
    let mut out = BTreeMap::new();
    for line in src.lines() {
        let mut it = line.split_whitespace();
        if it.next() != Some("#define") {
            continue;
        }
        let (Some(name), Some(val)) = (it.next(), it.next()) else {
            continue;
        };
        let v = val.trim_end_matches(['U', 'L']);
        let parsed = match v.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16).ok(),
            None => v.parse().ok(),
        };
        if let Some(p) = parsed {
            out.insert(name.to_string(), p);
        }
    }
    out
}

#[test]
fn rust_constants_match_the_c_header() {
    let d = defines();
    let pairs: &[(&str, u64)] = &[
        ("PAGE_SHIFT", PAGE_SHIFT),
        ("PAGE_SIZE", PAGE_SIZE),
        ("REGION0_BASE", REGION0_BASE),
        ("REGION0_SIZE", REGION0_SIZE),
        ("REGION1_BASE", REGION1_BASE),
        ("REGION1_SIZE", REGION1_SIZE),
        ("MAX_PAGES", MAX_PAGES),
        ("CORE_START", CORE_START),
        ("CORE_SIZE", CORE_SIZE),
        ("HOSTVISOR", HOSTVISOR as u64),
        ("MAX_VM", MAX_VM as u64),
        ("COREVISOR", COREVISOR as u64),
        ("INVALID_OWNER", INVALID_OWNER as u64),
        ("INVALID64", INVALID64),
        ("PFN_LIMIT", PFN_LIMIT),
        ("MAX_VCPU", MAX_VCPU as u64),
        ("MAX_LOAD_INFO", MAX_LOAD_INFO as u64),
        ("MAX_IMAGE_PAGES", MAX_IMAGE_PAGES),
        ("MAX_GRANT_PAGES", MAX_GRANT_PAGES),
        ("SMMU_NUM", SMMU_NUM as u64),
        ("SMMU_NUM_CB", SMMU_NUM_CB as u64),
        ("SMMU_BASE0", SMMU_BASE0),
        ("SMMU_STRIDE", SMMU_STRIDE),
        ("SMMU_CB_OFFSET", SMMU_CB_OFFSET),
        ("SMMU_CB_STRIDE", SMMU_CB_STRIDE),
        ("IPA_LIMIT", IPA_LIMIT),
        ("IOVA_LIMIT", IOVA_LIMIT),
        ("PHYS_MASK", PHYS_MASK),
        ("NR_GPRS", NR_GPRS as u64),
        ("NR_SYSREGS", NR_SYSREGS as u64),
        ("DIGEST_SEED", DIGEST_SEED),
        ("DIGEST_PRIME", DIGEST_PRIME),
        ("VM_UNUSED", vm_state::UNUSED),
        ("VM_REGISTERED", vm_state::REGISTERED),
        ("VM_VERIFIED", vm_state::VERIFIED),
        ("VM_ACTIVE", vm_state::ACTIVE),
        ("VM_POWEROFF", vm_state::POWEROFF),
        ("VM_DESTROYED", vm_state::DESTROYED),
        ("HVC_REGISTER_KVM", hvc::REGISTER_KVM),
        ("HVC_REGISTER_VCPU", hvc::REGISTER_VCPU),
        ("HVC_SET_BOOT_INFO", hvc::SET_BOOT_INFO),
        ("HVC_REMAP_VM_IMAGE", hvc::REMAP_VM_IMAGE),
        ("HVC_VERIFY_VM_IMAGES", hvc::VERIFY_VM_IMAGES),
        ("HVC_VCPU_RUN", hvc::VCPU_RUN),
        ("HVC_MAP_PFN_GUEST", hvc::MAP_PFN_GUEST),
        ("HVC_MAP_IO", hvc::MAP_IO),
        ("HVC_VM_POWEROFF", hvc::VM_POWEROFF),
        ("HVC_CLEAR_VM", hvc::CLEAR_VM),
        ("HVC_SMMU_ALLOC_CB", hvc::SMMU_ALLOC_CB),
        ("HVC_SMMU_FREE_CB", hvc::SMMU_FREE_CB),
        ("HVC_SMMU_MAP", hvc::SMMU_MAP),
        ("HVC_SMMU_UNMAP", hvc::SMMU_UNMAP),
        ("HVC_SMMU_IOVA_TO_PHYS", hvc::SMMU_IOVA_TO_PHYS),
        ("HVC_GET_VM_STATE", hvc::GET_VM_STATE),
        ("HVC_MMIO_INFO", hvc::MMIO_INFO),
        ("HVC_MMIO_COMPLETE", hvc::MMIO_COMPLETE),
        ("GUEST_HVC_GRANT", guest_hvc::GRANT),
        ("GUEST_HVC_REVOKE", guest_hvc::REVOKE),
        ("PSCI_SYSTEM_OFF", guest_hvc::PSCI_SYSTEM_OFF),
        ("PSCI_CPU_ON", guest_hvc::PSCI_CPU_ON),
        ("PSCI_RET_INVALID", guest_hvc::PSCI_INVALID),
        ("PSCI_RET_ALREADY_ON", guest_hvc::PSCI_ALREADY_ON),
        ("EXIT_IRQ", exit::IRQ),
        ("EXIT_S2FAULT", exit::S2FAULT),
        ("EXIT_HVC", exit::HVC),
        ("EXIT_POWEROFF", exit::POWEROFF),
        ("EXIT_OTHER", exit::OTHER),
        ("E_OK", err::OK),
        ("E_PERM", err::PERM),
        ("E_NOENT", err::NOENT),
        ("E_NOMEM", err::NOMEM),
        ("E_BUSY", err::BUSY),
        ("E_EXIST", err::EXIST),
        ("E_INVAL", err::INVAL),
        ("E_STATE", err::STATE),
        ("E_SIG", err::SIG),
        ("ESR_EC_SHIFT", esr::EC_SHIFT),
        ("ESR_EC_HVC64", esr::EC_HVC64),
        ("ESR_EC_IABT_LOW", esr::EC_IABT_LOW),
        ("ESR_EC_DABT_LOW", esr::EC_DABT_LOW),
        ("ESR_ISV", esr::ISV),
        ("ESR_SAS_SHIFT", esr::SAS_SHIFT),
        ("ESR_SRT_SHIFT", esr::SRT_SHIFT),
        ("ESR_WNR", esr::WNR),
        ("ARM_EXCEPTION_IRQ", exception::IRQ),
        ("ARM_EXCEPTION_TRAP", exception::TRAP),
    ];
    for (name, rust) in pairs {
        let c = d
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is not a literal #define in constants.h"));
        assert_eq!(c, rust, "{name}: C {c:#x}, Rust {rust:#x}");
    }
    // Derived constants.
    assert_eq!(NUM_LOCKS as u64, 5 + 2 * d["MAX_VM"]);
    assert_eq!(MAX_PAGES, (REGION0_SIZE + REGION1_SIZE) / PAGE_SIZE);
}
