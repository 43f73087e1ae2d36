use autov::SpecType;

#[derive(SpecType)]
struct State {
    pages: Vec<u64>,
}

fn main() {}
