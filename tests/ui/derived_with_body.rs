use autov::layer;

#[layer(state = u64)]
mod counter {
    #[derived]
    pub fn bump(st: &u64) -> Option<((), u64)> {
        Some(((), *st + 1))
    }
}

fn main() {}
