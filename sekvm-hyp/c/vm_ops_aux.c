/* Layer VMOpsAux: vmid and remap-slot allocation, VCPU context reset, image digests. */
#include "hyp.h"

/* Boot-time setup of the core allocator state. */
void init_vm_core(void)
{
	acquire_lock_core();
	set_next_vmid(FIRST_VMID);
	set_next_remap(0ULL);
	release_lock_core();
}

/* A fresh vmid (never reused), or INVALID32 when all are taken. */
u32 gen_vmid(void)
{
	u32 v;
	acquire_lock_core();
	v = get_next_vmid();
	if (v >= MAX_VM) {
		v = INVALID32;
	} else {
		set_next_vmid(v + 1U);
	}
	release_lock_core();
	return v;
}

/* Reserve npages consecutive remap slots; the first slot, or INVALID64 when full. */
u64 alloc_remap_addr(u64 npages)
{
	u64 s;
	acquire_lock_core();
	s = get_next_remap();
	if (npages > REMAP_SLOTS || s > REMAP_SLOTS - npages) {
		s = INVALID64;
	} else {
		set_next_remap(s + npages);
	}
	release_lock_core();
	return s;
}

/* Zero the saved context of a VCPU and clear its pending fault.
 * Loop bounds: NR_GPRS, NR_SYSREGS. Caller holds the VM lock. */
void reset_vcpu_ctxt(u32 vmid, u32 vcpuid)
{
	u32 i;
	for (i = 0U; i < NR_GPRS; i++) {
		set_vcpu_gpr(vmid, vcpuid, i, 0ULL);
	}
	for (i = 0U; i < NR_SYSREGS; i++) {
		set_vcpu_sysreg(vmid, vcpuid, i, 0ULL);
	}
	set_vcpu_pc(vmid, vcpuid, 0ULL);
	set_vcpu_pstate(vmid, vcpuid, 0ULL);
	set_vcpu_esr(vmid, vcpuid, 0ULL);
	set_vcpu_far(vmid, vcpuid, 0ULL);
	set_vcpu_hpfar(vmid, vcpuid, 0ULL);
	set_vcpu_fault_ipa(vmid, vcpuid, INVALID64);
	set_vcpu_mmio_pending(vmid, vcpuid, 0U);
	set_vcpu_mmio_data(vmid, vcpuid, 0ULL);
	set_vcpu_started(vmid, vcpuid, 0U);
}

/* Digest of image li of vmid over its remapped pages. Loop bound: MAX_IMAGE_PAGES.
 * Caller holds the VM lock. */
u64 image_digest(u32 vmid, u32 li)
{
	u64 n = get_vm_remapped(vmid, li);
	u64 start = get_vm_remap_start(vmid, li);
	u64 h = DIGEST_SEED;
	u64 i;
	for (i = 0ULL; i < MAX_IMAGE_PAGES; i++) {
		if (i < n) {
			h = page_digest(get_remap_pfn(start + i), h);
		}
	}
	return h;
}

/* 1 if every page of image li of vmid has been remapped. Caller holds the VM lock. */
u32 image_complete(u32 vmid, u32 li)
{
	if (get_vm_remapped(vmid, li) == size_to_pages(get_vm_load_size(vmid, li))) {
		return 1U;
	}
	return 0U;
}
