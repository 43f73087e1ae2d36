use autov::SpecType;

#[derive(SpecType)]
enum Owner {
    Free,
    Vm { vmid: u32 },
}

fn main() {}
