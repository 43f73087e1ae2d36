/* Layer VCPURun: running a VCPU until it needs the host. */
#include "hyp.h"

/* Run VCPU vcpuid of vmid: enter it up to MAX_GUEST_ENTRIES times while its exits are
 * handled in the hypervisor, then switch back to the host. Returns an EXIT_* code. */
u64 vcpu_run(u64 vmid, u64 vcpuid)
{
	u64 ret = vcpu_run_begin(vmid, vcpuid);
	u64 code = EXIT_IRQ;
	u64 act;
	u32 done = 0U;
	u32 v;
	u32 c;
	u32 i;
	if (ret != E_OK) {
		return ret;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	save_host_state();
	activate_vm(v);
	restore_shadow_kvm_regs(v, c);
	for (i = 0U; i < MAX_GUEST_ENTRIES; i++) {
		if (done == 0U) {
			act = fixup_guest_exit(v, c, enter_guest(v, c));
			if (act != RUN_CONTINUE) {
				code = act;
				done = 1U;
			} else {
				restore_shadow_kvm_regs(v, c);
			}
		}
	}
	restore_host_state();
	vcpu_run_end(v, c);
	return code;
}
