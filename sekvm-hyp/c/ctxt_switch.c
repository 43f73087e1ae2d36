/* Layer CtxtSwitch: the host half of the world switch and stage-2 activation. */
#include "hyp.h"

/* Save the host's EL1 system registers and EL2 return state. */
void save_host_state(void)
{
	save_host_sysregs();
	set_host_elr(hw_read_elr_el2());
	set_host_spsr(hw_read_spsr_el2());
	set_host_hcr(hw_read_hcr_el2());
	set_host_vttbr(hw_read_vttbr_el2());
}

/* Restore the host's EL1 system registers, EL2 return state and stage-2 table. */
void restore_host_state(void)
{
	restore_host_sysregs();
	hw_write_elr_el2(get_host_elr());
	hw_write_spsr_el2(get_host_spsr());
	hw_write_hcr_el2(get_host_hcr());
	hw_write_vttbr_el2(get_host_vttbr());
	hw_isb();
}

/* Switch stage-2 translation to VM vmid and trap its sensitive operations. */
void activate_vm(u32 vmid)
{
	hw_write_vttbr_el2(read_s2pt_vttbr(vmid));
	hw_write_hcr_el2(HCR_VM_FLAGS);
	hw_isb();
}

/* Boot: turn on the host's stage-2 translation. */
void boot_host_ctxt(void)
{
	hw_write_vttbr_el2(read_s2pt_vttbr(HOSTVISOR));
	hw_write_hcr_el2(HCR_HOST_FLAGS);
	hw_isb();
}

/* Enter VCPU vcpuid (already restored) and save its state when it exits.
 * Returns the exit kind (ARM_EXCEPTION_*). */
u64 enter_guest(u32 vmid, u32 vcpuid)
{
	u64 exit = hw_guest_enter();
	save_shadow_kvm_regs(vmid, vcpuid);
	return exit;
}
