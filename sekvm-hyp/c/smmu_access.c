/* Layer SmmuAccess: the values the hypervisor lets the host write to SMMU registers. */
#include "hyp.h"

/* Filter a host write to a global SMMU register: sCR0 never lets unmatched streams
 * bypass translation, and CBARn always selects stage-2 translation with a hypervisor VMID. */
u64 smmu_global_write_value(u32 smmu, u64 offset, u64 val)
{
	u64 n;
	if (offset == SMMU_GR0_SCR0) {
		return (val & ~SCR0_CLIENTPD) | SCR0_USFCFG;
	}
	if (offset >= SMMU_GR1_CBAR_BASE && offset < SMMU_GR1_CBAR_BASE + 4ULL * (u64)SMMU_NUM_CB) {
		n = (offset - SMMU_GR1_CBAR_BASE) / 4ULL;
		return (val & ~(CBAR_TYPE_MASK | CBAR_VMID_MASK)) | CBAR_TYPE_S2 |
		       (((u64)smmu) * (u64)SMMU_NUM_CB + n + 1ULL);
	}
	return val;
}

/* Filter a host write to register reg of context bank cb: TTBR0 always holds the
 * hypervisor's table for the bank and SCTLR always enables translation. */
u64 smmu_cb_write_value(u32 smmu, u32 cb, u64 reg, u64 val)
{
	if (reg == SMMU_CB_TTBR0) {
		return spt_root(smmu_cb_index(smmu, cb));
	}
	if (reg == SMMU_CB_SCTLR) {
		return val | CB_SCTLR_M;
	}
	return val;
}
