(** * The semantics is not vacuous: computed runs and characteristic facts. *)

From Coq Require Import ZArith String List.
From Autov Require Import Syntax Values Mem Layer Eval Sem Determinism MemLayer.
Require Autov.Int.
Import ListNotations.
Open Scope string_scope.
Open Scope Z_scope.

(** ** Integers are bit-precise. *)

(** 64-bit addition wraps: [2^64 - 1 + 1 = 0]. *)
Example add64_wraps :
  eval_binop OAdd nofl (VInt 64 (2 ^ 64 - 1)) (VInt 64 1) = Some (VInt 64 0).
Proof. reflexivity. Qed.

(** ... unless it is [nuw], when it is poison. *)
Example add64_nuw_poison :
  eval_binop OAdd (Fl false true false false false) (VInt 64 (2 ^ 64 - 1)) (VInt 64 1) = Some VPoison.
Proof. reflexivity. Qed.

(** Signed overflow of an [nsw] add is poison; unsigned wrap of an [nsw] add is fine. *)
Example add32_nsw :
  eval_binop OAdd (Fl true false false false false) (VInt 32 (2 ^ 31 - 1)) (VInt 32 1) = Some VPoison /\
  eval_binop OAdd (Fl true false false false false) (VInt 32 (2 ^ 32 - 1)) (VInt 32 1) = Some (VInt 32 0).
Proof. split; reflexivity. Qed.

(** Branching on poison is stuck, and so is dividing by it. *)
Example poison_branch_stuck :
  bool_of VPoison = None /\ eval_binop OUDiv nofl (VInt 8 1) VPoison = None.
Proof. split; reflexivity. Qed.

(** [-1 <s 0] but not [-1 <u 0]. *)
Example slt_ult_differ :
  eval_icmp Cslt (VInt 32 (2 ^ 32 - 1)) (VInt 32 0) = Some (VInt 1 1) /\
  eval_icmp Cult (VInt 32 (2 ^ 32 - 1)) (VInt 32 0) = Some (VInt 1 0).
Proof. split; reflexivity. Qed.

(** [sext] and [zext] of the [i8] [0xff] differ. *)
Example sext_zext_differ :
  eval_cast KSExt (VInt 8 255) (TInt 32) = Some (VInt 32 (2 ^ 32 - 1)) /\
  eval_cast KZExt (VInt 8 255) (TInt 32) = Some (VInt 32 255).
Proof. split; reflexivity. Qed.

(** [trunc] keeps the low bits. *)
Example trunc_low_bits : eval_cast KTrunc (VInt 32 (2 ^ 16 + 5)) (TInt 8) = Some (VInt 8 5).
Proof. reflexivity. Qed.

(** LLVM 19's flags: [trunc nuw] of a value with a dropped set bit, [trunc nsw] that changes
    the signed value, [zext nneg] of a negative value and [or disjoint] of overlapping bits are
    poison; each is the plain result where the flag holds. *)
Example cast_and_or_flags :
  eval_flagged_cast KTrunc (Fl false true false false false) (VInt 32 (2 ^ 16 + 5)) (TInt 8)
    = Some VPoison /\
  eval_flagged_cast KTrunc (Fl false true false false false) (VInt 32 5) (TInt 8)
    = Some (VInt 8 5) /\
  eval_flagged_cast KTrunc (Fl true false false false false) (VInt 32 128) (TInt 8)
    = Some VPoison /\
  eval_flagged_cast KTrunc (Fl true false false false false) (VInt 32 (2 ^ 32 - 1)) (TInt 8)
    = Some (VInt 8 255) /\
  eval_flagged_cast KZExt (Fl false false false false true) (VInt 8 255) (TInt 32)
    = Some VPoison /\
  eval_flagged_cast KZExt (Fl false false false false true) (VInt 8 127) (TInt 32)
    = Some (VInt 32 127) /\
  eval_binop OOr (Fl false false false true false) (VInt 8 3) (VInt 8 6) = Some VPoison /\
  eval_binop OOr (Fl false false false true false) (VInt 8 1) (VInt 8 6) = Some (VInt 8 7).
