//! Prints the path of sekvm-hyp's linked LLVM IR (`sekvm.ll`), for scripts.

fn main() {
    println!("{}", sekvm_hyp::IR_PATH);
}
