/*
 * Bottom layer for the host simulation: the implementation of hw.h used by the native
 * build and tests. Physical memory is a pair of arrays, registers are variables, locks are
 * flags with error counters, the guest is a queue of scripted exits. Test hooks are the
 * sim_* functions (declared in sim.h).
 */
#include <string.h>
#include "../hw.h"
#include "../constants.h"
#include "../el2.h"
#include "sim.h"

#define SIM_EXIT_QUEUE 32U
#define SIM_SMMU_WORDS (SMMU_SIZE / 4ULL)

struct sim_exit {
	u64 kind;
	u64 esr;
	u64 far;
	u64 hpfar;
	u64 x[4];
	u32 set_regs;
};

static u64 mem0[REGION0_SIZE / 8ULL];
static u64 mem1[REGION1_SIZE / 8ULL];
static u32 lock_held[NUM_LOCKS];
static u64 lock_errors;
static u64 lock_acquires;
static u64 bad_accesses;
static u64 tlbi_count;
static u64 reg_vttbr, reg_hcr, reg_esr, reg_far, reg_hpfar, reg_elr, reg_spsr;
static u64 sysregs[NR_SYSREGS];
static u64 host_regs[NR_GPRS];
static u64 guest_regs[NR_GPRS];
static u64 entry_regs[NR_GPRS];
static u64 entry_vttbr;
static u64 entry_sysregs[NR_SYSREGS];
static u64 guest_entries;
static u64 smmu_regs[SMMU_NUM][SIM_SMMU_WORDS];
static u64 image_digest[MAX_VM][MAX_LOAD_INFO];
static struct sim_exit exits[SIM_EXIT_QUEUE];
static u32 exit_head, exit_tail;

static u64 *word_ptr(u64 pa)
{
	if ((pa & 7ULL) != 0ULL) {
		return 0;
	}
	if (pa >= REGION0_BASE && pa - REGION0_BASE < REGION0_SIZE) {
		return &mem0[(pa - REGION0_BASE) / 8ULL];
	}
	if (pa >= REGION1_BASE && pa - REGION1_BASE < REGION1_SIZE) {
		return &mem1[(pa - REGION1_BASE) / 8ULL];
	}
	return 0;
}

void hw_dsb_ish(void) {}
void hw_dsb_ishst(void) {}
void hw_isb(void) {}

void hw_spin_lock(u32 id)
{
	if (id >= NUM_LOCKS || lock_held[id] != 0U) {
		lock_errors++;
		return;
	}
	lock_held[id] = 1U;
	lock_acquires++;
}

void hw_spin_unlock(u32 id)
{
	if (id >= NUM_LOCKS || lock_held[id] == 0U) {
		lock_errors++;
		return;
	}
	lock_held[id] = 0U;
}

u64 hw_read_vttbr_el2(void) { return reg_vttbr; }
void hw_write_vttbr_el2(u64 v) { reg_vttbr = v; }
u64 hw_read_hcr_el2(void) { return reg_hcr; }
void hw_write_hcr_el2(u64 v) { reg_hcr = v; }
u64 hw_read_esr_el2(void) { return reg_esr; }
u64 hw_read_far_el2(void) { return reg_far; }
u64 hw_read_hpfar_el2(void) { return reg_hpfar; }
u64 hw_read_elr_el2(void) { return reg_elr; }
void hw_write_elr_el2(u64 v) { reg_elr = v; }
u64 hw_read_spsr_el2(void) { return reg_spsr; }
void hw_write_spsr_el2(u64 v) { reg_spsr = v; }

u64 hw_read_sysreg(u32 idx)
{
	if (idx >= NR_SYSREGS) {
		bad_accesses++;
		return 0ULL;
	}
	return sysregs[idx];
}

void hw_write_sysreg(u32 idx, u64 v)
{
	if (idx >= NR_SYSREGS) {
		bad_accesses++;
		return;
	}
	sysregs[idx] = v;
}

void hw_tlbi_ipa(u64 vttbr, u64 ipa)
{
	(void)vttbr;
	(void)ipa;
	tlbi_count++;
}

void hw_tlbi_vmid(u64 vttbr)
{
	(void)vttbr;
	tlbi_count++;
}

u64 hw_phys_read64(u64 pa)
{
	u64 *p = word_ptr(pa);
	if (p == 0) {
		bad_accesses++;
		return 0ULL;
	}
	return *p;
}

void hw_phys_write64(u64 pa, u64 v)
{
	u64 *p = word_ptr(pa);
	if (p == 0) {
		bad_accesses++;
		return;
	}
	*p = v;
}

void hw_dcache_flush_page(u64 pfn)
{
	(void)pfn;
}

