/* Layer SmmuOps: SMMU MMIO emulation entry and the host's SMMU hypercalls. */
#include "hyp.h"

/* Emulate a trapped host access to SMMU MMIO and skip the faulting instruction. */
u64 emulate_mmio(u64 addr, u64 esr)
{
	u64 ret;
	if ((esr & ESR_ISV) == 0ULL) {
		return E_INVAL;
	}
	acquire_lock_smmu();
	ret = handle_host_mmio(addr, esr);
	release_lock_smmu();
	if (ret == E_OK) {
		hw_write_elr_el2(hw_read_elr_el2() + 4ULL);
	}
	return ret;
}

/* Allocate context bank (smmu, cb) to vmid (the host, or a VM not yet verified). */
u64 el2_alloc_smmu_cb(u64 smmu, u64 cb, u64 vmid)
{
	u32 cbidx;
	u64 ret = E_OK;
	if (valid_smmu_cb(smmu, cb) == 0U) {
		return E_INVAL;
	}
	if (vmid != (u64)HOSTVISOR && valid_vm_id(vmid) == 0U) {
		return E_INVAL;
	}
	cbidx = smmu_cb_index((u32)smmu, (u32)cb);
	acquire_lock_smmu();
	if (get_smmu_cb_allocated(cbidx) != 0U) {
		ret = E_BUSY;
	} else if (vmid != (u64)HOSTVISOR) {
		acquire_lock_vm((u32)vmid);
		if (get_vm_state((u32)vmid) != VM_REGISTERED) {
			ret = E_STATE;
		}
		release_lock_vm((u32)vmid);
	}
	if (ret == E_OK) {
		set_smmu_cb_owner(cbidx, (u32)vmid);
		set_smmu_cb_allocated(cbidx, 1U);
	}
	release_lock_smmu();
	return ret;
}

/* Release a host-owned context bank (VM banks are released when the VM is cleared). */
u64 el2_free_smmu_cb(u64 smmu, u64 cb)
{
	u32 cbidx;
	u64 ret = E_OK;
	if (valid_smmu_cb(smmu, cb) == 0U) {
		return E_INVAL;
	}
	cbidx = smmu_cb_index((u32)smmu, (u32)cb);
	acquire_lock_smmu();
	if (get_smmu_cb_allocated(cbidx) == 0U) {
		ret = E_NOENT;
	} else if (get_smmu_cb_owner(cbidx) != HOSTVISOR) {
		ret = E_PERM;
	} else {
		free_smmu_cb(cbidx);
	}
	release_lock_smmu();
	return ret;
}

/* Map iova to pfn in context bank (smmu, cb); pfn must belong to the bank's owner. */
u64 el2_smmu_map(u64 smmu, u64 cb, u64 iova, u64 pfn)
{
	u32 cbidx;
	u64 ret;
	if (valid_smmu_cb(smmu, cb) == 0U || iova >= IOVA_LIMIT || page_aligned(iova) == 0U) {
		return E_INVAL;
	}
	if (pfn >= PFN_LIMIT) {
		return E_INVAL;
	}
	cbidx = smmu_cb_index((u32)smmu, (u32)cb);
	acquire_lock_smmu();
	if (get_smmu_cb_allocated(cbidx) == 0U) {
		ret = E_NOENT;
	} else {
		ret = map_smmu(cbidx, get_smmu_cb_owner(cbidx), iova, pfn);
	}
	release_lock_smmu();
	return ret;
}

/* Unmap iova from context bank (smmu, cb). */
u64 el2_smmu_unmap(u64 smmu, u64 cb, u64 iova)
{
	u32 cbidx;
	u64 ret;
	if (valid_smmu_cb(smmu, cb) == 0U || iova >= IOVA_LIMIT || page_aligned(iova) == 0U) {
		return E_INVAL;
	}
	cbidx = smmu_cb_index((u32)smmu, (u32)cb);
	acquire_lock_smmu();
	if (get_smmu_cb_allocated(cbidx) == 0U) {
		ret = E_NOENT;
	} else {
		ret = unmap_smmu(cbidx, iova);
	}
	release_lock_smmu();
	return ret;
}

/* Translate iova in context bank (smmu, cb); 0 when unmapped, E_INVAL on bad arguments. */
u64 el2_smmu_iova_to_phys(u64 smmu, u64 cb, u64 iova)
{
	u32 cbidx;
	u64 ret;
	if (valid_smmu_cb(smmu, cb) == 0U || iova >= IOVA_LIMIT) {
		return E_INVAL;
	}
	cbidx = smmu_cb_index((u32)smmu, (u32)cb);
	acquire_lock_smmu();
	if (get_smmu_cb_allocated(cbidx) == 0U) {
		ret = E_NOENT;
	} else {
		ret = smmu_iova_to_phys(cbidx, iova);
	}
	release_lock_smmu();
	return ret;
}

/* Release every context bank owned by VM vmid. Loop bound: SMMU_TOTAL_CB. */
void free_vm_smmu_cbs(u32 vmid)
{
	u32 i;
	acquire_lock_smmu();
	for (i = 0U; i < SMMU_TOTAL_CB; i++) {
		if (get_smmu_cb_allocated(i) != 0U && get_smmu_cb_owner(i) == vmid) {
			free_smmu_cb(i);
		}
	}
	release_lock_smmu();
}
