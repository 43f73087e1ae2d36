//! A fixture suite of specs: a small page manager in two layers, using every construct of the
//! spec language. Shared by the spec_* tests through `#[path]`.

// Loops over index ranges are the DSL's only loops.
#![allow(clippy::needless_range_loop)]

use autov::{layer, rely, Map, SpecType};

/// Pages the fixture state holds.
pub const NPAGES: usize = 4;
/// `page_index` of an address outside the pages.
pub const INVALID: u64 = u64::MAX;
/// log2 of the page size.
pub const PAGE_SHIFT: u64 = 12;

/// Who owns a page.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub enum Owner {
    /// Nobody.
    Free,
    /// The host.
    Host,
    /// A VM, by VMID.
    Vm(u32),
}

/// One page's record.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct Page {
    /// Its owner.
    pub owner: Owner,
    /// How many mappings share it.
    pub count: u8,
    /// The guest frame it backs.
    pub gfn: u64,
}

/// The abstract state of both layers.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct PageDb {
    /// Page records.
    pub pages: [Page; NPAGES],
    /// Physical address of page 0.
    pub base: u64,
    /// Pages each VM may still take.
    pub quota: Map<u32, u16>,
    /// The next VMID to hand out.
    pub next_vmid: u32,
}

/// The bottom layer: page records.
#[layer(name = "PageStore", state = PageDb)]
pub mod store {
    use super::*;

    /// Index of the page holding `addr`, or `INVALID`.
    #[spec]
    pub fn page_index(addr: u64, st: &PageDb) -> Option<u64> {
        if addr < st.base {
            return Some(INVALID);
        }
        let idx = (addr - st.base) >> PAGE_SHIFT;
        if idx >= NPAGES as u64 {
            Some(INVALID)
        } else {
            Some(idx)
        }
    }

    /// Owner of page `idx`.
    #[spec]
    pub fn get_owner(idx: u64, st: &PageDb) -> Option<Owner> {
        rely!(idx < NPAGES as u64);
        Some(st.pages[idx as usize].owner)
    }

    /// Sets the owner of page `idx`.
    #[spec]
    pub fn set_owner(idx: u64, owner: Owner, st: &PageDb) -> Option<((), PageDb)> {
        rely!(idx < NPAGES as u64);
        let mut st = st.clone();
        st.pages[idx as usize].owner = owner;
        Some(((), st))
    }

    /// Adds a mapping to page `idx` (overflow of the count is a spec error).
    #[spec]
    pub fn inc_count(idx: u64, st: &PageDb) -> Option<((), PageDb)> {
        rely!(idx < NPAGES as u64);
        let mut s = st.clone();
        s.pages[idx as usize].count += 1;
        Some(((), s))
    }

    /// Whether `o` is a VM (a `match` on purpose: the fixture covers enum patterns).
    #[helper]
    #[allow(clippy::match_like_matches_macro)]
    pub fn is_vm(o: Owner) -> bool {
        match o {
            Owner::Vm(_) => true,
            _ => false,
        }
    }
}

/// The page manager, over the page store.
#[layer(
    name = "PageManager",
    below = super::store,
    state = PageDb,
    refines = same_layout,
    memory(page_db[0, 8] => base, page_db[8, 4] => next_vmid)
)]
pub mod manager {
    use super::store::{get_owner, is_vm, page_index, set_owner};
    use super::*;

    /// Zeroes page `idx`: its spec is derived from the C code.
    #[derived]
    pub fn clear_page(idx: u64, st: &PageDb) -> Option<((), PageDb)>;

    /// Calls a derived spec (this spec has a term but cannot run natively).
    #[spec]
    pub fn clear_if_free(idx: u64, st: &PageDb) -> Option<(bool, PageDb)> {
        if get_owner(idx, st)? != Owner::Free {
            return Some((false, st.clone()));
        }
        let (_, after) = clear_page(idx, st)?;
        Some((true, after))
    }

