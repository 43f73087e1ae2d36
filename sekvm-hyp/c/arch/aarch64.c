/*
 * Bottom layer for aarch64 (EL2, nVHE): the implementation of hw.h that is compiled to the
 * LLVM IR autov verifies. Every function here is a trusted primitive.
 *
 * Platform assumptions: EL2 maps all physical memory at HYP_PA_OFFSET; the EL2 exception
 * vectors (assembly, outside this file) store the host's x0..x30 in host_trap_regs; the world
 * switch itself is the assembly routine __sekvm_guest_enter.
 */
#include "../hw.h"
#include "../constants.h"

#define HYP_PA_OFFSET 0xFFFF800000000000ULL
#define DCACHE_LINE 64ULL

/* Lock words, one per lock id. */
u32 sekvm_lock_words[NUM_LOCKS];
/* The host's trapped general-purpose registers (written by the EL2 vectors). */
u64 host_trap_regs[NR_GPRS];
/* The guest register file loaded and saved by __sekvm_guest_enter. */
u64 guest_gprs[NR_GPRS];
/* Expected image digests, provisioned with the EL2 image by the boot firmware. */
u64 boot_image_digest[MAX_VM][MAX_LOAD_INFO];

/* Assembly world switch: loads regs, erets to the guest, returns the exit kind. */
extern u64 __sekvm_guest_enter(u64 *regs);

void hw_dsb_ish(void)
{
	__asm__ __volatile__("dsb ish" ::: "memory");
}

void hw_dsb_ishst(void)
{
	__asm__ __volatile__("dsb ishst" ::: "memory");
}

void hw_isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

void hw_spin_lock(u32 id)
{
	u32 *p = &sekvm_lock_words[id];
	u32 tmp;
	u32 one = 1U;
	__asm__ __volatile__("	sevl\n"
			     "1:	wfe\n"
			     "2:	ldaxr	%w0, [%1]\n"
			     "	cbnz	%w0, 1b\n"
			     "	stxr	%w0, %w2, [%1]\n"
			     "	cbnz	%w0, 2b\n"
			     : "=&r"(tmp)
			     : "r"(p), "r"(one)
			     : "memory");
}

void hw_spin_unlock(u32 id)
{
	u32 *p = &sekvm_lock_words[id];
	__asm__ __volatile__("stlr wzr, [%0]" : : "r"(p) : "memory");
}

u64 hw_read_vttbr_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, vttbr_el2" : "=r"(v));
	return v;
}

void hw_write_vttbr_el2(u64 v)
{
	__asm__ __volatile__("msr vttbr_el2, %0" : : "r"(v));
}

u64 hw_read_hcr_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, hcr_el2" : "=r"(v));
	return v;
}

void hw_write_hcr_el2(u64 v)
{
	__asm__ __volatile__("msr hcr_el2, %0" : : "r"(v));
}

u64 hw_read_esr_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, esr_el2" : "=r"(v));
	return v;
}

u64 hw_read_far_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, far_el2" : "=r"(v));
	return v;
}

u64 hw_read_hpfar_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, hpfar_el2" : "=r"(v));
	return v;
}

u64 hw_read_elr_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, elr_el2" : "=r"(v));
	return v;
}

void hw_write_elr_el2(u64 v)
{
	__asm__ __volatile__("msr elr_el2, %0" : : "r"(v));
}

u64 hw_read_spsr_el2(void)
{
	u64 v;
	__asm__ __volatile__("mrs %0, spsr_el2" : "=r"(v));
	return v;
}

void hw_write_spsr_el2(u64 v)
{
	__asm__ __volatile__("msr spsr_el2, %0" : : "r"(v));
}

/* EL1 system registers by index: 0 sctlr_el1, 1 ttbr0_el1, 2 ttbr1_el1, 3 tcr_el1,
 * 4 esr_el1, 5 far_el1, 6 mair_el1, 7 vbar_el1, 8 contextidr_el1, 9 tpidr_el0,
 * 10 tpidrro_el0, 11 tpidr_el1, 12 sp_el0, 13 sp_el1, 14 elr_el1, 15 spsr_el1. */
u64 hw_read_sysreg(u32 idx)
{
	u64 v = 0ULL;
	switch (idx) {
	case 0U: __asm__ __volatile__("mrs %0, sctlr_el1" : "=r"(v)); break;
	case 1U: __asm__ __volatile__("mrs %0, ttbr0_el1" : "=r"(v)); break;
	case 2U: __asm__ __volatile__("mrs %0, ttbr1_el1" : "=r"(v)); break;
	case 3U: __asm__ __volatile__("mrs %0, tcr_el1" : "=r"(v)); break;
	case 4U: __asm__ __volatile__("mrs %0, esr_el1" : "=r"(v)); break;
	case 5U: __asm__ __volatile__("mrs %0, far_el1" : "=r"(v)); break;
	case 6U: __asm__ __volatile__("mrs %0, mair_el1" : "=r"(v)); break;
	case 7U: __asm__ __volatile__("mrs %0, vbar_el1" : "=r"(v)); break;
	case 8U: __asm__ __volatile__("mrs %0, contextidr_el1" : "=r"(v)); break;
	case 9U: __asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(v)); break;
	case 10U: __asm__ __volatile__("mrs %0, tpidrro_el0" : "=r"(v)); break;
	case 11U: __asm__ __volatile__("mrs %0, tpidr_el1" : "=r"(v)); break;
	case 12U: __asm__ __volatile__("mrs %0, sp_el0" : "=r"(v)); break;
	case 13U: __asm__ __volatile__("mrs %0, sp_el1" : "=r"(v)); break;
	case 14U: __asm__ __volatile__("mrs %0, elr_el1" : "=r"(v)); break;
	case 15U: __asm__ __volatile__("mrs %0, spsr_el1" : "=r"(v)); break;
	default: break;
	}
	return v;
}

