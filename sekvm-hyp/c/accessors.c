/*
 * Layer Accessors: getters and setters of the global struct el2_data.
 * The only layer above Bottom that reads or writes hypervisor memory directly.
 * Callers guarantee that indices are in range.
 */
#include "hyp.h"
#include "el2.h"

/* The hypervisor state (zeroed at load). */
struct el2_data el2_data;

/* Read el2_data.regions[i].base. */
u64 get_region_base(u32 i)
{
	return el2_data.regions[i].base;
}

/* Write el2_data.regions[i].base. */
void set_region_base(u32 i, u64 v)
{
	el2_data.regions[i].base = v;
}

/* Read el2_data.regions[i].size. */
u64 get_region_size(u32 i)
{
	return el2_data.regions[i].size;
}

/* Write el2_data.regions[i].size. */
void set_region_size(u32 i, u64 v)
{
	el2_data.regions[i].size = v;
}

/* Read el2_data.regions[i].index. */
u64 get_region_index(u32 i)
{
	return el2_data.regions[i].index;
}

/* Write el2_data.regions[i].index. */
void set_region_index(u32 i, u64 v)
{
	el2_data.regions[i].index = v;
}

/* Read el2_data.region_cnt. */
u32 get_region_cnt(void)
{
	return el2_data.region_cnt;
}

/* Write el2_data.region_cnt. */
void set_region_cnt(u32 v)
{
	el2_data.region_cnt = v;
}

/* Read el2_data.booted. */
u32 get_booted(void)
{
	return el2_data.booted;
}

/* Write el2_data.booted. */
void set_booted(u32 v)
{
	el2_data.booted = v;
}

/* Read el2_data.s2pages[idx].owner. */
u32 get_s2page_owner(u64 idx)
{
	return el2_data.s2pages[idx].owner;
}

/* Write el2_data.s2pages[idx].owner. */
void set_s2page_owner(u64 idx, u32 v)
{
	el2_data.s2pages[idx].owner = v;
}

/* Read el2_data.s2pages[idx].count. */
u32 get_s2page_count(u64 idx)
{
	return el2_data.s2pages[idx].count;
}

/* Write el2_data.s2pages[idx].count. */
void set_s2page_count(u64 idx, u32 v)
{
	el2_data.s2pages[idx].count = v;
}

/* Read el2_data.s2pages[idx].gfn. */
u64 get_s2page_gfn(u64 idx)
{
	return el2_data.s2pages[idx].gfn;
}

/* Write el2_data.s2pages[idx].gfn. */
void set_s2page_gfn(u64 idx, u64 v)
{
	el2_data.s2pages[idx].gfn = v;
}

/* Read el2_data.s2pt[vmid].pool_start. */
u64 get_pt_pool_start(u32 vmid)
{
	return el2_data.s2pt[vmid].pool_start;
}

/* Write el2_data.s2pt[vmid].pool_start. */
void set_pt_pool_start(u32 vmid, u64 v)
{
	el2_data.s2pt[vmid].pool_start = v;
}

/* Read el2_data.s2pt[vmid].pud_used. */
u64 get_pt_pud_used(u32 vmid)
{
	return el2_data.s2pt[vmid].pud_used;
}

/* Write el2_data.s2pt[vmid].pud_used. */
void set_pt_pud_used(u32 vmid, u64 v)
{
	el2_data.s2pt[vmid].pud_used = v;
}

/* Read el2_data.s2pt[vmid].pmd_used. */
u64 get_pt_pmd_used(u32 vmid)
{
	return el2_data.s2pt[vmid].pmd_used;
}

/* Write el2_data.s2pt[vmid].pmd_used. */
void set_pt_pmd_used(u32 vmid, u64 v)
{
	el2_data.s2pt[vmid].pmd_used = v;
}

/* Read el2_data.s2pt[vmid].pte_used. */
u64 get_pt_pte_used(u32 vmid)
{
	return el2_data.s2pt[vmid].pte_used;
}

/* Write el2_data.s2pt[vmid].pte_used. */
void set_pt_pte_used(u32 vmid, u64 v)
{
	el2_data.s2pt[vmid].pte_used = v;
}

/* Read el2_data.s2pt[vmid].vttbr. */
u64 get_pt_vttbr(u32 vmid)
{
	return el2_data.s2pt[vmid].vttbr;
}

/* Write el2_data.s2pt[vmid].vttbr. */
void set_pt_vttbr(u32 vmid, u64 v)
{
	el2_data.s2pt[vmid].vttbr = v;
}

/* Read el2_data.smmu_cb[cbidx].owner. */
u32 get_smmu_cb_owner(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].owner;
}

/* Write el2_data.smmu_cb[cbidx].owner. */
void set_smmu_cb_owner(u32 cbidx, u32 v)
{
	el2_data.smmu_cb[cbidx].owner = v;
}

/* Read el2_data.smmu_cb[cbidx].allocated. */
u32 get_smmu_cb_allocated(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].allocated;
}

/* Write el2_data.smmu_cb[cbidx].allocated. */
void set_smmu_cb_allocated(u32 cbidx, u32 v)
{
	el2_data.smmu_cb[cbidx].allocated = v;
}

