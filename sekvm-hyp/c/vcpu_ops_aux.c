/* Layer VCPUOpsAux: register-file copies between the hardware and the saved contexts. */
#include "hyp.h"

/* Copy the guest register file into VCPU vcpuid's context. Loop bound: NR_GPRS. */
void save_guest_gprs(u32 vmid, u32 vcpuid)
{
	u32 i;
	for (i = 0U; i < NR_GPRS; i++) {
		set_vcpu_gpr(vmid, vcpuid, i, hw_get_guest_reg(i));
	}
}

/* Load VCPU vcpuid's saved registers into the guest register file. Loop bound: NR_GPRS. */
void restore_guest_gprs(u32 vmid, u32 vcpuid)
{
	u32 i;
	for (i = 0U; i < NR_GPRS; i++) {
		hw_set_guest_reg(i, get_vcpu_gpr(vmid, vcpuid, i));
	}
}

/* Save the EL1 system registers into VCPU vcpuid's context. Loop bound: NR_SYSREGS. */
void save_guest_sysregs(u32 vmid, u32 vcpuid)
{
	u32 i;
	for (i = 0U; i < NR_SYSREGS; i++) {
		set_vcpu_sysreg(vmid, vcpuid, i, hw_read_sysreg(i));
	}
}

/* Load VCPU vcpuid's EL1 system registers. Loop bound: NR_SYSREGS. */
void restore_guest_sysregs(u32 vmid, u32 vcpuid)
{
	u32 i;
	for (i = 0U; i < NR_SYSREGS; i++) {
		hw_write_sysreg(i, get_vcpu_sysreg(vmid, vcpuid, i));
	}
}

/* Save the host's EL1 system registers. Loop bound: NR_SYSREGS. */
void save_host_sysregs(void)
{
	u32 i;
	for (i = 0U; i < NR_SYSREGS; i++) {
		set_host_sysreg(i, hw_read_sysreg(i));
	}
}

/* Restore the host's EL1 system registers. Loop bound: NR_SYSREGS. */
void restore_host_sysregs(void)
{
	u32 i;
	for (i = 0U; i < NR_SYSREGS; i++) {
		hw_write_sysreg(i, get_host_sysreg(i));
	}
}
