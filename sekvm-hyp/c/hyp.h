/* Prototypes of every function of the hypervisor core, grouped by layer (bottom to top). */
#ifndef SEKVM_HYP_H
#define SEKVM_HYP_H

#include "constants.h"
#include "hw.h"

/* ---- Accessors (accessors.c) ---- */
u64 get_region_base(u32 i);
void set_region_base(u32 i, u64 v);
u64 get_region_size(u32 i);
void set_region_size(u32 i, u64 v);
u64 get_region_index(u32 i);
void set_region_index(u32 i, u64 v);
u32 get_region_cnt(void);
void set_region_cnt(u32 v);
u32 get_booted(void);
void set_booted(u32 v);
u32 get_s2page_owner(u64 idx);
void set_s2page_owner(u64 idx, u32 v);
u32 get_s2page_count(u64 idx);
void set_s2page_count(u64 idx, u32 v);
u64 get_s2page_gfn(u64 idx);
void set_s2page_gfn(u64 idx, u64 v);
u64 get_pt_pool_start(u32 vmid);
void set_pt_pool_start(u32 vmid, u64 v);
u64 get_pt_pud_used(u32 vmid);
void set_pt_pud_used(u32 vmid, u64 v);
u64 get_pt_pmd_used(u32 vmid);
void set_pt_pmd_used(u32 vmid, u64 v);
u64 get_pt_pte_used(u32 vmid);
void set_pt_pte_used(u32 vmid, u64 v);
u64 get_pt_vttbr(u32 vmid);
void set_pt_vttbr(u32 vmid, u64 v);
u32 get_smmu_cb_owner(u32 cbidx);
void set_smmu_cb_owner(u32 cbidx, u32 v);
u32 get_smmu_cb_allocated(u32 cbidx);
void set_smmu_cb_allocated(u32 cbidx, u32 v);
u64 get_smmu_pool_start(u32 cbidx);
void set_smmu_pool_start(u32 cbidx, u64 v);
u64 get_smmu_pmd_used(u32 cbidx);
void set_smmu_pmd_used(u32 cbidx, u64 v);
u64 get_smmu_pte_used(u32 cbidx);
void set_smmu_pte_used(u32 cbidx, u64 v);
u64 get_smmu_cb_root(u32 cbidx);
void set_smmu_cb_root(u32 cbidx, u64 v);
u64 get_smmu_base(u32 smmu);
void set_smmu_base(u32 smmu, u64 v);
u32 get_vm_state(u32 vmid);
void set_vm_state(u32 vmid, u32 v);
u32 get_vm_load_info_cnt(u32 vmid);
void set_vm_load_info_cnt(u32 vmid, u32 v);
u32 get_vm_vcpu_cnt(u32 vmid);
void set_vm_vcpu_cnt(u32 vmid, u32 v);
u64 get_vm_load_addr(u32 vmid, u32 li);
void set_vm_load_addr(u32 vmid, u32 li, u64 v);
u64 get_vm_load_size(u32 vmid, u32 li);
void set_vm_load_size(u32 vmid, u32 li, u64 v);
u64 get_vm_remap_start(u32 vmid, u32 li);
void set_vm_remap_start(u32 vmid, u32 li, u64 v);
u64 get_vm_remapped(u32 vmid, u32 li);
void set_vm_remapped(u32 vmid, u32 li, u64 v);
u64 get_vcpu_gpr(u32 vmid, u32 vcpuid, u32 i);
void set_vcpu_gpr(u32 vmid, u32 vcpuid, u32 i, u64 v);
u64 get_vcpu_pc(u32 vmid, u32 vcpuid);
void set_vcpu_pc(u32 vmid, u32 vcpuid, u64 v);
u64 get_vcpu_pstate(u32 vmid, u32 vcpuid);
void set_vcpu_pstate(u32 vmid, u32 vcpuid, u64 v);
u64 get_vcpu_sysreg(u32 vmid, u32 vcpuid, u32 i);
void set_vcpu_sysreg(u32 vmid, u32 vcpuid, u32 i, u64 v);
u64 get_vcpu_esr(u32 vmid, u32 vcpuid);
void set_vcpu_esr(u32 vmid, u32 vcpuid, u64 v);
u64 get_vcpu_far(u32 vmid, u32 vcpuid);
void set_vcpu_far(u32 vmid, u32 vcpuid, u64 v);
u64 get_vcpu_hpfar(u32 vmid, u32 vcpuid);
void set_vcpu_hpfar(u32 vmid, u32 vcpuid, u64 v);
u64 get_vcpu_fault_ipa(u32 vmid, u32 vcpuid);
void set_vcpu_fault_ipa(u32 vmid, u32 vcpuid, u64 v);
u32 get_vcpu_state(u32 vmid, u32 vcpuid);
void set_vcpu_state(u32 vmid, u32 vcpuid, u32 v);
u32 get_vcpu_started(u32 vmid, u32 vcpuid);
void set_vcpu_started(u32 vmid, u32 vcpuid, u32 v);
u32 get_vcpu_mmio_pending(u32 vmid, u32 vcpuid);
void set_vcpu_mmio_pending(u32 vmid, u32 vcpuid, u32 v);
u32 get_vcpu_mmio_rt(u32 vmid, u32 vcpuid);
void set_vcpu_mmio_rt(u32 vmid, u32 vcpuid, u32 v);
u32 get_vcpu_mmio_size(u32 vmid, u32 vcpuid);
void set_vcpu_mmio_size(u32 vmid, u32 vcpuid, u32 v);
u32 get_vcpu_mmio_write(u32 vmid, u32 vcpuid);
void set_vcpu_mmio_write(u32 vmid, u32 vcpuid, u32 v);
u64 get_vcpu_mmio_data(u32 vmid, u32 vcpuid);
void set_vcpu_mmio_data(u32 vmid, u32 vcpuid, u64 v);
u64 get_host_sysreg(u32 i);
void set_host_sysreg(u32 i, u64 v);
u64 get_host_elr(void);
void set_host_elr(u64 v);
u64 get_host_spsr(void);
void set_host_spsr(u64 v);
u64 get_host_hcr(void);
void set_host_hcr(u64 v);
u64 get_host_vttbr(void);
void set_host_vttbr(u64 v);
u64 get_remap_pfn(u64 slot);
void set_remap_pfn(u64 slot, u64 v);
u64 get_next_remap(void);
void set_next_remap(u64 v);
u32 get_next_vmid(void);
void set_next_vmid(u32 v);
u32 get_cur_vmid(void);
void set_cur_vmid(u32 v);
u32 get_cur_vcpuid(void);
void set_cur_vcpuid(u32 v);