Proof. repeat split; reflexivity. Qed.

(** Signed and unsigned division differ; division by zero and [INT_MIN / -1] are stuck. *)
Example division :
  eval_binop OSDiv nofl (VInt 8 250) (VInt 8 2) = Some (VInt 8 253) /\
  eval_binop OUDiv nofl (VInt 8 250) (VInt 8 2) = Some (VInt 8 125) /\
  eval_binop OUDiv nofl (VInt 8 1) (VInt 8 0) = None /\
  eval_binop OSDiv nofl (VInt 8 128) (VInt 8 255) = None.
Proof. repeat split; reflexivity. Qed.

(** Arithmetic and logical shifts differ; too large a shift is poison (even a huge one). *)
Example shifts :
  eval_binop OLShr (Fl false false true false false) (VInt 64 5) (VInt 64 (2 ^ 63)) = Some VPoison /\
  eval_binop OAShr nofl (VInt 8 128) (VInt 8 1) = Some (VInt 8 192) /\
  eval_binop OLShr nofl (VInt 8 128) (VInt 8 1) = Some (VInt 8 64) /\
  eval_binop OShl nofl (VInt 8 1) (VInt 8 8) = Some VPoison.
Proof. repeat split; reflexivity. Qed.

(** ** Memory. *)

(** A fresh stack slot holds poison; a stored pointer reads back as that pointer, not as an
    integer; integers are little-endian. *)
Example memory_bytes :
  let (b, mm) := mem_alloc_stack mem_empty 8 in
  mem_load (CkInt 32) b 0 mm = Some VPoison /\
  match mem_store CkPtr b 0 (VPtr (BGlob "g") 4) mm with
  | Some mm' => mem_load (CkInt 64) b 0 mm' = None /\
                mem_load CkPtr b 0 mm' = Some (VPtr (BGlob "g") 4)
  | None => False
  end /\
  match mem_store (CkInt 32) b 0 (VInt 32 258) mm with
  | Some mm' => mem_load (CkInt 8) b 1 mm' = Some (VInt 8 1)
  | None => False
  end.
Proof. vm_compute. repeat split. Qed.

(** ** Control flow and memory, run inside Coq. *)

Definition i32 := TInt 32.
Definition c32 (z : Z) : operand := Cst (CInt 32 z).

(** [sum(n)]: [acc = 0; for (i = 0; i != n; i++) acc += i; return acc]. *)
Definition f_sum : func := mkfunc "sum" i32 [("n", i32)] [
  SCopies [("i", i32, c32 0); ("acc", i32, c32 0)];
  SLoop 0 [
    SInstr (Some "done") (IICmp Ceq i32 (Loc "i") (Loc "n"));
    SIf (Loc "done") [SBreak 0] [];
    SInstr (Some "acc") (IBinary OAdd i32 (Loc "acc") (Loc "i") nofl);
    SInstr (Some "i") (IBinary OAdd i32 (Loc "i") (c32 1) nofl)];
  SReturn (Some (i32, Loc "acc"))].

(** [evens()]: a loop with a [continue] in the middle of its body: sums the even numbers
    up to 10. If [continue] fell through, the odd numbers would be added too. *)
Definition f_evens : func := mkfunc "evens" i32 [] [
  SCopies [("i", i32, c32 0); ("acc", i32, c32 0)];
  SLoop 1 [
    SInstr (Some "i") (IBinary OAdd i32 (Loc "i") (c32 1) nofl);
    SInstr (Some "odd") (IBinary OAnd i32 (Loc "i") (c32 1) nofl);
    SInstr (Some "isodd") (IICmp Cne i32 (Loc "odd") (c32 0));
    SIf (Loc "isodd") [SContinue 1] [];
    SInstr (Some "acc") (IBinary OAdd i32 (Loc "acc") (Loc "i") nofl);
    SInstr (Some "end") (IICmp Cuge i32 (Loc "i") (c32 10));
    SIf (Loc "end") [SBreak 1] []];
  SReturn (Some (i32, Loc "acc"))].

