use autov::layer;

#[layer(name = "Pages")]
mod pages {}

fn main() {}