/* ---- Locks (locks.c) ---- */
void acquire_lock_s2page(void);
void release_lock_s2page(void);
void acquire_lock_core(void);
void release_lock_core(void);
void acquire_lock_smmu(void);
void release_lock_smmu(void);
void acquire_lock_spt(void);
void release_lock_spt(void);
void acquire_lock_vm(u32 vmid);
void release_lock_vm(u32 vmid);
void acquire_lock_pt(u32 vmid);
void release_lock_pt(u32 vmid);

/* ---- Util (util.c) ---- */
u64 pgd_index(u64 addr);
u64 pud_index(u64 addr);
u64 pmd_index(u64 addr);
u64 pte_index(u64 addr);
u64 entry_addr(u64 table_pa, u64 idx);
u32 desc_is_table(u64 desc);
u32 desc_is_block(u64 desc);
u32 desc_is_valid(u64 desc);
u64 desc_addr(u64 desc);
u64 make_table_desc(u64 pa);
u64 make_page_desc(u64 pfn, u64 attr);
u64 make_block_desc(u64 pfn, u64 attr);
u64 make_vttbr(u32 vmid, u64 pgd_pa);
u64 leaf_pfn(u64 desc, u64 addr);
void clear_pt_page(u64 pa);
u32 valid_vm_id(u64 vmid);
u32 valid_vcpu_id(u64 vcpuid);
u32 valid_smmu_cb(u64 smmu, u64 cb);
u32 smmu_cb_index(u32 smmu, u32 cb);
u64 smmu_cb_reg(u32 cb, u64 reg);
u32 page_aligned(u64 addr);
u64 size_to_pages(u64 size);
u64 digest_step(u64 h, u64 w);
u64 access_mask(u32 size);