/* Read el2_data.smmu_cb[cbidx].pool_start. */
u64 get_smmu_pool_start(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].pool_start;
}

/* Write el2_data.smmu_cb[cbidx].pool_start. */
void set_smmu_pool_start(u32 cbidx, u64 v)
{
	el2_data.smmu_cb[cbidx].pool_start = v;
}

/* Read el2_data.smmu_cb[cbidx].pmd_used. */
u64 get_smmu_pmd_used(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].pmd_used;
}

/* Write el2_data.smmu_cb[cbidx].pmd_used. */
void set_smmu_pmd_used(u32 cbidx, u64 v)
{
	el2_data.smmu_cb[cbidx].pmd_used = v;
}

/* Read el2_data.smmu_cb[cbidx].pte_used. */
u64 get_smmu_pte_used(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].pte_used;
}

/* Write el2_data.smmu_cb[cbidx].pte_used. */
void set_smmu_pte_used(u32 cbidx, u64 v)
{
	el2_data.smmu_cb[cbidx].pte_used = v;
}

/* Read el2_data.smmu_cb[cbidx].root. */
u64 get_smmu_cb_root(u32 cbidx)
{
	return el2_data.smmu_cb[cbidx].root;
}

/* Write el2_data.smmu_cb[cbidx].root. */
void set_smmu_cb_root(u32 cbidx, u64 v)
{
	el2_data.smmu_cb[cbidx].root = v;
}

/* Read el2_data.smmu_base[smmu]. */
u64 get_smmu_base(u32 smmu)
{
	return el2_data.smmu_base[smmu];
}

/* Write el2_data.smmu_base[smmu]. */
void set_smmu_base(u32 smmu, u64 v)
{
	el2_data.smmu_base[smmu] = v;
}

/* Read el2_data.vm[vmid].state. */
u32 get_vm_state(u32 vmid)
{
	return el2_data.vm[vmid].state;
}

/* Write el2_data.vm[vmid].state. */
void set_vm_state(u32 vmid, u32 v)
{
	el2_data.vm[vmid].state = v;
}

/* Read el2_data.vm[vmid].load_info_cnt. */
u32 get_vm_load_info_cnt(u32 vmid)
{
	return el2_data.vm[vmid].load_info_cnt;
}

/* Write el2_data.vm[vmid].load_info_cnt. */
void set_vm_load_info_cnt(u32 vmid, u32 v)
{
	el2_data.vm[vmid].load_info_cnt = v;
}

/* Read el2_data.vm[vmid].vcpu_cnt. */
u32 get_vm_vcpu_cnt(u32 vmid)
{
	return el2_data.vm[vmid].vcpu_cnt;
}

/* Write el2_data.vm[vmid].vcpu_cnt. */
void set_vm_vcpu_cnt(u32 vmid, u32 v)
{
	el2_data.vm[vmid].vcpu_cnt = v;
}

/* Read el2_data.vm[vmid].load[li].load_addr. */
u64 get_vm_load_addr(u32 vmid, u32 li)
{
	return el2_data.vm[vmid].load[li].load_addr;
}

/* Write el2_data.vm[vmid].load[li].load_addr. */
void set_vm_load_addr(u32 vmid, u32 li, u64 v)
{
	el2_data.vm[vmid].load[li].load_addr = v;
}

/* Read el2_data.vm[vmid].load[li].size. */
u64 get_vm_load_size(u32 vmid, u32 li)
{
	return el2_data.vm[vmid].load[li].size;
}

/* Write el2_data.vm[vmid].load[li].size. */
void set_vm_load_size(u32 vmid, u32 li, u64 v)
{
	el2_data.vm[vmid].load[li].size = v;
}

/* Read el2_data.vm[vmid].load[li].remap_start. */
u64 get_vm_remap_start(u32 vmid, u32 li)
{
	return el2_data.vm[vmid].load[li].remap_start;
}

/* Write el2_data.vm[vmid].load[li].remap_start. */
void set_vm_remap_start(u32 vmid, u32 li, u64 v)
{
	el2_data.vm[vmid].load[li].remap_start = v;
}

/* Read el2_data.vm[vmid].load[li].remapped. */
u64 get_vm_remapped(u32 vmid, u32 li)
{
	return el2_data.vm[vmid].load[li].remapped;
}

/* Write el2_data.vm[vmid].load[li].remapped. */
void set_vm_remapped(u32 vmid, u32 li, u64 v)
{
	el2_data.vm[vmid].load[li].remapped = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].gpr[i]. */