void hw_write_sysreg(u32 idx, u64 v)
{
	switch (idx) {
	case 0U: __asm__ __volatile__("msr sctlr_el1, %0" : : "r"(v)); break;
	case 1U: __asm__ __volatile__("msr ttbr0_el1, %0" : : "r"(v)); break;
	case 2U: __asm__ __volatile__("msr ttbr1_el1, %0" : : "r"(v)); break;
	case 3U: __asm__ __volatile__("msr tcr_el1, %0" : : "r"(v)); break;
	case 4U: __asm__ __volatile__("msr esr_el1, %0" : : "r"(v)); break;
	case 5U: __asm__ __volatile__("msr far_el1, %0" : : "r"(v)); break;
	case 6U: __asm__ __volatile__("msr mair_el1, %0" : : "r"(v)); break;
	case 7U: __asm__ __volatile__("msr vbar_el1, %0" : : "r"(v)); break;
	case 8U: __asm__ __volatile__("msr contextidr_el1, %0" : : "r"(v)); break;
	case 9U: __asm__ __volatile__("msr tpidr_el0, %0" : : "r"(v)); break;
	case 10U: __asm__ __volatile__("msr tpidrro_el0, %0" : : "r"(v)); break;
	case 11U: __asm__ __volatile__("msr tpidr_el1, %0" : : "r"(v)); break;
	case 12U: __asm__ __volatile__("msr sp_el0, %0" : : "r"(v)); break;
	case 13U: __asm__ __volatile__("msr sp_el1, %0" : : "r"(v)); break;
	case 14U: __asm__ __volatile__("msr elr_el1, %0" : : "r"(v)); break;
	case 15U: __asm__ __volatile__("msr spsr_el1, %0" : : "r"(v)); break;
	default: break;
	}
}

void hw_tlbi_ipa(u64 vttbr, u64 ipa)
{
	u64 old;
	__asm__ __volatile__("mrs %0, vttbr_el2" : "=r"(old));
	__asm__ __volatile__("msr vttbr_el2, %0\n\tisb" : : "r"(vttbr) : "memory");
	__asm__ __volatile__("tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
			     : : "r"(ipa >> PAGE_SHIFT) : "memory");
	__asm__ __volatile__("msr vttbr_el2, %0\n\tisb" : : "r"(old) : "memory");
}

void hw_tlbi_vmid(u64 vttbr)
{
	u64 old;
	__asm__ __volatile__("mrs %0, vttbr_el2" : "=r"(old));
	__asm__ __volatile__("msr vttbr_el2, %0\n\tisb" : : "r"(vttbr) : "memory");
	__asm__ __volatile__("tlbi vmalls12e1is\n\tdsb ish\n\tisb" : : : "memory");
	__asm__ __volatile__("msr vttbr_el2, %0\n\tisb" : : "r"(old) : "memory");
}

u64 hw_phys_read64(u64 pa)
{
	return *(volatile u64 *)(pa + HYP_PA_OFFSET);
}

void hw_phys_write64(u64 pa, u64 v)
{
	*(volatile u64 *)(pa + HYP_PA_OFFSET) = v;
}

/* Clean and invalidate one page to the point of coherency. Loop bound: PAGE_SIZE / 64. */
void hw_dcache_flush_page(u64 pfn)
{
	u64 va = (pfn << PAGE_SHIFT) + HYP_PA_OFFSET;
	u64 i;
	for (i = 0ULL; i < PAGE_SIZE / DCACHE_LINE; i++) {
		__asm__ __volatile__("dc civac, %0" : : "r"(va + i * DCACHE_LINE) : "memory");
	}
	__asm__ __volatile__("dsb ish" ::: "memory");
}

u64 hw_pt_load(u64 pa)
{
	return *(volatile u64 *)(pa + HYP_PA_OFFSET);
}

void hw_pt_store(u64 pa, u64 v)
{
	*(volatile u64 *)(pa + HYP_PA_OFFSET) = v;
}

u64 hw_get_host_reg(u32 i)
{
	return host_trap_regs[i];
}

void hw_set_host_reg(u32 i, u64 v)
{
	host_trap_regs[i] = v;
}

u64 hw_get_guest_reg(u32 i)
{
	return guest_gprs[i];
}

void hw_set_guest_reg(u32 i, u64 v)
{
	guest_gprs[i] = v;
}

u64 hw_guest_enter(void)
{
	return __sekvm_guest_enter(guest_gprs);
}

u64 hw_smmu_read(u64 base, u64 offset, u32 size)
{
	u64 v;
	if (size == 8U) {
		v = *(volatile u64 *)(base + offset + HYP_PA_OFFSET);
	} else {
		v = (u64)(*(volatile u32 *)(base + offset + HYP_PA_OFFSET));
	}
	__asm__ __volatile__("dsb ld" ::: "memory");
	return v;
}

void hw_smmu_write(u64 base, u64 offset, u64 v, u32 size)
{
	__asm__ __volatile__("dsb st" ::: "memory");
	if (size == 8U) {
		*(volatile u64 *)(base + offset + HYP_PA_OFFSET) = v;
	} else {
		*(volatile u32 *)(base + offset + HYP_PA_OFFSET) = (u32)v;
	}
}

u32 hw_verify_image(u32 vmid, u32 load_idx, u64 digest)
{
	if (vmid >= MAX_VM || load_idx >= MAX_LOAD_INFO) {
		return 0U;
	}
	if (boot_image_digest[vmid][load_idx] == digest) {
		return 1U;
	}
	return 0U;
}