/* ---- S2PTAlloc (s2pt_alloc.c) ---- */
void init_s2pt_pools(void);
void reset_s2pt_pool(u32 vmid);
u64 alloc_s2pt_pud(u32 vmid);
u64 alloc_s2pt_pmd(u32 vmid);
u64 alloc_s2pt_pte(u32 vmid);

/* ---- S2PTWalk (s2pt_walk.c) ---- */
u64 walk_pgd(u32 vmid, u64 vttbr, u64 addr, u32 alloc);
u64 walk_pud(u32 vmid, u64 pud, u64 addr, u32 alloc);
u64 walk_pmd(u32 vmid, u64 pmd, u64 addr, u32 alloc);
u64 pmd_entry(u64 pmd, u64 addr);
u64 pte_entry(u64 pte, u64 addr);
void set_pmd(u64 pmd, u64 addr, u64 desc);
void set_pte(u64 pte, u64 addr, u64 desc);

/* ---- S2PTTreeOps (s2pt_tree.c) ---- */
void init_npt(u32 vmid);
u64 walk_npt(u32 vmid, u64 addr);
u32 npt_level(u32 vmid, u64 addr);
u64 set_npt(u32 vmid, u64 addr, u32 level, u64 desc);
u64 clear_npt(u32 vmid, u64 addr, u32 level);
u32 npt_pmd_empty(u32 vmid, u64 addr);

/* ---- S2PTOps (s2pt_ops.c) ---- */
void init_s2pt(u32 vmid);
u64 walk_s2pt(u32 vmid, u64 addr);
u64 read_s2pt_vttbr(u32 vmid);
u64 mmap_s2pt(u32 vmid, u64 addr, u64 pfn, u32 level, u64 attr);
u64 unmap_s2pt(u32 vmid, u64 addr);
void clear_pfn_host(u64 pfn);
u32 s2pt_block_free(u32 vmid, u64 addr);

/* ---- SmmuPTAlloc (smmu_pt_alloc.c) ---- */
void init_smmu_pools(void);
void reset_smmu_pool(u32 cbidx);
u64 alloc_smmu_pmd_page(u32 cbidx);
u64 alloc_smmu_pte_page(u32 cbidx);
u64 smmu_pte_page(u32 cbidx, u64 k);

/* ---- SmmuPTWalk (smmu_pt_walk.c) ---- */
u64 walk_smmu_pgd(u32 cbidx, u64 root, u64 iova, u32 alloc);
u64 walk_smmu_pmd(u32 cbidx, u64 pmd, u64 iova, u32 alloc);
u64 walk_smmu_pte(u64 pte, u64 iova);
void set_smmu_pte(u64 pte, u64 iova, u64 desc);
u64 smmu_entry_at(u64 pa, u64 i);

/* ---- SmmuPTTreeOps (smmu_pt_tree.c) ---- */
void smmu_tlb_flush(u32 cbidx);
void init_smmu_pt(u32 cbidx);
u64 walk_smmu_pt(u32 cbidx, u64 iova);
u64 set_smmu_pt(u32 cbidx, u64 iova, u64 desc);
u64 clear_smmu_pt(u32 cbidx, u64 iova);
u64 smmu_pool_entry(u32 cbidx, u64 k, u64 i);

/* ---- SmmuPTOps (smmu_pt_ops.c) ---- */
void init_spt(u32 cbidx);
u64 walk_spt(u32 cbidx, u64 iova);
u64 map_spt(u32 cbidx, u64 iova, u64 pfn);
u64 unmap_spt(u32 cbidx, u64 iova);
u64 spt_pool_entry(u32 cbidx, u64 k, u64 i);
u64 spt_root(u32 cbidx);