u64 get_vcpu_gpr(u32 vmid, u32 vcpuid, u32 i)
{
	return el2_data.vm[vmid].vcpu[vcpuid].gpr[i];
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].gpr[i]. */
void set_vcpu_gpr(u32 vmid, u32 vcpuid, u32 i, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].gpr[i] = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].pc. */
u64 get_vcpu_pc(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].pc;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].pc. */
void set_vcpu_pc(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].pc = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].pstate. */
u64 get_vcpu_pstate(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].pstate;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].pstate. */
void set_vcpu_pstate(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].pstate = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].sysregs[i]. */
u64 get_vcpu_sysreg(u32 vmid, u32 vcpuid, u32 i)
{
	return el2_data.vm[vmid].vcpu[vcpuid].sysregs[i];
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].sysregs[i]. */
void set_vcpu_sysreg(u32 vmid, u32 vcpuid, u32 i, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].sysregs[i] = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].esr. */
u64 get_vcpu_esr(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].esr;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].esr. */
void set_vcpu_esr(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].esr = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].far. */
u64 get_vcpu_far(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].far;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].far. */
void set_vcpu_far(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].far = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].hpfar. */
u64 get_vcpu_hpfar(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].hpfar;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].hpfar. */
void set_vcpu_hpfar(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].hpfar = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].fault_ipa. */
u64 get_vcpu_fault_ipa(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].fault_ipa;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].fault_ipa. */
void set_vcpu_fault_ipa(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].fault_ipa = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].state. */
u32 get_vcpu_state(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].state;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].state. */
void set_vcpu_state(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].state = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].started. */
u32 get_vcpu_started(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].started;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].started. */
void set_vcpu_started(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].started = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].mmio_pending. */
u32 get_vcpu_mmio_pending(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].mmio_pending;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].mmio_pending. */
void set_vcpu_mmio_pending(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].mmio_pending = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].mmio_rt. */
u32 get_vcpu_mmio_rt(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].mmio_rt;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].mmio_rt. */
void set_vcpu_mmio_rt(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].mmio_rt = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].mmio_size. */
u32 get_vcpu_mmio_size(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].mmio_size;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].mmio_size. */
void set_vcpu_mmio_size(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].mmio_size = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].mmio_write. */
u32 get_vcpu_mmio_write(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].mmio_write;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].mmio_write. */
void set_vcpu_mmio_write(u32 vmid, u32 vcpuid, u32 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].mmio_write = v;
}

/* Read el2_data.vm[vmid].vcpu[vcpuid].mmio_data. */
u64 get_vcpu_mmio_data(u32 vmid, u32 vcpuid)
{
	return el2_data.vm[vmid].vcpu[vcpuid].mmio_data;
}

/* Write el2_data.vm[vmid].vcpu[vcpuid].mmio_data. */
void set_vcpu_mmio_data(u32 vmid, u32 vcpuid, u64 v)
{
	el2_data.vm[vmid].vcpu[vcpuid].mmio_data = v;
}

/* Read el2_data.host.sysregs[i]. */
u64 get_host_sysreg(u32 i)
{
	return el2_data.host.sysregs[i];
}

/* Write el2_data.host.sysregs[i]. */
void set_host_sysreg(u32 i, u64 v)
{
	el2_data.host.sysregs[i] = v;
}

/* Read el2_data.host.elr. */
u64 get_host_elr(void)
{
	return el2_data.host.elr;
}

/* Write el2_data.host.elr. */
void set_host_elr(u64 v)
{
	el2_data.host.elr = v;
}

/* Read el2_data.host.spsr. */
u64 get_host_spsr(void)
{
	return el2_data.host.spsr;
}

/* Write el2_data.host.spsr. */
void set_host_spsr(u64 v)
{
	el2_data.host.spsr = v;
}

/* Read el2_data.host.hcr. */
u64 get_host_hcr(void)
{
	return el2_data.host.hcr;
}

/* Write el2_data.host.hcr. */
void set_host_hcr(u64 v)
{
	el2_data.host.hcr = v;
}

/* Read el2_data.host.vttbr. */
u64 get_host_vttbr(void)
{
	return el2_data.host.vttbr;
}

/* Write el2_data.host.vttbr. */
void set_host_vttbr(u64 v)
{
	el2_data.host.vttbr = v;
}

/* Read el2_data.remap_pfn[slot]. */
u64 get_remap_pfn(u64 slot)
{
	return el2_data.remap_pfn[slot];
}

/* Write el2_data.remap_pfn[slot]. */
void set_remap_pfn(u64 slot, u64 v)
{
	el2_data.remap_pfn[slot] = v;
}

/* Read el2_data.next_remap. */
u64 get_next_remap(void)
{
	return el2_data.next_remap;
}

/* Write el2_data.next_remap. */
void set_next_remap(u64 v)
{
	el2_data.next_remap = v;
}

/* Read el2_data.next_vmid. */
u32 get_next_vmid(void)
{
	return el2_data.next_vmid;
}

/* Write el2_data.next_vmid. */
void set_next_vmid(u32 v)
{
	el2_data.next_vmid = v;
}

/* Read el2_data.cur_vmid. */
u32 get_cur_vmid(void)
{
	return el2_data.cur_vmid;
}

/* Write el2_data.cur_vmid. */
void set_cur_vmid(u32 v)
{
	el2_data.cur_vmid = v;
}

/* Read el2_data.cur_vcpuid. */
u32 get_cur_vcpuid(void)
{
	return el2_data.cur_vcpuid;
}

/* Write el2_data.cur_vcpuid. */
void set_cur_vcpuid(u32 v)
{
	el2_data.cur_vcpuid = v;
}
