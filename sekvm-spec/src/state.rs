//! The abstract state of sekvm-hyp's lower layers: a Rust mirror of the C `struct el2_data`
//! (`sekvm-hyp/c/el2.h`), field for field and in the same order, so that the memory
//! interpretation `el2_data ↦ st.el2` is checked structurally against the C layout.
//! Arrays too large to enumerate are `Map`s from index to element (their bounds become
//! preconditions of each access). The hardware that the Bottom primitives reach is [`Hw`].

use autov::{Map, SpecType};

/// Number of memory regions (`MAX_REGIONS`).
pub const MAX_REGIONS: usize = 4;
/// VM slots, the host being vmid 0 (`MAX_VM`).
pub const MAX_VM: usize = 16;
/// SMMU context banks over all SMMUs (`SMMU_TOTAL_CB`).
pub const SMMU_TOTAL_CB: usize = 8;
/// SMMUs (`SMMU_NUM`).
pub const SMMU_NUM: usize = 2;
/// VCPUs per VM (`MAX_VCPU`).
pub const MAX_VCPU: usize = 4;
/// Image load records per VM (`MAX_LOAD_INFO`).
pub const MAX_LOAD_INFO: usize = 4;
/// General-purpose registers (`NR_GPRS`).
pub const NR_GPRS: usize = 31;
/// Saved system registers (`NR_SYSREGS`).
pub const NR_SYSREGS: usize = 16;

/// Ownership record of one physical page (`struct s2_page`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct S2Page {
    /// Owning vmid (0 host, `HYP_OWNER` the hypervisor).
    pub owner: u32,
    /// Share count: how many principals other than the owner map it.
    pub count: u32,
    /// The guest frame the page backs in its owner.
    pub gfn: u64,
}

/// A physical memory region (`struct mem_region`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct MemRegion {
    /// First physical address.
    pub base: u64,
    /// Size in bytes.
    pub size: u64,
    /// Index of its first page record.
    pub index: u64,
}

/// A stage-2 page-table pool (`struct s2pt_pool`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct S2ptPool {
    /// First page of the pool.
    pub pool_start: u64,
    /// Pages used for level-1 tables.
    pub pud_used: u64,
    /// Pages used for level-2 tables.
    pub pmd_used: u64,
    /// Pages used for level-3 tables.
    pub pte_used: u64,
    /// The VTTBR value (root table address and vmid).
    pub vttbr: u64,
}

/// An SMMU context bank (`struct smmu_cb_info`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct SmmuCbInfo {
    /// Owning vmid.
    pub owner: u32,
    /// Whether it is allocated.
    pub allocated: u32,
    /// First page of its table pool.
    pub pool_start: u64,
    /// Level-2 pages used.
    pub pmd_used: u64,
    /// Level-3 pages used.
    pub pte_used: u64,
    /// Root table address.
    pub root: u64,
}

/// A VM image load record (`struct load_info`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct LoadInfo {
    /// Guest address the image loads at.
    pub load_addr: u64,
    /// Size in bytes.
    pub size: u64,
    /// Start of its remap window.
    pub remap_start: u64,
    /// Whether it has been remapped.
    pub remapped: u64,
}

/// A VCPU's saved context (`struct vcpu_ctxt`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct VcpuCtxt {
    /// General-purpose registers.
    pub gpr: [u64; NR_GPRS],
    /// Program counter.
    pub pc: u64,
    /// Processor state.
    pub pstate: u64,
    /// System registers.
    pub sysregs: [u64; NR_SYSREGS],
    /// Exception syndrome.
    pub esr: u64,
    /// Fault address.
    pub far: u64,
    /// Fault IPA register.
    pub hpfar: u64,
    /// The faulting IPA.
    pub fault_ipa: u64,
    /// MMIO data.
    pub mmio_data: u64,
    /// Whether an MMIO access is pending.
    pub mmio_pending: u32,
    /// MMIO target register.
    pub mmio_rt: u32,
    /// MMIO access size.
    pub mmio_size: u32,
    /// Whether the MMIO access writes.
    pub mmio_write: u32,
    /// VCPU state.
    pub state: u32,
    /// Whether it has started.
    pub started: u32,
}