    /// The refinement relation to the page store: the same base and VMID counter.
    #[helper]
    pub fn same_layout(high: &PageDb, low: &PageDb) -> bool {
        high.base == low.base && high.next_vmid == low.next_vmid && high.pages == low.pages
    }

    /// Owner of the page holding `addr`.
    #[spec]
    pub fn owner_of(addr: u64, st: &PageDb) -> Option<Owner> {
        let idx = page_index(addr, st)?;
        if idx == INVALID {
            return None;
        }
        get_owner(idx, st)
    }

    /// Gives the host page at `addr` to VM `vmid` if its quota allows.
    #[spec]
    pub fn assign_to_vm(addr: u64, vmid: u32, st: &PageDb) -> Option<(bool, PageDb)> {
        let idx = page_index(addr, st)?;
        rely!(idx != INVALID);
        match get_owner(idx, st)? {
            Owner::Host => {
                let quota = st.quota.get(vmid);
                if quota == 0 {
                    return Some((false, st.clone()));
                }
                let (_, after) = set_owner(idx, Owner::Vm(vmid), st)?;
                let mut after = after;
                after.quota.set(vmid, quota - 1);
                Some((true, after))
            }
            _ => Some((false, st.clone())),
        }
    }

    /// Number of pages VM `vmid` owns (a bounded loop).
    #[spec]
    pub fn count_owned(vmid: u32, st: &PageDb) -> Option<u64> {
        let mut n = 0u64;
        for i in 0..NPAGES {
            if st.pages[i].owner == Owner::Vm(vmid) {
                n += 1;
            }
        }
        Some(n)
    }

    /// Free pages among the last `k` (recursion with a measure).
    #[spec(measure = k)]
    pub fn count_free_tail(k: u64, st: &PageDb) -> Option<u64> {
        if k == 0 {
            return Some(0);
        }
        rely!(k <= NPAGES as u64);
        let rest = count_free_tail(k - 1, st)?;
        let idx = NPAGES as u64 - k;
        let here = if st.pages[idx as usize].owner == Owner::Free {
            1
        } else {
            0
        };
        Some(rest + here)
    }

    /// The guest frame of page `idx` plus `delta`, if it does not overflow.
    #[spec]
    pub fn gfn_plus(idx: u64, delta: u64, st: &PageDb) -> Option<u64> {
        rely!(idx < NPAGES as u64);
        let g = st.pages[idx as usize].gfn;
        g.checked_add(delta)
    }

    /// Wrapping and saturating arithmetic on the guest frame.
    #[spec]
    pub fn gfn_mix(idx: u64, delta: u64, st: &PageDb) -> Option<(u64, u64, u32)> {
        rely!(idx < NPAGES as u64);
        let g = st.pages[idx as usize].gfn;
        let w = g.wrapping_mul(delta).wrapping_sub(1);
        let s = g.saturating_add(delta).min(w.max(7));
        Some((w, s, (g as u32).saturating_mul(3)))
    }

    /// `marks` with `n % 8` keys `1 << (shift % 4)` apart from `start` (wrapping) set to `v`.
    #[spec]
    pub fn mark_run(
        marks: Map<u64, u8>,
        start: u64,
        n: u8,
        shift: u8,
        v: u8,
    ) -> Option<Map<u64, u8>> {
        let mut m = marks.clone();
        m.fill(start, (n % 8) as u64, (shift % 4) as u64, v);
        Some(m)
    }

    /// Physical address of page `idx` (overflow is a spec error).
    #[spec]
    pub fn page_addr(idx: u64, st: &PageDb) -> Option<u64> {
        Some(st.base + (idx << PAGE_SHIFT))
    }

    /// Integer patterns, or-patterns, signed remainder and a narrowing cast.
    #[spec]
    pub fn classify(x: i32) -> Option<i8> {
        match x {
            0 => Some(0),
            1 | 2 => Some(1),
            _ => {
                if x < 0 {
                    Some(-1)
                } else {
                    Some((x % 200) as i8)
                }
            }
        }
    }

