#!/usr/bin/env bash
# Sets up the machine and runs the main job: until `export-coq` lands, `autov ir2coq` on the
# example C file, then coqc on the project it wrote (out/example-coq).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
clang-19 --target=aarch64-linux-gnu -O1 -g -fno-inline -ffreestanding -fno-discard-value-names \
  -S -emit-llvm examples/page_table.c -o out/page_table.ll
cargo run --release -q -p autov -- ir2coq out/page_table.ll -o out/example-coq
make -s -C out/example-coq
echo "main: out/example-coq compiled with coqc"