/* ---- MemRegion (mem_region.c) ---- */
void init_mem_regions(void);
u32 mem_region_search(u64 addr);
u32 is_smmu_addr(u64 addr);
u32 is_core_addr(u64 addr);

/* ---- PageIndex (page_index.c) ---- */
u64 get_s2_page_index(u64 addr);
u64 get_pfn_index(u64 pfn);
u64 region_pages(u32 r);
u64 region_first_pfn(u32 r);

/* ---- PageManager (page_manager.c) ---- */
u32 get_pfn_owner(u64 pfn);
void set_pfn_owner(u64 pfn, u32 owner);
u32 get_pfn_count(u64 pfn);
void set_pfn_count(u64 pfn, u32 count);
u64 get_pfn_map(u64 pfn);
void set_pfn_map(u64 pfn, u64 gfn);
u32 pfn_is_ram(u64 pfn);
void scrub_phys_page(u64 pfn);
u64 page_digest(u64 pfn, u64 h);
void init_region_pages(u32 r);

/* ---- MemManager (mem_manager.c) ---- */
void init_s2pages(void);
u64 assign_pfn_to_vm(u32 vmid, u64 gfn, u64 pfn);
u64 check_pfn_to_vm(u32 vmid, u64 gfn, u64 pfn);
u32 vm_owns_pfn(u32 vmid, u64 pfn);
u32 host_owns_free_pfn(u64 pfn);
u64 grant_vm_page(u32 vmid, u64 pfn);
u64 revoke_vm_page(u32 vmid, u64 pfn);
u64 clear_vm_page(u32 vmid, u64 pfn);
u64 map_pfn_host(u64 pfn);
u64 map_block_host(u64 pfn0);

/* ---- SmmuMemOpsAux (smmu_mem_aux.c) ---- */
u64 smmu_page_get(u32 owner, u64 pfn);
void smmu_page_put(u64 pfn);

/* ---- SmmuMemOps (smmu_mem.c) ---- */
u64 map_smmu(u32 cbidx, u32 owner, u64 iova, u64 pfn);
u64 unmap_smmu(u32 cbidx, u64 iova);
void put_smmu_pte_page(u32 cbidx, u64 k);
u64 smmu_iova_to_phys(u32 cbidx, u64 iova);

/* ---- SmmuAccess (smmu_access.c) ---- */
u64 smmu_global_write_value(u32 smmu, u64 offset, u64 val);
u64 smmu_cb_write_value(u32 smmu, u32 cb, u64 reg, u64 val);

/* ---- SmmuReadWrite (smmu_rw.c) ---- */
u64 handle_smmu_write(u32 smmu, u64 offset, u64 val, u32 size);
u64 handle_smmu_read(u32 smmu, u64 offset, u32 size);

/* ---- SmmuOpsAux (smmu_ops_aux.c) ---- */
u64 handle_host_mmio(u64 addr, u64 esr);
void free_smmu_cb(u32 cbidx);
void smmu_boot_init(void);

/* ---- SmmuOps (smmu_ops.c) ---- */
u64 emulate_mmio(u64 addr, u64 esr);
u64 el2_alloc_smmu_cb(u64 smmu, u64 cb, u64 vmid);
u64 el2_free_smmu_cb(u64 smmu, u64 cb);
u64 el2_smmu_map(u64 smmu, u64 cb, u64 iova, u64 pfn);
u64 el2_smmu_unmap(u64 smmu, u64 cb, u64 iova);
u64 el2_smmu_iova_to_phys(u64 smmu, u64 cb, u64 iova);
void free_vm_smmu_cbs(u32 vmid);

/* ---- MemoryOpsAux (memory_ops_aux.c) ---- */
void clear_vm_region_pages(u32 vmid, u32 r);
u64 check_vm_block(u32 vmid, u64 gfn0, u64 pfn0);
u64 assign_vm_block(u32 vmid, u64 gfn0, u64 pfn0);
u64 check_grant_range(u32 vmid, u64 gfn0, u64 n);
void apply_grant_range(u32 vmid, u64 gfn0, u64 n, u32 grant);

