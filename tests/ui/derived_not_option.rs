use autov::layer;

#[layer(state = u64)]
mod counter {
    #[derived]
    pub fn read(st: &u64) -> u64;
}

fn main() {}
