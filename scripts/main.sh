#!/usr/bin/env bash
# Sets up the machine and runs the main job: export sekvm-spec's whole Coq development (the Coq
# library, sekvm-hyp's IR as Coq terms, state types, specs, low specs, per-function proofs and one
# refinement theorem per layer) to out/sekvm-coq with `export-coq`, then check it with coqc.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo run --release -q -p sekvm-spec --bin export-coq -- --out out/sekvm-coq
make -s -C out/sekvm-coq -j2
echo "main: out/sekvm-coq (sekvm-spec's Coq development) compiled with coqc"
