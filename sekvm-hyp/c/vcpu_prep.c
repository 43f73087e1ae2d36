/* Layer VCPUPrep: recording why a VCPU exited. */
#include "hyp.h"

/* Save the exception syndrome and fault address registers into VCPU vcpuid's context. */
void record_exit_info(u32 vmid, u32 vcpuid)
{
	set_vcpu_esr(vmid, vcpuid, hw_read_esr_el2());
	set_vcpu_far(vmid, vcpuid, hw_read_far_el2());
	set_vcpu_hpfar(vmid, vcpuid, hw_read_hpfar_el2());
}

/* Record the faulting IPA of a stage-2 abort as VCPU vcpuid's pending fault. */
void prep_abort(u32 vmid, u32 vcpuid)
{
	u64 hpfar = get_vcpu_hpfar(vmid, vcpuid);
	u64 far = get_vcpu_far(vmid, vcpuid);
	u64 ipa = ((hpfar & HPFAR_FIPA_MASK) << (PAGE_SHIFT - HPFAR_FIPA_SHIFT)) | (far & PAGE_MASK);
	set_vcpu_fault_ipa(vmid, vcpuid, ipa);
}

/* Set the return value (x0) of a guest hypercall. */
void prep_hvc_return(u32 vmid, u32 vcpuid, u64 ret)
{
	set_vcpu_gpr(vmid, vcpuid, 0U, ret);
}

/* Record the decoded MMIO access of a data abort with a valid syndrome (register, size,
 * direction and, for a write, the value), so that the host can emulate it. */
void prep_mmio(u32 vmid, u32 vcpuid)
{
	u64 esr = get_vcpu_esr(vmid, vcpuid);
	u32 rt = (u32)((esr >> ESR_SRT_SHIFT) & ESR_SRT_MASK);
	u32 size = 1U << (u32)((esr >> ESR_SAS_SHIFT) & ESR_SAS_MASK);
	u64 data = 0ULL;
	if ((esr & ESR_ISV) == 0ULL) {
		set_vcpu_mmio_pending(vmid, vcpuid, 0U);
		return;
	}
	set_vcpu_mmio_pending(vmid, vcpuid, 1U);
	set_vcpu_mmio_rt(vmid, vcpuid, rt);
	set_vcpu_mmio_size(vmid, vcpuid, size);
	if ((esr & ESR_WNR) != 0ULL) {
		set_vcpu_mmio_write(vmid, vcpuid, 1U);
		if (rt != 31U) {
			data = get_vcpu_gpr(vmid, vcpuid, rt) & access_mask(size);
		}
	} else {
		set_vcpu_mmio_write(vmid, vcpuid, 0U);
	}
	set_vcpu_mmio_data(vmid, vcpuid, data);
}
