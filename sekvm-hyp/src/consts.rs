//! Constants of `c/constants.h`, mirrored for the tests (`tests/consts.rs` checks them against the header).

/// log2 of the page size.
pub const PAGE_SHIFT: u64 = 12;
/// Page size in bytes.
pub const PAGE_SIZE: u64 = 4096;
/// Base of RAM region 0.
pub const REGION0_BASE: u64 = 0x4000_0000;
/// Size of RAM region 0.
pub const REGION0_SIZE: u64 = 0x100_0000;
/// Base of RAM region 1.
pub const REGION1_BASE: u64 = 0x8000_0000;
/// Size of RAM region 1.
pub const REGION1_SIZE: u64 = 0x40_0000;
/// Number of page records.
pub const MAX_PAGES: u64 = 5120;
/// Start of the hypervisor's own memory.
pub const CORE_START: u64 = 0x4000_0000;
/// Size of the hypervisor's own memory.
pub const CORE_SIZE: u64 = 0x50_0000;
/// Owner id of the host.
pub const HOSTVISOR: u32 = 0;
/// Number of vmids (0 = host, 1..15 VMs).
pub const MAX_VM: u32 = 16;
/// Owner id of the hypervisor.
pub const COREVISOR: u32 = 16;
/// Owner of a free SMMU context bank.
pub const INVALID_OWNER: u32 = 0xFFFF_FFFF;
/// "no value" for 64-bit fields.
pub const INVALID64: u64 = u64::MAX;
/// VCPUs per VM.
pub const MAX_VCPU: u32 = 4;
/// Boot images per VM.
pub const MAX_LOAD_INFO: u32 = 4;
/// Pages per boot image.
pub const MAX_IMAGE_PAGES: u64 = 64;
/// Pages per grant/revoke call.
pub const MAX_GRANT_PAGES: u64 = 16;
/// Number of SMMUs.
pub const SMMU_NUM: u32 = 2;
/// Context banks per SMMU.
pub const SMMU_NUM_CB: u32 = 4;
/// MMIO base of SMMU 0.
pub const SMMU_BASE0: u64 = 0x0900_0000;
/// Distance between SMMU MMIO bases.
pub const SMMU_STRIDE: u64 = 0x2_0000;
/// Offset of the context banks inside an SMMU.
pub const SMMU_CB_OFFSET: u64 = 0x1_0000;
/// Distance between context banks.
pub const SMMU_CB_STRIDE: u64 = 0x1000;
/// IPA space limit (exclusive).
pub const IPA_LIMIT: u64 = 1 << 40;
/// IOVA space limit (exclusive).
pub const IOVA_LIMIT: u64 = 1 << 39;
/// Physical frame number limit (exclusive).
pub const PFN_LIMIT: u64 = 1 << 36;
/// Output-address mask of a descriptor.
pub const PHYS_MASK: u64 = 0x0000_FFFF_FFFF_F000;
/// Number of general-purpose registers saved per context.
pub const NR_GPRS: u32 = 31;
/// Number of EL1 system registers saved per context.
pub const NR_SYSREGS: u32 = 16;
/// Total lock ids.
pub const NUM_LOCKS: u32 = 5 + 2 * MAX_VM;

/// VM states.
pub mod vm_state {
    /// vmid never handed out.
    pub const UNUSED: u64 = 0;
    /// Registered, images not verified.
    pub const REGISTERED: u64 = 1;
    /// Images verified.
    pub const VERIFIED: u64 = 2;
    /// A VCPU has run.
    pub const ACTIVE: u64 = 3;
    /// Powered off, pages not yet reclaimed.
    pub const POWEROFF: u64 = 4;
    /// Pages reclaimed.
    pub const DESTROYED: u64 = 5;
}