/// Per-VM information (`struct vm_info`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct VmInfo {
    /// VM state.
    pub state: u32,
    /// Load records in use.
    pub load_info_cnt: u32,
    /// VCPUs registered.
    pub vcpu_cnt: u32,
    /// Padding (kept so the layouts correspond field by field).
    pub pad: u32,
    /// Image load records.
    pub load: [LoadInfo; MAX_LOAD_INFO],
    /// VCPU contexts.
    pub vcpu: [VcpuCtxt; MAX_VCPU],
}

/// The host's saved context (`struct host_ctxt`).
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct HostCtxt {
    /// System registers.
    pub sysregs: [u64; NR_SYSREGS],
    /// Exception link register.
    pub elr: u64,
    /// Saved program status.
    pub spsr: u64,
    /// Hypervisor configuration.
    pub hcr: u64,
    /// The host's VTTBR.
    pub vttbr: u64,
}

/// All hypervisor state (`struct el2_data`).
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct El2Data {
    /// Memory regions.
    pub regions: [MemRegion; MAX_REGIONS],
    /// Regions in use.
    pub region_cnt: u32,
    /// Whether boot finished.
    pub booted: u32,
    /// Page records, by page index (`MAX_PAGES` of them).
    pub s2pages: Map<u64, S2Page>,
    /// Stage-2 page-table pools, by vmid.
    pub s2pt: [S2ptPool; MAX_VM],
    /// SMMU context banks.
    pub smmu_cb: [SmmuCbInfo; SMMU_TOTAL_CB],
    /// SMMU register bases.
    pub smmu_base: [u64; SMMU_NUM],
    /// VMs, by vmid.
    pub vm: [VmInfo; MAX_VM],
    /// The host's context.
    pub host: HostCtxt,
    /// Remap slots (`REMAP_SLOTS` of them).
    pub remap_pfn: Map<u64, u64>,
    /// Next free remap slot.
    pub next_remap: u64,
    /// Next vmid to hand out.
    pub next_vmid: u32,
    /// The running VM.
    pub cur_vmid: u32,
    /// The running VCPU.
    pub cur_vcpuid: u32,
    /// Padding.
    pub pad: u32,
}

/// Spinlocks (`NUM_LOCKS`): S2PAGE, CORE, SMMU, SMMUPT, one per VM, one per stage-2 table.
pub const NUM_LOCKS: usize = 5 + 2 * MAX_VM;

/// What the Bottom primitives (`sekvm-hyp/c/hw.h`) read and write: the machine as the trusted
/// specs in [`crate::bottom`] see it.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Hw {
    /// Whether each spinlock is held (by this CPU: the model is sequential).
    pub locks: [bool; NUM_LOCKS],
    /// `VTTBR_EL2`.
    pub vttbr: u64,
    /// `HCR_EL2`.
    pub hcr: u64,
    /// `ESR_EL2`.
    pub esr: u64,
    /// `FAR_EL2`.
    pub far: u64,
    /// `HPFAR_EL2`.
    pub hpfar: u64,
    /// `ELR_EL2`.
    pub elr: u64,
    /// `SPSR_EL2`.
    pub spsr: u64,
    /// The EL1 system registers `hw_read_sysreg` reaches, by index.
    pub sysregs: [u64; NR_SYSREGS],
    /// Physical memory, as 64-bit words by (8-byte aligned) physical address.
    pub phys: Map<u64, u64>,
    /// The host's registers saved on a trap.
    pub host_regs: [u64; NR_GPRS],
    /// The running guest's registers.
    pub guest_regs: [u64; NR_GPRS],
    /// SMMU registers, by physical address.
    pub smmu_regs: Map<u64, u64>,
    /// The provisioned digests of VM images, by vmid and load record.
    pub boot_digest: [[u64; MAX_LOAD_INFO]; MAX_VM],
    /// What the next run of the guest returns (the environment's choice).
    pub guest_exit: u64,
}

/// The state the lower layers run over.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct RData {
    /// The C global `el2_data`.
    pub el2: El2Data,
    /// The hardware.
    pub hw: Hw,
}
