//! Snapshot cases, including the regressions the reference tool got wrong.

use super::check;
use expect_test::expect;

#[test]
fn straight_line() {
    check(
        "
        entry: x = input; br next
        next: ret x
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %x = call i32 @input();
                call void @next();
                return i32 %x;
            }
        "#]],
    );
}

#[test]
fn diamond_becomes_if_else() {
    check(
        "
        entry: cbr a b
        a: br join
        b: br join
        join: r = phi(a: 1, b: 2); ret r
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %entry.c = call i1 @input();
                if %entry.c {
                    call void @a();
                    %r := 1;
                } else {
                    call void @b();
                    %r := 2;
                }
                call void @join(i32 %r);
                return i32 %r;
            }
        "#]],
    );
}

#[test]
fn both_arms_to_the_same_block() {
    check(
        "
        entry: cbr next next
        next: r = phi(entry: 7); ret r
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %entry.c = call i1 @input();
                %r := 7;
                call void @next(i32 %r);
                return i32 %r;
            }
        "#]],
    );
}

#[test]
fn early_returns_stay_flat() {
    check(
        "
        entry: cbr r1 b
        r1: ret 1
        b: cbr r2 c
        r2: ret 2
        c: cbr r3 d
        r3: ret 3
        d: ret 4
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %entry.c = call i1 @input();
                if %entry.c {
                    call void @r1();
                    return i32 1;
                }
                call void @b();
                %b.c = call i1 @input();
                if %b.c {
                    call void @r2();
                    return i32 2;
                }
                call void @c();
                %c.c = call i1 @input();
                if %c.c {
                    call void @r3();
                    return i32 3;
                }
                call void @d();
                return i32 4;
            }
        "#]],
    );
}

#[test]
fn phi_swap_in_loop() {
    check(
        "
        entry: x0 = input; y0 = input; br loop
        loop: x = phi(entry: x0, loop: y); y = phi(entry: y0, loop: x); cbr loop exit
        exit: ret x
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %x0 = call i32 @input();
                %y0 = call i32 @input();
                (%x, %y) := (%x0, %y0);
                'L0: loop {
                    call void @loop(i32 %x, i32 %y);
                    %loop.c = call i1 @input();
                    if %loop.c {
                        (%x, %y) := (%y, %x);
                    } else {
                        call void @exit();
                        return i32 %x;
                    }
                }
            }
        "#]],
    );
}

#[test]
fn continue_in_the_middle_of_a_loop_body() {
    // `a` goes back to the header directly or through `z`, which `b` also reaches: the
    // `continue` in `a` must skip `z`, which follows it in the loop body.
    check(
        "
        entry: br head
        head: i = phi(entry: 0, a: i, z: j); cbr a b
        a: cbr head z
        b: cbr z exit
        z: j = add i 1; br head
        exit: ret i
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %i := 0;
                'L0: loop {
                    call void @head(i32 %i);
                    %head.c = call i1 @input();
                    if %head.c {
                        call void @a();
                        %a.c = call i1 @input();
                        if %a.c {
                            continue 'L0;
                        }
                    } else {
                        call void @b();
                        %b.c = call i1 @input();
                        if %b.c {} else {
                            call void @exit();
                            return i32 %i;
                        }
                    }
                    call void @z();
                    %j = add i32 %i, 1;
                    %i := %j;
                }
            }
        "#]],
    );
}

#[test]
fn switch_with_fall_through() {
    // switch (v) { case 1: x++; case 2: y++; break; default: ; }
    check(
        "
        entry: switch end 1:one 2:two
        one: x1 = add 0 1; br two
        two: x2 = phi(entry: 0, one: x1); y = add x2 1; br end
        end: r = phi(entry: 0, two: y); ret r
        ",
        expect![[r#"
            fn @f() -> i32 {
                'L0: {
                    call void @entry();
                    %entry.s = call i32 @input();
                    switch i32 %entry.s {
                        1 => {
                            call void @one();
                            %x1 = add i32 0, 1;
                            %x2 := %x1;
                        }
                        2 => {
                            %x2 := 0;
                        }
                        default => {
                            %r := 0;
                            break 'L0;
                        }
                    }
                    call void @two(i32 %x2);
                    %y = add i32 %x2, 1;
                    %r := %y;
                }
                call void @end(i32 %r);
                return i32 %r;
            }
        "#]],
    );
}

#[test]
fn switch_cases_sharing_targets() {
    check(
        "
        entry: switch other 0:a 1:b 2:a 3:other
        a: ret 10
        b: ret 11
        other: ret 12
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %entry.s = call i32 @input();
                switch i32 %entry.s {
                    0 | 2 => {
                        call void @a();
                        return i32 10;
                    }
                    1 => {
                        call void @b();
                        return i32 11;
                    }
                    default => {
                        call void @other();
                        return i32 12;
                    }
                }
            }
        "#]],
    );
}

