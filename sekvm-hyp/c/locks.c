/* Layer Locks: one acquire/release pair per lock-protected part of el2_data. */
#include "hyp.h"

/* Acquire the lock of the page records (s2pages). */
void acquire_lock_s2page(void)
{
	hw_spin_lock(LOCK_S2PAGE);
}

/* Release the lock of the page records (s2pages). */
void release_lock_s2page(void)
{
	hw_spin_unlock(LOCK_S2PAGE);
}

/* Acquire the core lock (vmid and remap allocation). */
void acquire_lock_core(void)
{
	hw_spin_lock(LOCK_CORE);
}

/* Release the core lock. */
void release_lock_core(void)
{
	hw_spin_unlock(LOCK_CORE);
}

/* Acquire the SMMU context-bank lock. */
void acquire_lock_smmu(void)
{
	hw_spin_lock(LOCK_SMMU);
}

/* Release the SMMU context-bank lock. */
void release_lock_smmu(void)
{
	hw_spin_unlock(LOCK_SMMU);
}

/* Acquire the SMMU page-table lock. */
void acquire_lock_spt(void)
{
	hw_spin_lock(LOCK_SMMUPT);
}

/* Release the SMMU page-table lock. */
void release_lock_spt(void)
{
	hw_spin_unlock(LOCK_SMMUPT);
}

/* Acquire the lock of VM vmid's vm_info. */
void acquire_lock_vm(u32 vmid)
{
	hw_spin_lock(LOCK_VM_BASE + vmid);
}

/* Release the lock of VM vmid's vm_info. */
void release_lock_vm(u32 vmid)
{
	hw_spin_unlock(LOCK_VM_BASE + vmid);
}

/* Acquire the lock of vmid's stage-2 page table. */
void acquire_lock_pt(u32 vmid)
{
	hw_spin_lock(LOCK_S2PT_BASE + vmid);
}

/* Release the lock of vmid's stage-2 page table. */
void release_lock_pt(u32 vmid)
{
	hw_spin_unlock(LOCK_S2PT_BASE + vmid);
}