u64 hw_pt_load(u64 pa)
{
	/* page tables live in the hypervisor's own memory */
	if (pa < CORE_START || pa - CORE_START >= CORE_SIZE) {
		bad_accesses++;
		return 0ULL;
	}
	return hw_phys_read64(pa);
}

void hw_pt_store(u64 pa, u64 v)
{
	if (pa < CORE_START || pa - CORE_START >= CORE_SIZE) {
		bad_accesses++;
		return;
	}
	hw_phys_write64(pa, v);
}

u64 hw_get_host_reg(u32 i)
{
	if (i >= NR_GPRS) {
		bad_accesses++;
		return 0ULL;
	}
	return host_regs[i];
}

void hw_set_host_reg(u32 i, u64 v)
{
	if (i >= NR_GPRS) {
		bad_accesses++;
		return;
	}
	host_regs[i] = v;
}

u64 hw_get_guest_reg(u32 i)
{
	if (i >= NR_GPRS) {
		bad_accesses++;
		return 0ULL;
	}
	return guest_regs[i];
}

void hw_set_guest_reg(u32 i, u64 v)
{
	if (i >= NR_GPRS) {
		bad_accesses++;
		return;
	}
	guest_regs[i] = v;
}

u64 hw_guest_enter(void)
{
	struct sim_exit *e;
	u32 i;
	guest_entries++;
	memcpy(entry_regs, guest_regs, sizeof(entry_regs));
	memcpy(entry_sysregs, sysregs, sizeof(entry_sysregs));
	entry_vttbr = reg_vttbr;
	/* the guest runs: it advances its pc and writes an EL1 register */
	reg_elr += 4ULL;
	sysregs[11] = 0x7700ULL + guest_entries;
	if (exit_head == exit_tail) {
		return ARM_EXCEPTION_IRQ;
	}
	e = &exits[exit_head % SIM_EXIT_QUEUE];
	exit_head++;
	reg_esr = e->esr;
	reg_far = e->far;
	reg_hpfar = e->hpfar;
	if (e->set_regs != 0U) {
		for (i = 0U; i < 4U; i++) {
			guest_regs[i] = e->x[i];
		}
	}
	return e->kind;
}

u64 hw_smmu_read(u64 base, u64 offset, u32 size)
{
	u64 s = (base - SMMU_BASE0) / SMMU_STRIDE;
	if (base < SMMU_BASE0 || s >= SMMU_NUM || offset >= SMMU_SIZE || (size != 4U && size != 8U)) {
		bad_accesses++;
		return 0ULL;
	}
	if (size == 4U) {
		return smmu_regs[s][offset / 4ULL] & 0xFFFFFFFFULL;
	}
	return smmu_regs[s][offset / 4ULL];
}

void hw_smmu_write(u64 base, u64 offset, u64 v, u32 size)
{
	u64 s = (base - SMMU_BASE0) / SMMU_STRIDE;
	if (base < SMMU_BASE0 || s >= SMMU_NUM || offset >= SMMU_SIZE || (size != 4U && size != 8U)) {
		bad_accesses++;
		return;
	}
	if (size == 4U) {
		smmu_regs[s][offset / 4ULL] = v & 0xFFFFFFFFULL;
	} else {
		smmu_regs[s][offset / 4ULL] = v;
	}
}

u32 hw_verify_image(u32 vmid, u32 load_idx, u64 digest)
{
	if (vmid >= MAX_VM || load_idx >= MAX_LOAD_INFO) {
		return 0U;
	}
	if (image_digest[vmid][load_idx] == digest) {
		return 1U;
	}
	return 0U;
}

/* ---------------- test hooks ---------------- */

void sim_reset(void)
{
	memset(mem0, 0, sizeof(mem0));
	memset(mem1, 0, sizeof(mem1));
	memset(lock_held, 0, sizeof(lock_held));
	lock_errors = 0ULL;
	lock_acquires = 0ULL;
	bad_accesses = 0ULL;
	tlbi_count = 0ULL;
	reg_vttbr = reg_hcr = reg_esr = reg_far = reg_hpfar = reg_elr = reg_spsr = 0ULL;
	memset(sysregs, 0, sizeof(sysregs));
	memset(host_regs, 0, sizeof(host_regs));
	memset(guest_regs, 0, sizeof(guest_regs));
	memset(entry_regs, 0, sizeof(entry_regs));
	memset(entry_sysregs, 0, sizeof(entry_sysregs));
	entry_vttbr = 0ULL;
	guest_entries = 0ULL;
	memset(smmu_regs, 0, sizeof(smmu_regs));
	memset(image_digest, 0, sizeof(image_digest));
	memset(exits, 0, sizeof(exits));
	exit_head = exit_tail = 0U;
	/* reloading the hypervisor image zeroes its .bss */
	memset(&el2_data, 0, sizeof(el2_data));
}

