use autov::layer;

#[layer(state = u64, above = other)]
mod pages {}

fn main() {}
