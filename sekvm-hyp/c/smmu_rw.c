/* Layer SmmuReadWrite: emulated reads and writes of one SMMU's MMIO space. */
#include "hyp.h"

/* Perform a host write of size bytes at offset in SMMU smmu, after filtering. */
u64 handle_smmu_write(u32 smmu, u64 offset, u64 val, u32 size)
{
	u64 base = get_smmu_base(smmu);
	u64 rel;
	u32 cb;
	if (offset < SMMU_GLOBAL_SIZE) {
		hw_smmu_write(base, offset, smmu_global_write_value(smmu, offset, val), size);
		return E_OK;
	}
	rel = offset - SMMU_CB_OFFSET;
	if (rel / SMMU_CB_STRIDE >= (u64)SMMU_NUM_CB) {
		return E_INVAL;
	}
	cb = (u32)(rel / SMMU_CB_STRIDE);
	hw_smmu_write(base, offset, smmu_cb_write_value(smmu, cb, rel % SMMU_CB_STRIDE, val), size);
	return E_OK;
}

/* Perform a host read of size bytes at offset in SMMU smmu (0 beyond the last bank). */
u64 handle_smmu_read(u32 smmu, u64 offset, u32 size)
{
	u64 base = get_smmu_base(smmu);
	if (offset >= SMMU_GLOBAL_SIZE &&
	    (offset - SMMU_CB_OFFSET) / SMMU_CB_STRIDE >= (u64)SMMU_NUM_CB) {
		return 0ULL;
	}
	return hw_smmu_read(base, offset, size);
}
