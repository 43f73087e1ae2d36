/* Layer VCPUOps: save and restore of a VCPU's whole context. */
#include "hyp.h"

/* Save the state of the guest that just exited into VCPU vcpuid's context. */
void save_shadow_kvm_regs(u32 vmid, u32 vcpuid)
{
	save_guest_gprs(vmid, vcpuid);
	save_guest_sysregs(vmid, vcpuid);
	set_vcpu_pc(vmid, vcpuid, hw_read_elr_el2());
	set_vcpu_pstate(vmid, vcpuid, hw_read_spsr_el2());
	record_exit_info(vmid, vcpuid);
}

/* Load VCPU vcpuid's context into the hardware before entering it. */
void restore_shadow_kvm_regs(u32 vmid, u32 vcpuid)
{
	restore_guest_gprs(vmid, vcpuid);
	restore_guest_sysregs(vmid, vcpuid);
	hw_write_elr_el2(get_vcpu_pc(vmid, vcpuid));
	hw_write_spsr_el2(get_vcpu_pstate(vmid, vcpuid));
}
