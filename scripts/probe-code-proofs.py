#!/usr/bin/env python3
"""Probe `autov_code` on the CodeProofs that export-coq left Admitted.

Usage: scripts/probe-code-proofs.py DIR OUT.tsv TIMEOUT [FUNCTION...]

DIR is an export-coq output whose dependencies of the probed proofs are built (`make` in DIR,
or `make -f CoqMakefile` of their `LowSpec.vo` and of the `Layer.vo` below). Without
FUNCTIONs, every Admitted CodeProof is probed except functions with a loop, smallest code
first. Each proof is written with the tactic line of a generated proof (`autov_code
<Below>_exec`) to DIR/probe/, run by coqc with TIMEOUT seconds, and one line
`function<TAB>pass|fail|timeout<TAB>seconds<TAB>Qed seconds or coqc's message` is appended to
OUT.tsv (and printed).
Run it under `nice`, one coqc at a time.
"""
import glob
import os
import re
import subprocess
import sys
import time


def candidates(d):
    code = open(f"{d}/SeKVM/Code.v").read()
    sizes, loops = {}, set()
    for part in code.split("\nDefinition "):
        m = re.match(r'\S+ : func := mkfunc "([^"]+)"', part)
        if m:
            sizes[m.group(1)] = len(part)
            if "SLoop" in part:
                loops.add(m.group(1))
    out = []
    for p in glob.glob(f"{d}/SeKVM/*/*/CodeProof.v"):
        layer, f = p.split("/")[-3:-1]
        if f in loops or "AUTOV-ADMITTED" not in open(p).read():
            continue
        out.append((sizes.get(f, 0), f))
    return [f for _, f in sorted(out)]


def main():
    d, out, tmo = sys.argv[1], sys.argv[2], float(sys.argv[3])
    fs = sys.argv[4:] or candidates(d)
    pdir = os.path.join(d, "probe")
    os.makedirs(pdir, exist_ok=True)
    with open(out, "a") as o:
        for f in fs:
            p = glob.glob(f"{d}/SeKVM/*/{f}/CodeProof.v")[0]
            s = open(p).read()
            below = re.search(r"Require Import SeKVM\.(\w+)\.Layer\.", s).group(1)
            if "CodeTac" not in s:
                s = re.sub(r"(From Autov Require Import [^\n]*Refine\.\n)",
                           r"\1From Autov Require Import CodeTac.\n", s)
            s = re.sub(r"Proof\.\n.*\Z", f"Proof.\n  autov_code {below}_exec.\nTime Qed.\n", s,
                       flags=re.S)
            q = os.path.join(pdir, f"Probe_{f}.v")
            open(q, "w").write(s)
            t0 = time.time()
            r = subprocess.run(["timeout", str(tmo), "coqc", "-Q", f"{d}/Autov", "Autov",
                                "-R", f"{d}/SeKVM", "SeKVM", q],
                               capture_output=True, text=True, cwd=pdir)
            dt = time.time() - t0
            if r.returncode == 0:
                m = re.search(r"Finished transaction in ([\d.]+) secs", r.stdout)
                res, msg = "pass", "qed=" + (m.group(1) if m else "?")
            elif r.returncode == 124:
                res, msg = "timeout", ""
            else:
                res, msg = "fail", " ".join((r.stderr + r.stdout).split())[:300]
            line = f"{f}\t{res}\t{dt:.1f}\t{msg}"
            o.write(line + "\n")
            o.flush()
            print(line, flush=True)


if __name__ == "__main__":
    main()
