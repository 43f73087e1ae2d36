use autov::smt::{check_no_fault, check_refinement, Settings};
use autov::spec::Program;
use autov::{layer, rely, Map, SpecType};

#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub enum Owner { Free, Host, Vm(u32) }
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct Page { pub owner: Owner, pub count: u8, pub gfn: u64 }
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct PageDb { pub pages: [Page; 16], pub base: u64, pub quota: Map<u32, u16>, pub next_vmid: u32 }

#[layer(name = "T", state = PageDb)]
pub mod t {
    use super::*;
    #[spec]
    pub fn assign_to_vm(addr: u64, vmid: u32, st: &PageDb) -> Option<(bool, PageDb)> {
        if addr < st.base {
            return None;
        }
        let idx = (addr - st.base) >> 12;
        rely!(idx < 16);
        match st.pages[idx as usize].owner {
            Owner::Host => {
                let quota = st.quota.get(vmid);
                if quota == 0 {
                    return Some((false, st.clone()));
                }
                let mut after = st.clone();
                after.pages[idx as usize].owner = Owner::Vm(vmid);
                after.pages[idx as usize].count += 1;
                after.quota.set(vmid, quota - 1);
                Some((true, after))
            }
            _ => Some((false, st.clone())),
        }
    }
}

#[test]
fn timing() {
    let p = Program::from_layer(t::layer).unwrap();
    let f = &p.fns["assign_to_vm"];
    for _ in 0..3 {
        let t0 = std::time::Instant::now();
        let r = check_refinement(&p, f, f, None, &Settings::default());
        let t1 = t0.elapsed();
        let t0 = std::time::Instant::now();
        let n = check_no_fault(&p, f, &Settings::default());
        let t2 = t0.elapsed();
        let short = |v: &autov::smt::Verdict| format!("{v:?}").chars().take(60).collect::<String>();
        eprintln!("refine-self {t1:?} {} | no-fault {t2:?} {}", short(&r), short(&n));
    }
}
