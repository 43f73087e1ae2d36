/* Layer TrapHandler: host hypercalls, host stage-2 faults, boot. */
#include "hyp.h"

/* Boot the hypervisor: memory regions, page records, stage-2 pools, the host's stage-2
 * table, SMMUs and VM allocation. E_STATE if already booted. */
u64 el2_boot(void)
{
	if (get_booted() != 0U) {
		return E_STATE;
	}
	init_mem_regions();
	init_s2pages();
	init_s2pt_pools();
	init_s2pt(HOSTVISOR);
	smmu_boot_init();
	init_vm_core();
	boot_host_ctxt();
	set_booted(1U);
	return E_OK;
}

/* Handle a host hypercall: function id in x0, arguments in x1..x4, result into x0. */
u64 handle_host_hvc(void)
{
	u64 fn = hw_get_host_reg(0U);
	u64 a1 = hw_get_host_reg(1U);
	u64 a2 = hw_get_host_reg(2U);
	u64 a3 = hw_get_host_reg(3U);
	u64 a4 = hw_get_host_reg(4U);
	u64 ret = E_INVAL;
	if (get_booted() == 0U) {
		ret = E_STATE;
	} else if (fn == HVC_REGISTER_KVM) {
		ret = register_kvm();
	} else if (fn == HVC_REGISTER_VCPU) {
		ret = register_vcpu(a1, a2);
	} else if (fn == HVC_SET_BOOT_INFO) {
		ret = set_boot_info(a1, a2, a3);
	} else if (fn == HVC_REMAP_VM_IMAGE) {
		ret = remap_vm_image(a1, a2, a3);
	} else if (fn == HVC_VERIFY_VM_IMAGES) {
		ret = verify_and_load_images(a1);
	} else if (fn == HVC_VCPU_RUN) {
		ret = vcpu_run(a1, a2);
	} else if (fn == HVC_MAP_PFN_GUEST) {
		ret = map_pfn_guest(a1, a2, a3, a4);
	} else if (fn == HVC_MAP_IO) {
		ret = map_io_guest(a1, a2, a3);
	} else if (fn == HVC_VM_POWEROFF) {
		ret = set_vm_poweroff(a1);
	} else if (fn == HVC_CLEAR_VM) {
		ret = clear_vm(a1);
	} else if (fn == HVC_SMMU_ALLOC_CB) {
		ret = el2_alloc_smmu_cb(a1, a2, a3);
	} else if (fn == HVC_SMMU_FREE_CB) {
		ret = el2_free_smmu_cb(a1, a2);
	} else if (fn == HVC_SMMU_MAP) {
		ret = el2_smmu_map(a1, a2, a3, a4);
	} else if (fn == HVC_SMMU_UNMAP) {
		ret = el2_smmu_unmap(a1, a2, a3);
	} else if (fn == HVC_SMMU_IOVA_TO_PHYS) {
		ret = el2_smmu_iova_to_phys(a1, a2, a3);
	} else if (fn == HVC_GET_VM_STATE) {
		ret = get_vm_state_hvc(a1);
	} else if (fn == HVC_MMIO_INFO) {
		ret = mmio_info(a1, a2, a3);
	} else if (fn == HVC_MMIO_COMPLETE) {
		ret = mmio_complete(a1, a2, a3);
	}
	hw_set_host_reg(0U, ret);
	return ret;
}

/* Handle a host stage-2 fault: emulate SMMU MMIO accesses, otherwise map the page if the
 * host may access it. E_PERM when the host touched memory it may not access. */
u64 handle_host_stage2_fault(void)
{
	u64 esr = hw_read_esr_el2();
	u64 addr = ((hw_read_hpfar_el2() & HPFAR_FIPA_MASK) << (PAGE_SHIFT - HPFAR_FIPA_SHIFT)) |
		   (hw_read_far_el2() & PAGE_MASK);
	if (get_booted() == 0U) {
		return E_STATE;
	}
	if (is_smmu_addr(addr) != 0U) {
		return emulate_mmio(addr, esr);
	}
	return map_page_host(addr);
}