#[test]
fn irreducible_loop_is_split() {
    check(
        "
        entry: cbr a b
        a: cbr b exit
        b: cbr a exit
        exit: ret 0
        ",
        expect![[r#"
            fn @f() -> i32 {
                'L0: {
                    call void @entry();
                    %entry.c = call i1 @input();
                    if %entry.c {} else {
                        call void @b();
                        %b.c = call i1 @input();
                        if %b.c {} else {
                            break 'L0;
                        }
                    }
                    'L2: loop {
                        call void @a();
                        %a.c = call i1 @input();
                        if %a.c {
                            call void @b();
                            %b.c = call i1 @input();
                            if %b.c {
                                continue 'L2;
                            }
                            break 'L0;
                        }
                        break 'L0;
                    }
                }
                call void @exit();
                return i32 0;
            }
        "#]],
    );
}

#[test]
fn break_out_of_outer_loop_from_inner_loop() {
    // `inner` leaves both loops at once, `latch` leaves the outer one; both go to `exit`.
    check(
        "
        entry: br outer
        outer: i = phi(entry: 0, latch: i1); br inner
        inner: j = phi(outer: 0, inner_latch: j1); cbr exit inner_latch
        inner_latch: j1 = add j 1; cbr inner latch
        latch: i1 = add i 1; cbr outer exit
        exit: r = phi(inner: j, latch: i1); ret r
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %i := 0;
                'L0: loop {
                    call void @outer(i32 %i);
                    %j := 0;
                    'L1: loop {
                        call void @inner(i32 %j);
                        %inner.c = call i1 @input();
                        if %inner.c {
                            %r := %j;
                            break 'L0;
                        }
                        call void @inner_latch();
                        %j1 = add i32 %j, 1;
                        %inner_latch.c = call i1 @input();
                        if %inner_latch.c {
                            %j := %j1;
                        } else {
                            break 'L1;
                        }
                    }
                    call void @latch();
                    %i1 = add i32 %i, 1;
                    %latch.c = call i1 @input();
                    if %latch.c {
                        %i := %i1;
                    } else {
                        %r := %i1;
                        break 'L0;
                    }
                }
                call void @exit(i32 %r);
                return i32 %r;
            }
        "#]],
    );
}

#[test]
fn irreducible_region_too_large_to_split() {
    // Twelve blocks that all branch to each other, each also entered from the entry.
    let names: Vec<String> = (0..12).map(|i| format!("n{i}")).collect();
    let cases = |skip: usize| {
        let arms = names.iter().enumerate().filter(|&(k, _)| k != skip);
        arms.map(|(k, n)| format!(" {k}:{n}")).collect::<String>()
    };
    let mut text = format!("entry: switch exit{}\n", cases(usize::MAX));
    for (i, n) in names.iter().enumerate() {
        text += &format!("{n}: switch exit{}\n", cases(i));
    }
    text += "exit: ret 0\n";
    check(
        &text,
        expect![[r#"
            error: @f, block %n6: irreducible region of 6 blocks with 6 entries is too large to split (the function would exceed 284 blocks)
        "#]],
    );
}

#[test]
fn loop_exits_to_merge_after_the_loop() {
    check(
        "
        entry: br head
        head: cbr body exit
        body: cbr head exit
        exit: ret 0
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                'L0: loop {
                    call void @head();
                    %head.c = call i1 @input();
                    if %head.c {
                        call void @body();
                        %body.c = call i1 @input();
                        if %body.c {
                            continue 'L0;
                        }
                        break 'L0;
                    }
                    break 'L0;
                }
                call void @exit();
                return i32 0;
            }
        "#]],
    );
}

#[test]
fn unreachable_blocks_are_dropped() {
    check(
        "
        entry: ret 0
        dead: unsupported indirectbr entry
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                return i32 0;
            }
        "#]],
    );
}

#[test]
fn unreachable_terminator() {
    check(
        "
        entry: cbr a b
        a: unreachable
        b: ret 1
        ",
        expect![[r#"
            fn @f() -> i32 {
                call void @entry();
                %entry.c = call i1 @input();
                if %entry.c {
                    call void @a();
                    unreachable;
                }
                call void @b();
                return i32 1;
            }
        "#]],
    );
}

#[test]
fn unsupported_terminator_fails_with_opcode() {
    check(
        "
        entry: cbr a b
        a: unsupported callbr b
        b: ret 1
        ",
        expect![[r#"
            error: @f, block %a: unsupported terminator `callbr`
        "#]],
    );
}

#[test]
fn phi_without_value_for_a_predecessor_fails() {
    check(
        "
        entry: cbr a b
        a: br b
        b: r = phi(a: 1); ret r
        ",
        expect![[r#"
            error: @f, block %b: %r has no value for predecessor %entry
        "#]],
    );
}

#[test]
fn duplicate_labels_fail() {
    check(
        "
        entry: br a
        a: ret 0
        a: ret 1
        ",
        expect![[r#"
            error: @f: two blocks are labelled %a
        "#]],
    );
}
