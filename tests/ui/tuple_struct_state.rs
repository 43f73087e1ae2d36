use autov::SpecType;

#[derive(SpecType)]
struct Pfn(u64);

fn main() {}
