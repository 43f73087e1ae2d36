use autov::SpecType;
use std::collections::HashMap;

#[derive(SpecType)]
struct State {
    owners: HashMap<u64, u32>,
}

fn main() {}