(** [swap(a, b)]: PHI-style parallel copies [(a, b) := (b, a)], then [a - b]. *)
Definition f_swap : func := mkfunc "swap" i32 [("a", i32); ("b", i32)] [
  SCopies [("a", i32, Loc "b"); ("b", i32, Loc "a")];
  SInstr (Some "d") (IBinary OSub i32 (Loc "a") (Loc "b") nofl);
  SReturn (Some (i32, Loc "d"))].

(** [twice(x)]: calls [bump] twice on a stack slot; [bump(p)] adds the global [step] to
    [*p]. Exercises alloca, load, store, globals and calls. *)
Definition f_bump : func := mkfunc "bump" TVoid [("p", TPtr)] [
  SInstr (Some "v") (ILoad i32 (Loc "p") 4 false None);
  SInstr (Some "s") (ILoad i32 (Cst (CGlobal "step")) 4 false None);
  SInstr (Some "w") (IBinary OAdd i32 (Loc "v") (Loc "s") nofl);
  SInstr None (IStore i32 (Loc "w") (Loc "p") 4 false None);
  SReturn None].
Definition f_twice : func := mkfunc "twice" i32 [("x", i32)] [
  SInstr (Some "slot") (IAlloca i32 (c32 1) 4);
  SInstr None (IStore i32 (Loc "x") (Loc "slot") 4 false None);
  SInstr None (ICall (Direct "bump") TVoid [(TPtr, Loc "slot")]);
  SInstr None (ICall (Direct "bump") TVoid [(TPtr, Loc "slot")]);
  SInstr (Some "r") (ILoad i32 (Loc "slot") 4 false None);
  SReturn (Some (i32, Loc "r"))].

(** [viacopy()]: stores [&step] in a stack slot, copies the slot byte-wise with
    [llvm.memcpy] into a zero-initialised global, and loads [step] through the copy. *)
Definition f_viacopy : func := mkfunc "viacopy" i32 [] [
  SInstr (Some "a") (IAlloca TPtr (c32 1) 8);
  SInstr None (IStore TPtr (Cst (CGlobal "step")) (Loc "a") 8 false None);
  SInstr None (ICall (Direct "llvm.memcpy.p0.p0.i64") TVoid
                     [(TPtr, Cst (CGlobal "cell")); (TPtr, Loc "a");
                      (TInt 64, Cst (CInt 64 8)); (TInt 1, Cst (CInt 1 0))]);
  SInstr (Some "p") (ILoad TPtr (Cst (CGlobal "cell")) 8 false None);
  SInstr (Some "r") (ILoad i32 (Loc "p") 4 false None);
  SReturn (Some (i32, Loc "r"))].

(** [dead()]: reaches [unreachable]. *)
Definition f_dead : func := mkfunc "dead" TVoid [] [SUnreachable].

(** The test module. *)
Definition sanity_module : module :=
  mkmodule [] [mkglobal "step" i32 (Some (CInt 32 7)) true 4;
              mkglobal "cell" TPtr (Some (CZero TPtr)) false 8]
           [f_sum; f_evens; f_swap; f_bump; f_twice; f_viacopy; f_dead] [] [].

Example run_sum : run_fn sanity_module "sum" [VInt 32 10] = Some (Some (VInt 32 45)).
Proof. vm_compute. reflexivity. Qed.

Example run_evens : run_fn sanity_module "evens" [] = Some (Some (VInt 32 30)).
Proof. vm_compute. reflexivity. Qed.

(** Parallel copies swap: [swap(5, 3) = 3 - 5 = -2]; sequential copies would give [0]. *)
Example run_swap : run_fn sanity_module "swap" [VInt 32 5; VInt 32 3] =
                   Some (Some (VInt 32 (2 ^ 32 - 2))).
Proof. vm_compute. reflexivity. Qed.

Example run_twice : run_fn sanity_module "twice" [VInt 32 1] = Some (Some (VInt 32 15)).
Proof. vm_compute. reflexivity. Qed.