    /// Tuple and option patterns, division (by zero is a spec error), xor and shifts.
    #[spec]
    pub fn pair_logic(a: Option<u8>, b: (bool, u16)) -> Option<u16> {
        match (a, b) {
            (Some(x), (true, y)) => Some(y / (x as u16)),
            (None, (flag, y)) => {
                if flag || y > 10 {
                    Some(y ^ 0xff)
                } else {
                    None
                }
            }
            (Some(x), (false, _)) => Some((x as u16) << 4u32),
        }
    }

    /// Struct literals with functional update, and a wrapping counter.
    #[spec]
    pub fn reset_page(idx: u64, st: &PageDb) -> Option<((), PageDb)> {
        rely!(idx < NPAGES as u64);
        let i = idx as usize;
        let p = Page {
            owner: Owner::Free,
            ..st.pages[i]
        };
        let mut s = st.clone();
        s.pages[i] = Page { count: 0, ..p };
        s.next_vmid = s.next_vmid.wrapping_add(1);
        Some(((), s))
    }

    /// Signed negation, multiplication and arithmetic shift.
    #[spec]
    pub fn signed_mix(a: i16, b: i16) -> Option<i16> {
        let c = -a;
        Some(c * b - (a >> 2u8))
    }

    /// A fresh state: array repeat, `Map::new`, struct literal.
    #[spec]
    pub fn fresh_db(base: u64, quota: u16) -> Option<PageDb> {
        let page = Page {
            owner: Owner::Free,
            count: 0,
            gfn: 0,
        };
        let mut q: Map<u32, u16> = Map::new(0);
        q.set(1, quota);
        Some(PageDb {
            pages: [page; NPAGES],
            base,
            quota: q,
            next_vmid: 1,
        })
    }

    /// `if let`, `is_some`, a helper call, boolean operators and `bool as` casts.
    #[spec]
    pub fn vm_pages(vmid: Option<u32>, st: &PageDb) -> Option<u8> {
        let mut total = 0u8;
        if let Some(v) = vmid {
            for i in 0..NPAGES {
                let o = st.pages[i].owner;
                total += (is_vm(o) && o == Owner::Vm(v)) as u8;
            }
        } else {
            total = (vmid.is_some() | (st.next_vmid != 0)) as u8;
        }
        Some(total)
    }

    /// Tuple fields, array literals, `!` on integers and booleans, and checked operations.
    #[spec]
    pub fn bits(pair: (u8, bool), xs: [u16; 3]) -> Option<(u16, bool)> {
        let ys = [xs[2], xs[1] & 0x0f0f, !xs[0]];
        let n = pair.0 as u16;
        let m = ys[0].checked_sub(n)?.checked_mul(2)?;
        let q = m.checked_div(ys[1])?;
        let r = (q % 7) | (ys[2] >> 3u8) ^ n.saturating_sub(1).wrapping_sub(2);
        Some((r, !pair.1 && n <= 3 || r > 100))
    }

    /// A `match` statement whose arms assign variables, inside a loop.
    #[spec]
    pub fn tally(xs: [Option<u8>; 3]) -> Option<(u8, u8)> {
        let mut present = 0u8;
        let mut absent = 0u8;
        for i in 0..3 {
            match xs[i] {
                Some(_) => present += 1,
                None => {
                    absent += 1;
                }
            }
        }
        Some((present, absent))
    }

    /// Hands out the next VMID, changing state through a mutable copy in both branches.
    #[spec]
    pub fn alloc_vmid(st: &PageDb) -> Option<(u32, PageDb)> {
        let mut s = st.clone();
        let id = s.next_vmid;
        if id >= 16 {
            return None;
        } else if id == 0 {
            s.next_vmid = 2;
        } else {
            s.next_vmid += 1;
            s.quota.set(id, 2);
        }
        Some((id, s))
    }
}
