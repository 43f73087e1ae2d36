//! `autov::forall`: the quantifier that relations between layer states need (for every guest
//! frame, the page-table walk gives the abstract map's entry).

/// An integer type a spec can quantify over.
pub trait Quantified: Sized {
    /// Whether `p` holds for every value, by enumeration; `None` when there are too many values
    /// to enumerate (only the checker decides those).
    fn all(p: impl Fn(Self) -> bool) -> Option<bool>;
}

macro_rules! enumerable {
    ($($t:ty),*) => {$(
        impl Quantified for $t {
            fn all(p: impl Fn(Self) -> bool) -> Option<bool> {
                Some((<$t>::MIN..=<$t>::MAX).all(p))
            }
        }
    )*};
}

macro_rules! too_wide {
    ($($t:ty),*) => {$(
        impl Quantified for $t {
            fn all(_: impl Fn(Self) -> bool) -> Option<bool> {
                None
            }
        }
    )*};
}

enumerable!(u8, u16, i8, i16);
too_wide!(u32, u64, usize, i32, i64);

/// `true` when `p` holds for every value of `T`.
///
/// Z3 decides it inside the relations and specs that autov checks. Run natively it enumerates
/// 8- and 16-bit types; over wider types it cannot be run and panics with that message (a spec
/// that uses it is meant for the checker, not for native replay).
pub fn forall<T: Quantified>(p: impl Fn(T) -> bool) -> bool {
    T::all(p).unwrap_or_else(|| {
        panic!(
            "autov::forall over {} cannot be run natively; only the checker decides it",
            std::any::type_name::<T>()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::forall;

    #[test]
    fn enumerates_small_types() {
        assert!(forall(|x: u8| x.wrapping_add(1).wrapping_sub(1) == x));
        assert!(!forall(|x: i16| x != 7));
    }

    #[test]
    #[should_panic(expected = "cannot be run natively")]
    fn refuses_wide_types() {
        forall(|x: u64| x == x);
    }
}