Example run_viacopy : run_fn sanity_module "viacopy" [] = Some (Some (VInt 32 7)).
Proof. vm_compute. reflexivity. Qed.

(** The computed result of [sum] is a derivation of the semantics. *)
Lemma sum_exec : exists s s', call mem_layer sanity_module "sum" [VInt 32 10] s
                                   (Some (VInt 32 45)) s'.
Proof.
  destruct (run_fn_sound sanity_module "sum" [VInt 32 10] _ run_sum) as (s & s' & _ & H).
  eauto.
Qed.

(** [unreachable] has no derivation. *)
Lemma unreachable_stuck : forall L m e s e' s' o, ~ exec L m e s SUnreachable e' s' o.
Proof. intros L m e s e' s' o H. inversion H. Qed.

(** Calling [dead] is stuck. *)
Lemma dead_stuck : forall s r s', ~ call mem_layer sanity_module "dead" [] s r s'.
Proof.
  intros s r s' H. inversion H; subst; try discriminate.
  match goal with H : find_func _ _ = Some _ |- _ => vm_compute in H; injection H as <- end.
  match goal with H : exec_list _ _ _ _ _ _ _ _ |- _ => inversion H; subst end.
  - match goal with H : exec _ _ _ _ SUnreachable _ _ _ |- _ => inversion H end.
  - match goal with H : exec _ _ _ _ SUnreachable _ _ _ |- _ => inversion H end.
Qed.

(** [continue] skips the rest of the body: the outcome is [OContinue], not [ONormal]. *)
Lemma continue_skips : forall L m e s e' s' o,
    exec_list L m e s [SContinue 0; SReturn None] e' s' o -> o = OContinue 0.
Proof.
  intros L m e s e' s' o H. inversion H; subst.
  - match goal with H : exec _ _ _ _ (SContinue 0) _ _ ONormal |- _ => inversion H end.
  - match goal with H : exec _ _ _ _ (SContinue 0) _ _ _ |- _ => inversion H; subst end.
    reflexivity.
Qed.

(** Intrinsics: [uadd.with.overflow] reports the carry, [ctlz] and [bswap] compute. *)
Example intrinsics :
  int_intrinsic "uadd.with.overflow.i8" [VInt 8 200; VInt 8 100] =
    Some (VAgg [VInt 8 44; VInt 1 1]) /\
  int_intrinsic "ctlz.i32" [VInt 32 1; VInt 1 0] = Some (VInt 32 31) /\
  int_intrinsic "bswap.i32" [VInt 32 (Z.of_N 0x11223344)] = Some (VInt 32 (Z.of_N 0x44332211)).
Proof. repeat split; reflexivity. Qed.

(** Through [code_layer], [sum] is a primitive of the layer the module implements, and the
    computed run is a behaviour of it. *)
Lemma sum_in_code_layer :
  exists spec ls ls', l_prim (code_layer mem_layer sanity_module) "sum" = Some spec /\
                      spec [VInt 32 10] ls (Some (VInt 32 45)) ls'.
Proof.
  destruct (run_fn_sound _ _ _ _ run_sum) as (s & s' & Hinit & Hcall).
  unfold init_state in Hinit.
  destruct (init_mem sanity_module) as [g |]; [| discriminate].
  injection Hinit as <-. destruct s' as [ls' stk].
  exists (code_spec mem_layer sanity_module "sum"), g, ls'.
  split; [reflexivity | exists stk; exact Hcall].
Qed.

(** Code run over the memory layer (which has no primitives) is deterministic. *)
Lemma mem_layer_deterministic : forall m f vs s r1 s1 r2 s2,
    call mem_layer m f vs s r1 s1 -> call mem_layer m f vs s r2 s2 -> r1 = r2 /\ s1 = s2.
Proof.
  intros m f vs s r1 s1 r2 s2 H1 H2.
  destruct (exec_deterministic mem_layer m) as (_ & _ & Hc); [intros; discriminate |].
  eauto.
Qed.
