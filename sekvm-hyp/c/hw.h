/*
 * Bottom layer: every hardware primitive the hypervisor core uses.
 * Implemented twice: arch/aarch64.c (inline asm; compiled to the verified IR)
 * and arch/host_sim.c (a host simulation for native tests).
 */
#ifndef SEKVM_HW_H
#define SEKVM_HW_H

#include "types.h"

/* barriers */
void hw_dsb_ish(void);
void hw_dsb_ishst(void);
void hw_isb(void);

/* spinlocks over lock ids 0 .. NUM_LOCKS-1 */
void hw_spin_lock(u32 id);
void hw_spin_unlock(u32 id);

/* EL2 system registers */
u64 hw_read_vttbr_el2(void);
void hw_write_vttbr_el2(u64 v);
u64 hw_read_hcr_el2(void);
void hw_write_hcr_el2(u64 v);
u64 hw_read_esr_el2(void);
u64 hw_read_far_el2(void);
u64 hw_read_hpfar_el2(void);
u64 hw_read_elr_el2(void);
void hw_write_elr_el2(u64 v);
u64 hw_read_spsr_el2(void);
void hw_write_spsr_el2(u64 v);

/* EL1 system registers, by index 0 .. NR_SYSREGS-1 (see arch/aarch64.c for the list) */
u64 hw_read_sysreg(u32 idx);
void hw_write_sysreg(u32 idx, u64 v);

/* TLB maintenance */
void hw_tlbi_ipa(u64 vttbr, u64 ipa);
void hw_tlbi_vmid(u64 vttbr);

/* physical memory: 64-bit words at a physical address (8-byte aligned) */
u64 hw_phys_read64(u64 pa);
void hw_phys_write64(u64 pa, u64 v);
void hw_dcache_flush_page(u64 pfn);

/* page-table entries in the hypervisor's page-table pools */
u64 hw_pt_load(u64 pa);
void hw_pt_store(u64 pa, u64 v);

/* the host's trapped general-purpose registers (x0 .. x30) */
u64 hw_get_host_reg(u32 i);
void hw_set_host_reg(u32 i, u64 v);

/* the guest register file used by the world switch, and the switch itself */
u64 hw_get_guest_reg(u32 i);
void hw_set_guest_reg(u32 i, u64 v);
u64 hw_guest_enter(void);

/* SMMU MMIO registers (size 4 or 8 bytes) */
u64 hw_smmu_read(u64 base, u64 offset, u32 size);
void hw_smmu_write(u64 base, u64 offset, u64 v, u32 size);

/* image signature check over a digest of the image (opaque, trusted) */
u32 hw_verify_image(u32 vmid, u32 load_idx, u64 digest);

#endif