u64 sim_phys_read64(u64 pa)
{
	u64 *p = word_ptr(pa);
	return p == 0 ? 0ULL : *p;
}

u32 sim_phys_write64(u64 pa, u64 v)
{
	u64 *p = word_ptr(pa);
	if (p == 0) {
		return 0U;
	}
	*p = v;
	return 1U;
}

u64 sim_get_host_reg(u32 i) { return i < NR_GPRS ? host_regs[i] : 0ULL; }
void sim_set_host_reg(u32 i, u64 v) { if (i < NR_GPRS) host_regs[i] = v; }
void sim_set_trap(u64 esr, u64 far, u64 hpfar) { reg_esr = esr; reg_far = far; reg_hpfar = hpfar; }
u64 sim_get_vttbr(void) { return reg_vttbr; }
u64 sim_get_hcr(void) { return reg_hcr; }
u64 sim_get_elr(void) { return reg_elr; }
void sim_set_elr(u64 v) { reg_elr = v; }
u64 sim_get_sysreg(u32 i) { return i < NR_SYSREGS ? sysregs[i] : 0ULL; }
void sim_set_sysreg(u32 i, u64 v) { if (i < NR_SYSREGS) sysregs[i] = v; }

u32 sim_locks_held(void)
{
	u32 i, n = 0U;
	for (i = 0U; i < NUM_LOCKS; i++) {
		n += lock_held[i];
	}
	return n;
}

u64 sim_lock_errors(void) { return lock_errors; }
u64 sim_lock_acquires(void) { return lock_acquires; }
u64 sim_bad_accesses(void) { return bad_accesses; }
u64 sim_tlbi_count(void) { return tlbi_count; }

u32 sim_push_guest_exit(u64 kind, u64 esr, u64 far, u64 hpfar, u32 set_regs,
			u64 x0, u64 x1, u64 x2, u64 x3)
{
	struct sim_exit *e;
	if (exit_tail - exit_head >= SIM_EXIT_QUEUE) {
		return 0U;
	}
	e = &exits[exit_tail % SIM_EXIT_QUEUE];
	e->kind = kind;
	e->esr = esr;
	e->far = far;
	e->hpfar = hpfar;
	e->set_regs = set_regs;
	e->x[0] = x0;
	e->x[1] = x1;
	e->x[2] = x2;
	e->x[3] = x3;
	exit_tail++;
	return 1U;
}

u32 sim_guest_exits_pending(void) { return exit_tail - exit_head; }
u64 sim_guest_entries(void) { return guest_entries; }
u64 sim_guest_entry_reg(u32 i) { return i < NR_GPRS ? entry_regs[i] : 0ULL; }
u64 sim_guest_entry_sysreg(u32 i) { return i < NR_SYSREGS ? entry_sysregs[i] : 0ULL; }
u64 sim_guest_entry_vttbr(void) { return entry_vttbr; }

void sim_set_image_digest(u32 vmid, u32 li, u64 digest)
{
	if (vmid < MAX_VM && li < MAX_LOAD_INFO) {
		image_digest[vmid][li] = digest;
	}
}

u64 sim_smmu_reg(u32 smmu, u64 offset)
{
	if (smmu >= SMMU_NUM || offset >= SMMU_SIZE) {
		return 0ULL;
	}
	return smmu_regs[smmu][offset / 4ULL];
}

const void *sim_el2_data_ptr(void) { return &el2_data; }
u64 sim_el2_data_size(void) { return (u64)sizeof(el2_data); }

u64 sim_mem_hash(void)
{
	u64 h = 0xCBF29CE484222325ULL;
	u64 i;
	for (i = 0ULL; i < REGION0_SIZE / 8ULL; i++) {
		h = (h ^ mem0[i]) * 0x100000001B3ULL;
	}
	for (i = 0ULL; i < REGION1_SIZE / 8ULL; i++) {
		h = (h ^ mem1[i]) * 0x100000001B3ULL;
	}
	return h;
}

u64 sim_smmu_hash(void)
{
	u64 h = 0xCBF29CE484222325ULL;
	u64 s, i;
	for (s = 0ULL; s < SMMU_NUM; s++) {
		for (i = 0ULL; i < SIM_SMMU_WORDS; i++) {
			h = (h ^ smmu_regs[s][i]) * 0x100000001B3ULL;
		}
	}
	return h;
}

void sim_clear_guest_exits(void)
{
	exit_head = exit_tail = 0U;
}