/// Host hypercall numbers (x0).
pub mod hvc {
    /// () -> vmid
    pub const REGISTER_KVM: u64 = 0x1;
    /// (vmid, vcpuid)
    pub const REGISTER_VCPU: u64 = 0x2;
    /// (vmid, load_addr, size) -> image index
    pub const SET_BOOT_INFO: u64 = 0x3;
    /// (vmid, pfn, image index)
    pub const REMAP_VM_IMAGE: u64 = 0x4;
    /// (vmid)
    pub const VERIFY_VM_IMAGES: u64 = 0x5;
    /// (vmid, vcpuid) -> exit code
    pub const VCPU_RUN: u64 = 0x6;
    /// (vmid, vcpuid, pfn, level)
    pub const MAP_PFN_GUEST: u64 = 0x7;
    /// (vmid, gpa, pa)
    pub const MAP_IO: u64 = 0x8;
    /// (vmid)
    pub const VM_POWEROFF: u64 = 0x9;
    /// (vmid)
    pub const CLEAR_VM: u64 = 0xA;
    /// (smmu, cb, vmid)
    pub const SMMU_ALLOC_CB: u64 = 0xB;
    /// (smmu, cb)
    pub const SMMU_FREE_CB: u64 = 0xC;
    /// (smmu, cb, iova, pfn)
    pub const SMMU_MAP: u64 = 0xD;
    /// (smmu, cb, iova)
    pub const SMMU_UNMAP: u64 = 0xE;
    /// (smmu, cb, iova) -> pa
    pub const SMMU_IOVA_TO_PHYS: u64 = 0xF;
    /// (vmid) -> state
    pub const GET_VM_STATE: u64 = 0x10;
    /// (vmid, vcpuid, field: 0 ipa, 1 data, 2 size, 3 write) -> value of the pending MMIO access
    pub const MMIO_INFO: u64 = 0x11;
    /// (vmid, vcpuid, value): complete the pending MMIO access
    pub const MMIO_COMPLETE: u64 = 0x12;
}

/// Guest hypercall numbers (guest x0).
pub mod guest_hvc {
    /// (gfn, npages)
    pub const GRANT: u64 = 0x1;
    /// (gfn, npages)
    pub const REVOKE: u64 = 0x2;
    /// PSCI SYSTEM_OFF
    pub const PSCI_SYSTEM_OFF: u64 = 0x8400_0008;
    /// PSCI CPU_ON (target vcpu, entry, context id)
    pub const PSCI_CPU_ON: u64 = 0xC400_0003;
    /// PSCI INVALID_PARAMETERS
    pub const PSCI_INVALID: u64 = -2i64 as u64;
    /// PSCI ALREADY_ON
    pub const PSCI_ALREADY_ON: u64 = -4i64 as u64;
}

/// Exit codes of `HVC_VCPU_RUN`.
pub mod exit {
    /// Interrupt (or the entry budget ran out).
    pub const IRQ: u64 = 0;
    /// Stage-2 fault pending (see `MAP_PFN_GUEST`).
    pub const S2FAULT: u64 = 1;
    /// Guest hypercall for the host.
    pub const HVC: u64 = 2;
    /// The guest powered itself off.
    pub const POWEROFF: u64 = 3;
    /// Any other exit.
    pub const OTHER: u64 = 4;
}

/// Error codes (negative errno as u64).
pub mod err {
    /// Success.
    pub const OK: u64 = 0;
    /// Not allowed.
    pub const PERM: u64 = -1i64 as u64;
    /// Nothing there.
    pub const NOENT: u64 = -2i64 as u64;
    /// Out of resources.
    pub const NOMEM: u64 = -12i64 as u64;
    /// Busy.
    pub const BUSY: u64 = -16i64 as u64;
    /// Already exists.
    pub const EXIST: u64 = -17i64 as u64;
    /// Invalid argument.
    pub const INVAL: u64 = -22i64 as u64;
    /// Wrong state.
    pub const STATE: u64 = -77i64 as u64;
    /// Bad image signature.
    pub const SIG: u64 = -129i64 as u64;
}

/// Exception-syndrome values used to build traps.
pub mod esr {
    /// Exception class shift.
    pub const EC_SHIFT: u64 = 26;
    /// HVC from AArch64.
    pub const EC_HVC64: u64 = 0x16;
    /// Instruction abort from a lower EL.
    pub const EC_IABT_LOW: u64 = 0x20;
    /// Data abort from a lower EL.
    pub const EC_DABT_LOW: u64 = 0x24;
    /// Instruction syndrome valid.
    pub const ISV: u64 = 1 << 24;
    /// Access size shift.
    pub const SAS_SHIFT: u64 = 22;
    /// Register number shift.
    pub const SRT_SHIFT: u64 = 16;
    /// Write, not read.
    pub const WNR: u64 = 1 << 6;
}

/// `ARM_EXCEPTION_*` kinds returned by the simulated guest.
pub mod exception {
    /// Interrupt.
    pub const IRQ: u64 = 0;
    /// Synchronous trap.
    pub const TRAP: u64 = 1;
}

/// Digest seed of the image signature check.
pub const DIGEST_SEED: u64 = 0xCBF2_9CE4_8422_2325;
/// Digest multiplier of the image signature check.
pub const DIGEST_PRIME: u64 = 0x100_0000_01B3;
