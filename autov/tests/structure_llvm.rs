//! Structuring real LLVM IR: the fixtures in `tests/fixtures/structure` are hand-written `.ll`
//! files and small C files compiled by `clang-19 -O1` at test time, loaded by `autov::load`.

use autov::code::print_module;
use autov::load::load_path;
use autov::structure::structure_module;
use expect_test::{expect, Expect};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Loads (compiling first if it is C) the fixture `name`, structures it and compares the
/// printed result, without the module header line, with `expected`.
fn check(name: &str, expected: Expect) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/structure")
        .join(name);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ll = if name.ends_with(".c") {
        compile(&fixture, dir.path())
    } else {
        fixture
    };
    let module = load_path(&ll).unwrap_or_else(|e| panic!("{e}"));
    let printed = print_module(&structure_module(module));
    let (_header, functions) = printed.split_once('\n').expect("a header line");
    expected.assert_eq(functions.trim_start());
}

fn compile(c: &Path, dir: &Path) -> PathBuf {
    let ll = dir.join("out.ll");
    let status = Command::new("clang-19")
        .args([
            "-O1",
            "-S",
            "-emit-llvm",
            "-fno-discard-value-names",
            "-g0",
            "-o",
        ])
        .arg(&ll)
        .arg(c)
        .status()
        .expect("clang-19 runs");
    assert!(status.success(), "clang-19 failed on {}", c.display());
    ll
}

