/* Layer GuestHandler: hypercalls made by a guest (grant, revoke, PSCI CPU_ON and power off). */
#include "hyp.h"

/* Handle the guest hypercall of VCPU vcpuid; RUN_CONTINUE when the guest resumes. */
u64 handle_pvops(u32 vmid, u32 vcpuid)
{
	u64 fn = get_vcpu_gpr(vmid, vcpuid, 0U);
	u64 a1 = get_vcpu_gpr(vmid, vcpuid, 1U);
	u64 a2 = get_vcpu_gpr(vmid, vcpuid, 2U);
	if (fn == GUEST_HVC_GRANT) {
		prep_hvc_return(vmid, vcpuid, grant_stage2_range(vmid, a1, a2, 1U));
		return RUN_CONTINUE;
	}
	if (fn == GUEST_HVC_REVOKE) {
		prep_hvc_return(vmid, vcpuid, grant_stage2_range(vmid, a1, a2, 0U));
		return RUN_CONTINUE;
	}
	if (fn == PSCI_CPU_ON) {
		prep_hvc_return(vmid, vcpuid, vcpu_psci_on(vmid, a1, a2, get_vcpu_gpr(vmid, vcpuid, 3U)));
		return RUN_CONTINUE;
	}
	if (fn == PSCI_SYSTEM_OFF) {
		guest_poweroff(vmid);
		return EXIT_POWEROFF;
	}
	return EXIT_HVC;
}
