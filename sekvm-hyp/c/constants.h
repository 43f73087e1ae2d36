/* Named constants of the hypervisor core: memory layout, limits, descriptor bits, error codes. */
#ifndef SEKVM_CONSTANTS_H
#define SEKVM_CONSTANTS_H

#include "types.h"

/* ---- pages ---- */
#define PAGE_SHIFT 12ULL
#define PAGE_SIZE 4096ULL
#define PAGE_MASK 0xFFFULL
#define PTRS_PER_TABLE 512ULL
#define PTE_SIZE 8ULL
#define PMD_BLOCK_PAGES 512ULL
#define PMD_BLOCK_SHIFT 21ULL
#define PMD_BLOCK_SIZE 0x200000ULL
#define WORDS_PER_PAGE 512ULL

/* ---- physical memory regions (fixed platform layout) ---- */
#define NUM_REGIONS 2U
#define MAX_REGIONS 4U
#define REGION0_BASE 0x40000000ULL
#define REGION0_SIZE 0x1000000ULL      /* 16 MiB: 4096 pages */
#define REGION1_BASE 0x80000000ULL
#define REGION1_SIZE 0x400000ULL       /* 4 MiB: 1024 pages */
#define MAX_PAGES 5120ULL              /* page records: all pages of all regions */

/* ---- hypervisor-owned memory (inside region 0) ---- */
#define CORE_START 0x40000000ULL
#define CORE_SIZE 0x500000ULL          /* 5 MiB: 1280 pages, owned by the hypervisor */

/* ---- principals ---- */
#define HOSTVISOR 0U
#define MAX_VM 16U                     /* vmid 0 is the host, 1..15 are VMs */
#define COREVISOR 16U
#define FIRST_VMID 1U
#define INVALID_OWNER 0xFFFFFFFFU
#define INVALID64 0xFFFFFFFFFFFFFFFFULL
#define INVALID32 0xFFFFFFFFU
#define PFN_LIMIT 0x1000000000ULL       /* 48-bit physical address space */
#define RUN_CONTINUE 0xFFULL           /* fixup_guest_exit: re-enter the guest */

/* ---- stage-2 page-table pools (one per vmid, 64 pages each) ---- */
#define S2PT_POOL_START CORE_START
#define S2PT_POOL_PAGES 64ULL
#define S2PT_POOL_SIZE (S2PT_POOL_PAGES * PAGE_SIZE)
#define S2PT_PUD_START 1ULL            /* page index of the first PUD page in a pool */
#define S2PT_PUD_PAGES 3ULL
#define S2PT_PMD_START 4ULL
#define S2PT_PMD_PAGES 12ULL
#define S2PT_PTE_START 16ULL
#define S2PT_PTE_PAGES 48ULL
#define IPA_LIMIT 0x10000000000ULL     /* 40-bit IPA space */
#define GFN_LIMIT (IPA_LIMIT >> PAGE_SHIFT)

/* ---- SMMU ---- */
#define SMMU_NUM 2U
#define SMMU_NUM_CB 4U
#define SMMU_TOTAL_CB 8U
#define SMMU_BASE0 0x09000000ULL
#define SMMU_STRIDE 0x20000ULL
#define SMMU_SIZE 0x20000ULL
#define SMMU_CB_OFFSET 0x10000ULL      /* context banks start here inside one SMMU */
#define SMMU_CB_STRIDE 0x1000ULL
#define SMMU_GLOBAL_SIZE 0x10000ULL
#define SMMU_POOL_START (CORE_START + 0x400000ULL)
#define SMMU_POOL_PAGES 16ULL
#define SMMU_POOL_SIZE (SMMU_POOL_PAGES * PAGE_SIZE)
#define SMMU_PMD_START 1ULL
#define SMMU_PMD_PAGES 3ULL
#define SMMU_PTE_START 4ULL
#define SMMU_PTE_PAGES 12ULL
#define IOVA_LIMIT 0x8000000000ULL     /* 39-bit IOVA space, 3-level tables */
#define MAX_SHARE_COUNT 0xFFFFU

/* SMMU registers (byte offsets) */
#define SMMU_GR0_SCR0 0x0ULL
#define SCR0_CLIENTPD 0x1ULL
#define SCR0_USFCFG 0x400ULL
#define SMMU_GR1_CBAR_BASE 0x1000ULL   /* CBAR n at 0x1000 + 4n */
#define SMMU_CB_SCTLR 0x0ULL
#define SMMU_CB_TTBR0 0x20ULL
#define SMMU_CB_TLBIALL 0x618ULL
#define SMMU_CB_TLBSYNC 0x7F0ULL
#define CB_SCTLR_M 0x1ULL
#define CBAR_TYPE_MASK 0x30000ULL
#define CBAR_TYPE_S2 0x0ULL
#define CBAR_VMID_MASK 0xFFULL

/* ---- VMs and VCPUs ---- */
#define MAX_VCPU 4U
#define MAX_LOAD_INFO 4U
#define MAX_IMAGE_PAGES 64ULL
#define REMAP_SLOTS 256ULL
#define NR_GPRS 31U
#define NR_SYSREGS 16U
#define MAX_GRANT_PAGES 16ULL
#define MAX_GUEST_ENTRIES 4U

/* VM states */
#define VM_UNUSED 0U
#define VM_REGISTERED 1U
#define VM_VERIFIED 2U
#define VM_ACTIVE 3U
#define VM_POWEROFF 4U
#define VM_DESTROYED 5U

/* VCPU states */
#define VCPU_UNUSED 0U
#define VCPU_READY 1U
#define VCPU_RUNNING 2U