#[test]
fn phi_swap_in_loop() {
    check(
        "swap_loop.c",
        expect![[r#"
        fn @swap_loop(i32 %n, i32 %x, i32 %y) -> i32 {
            %smax = call i32 @llvm.smax.i32(i32 %n, i32 0);
            (%y.addr.0, %i.0, %x.addr.0) := (%y, 0, %x);
            'L0: loop {
                %inc = add nuw i32 %i.0, 1;
                %exitcond.not = icmp eq i32 %i.0, %smax;
                if %exitcond.not {
                    %sub = sub nsw i32 %x.addr.0, %y.addr.0;
                    return i32 %sub;
                }
                (%y.addr.0, %i.0, %x.addr.0) := (%x.addr.0, %inc, %y.addr.0);
            }
        }
    "#]],
    );
}

#[test]
fn rotation_and_shared_targets() {
    check(
        "rotate.ll",
        expect![[r#"
        fn @rotate(i32 %n, i32 %a, i32 %b, i32 %c) -> i32 {
            (%x, %y, %z, %i) := (%a, %b, %c, 0);
            'L0: loop {
                %i1 = add i32 %i, 1;
                %k = urem i32 %i, 4;
                switch i32 %k {
                    0 | 2 => {
                        %c0 = icmp eq i32 %x, 0;
                        %w := 2;
                    }
                    default => {
                        %w := 1;
                    }
                }
                %done = icmp eq i32 %i1, %n;
                if %done {
                    %r = add i32 %x, %w;
                    return i32 %r;
                }
                (%x, %y, %z, %i) := (%y, %z, %x, %i1);
            }
        }
    "#]],
    );
}

#[test]
fn switch_with_fall_through() {
    check(
        "fall_through.c",
        expect![[r#"
        fn @fall_through(i32 %v, i32 %x, i32 %y) -> i32 {
            'L0: {
                switch i32 %v {
                    1 => {
                        %inc = add nsw i32 %x, 1;
                        %x.addr.0 := %inc;
                    }
                    2 => {
                        %x.addr.0 := %x;
                    }
                    default => {
                        (%x.addr.1, %y.addr.0) := (0, %y);
                        break 'L0;
                    }
                }
                %inc2 = add nsw i32 %y, 1;
                (%x.addr.1, %y.addr.0) := (%x.addr.0, %inc2);
            }
            %mul = mul nsw i32 %y.addr.0, %x.addr.1;
            return i32 %mul;
        }
    "#]],
    );
}

#[test]
fn break_out_of_nested_loops() {
    check(
        "nested_break.c",
        expect![[r#"
            fn @nested_break(ptr %a, i32 %n, i32 %m) -> i32 {
                'L0: {
                    %cmp35 = icmp sgt i32 %n, 0;
                    if %cmp35 {
                        %cmp2.not31 = icmp sgt i32 %m, 0;
                        %0 = sext i32 %m to i64;
                        %1 = sext i32 %m to i64;
                        %wide.trip.count48 = zext nneg i32 %n to i64;
                        %wide.trip.count = zext nneg i32 %m to i64;
                        (%indvars.iv44, %s.036) := (0, 0);
                        'L1: loop {
                            'L2: {
                                if %cmp2.not31 {
                                    %2 = mul nuw nsw i64 %indvars.iv44, %1;
                                    %arrayidx52 = getelementptr inbounds i32, ptr %a, %2;
                                    %3 = load i32, ptr %arrayidx52, align 4;
                                    %cmp553 = icmp slt i32 %3, 0;
                                    if %cmp553 {
                                        (%cmp2.not34.lcssa, %s.132.lcssa) := (%cmp2.not31, %s.036);
                                    } else {
                                        %invariant.gep = getelementptr i32, ptr %a, %2;
                                        (%5, %s.13255, %indvars.iv54) := (%3, %s.036, 0);
                                        'L4: loop {
                                            %add10 = add nuw nsw i32 %5, %s.13255;
                                            %indvars.iv.next = add nuw nsw i64 %indvars.iv54, 1;
                                            %exitcond.not = icmp eq i64 %indvars.iv.next, %wide.trip.count;
                                            if %exitcond.not {
                                                %s.130 := %add10;
                                                break 'L2;
                                            }
                                            %gep = getelementptr i32, ptr %invariant.gep, %indvars.iv.next;
                                            %4 = load i32, ptr %gep, align 4;
                                            %cmp5 = icmp slt i32 %4, 0;
                                            if %cmp5 {
                                                break 'L4;
                                            }
                                            (%5, %s.13255, %indvars.iv54) := (%4, %add10, %indvars.iv.next);
                                        }
                                        %cmp2.not = icmp slt i64 %indvars.iv.next, %0;
                                        (%cmp2.not34.lcssa, %s.132.lcssa) := (%cmp2.not, %add10);
                                    }
                                    if %cmp2.not34.lcssa {
                                        %s.2 := %s.132.lcssa;
                                        break 'L0;
                                    }
                                    %s.130 := %s.132.lcssa;
                                } else {
                                    %s.130 := %s.036;
                                }
                            }
                            %indvars.iv.next45 = add nuw nsw i64 %indvars.iv44, 1;
                            %exitcond49.not = icmp eq i64 %indvars.iv.next45, %wide.trip.count48;
                            if %exitcond49.not {
                                %s.2 := %s.130;
                                break 'L0;
                            }
                            (%indvars.iv44, %s.036) := (%indvars.iv.next45, %s.130);
                        }
                    }
                    %s.2 := 0;
                }
                return i32 %s.2;
            }
        "#]],
    );
}

#[test]
fn continue_in_the_middle_of_a_loop_body() {
    check(
        "mid_continue.c",
        expect![[r#"
            fn @mid_continue(ptr %a, i32 %n) -> i32 {
                'L0: {
                    %cmp14 = icmp sgt i32 %n, 0;
                    if %cmp14 {
                        %wide.trip.count = zext nneg i32 %n to i64;
                        (%indvars.iv, %s.015) := (0, 0);
                        'L1: loop {
                            %arrayidx = getelementptr inbounds i32, ptr %a, %indvars.iv;
                            %0 = load i32, ptr %arrayidx, align 4;
                            %cmp1 = icmp eq i32 %0, 0;
                            if %cmp1 {
                                %s.1 := %s.015;
                            } else {
                                %call = call i32 @weight(i32 %0);
                                %add = add nsw i32 %call, %s.015;
                                %cmp4 = icmp sgt i32 %add, 100;
                                if %cmp4 {
                                    %s.1 := %add;
                                } else {
                                    call void @note(i32 %add);
                                    %s.1 := %add;
                                }
                            }
                            %indvars.iv.next = add nuw nsw i64 %indvars.iv, 1;
                            %exitcond.not = icmp eq i64 %indvars.iv.next, %wide.trip.count;
                            if %exitcond.not {
                                %s.0.lcssa := %s.1;
                                break 'L0;
                            }
                            (%indvars.iv, %s.015) := (%indvars.iv.next, %s.1);
                        }
                    }
                    %s.0.lcssa := 0;
                }
                return i32 %s.0.lcssa;
            }
        "#]],
    );
}

#[test]
fn irreducible_loop() {
    check(
        "irreducible.c",
        expect![[r#"
            fn @irreducible(i32 %a, i32 %b) -> i32 {
                'L0: {
                    'L1: {
                        %tobool.not = icmp eq i32 %a, 0;
                        if %tobool.not {
                            %x.0 := 0;
                        } else {
                            %x.1 := 0;
                            %add = add nsw i32 %x.1, 2;
                            %mul = mul nsw i32 %b, 3;
                            %cmp3 = icmp slt i32 %add, %mul;
                            if %cmp3 {
                                %x.0 := %add;
                            } else {
                                break 'L1;
                            }
                        }
                        'L3: loop {
                            %inc = add nsw i32 %x.0, 1;
                            %cmp.not = icmp slt i32 %x.0, %b;
                            if %cmp.not {
                                %x.1 := %inc;
                                %add = add nsw i32 %x.1, 2;
                                %mul = mul nsw i32 %b, 3;
                                %cmp3 = icmp slt i32 %add, %mul;
                                if %cmp3 {
                                    %x.0 := %add;
                                } else {
                                    break 'L1;
                                }
                            } else {
                                %retval.0 := %inc;
                                break 'L0;
                            }
                        }
                    }
                    %sub = sub nsw i32 -2, %x.1;
                    %retval.0 := %sub;
                }
                return i32 %retval.0;
            }
        "#]],
    );
}

