/* Layer TrapDispatch: the EL2 entry point for traps taken from the host. */
#include "hyp.h"

/* Dispatch a host trap on its exception class: hypercall or stage-2 abort. */
u64 handle_host_trap(void)
{
	u64 ec = (hw_read_esr_el2() >> ESR_EC_SHIFT) & ESR_EC_MASK;
	if (ec == ESR_EC_HVC64) {
		return handle_host_hvc();
	}
	if (ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW) {
		return handle_host_stage2_fault();
	}
	return E_INVAL;
}