/* ---- descriptors (stage-2 and SMMU share the format) ---- */
#define DESC_VALID 0x1ULL
#define DESC_TABLE 0x3ULL              /* table (levels 0-2) or page (level 3) */
#define DESC_BLOCK 0x1ULL
#define DESC_TYPE_MASK 0x3ULL
#define PHYS_MASK 0x0000FFFFFFFFF000ULL
#define S2_ATTR_NORMAL 0x7FCULL        /* AF | SH inner | S2AP RW | MemAttr normal WB */
#define S2_ATTR_DEVICE 0x400000000004C4ULL /* XN | AF | S2AP RW | MemAttr device */
#define SMMU_ATTR_RW 0x7C4ULL
#define LEVEL_NONE 0U
#define LEVEL_PMD 2U
#define LEVEL_PTE 3U
#define VTTBR_VMID_SHIFT 48ULL
#define PGD_SHIFT 39ULL
#define PUD_SHIFT 30ULL
#define PMD_SHIFT 21ULL
#define PTE_SHIFT 12ULL
#define INDEX_MASK 0x1FFULL

/* ---- exceptions ---- */
#define ESR_EC_SHIFT 26ULL
#define ESR_EC_MASK 0x3FULL
#define ESR_EC_HVC64 0x16ULL
#define ESR_EC_IABT_LOW 0x20ULL
#define ESR_EC_DABT_LOW 0x24ULL
#define ESR_ISV 0x1000000ULL
#define ESR_SAS_SHIFT 22ULL
#define ESR_SAS_MASK 0x3ULL
#define ESR_SRT_SHIFT 16ULL
#define ESR_SRT_MASK 0x1FULL
#define ESR_WNR 0x40ULL
#define HPFAR_FIPA_SHIFT 4ULL
#define HPFAR_FIPA_MASK 0xFFFFFFFFFF0ULL
#define ARM_EXCEPTION_IRQ 0ULL
#define ARM_EXCEPTION_TRAP 1ULL
#define HCR_VM_FLAGS 0x80000000086001FULL  /* RW | TSC | TWI | TWE | VM | SWIO | PTW | FMO | IMO | AMO */
#define HCR_HOST_FLAGS 0x80000001ULL       /* RW | VM */

/* exit codes returned to the host by vcpu_run */
#define EXIT_IRQ 0ULL
#define EXIT_S2FAULT 1ULL
#define EXIT_HVC 2ULL
#define EXIT_POWEROFF 3ULL
#define EXIT_OTHER 4ULL

/* ---- host hypercalls (x0) ---- */
#define HVC_REGISTER_KVM 0x1ULL
#define HVC_REGISTER_VCPU 0x2ULL
#define HVC_SET_BOOT_INFO 0x3ULL
#define HVC_REMAP_VM_IMAGE 0x4ULL
#define HVC_VERIFY_VM_IMAGES 0x5ULL
#define HVC_VCPU_RUN 0x6ULL
#define HVC_MAP_PFN_GUEST 0x7ULL
#define HVC_MAP_IO 0x8ULL
#define HVC_VM_POWEROFF 0x9ULL
#define HVC_CLEAR_VM 0xAULL
#define HVC_SMMU_ALLOC_CB 0xBULL
#define HVC_SMMU_FREE_CB 0xCULL
#define HVC_SMMU_MAP 0xDULL
#define HVC_SMMU_UNMAP 0xEULL
#define HVC_SMMU_IOVA_TO_PHYS 0xFULL
#define HVC_GET_VM_STATE 0x10ULL
#define HVC_MMIO_INFO 0x11ULL
#define HVC_MMIO_COMPLETE 0x12ULL

/* fields of HVC_MMIO_INFO */
#define MMIO_INFO_IPA 0ULL
#define MMIO_INFO_DATA 1ULL
#define MMIO_INFO_SIZE 2ULL
#define MMIO_INFO_WRITE 3ULL

/* ---- guest hypercalls (x0 of the guest) ---- */
#define GUEST_HVC_GRANT 0x1ULL
#define GUEST_HVC_REVOKE 0x2ULL
#define PSCI_SYSTEM_OFF 0x84000008ULL
#define PSCI_CPU_ON 0xC4000003ULL
#define PSCI_RET_SUCCESS 0ULL
#define PSCI_RET_INVALID 0xFFFFFFFFFFFFFFFEULL      /* -2 */
#define PSCI_RET_ALREADY_ON 0xFFFFFFFFFFFFFFFCULL   /* -4 */

/* ---- error codes (negative errno in two's complement) ---- */
#define E_OK 0ULL
#define E_PERM 0xFFFFFFFFFFFFFFFFULL   /* -1 */
#define E_NOENT 0xFFFFFFFFFFFFFFFEULL  /* -2 */
#define E_NOMEM 0xFFFFFFFFFFFFFFF4ULL  /* -12 */
#define E_BUSY 0xFFFFFFFFFFFFFFF0ULL   /* -16 */
#define E_EXIST 0xFFFFFFFFFFFFFFEFULL  /* -17 */
#define E_INVAL 0xFFFFFFFFFFFFFFEAULL  /* -22 */
#define E_STATE 0xFFFFFFFFFFFFFFB3ULL  /* -77 */
#define E_SIG 0xFFFFFFFFFFFFFF7FULL    /* -129 */

/* ---- locks ---- */
#define LOCK_S2PAGE 1U
#define LOCK_CORE 2U
#define LOCK_SMMU 3U
#define LOCK_SMMUPT 4U
#define LOCK_VM_BASE 5U
#define LOCK_S2PT_BASE (LOCK_VM_BASE + MAX_VM)
#define NUM_LOCKS (LOCK_S2PT_BASE + MAX_VM)

/* ---- image digest ---- */
#define DIGEST_SEED 0xCBF29CE484222325ULL
#define DIGEST_PRIME 0x100000001B3ULL

#endif