#[test]
fn asm_goto_fails_with_its_opcode() {
    check(
        "asm_goto.c",
        expect![[r#"
        ; @asm_goto: not structured: @asm_goto, block %entry: unsupported terminator `callbr`
    "#]],
    );
}

#[test]
fn instruction_forms() {
    check(
        "instructions.ll",
        expect![[r#"
            fn @instructions(ptr %p, i32 %a, i64 %b, double %d, <4 x i32> %v) -> i32 {
                %slot = alloca i32, align 4;
                store volatile i32 %a, ptr %slot, align 4;
                %l = load atomic i32, ptr @g seq_cst, align 4;
                %sum = add nuw nsw i32 %l, -1;
                %sh = lshr exact i32 %sum, 2;
                %cmp = icmp sle i32 %sh, %a;
                %wide = sext i32 %a to i64;
                %tr = trunc i64 %b to i16;
                %sel = select %cmp, i32 %a, i32 7;
                %fp = fadd double %d, 0x3FF0000000000000;
                %fc = fcmp olt double %fp, %d;
                %neg = fneg double %fp;
                %gep = getelementptr inbounds %pair, ptr @s, 0, 1;
                %agg = insertvalue %pair undef, %a, 0;
                %x = extractvalue %pair %agg, 0;
                %e = extractelement <4 x i32> %v, 1;
                %ins = insertelement <4 x i32> %v, %e, 0;
                %shuf = shufflevector <4 x i32> %ins, %v, <0, 5>;
                %fr = freeze i32 %x;
                %cx = cmpxchg ptr %p, i32 %fr, i32 1 acq_rel monotonic;
                %old = atomicrmw add ptr %p, i32 1 seq_cst;
                fence release;
                call void asm sideeffect "dmb ish", "~{memory}"();
                call void @use(i32 %old);
                %pi = ptrtoint ptr @g to i64;
                %t = add i64 %pi, %wide;
                %r = trunc i64 %t to i32;
                return i32 %r;
            }
        "#]],
    );
}
