/* Layer GuestExit: classification of a guest exit. */
#include "hyp.h"

/* Decide what follows exit (ARM_EXCEPTION_*) of VCPU vcpuid: RUN_CONTINUE to re-enter the
 * guest, otherwise the EXIT_* code reported to the host. */
u64 fixup_guest_exit(u32 vmid, u32 vcpuid, u64 exit)
{
	u64 ec;
	if (exit != ARM_EXCEPTION_TRAP) {
		return EXIT_IRQ;
	}
	ec = (get_vcpu_esr(vmid, vcpuid) >> ESR_EC_SHIFT) & ESR_EC_MASK;
	if (ec == ESR_EC_HVC64) {
		return handle_pvops(vmid, vcpuid);
	}
	if (ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW) {
		prep_abort(vmid, vcpuid);
		prep_mmio(vmid, vcpuid);
		return EXIT_S2FAULT;
	}
	return EXIT_OTHER;
}
