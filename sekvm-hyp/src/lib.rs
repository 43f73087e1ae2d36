//! sekvm-hyp: the hypervisor core that autov verifies, as C sources built to LLVM IR and natively.
