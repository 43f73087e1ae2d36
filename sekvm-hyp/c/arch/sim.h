/* Test hooks of the host simulation (arch/host_sim.c); not part of the hypervisor. */
#ifndef SEKVM_SIM_H
#define SEKVM_SIM_H

#include "../types.h"

void sim_reset(void);
u64 sim_phys_read64(u64 pa);
u32 sim_phys_write64(u64 pa, u64 v);
u64 sim_get_host_reg(u32 i);
void sim_set_host_reg(u32 i, u64 v);
void sim_set_trap(u64 esr, u64 far, u64 hpfar);
u64 sim_get_vttbr(void);
u64 sim_get_hcr(void);
u64 sim_get_elr(void);
void sim_set_elr(u64 v);
u64 sim_get_sysreg(u32 i);
void sim_set_sysreg(u32 i, u64 v);
u32 sim_locks_held(void);
u64 sim_lock_errors(void);
u64 sim_lock_acquires(void);
u64 sim_bad_accesses(void);
u64 sim_tlbi_count(void);
u32 sim_push_guest_exit(u64 kind, u64 esr, u64 far, u64 hpfar, u32 set_regs,
			u64 x0, u64 x1, u64 x2, u64 x3);
u32 sim_guest_exits_pending(void);
u64 sim_guest_entries(void);
u64 sim_guest_entry_reg(u32 i);
u64 sim_guest_entry_sysreg(u32 i);
u64 sim_guest_entry_vttbr(void);
void sim_set_image_digest(u32 vmid, u32 li, u64 digest);
u64 sim_smmu_reg(u32 smmu, u64 offset);
const void *sim_el2_data_ptr(void);
u64 sim_el2_data_size(void);
u64 sim_mem_hash(void);
u64 sim_smmu_hash(void);
void sim_clear_guest_exits(void);

#endif