/* ---- VMOpsAux (vm_ops_aux.c) ---- */
void init_vm_core(void);
u32 gen_vmid(void);
u64 alloc_remap_addr(u64 npages);
void reset_vcpu_ctxt(u32 vmid, u32 vcpuid);
u64 image_digest(u32 vmid, u32 li);
u32 image_complete(u32 vmid, u32 li);

/* ---- MemoryOps (memory_ops.c) ---- */
u64 map_page_host(u64 addr);
u64 grant_stage2_range(u32 vmid, u64 gfn0, u64 n, u32 grant);
u64 map_vm_io(u32 vmid, u64 gpa, u64 pa);
u64 post_handle_s2_fault(u32 vmid, u64 gfn, u64 pfn, u32 level);
void clear_vm_stage2_range(u32 vmid);

/* ---- VMOps (vm_ops.c) ---- */
u64 register_kvm(void);
u64 register_vcpu(u64 vmid, u64 vcpuid);
u64 set_boot_info(u64 vmid, u64 load_addr, u64 size);
u64 remap_vm_image(u64 vmid, u64 pfn, u64 li);
u64 verify_and_load_images(u64 vmid);
u64 set_vm_poweroff(u64 vmid);
u64 clear_vm(u64 vmid);
u64 map_pfn_guest(u64 vmid, u64 vcpuid, u64 pfn, u64 level);
u64 map_io_guest(u64 vmid, u64 gpa, u64 pa);
u64 get_vm_state_hvc(u64 vmid);
u64 vcpu_run_begin(u64 vmid, u64 vcpuid);
void vcpu_run_end(u32 vmid, u32 vcpuid);
void guest_poweroff(u32 vmid);
u64 mmio_info(u64 vmid, u64 vcpuid, u64 field);
u64 mmio_complete(u64 vmid, u64 vcpuid, u64 value);
u64 vcpu_psci_on(u32 vmid, u64 target, u64 entry, u64 ctx);

/* ---- VCPUOpsAux (vcpu_ops_aux.c) ---- */
void save_guest_gprs(u32 vmid, u32 vcpuid);
void restore_guest_gprs(u32 vmid, u32 vcpuid);
void save_guest_sysregs(u32 vmid, u32 vcpuid);
void restore_guest_sysregs(u32 vmid, u32 vcpuid);
void save_host_sysregs(void);
void restore_host_sysregs(void);

/* ---- VCPUPrep (vcpu_prep.c) ---- */
void record_exit_info(u32 vmid, u32 vcpuid);
void prep_abort(u32 vmid, u32 vcpuid);
void prep_hvc_return(u32 vmid, u32 vcpuid, u64 ret);
void prep_mmio(u32 vmid, u32 vcpuid);

/* ---- VCPUOps (vcpu_ops.c) ---- */
void save_shadow_kvm_regs(u32 vmid, u32 vcpuid);
void restore_shadow_kvm_regs(u32 vmid, u32 vcpuid);

/* ---- CtxtSwitch (ctxt_switch.c) ---- */
void save_host_state(void);
void restore_host_state(void);
void activate_vm(u32 vmid);
void boot_host_ctxt(void);
u64 enter_guest(u32 vmid, u32 vcpuid);

/* ---- GuestHandler (guest_handler.c) ---- */
u64 handle_pvops(u32 vmid, u32 vcpuid);

/* ---- GuestExit (guest_exit.c) ---- */
u64 fixup_guest_exit(u32 vmid, u32 vcpuid, u64 exit);

/* ---- VCPURun (vcpu_run.c) ---- */
u64 vcpu_run(u64 vmid, u64 vcpuid);

/* ---- TrapHandler (trap_handler.c) ---- */
u64 el2_boot(void);
u64 handle_host_hvc(void);
u64 handle_host_stage2_fault(void);

/* ---- TrapDispatch (trap_entry.c) ---- */
u64 handle_host_trap(void);

#endif
