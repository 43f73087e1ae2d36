/* Layer VMOps: VM and VCPU registration, boot images, VM states, VM teardown. */
#include "hyp.h"

/* Register a new VM: a fresh vmid with an empty stage-2 table. Returns the vmid. */
u64 register_kvm(void)
{
	u32 vmid = gen_vmid();
	if (vmid == INVALID32) {
		return E_NOMEM;
	}
	acquire_lock_vm(vmid);
	set_vm_state(vmid, VM_REGISTERED);
	set_vm_load_info_cnt(vmid, 0U);
	set_vm_vcpu_cnt(vmid, 0U);
	init_s2pt(vmid);
	release_lock_vm(vmid);
	return (u64)vmid;
}

/* Register VCPU vcpuid of a VM that is registered but not yet verified. */
u64 register_vcpu(u64 vmid, u64 vcpuid)
{
	u64 ret = E_OK;
	u32 v;
	u32 c;
	if (valid_vm_id(vmid) == 0U || valid_vcpu_id(vcpuid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	acquire_lock_vm(v);
	if (get_vm_state(v) != VM_REGISTERED) {
		ret = E_STATE;
	} else if (get_vcpu_state(v, c) != VCPU_UNUSED) {
		ret = E_EXIST;
	} else {
		reset_vcpu_ctxt(v, c);
		set_vcpu_state(v, c, VCPU_READY);
		set_vm_vcpu_cnt(v, get_vm_vcpu_cnt(v) + 1U);
	}
	release_lock_vm(v);
	return ret;
}

/* Declare a boot image of size bytes to be loaded at IPA load_addr. Returns its index. */
u64 set_boot_info(u64 vmid, u64 load_addr, u64 size)
{
	u64 ret;
	u64 npages;
	u64 slot;
	u32 v;
	u32 li;
	if (valid_vm_id(vmid) == 0U || page_aligned(load_addr) == 0U || load_addr >= IPA_LIMIT) {
		return E_INVAL;
	}
	if (size == 0ULL || size > MAX_IMAGE_PAGES * PAGE_SIZE || size > IPA_LIMIT - load_addr) {
		return E_INVAL;
	}
	v = (u32)vmid;
	npages = size_to_pages(size);
	acquire_lock_vm(v);
	li = get_vm_load_info_cnt(v);
	if (get_vm_state(v) != VM_REGISTERED) {
		ret = E_STATE;
	} else if (li >= MAX_LOAD_INFO) {
		ret = E_NOMEM;
	} else {
		slot = alloc_remap_addr(npages);
		if (slot == INVALID64) {
			ret = E_NOMEM;
		} else {
			set_vm_load_addr(v, li, load_addr);
			set_vm_load_size(v, li, size);
			set_vm_remap_start(v, li, slot);
			set_vm_remapped(v, li, 0ULL);
			set_vm_load_info_cnt(v, li + 1U);
			ret = (u64)li;
		}
	}
	release_lock_vm(v);
	return ret;
}

/* Hand the next page pfn of image li to the hypervisor: the VM takes ownership of it
 * at its image gfn (unmapping it from the host) and the page is recorded for verification. */
u64 remap_vm_image(u64 vmid, u64 pfn, u64 li)
{
	u64 ret;
	u64 n;
	u64 gfn;
	u32 v;
	if (valid_vm_id(vmid) == 0U || li >= (u64)MAX_LOAD_INFO || pfn >= PFN_LIMIT) {
		return E_INVAL;
	}
	v = (u32)vmid;
	acquire_lock_vm(v);
	if (get_vm_state(v) != VM_REGISTERED) {
		ret = E_STATE;
	} else if (li >= (u64)get_vm_load_info_cnt(v)) {
		ret = E_INVAL;
	} else if (image_complete(v, (u32)li) != 0U) {
		ret = E_NOMEM;
	} else if (host_owns_free_pfn(pfn) == 0U) {
		ret = E_PERM;
	} else {
		n = get_vm_remapped(v, (u32)li);
		gfn = (get_vm_load_addr(v, (u32)li) >> PAGE_SHIFT) + n;
		ret = assign_pfn_to_vm(v, gfn, pfn);
		if (ret == E_OK) {
			set_remap_pfn(get_vm_remap_start(v, (u32)li) + n, pfn);
			set_vm_remapped(v, (u32)li, n + 1ULL);
		}
	}
	release_lock_vm(v);
	return ret;
}

/* Verify every boot image of a registered VM: all pages remapped, signature valid.
 * On success the VM becomes VERIFIED; a bad signature powers it off (E_SIG).
 * Loop bound: load_info_cnt <= MAX_LOAD_INFO. */
u64 verify_and_load_images(u64 vmid)
{
	u64 ret = E_OK;
	u32 v;
	u32 cnt;
	u32 li;
	if (valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	acquire_lock_vm(v);
	cnt = get_vm_load_info_cnt(v);
	if (get_vm_state(v) != VM_REGISTERED || cnt == 0U || cnt > MAX_LOAD_INFO) {
		ret = E_STATE;
	} else {
		for (li = 0U; li < cnt; li++) {
			if (image_complete(v, li) == 0U) {
				ret = E_STATE;
			}
		}
	}
	if (ret == E_OK) {
		for (li = 0U; li < cnt; li++) {
			if (hw_verify_image(v, li, image_digest(v, li)) == 0U) {
				ret = E_SIG;
			}
		}
		if (ret == E_OK) {
			set_vm_state(v, VM_VERIFIED);
		} else {
			set_vm_state(v, VM_POWEROFF);
		}
	}
	release_lock_vm(v);
	return ret;
}

/* Power a VM off (host request). Allowed in any state before POWEROFF. */
u64 set_vm_poweroff(u64 vmid)
{
	u64 ret = E_OK;
	u32 v;
	u32 s;
	if (valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	acquire_lock_vm(v);
	s = get_vm_state(v);
	if (s == VM_REGISTERED || s == VM_VERIFIED || s == VM_ACTIVE) {
		set_vm_state(v, VM_POWEROFF);
	} else {
		ret = E_STATE;
	}
	release_lock_vm(v);
	return ret;
}

/* Destroy a powered-off VM: release its SMMU context banks, scrub and return all its pages
 * to the host, empty its stage-2 table. The vmid is never reused. */
u64 clear_vm(u64 vmid)
{
	u64 ret = E_OK;
	u32 v;
	if (valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	acquire_lock_vm(v);
	if (get_vm_state(v) != VM_POWEROFF) {
		ret = E_STATE;
	} else {
		set_vm_state(v, VM_DESTROYED);
	}
	release_lock_vm(v);
	if (ret == E_OK) {
		free_vm_smmu_cbs(v);
		clear_vm_stage2_range(v);
	}
	return ret;
}

/* Map the page pfn provided by the host for the pending stage-2 fault of VCPU vcpuid,
 * at level LEVEL_PTE (4 KiB) or LEVEL_PMD (2 MiB). */
u64 map_pfn_guest(u64 vmid, u64 vcpuid, u64 pfn, u64 level)
{
	u64 ret;
	u64 ipa;
	u64 gfn;
	u32 v;
	u32 c;
	u32 s;
	if (valid_vm_id(vmid) == 0U || valid_vcpu_id(vcpuid) == 0U || pfn >= PFN_LIMIT) {
		return E_INVAL;
	}
	if (level != (u64)LEVEL_PTE && level != (u64)LEVEL_PMD) {
		return E_INVAL;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	acquire_lock_vm(v);
	s = get_vm_state(v);
	ipa = get_vcpu_fault_ipa(v, c);
	if (s != VM_VERIFIED && s != VM_ACTIVE) {
		ret = E_STATE;
	} else if (get_vcpu_state(v, c) == VCPU_UNUSED || ipa == INVALID64) {
		ret = E_NOENT;
	} else {
		gfn = ipa >> PAGE_SHIFT;
		if (level == (u64)LEVEL_PMD) {
			gfn = gfn & ~(PMD_BLOCK_PAGES - 1ULL);
		}
		ret = post_handle_s2_fault(v, gfn, pfn, (u32)level);
		if (ret == E_OK) {
			set_vcpu_fault_ipa(v, c, INVALID64);
			set_vcpu_mmio_pending(v, c, 0U);
		}
	}
	release_lock_vm(v);
	return ret;
}

/* Map device memory pa at gpa for a VM that is not powered off. */
u64 map_io_guest(u64 vmid, u64 gpa, u64 pa)
{
	u64 ret;
	u32 v;
	u32 s;
	if (valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	acquire_lock_vm(v);
	s = get_vm_state(v);
	if (s != VM_REGISTERED && s != VM_VERIFIED && s != VM_ACTIVE) {
		ret = E_STATE;
	} else {
		ret = map_vm_io(v, gpa, pa);
	}
	release_lock_vm(v);
	return ret;
}

/* The state of a VM (VM_UNUSED for a vmid never handed out). */
u64 get_vm_state_hvc(u64 vmid)
{
	u32 s;
	if (valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	acquire_lock_vm((u32)vmid);
	s = get_vm_state((u32)vmid);
	release_lock_vm((u32)vmid);
	return (u64)s;
}

/* Mark VCPU vcpuid running before entering it; the VM becomes ACTIVE. */
u64 vcpu_run_begin(u64 vmid, u64 vcpuid)
{
	u64 ret = E_OK;
	u32 v;
	u32 c;
	u32 s;
	if (valid_vm_id(vmid) == 0U || valid_vcpu_id(vcpuid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	acquire_lock_vm(v);
	s = get_vm_state(v);
	if (s != VM_VERIFIED && s != VM_ACTIVE) {
		ret = E_STATE;
	} else if (get_vcpu_state(v, c) != VCPU_READY) {
		ret = E_STATE;
	} else {
		set_vm_state(v, VM_ACTIVE);
		set_vcpu_state(v, c, VCPU_RUNNING);
		set_vcpu_started(v, c, 1U);
		set_cur_vmid(v);
		set_cur_vcpuid(c);
	}
	release_lock_vm(v);
	return ret;
}

/* Mark VCPU vcpuid no longer running after it exited to the host. */
void vcpu_run_end(u32 vmid, u32 vcpuid)
{
	acquire_lock_vm(vmid);
	set_vcpu_state(vmid, vcpuid, VCPU_READY);
	set_cur_vmid(HOSTVISOR);
	set_cur_vcpuid(0U);
	release_lock_vm(vmid);
}

/* Power a VM off from inside (guest PSCI SYSTEM_OFF while one of its VCPUs runs). */
void guest_poweroff(u32 vmid)
{
	acquire_lock_vm(vmid);
	set_vm_state(vmid, VM_POWEROFF);
	release_lock_vm(vmid);
}

/* One field (MMIO_INFO_*) of the MMIO access pending on VCPU vcpuid, for the host's
 * emulation. E_NOENT when no MMIO access is pending. */
u64 mmio_info(u64 vmid, u64 vcpuid, u64 field)
{
	u64 ret = E_NOENT;
	u32 v;
	u32 c;
	if (valid_vm_id(vmid) == 0U || valid_vcpu_id(vcpuid) == 0U || field > MMIO_INFO_WRITE) {
		return E_INVAL;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	acquire_lock_vm(v);
	if (get_vcpu_mmio_pending(v, c) != 0U && get_vcpu_fault_ipa(v, c) != INVALID64) {
		if (field == MMIO_INFO_IPA) {
			ret = get_vcpu_fault_ipa(v, c);
		} else if (field == MMIO_INFO_DATA) {
			ret = get_vcpu_mmio_data(v, c);
		} else if (field == MMIO_INFO_SIZE) {
			ret = (u64)get_vcpu_mmio_size(v, c);
		} else {
			ret = (u64)get_vcpu_mmio_write(v, c);
		}
	}
	release_lock_vm(v);
	return ret;
}

/* Complete the MMIO access pending on VCPU vcpuid: a read returns value (masked to the access
 * size) in the register named by the syndrome; the guest resumes after the instruction. */
u64 mmio_complete(u64 vmid, u64 vcpuid, u64 value)
{
	u64 ret = E_OK;
	u32 v;
	u32 c;
	u32 s;
	u32 rt;
	if (valid_vm_id(vmid) == 0U || valid_vcpu_id(vcpuid) == 0U) {
		return E_INVAL;
	}
	v = (u32)vmid;
	c = (u32)vcpuid;
	acquire_lock_vm(v);
	s = get_vm_state(v);
	if ((s != VM_VERIFIED && s != VM_ACTIVE) || get_vcpu_state(v, c) != VCPU_READY) {
		ret = E_STATE;
	} else if (get_vcpu_mmio_pending(v, c) == 0U || get_vcpu_fault_ipa(v, c) == INVALID64) {
		ret = E_NOENT;
	} else {
		rt = get_vcpu_mmio_rt(v, c);
		if (get_vcpu_mmio_write(v, c) == 0U && rt != 31U) {
			set_vcpu_gpr(v, c, rt, value & access_mask(get_vcpu_mmio_size(v, c)));
		}
		set_vcpu_pc(v, c, get_vcpu_pc(v, c) + 4ULL);
		set_vcpu_mmio_pending(v, c, 0U);
		set_vcpu_fault_ipa(v, c, INVALID64);
	}
	release_lock_vm(v);
	return ret;
}

/* PSCI CPU_ON from a running VCPU of vmid: start VCPU target at entry with context id ctx
 * in x0. Only a registered VCPU that never ran can be started. */
u64 vcpu_psci_on(u32 vmid, u64 target, u64 entry, u64 ctx)
{
	u64 ret = PSCI_RET_SUCCESS;
	u32 t;
	if (valid_vcpu_id(target) == 0U) {
		return PSCI_RET_INVALID;
	}
	t = (u32)target;
	acquire_lock_vm(vmid);
	if (get_vcpu_state(vmid, t) == VCPU_UNUSED) {
		ret = PSCI_RET_INVALID;
	} else if (get_vcpu_started(vmid, t) != 0U) {
		ret = PSCI_RET_ALREADY_ON;
	} else {
		set_vcpu_pc(vmid, t, entry);
		set_vcpu_gpr(vmid, t, 0U, ctx);
		set_vcpu_started(vmid, t, 1U);
	}
	release_lock_vm(vmid);
	return ret;
}
