#!/usr/bin/env bash
# Sets up the machine and runs the main job. Until `export-coq` lands, that is: build sekvm-hyp's
# LLVM IR, convert it to a Coq project with `autov ir2coq` (out/sekvm-coq), and compile that
# project with coqc.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ir=$(cargo run --release -q -p sekvm-hyp --example ir_path)
cargo run --release -q -p autov -- ir2coq "$ir" -o out/sekvm-coq
make -s -C out/sekvm-coq
echo "main: out/sekvm-coq (sekvm-hyp's IR as Coq) compiled with coqc"
