(** * RefTac: the tactic of generated refinement proofs (logical name [Autov.RefTac]).

    [autov_refines] proves the statement of a [RefProof.v] under an equality relation — the low
    spec gives the spec's result and state — once the relation, the spec and the low spec are
    unfolded. It works on the specs as terms: it unfolds the [SpecLib] monad and checked
    operations, reads the arguments' ranges from [args_val], and then repeatedly
    - destructs the scrutinee of a [match] / [if] in a hypothesis (the spec's run) and, in the
      goal (the low spec's run), rewrites a scrutinee that [lia] shows equal to one already
      destructed, or destructs it too;
    - turns boolean comparisons into [lia] facts, and discards the branches [lia] refutes;
    - at the leaves, closes the goal by [reflexivity], or by [f_equal] and [lia], with [wrap]
      read as [mod] and shifts as products or quotients by powers of 2
      ([Z.to_euclidean_division_equations]).
    [autov_refines_deep] first unfolds every definition whose type mentions [outcome] (the
    specs of the layers below and the trusted base), for a spec written in terms of the state
    where its low spec calls the lower layer.

    Either succeeds only by a proof that coqc checks. The export test shows
    [autov_refines_deep] failing on wrong specs; on the wrong specs tried, [autov_refines] did
    not succeed but did not fail in reasonable time either (over 400 s). Arithmetic and bitwise operations ([Z.shiftl], [Z.land], ...)
    and [wrap] are kept folded so that [cbn] never unfolds them on symbolic integers. *)

From Coq Require Import ZArith Bool List Lia.
Import ListNotations.
From Autov Require Import SpecLib Refine.
Open Scope Z_scope.

(** The arguments of a spec are in the ranges of their types. *)
Fixpoint args_in_range (ts : list ity) (zs : list Z) : Prop :=
  match ts, zs with
  | t :: ts', z :: zs' => min_of t <= z <= max_of t /\ args_in_range ts' zs'
  | _, _ => True
  end.

Lemma args_val_in_range : forall ts zs, args_val ts zs <> None -> args_in_range ts zs.
Proof.
  induction ts as [|t ts IH]; destruct zs as [|z zs]; simpl; auto.
  unfold in_range. destruct (min_of t <=? z) eqn:E1, (z <=? max_of t) eqn:E2; simpl;
    try (intro H; exfalso; apply H; reflexivity).
  intro H; split; [apply Z.leb_le in E1; apply Z.leb_le in E2; lia|].
  apply IH. destruct (args_val ts zs); simpl in *; congruence.
Qed.

(** [wrap] of unsigned types as [mod] by a numeral, for [lia]. *)
Lemma wrap_unsigned : forall w z, wrap (mk_ity w false) z = z mod 2 ^ w.
Proof. reflexivity. Qed.
Lemma wrap_u8 : forall z, wrap U8 z = z mod 256. Proof. reflexivity. Qed.
Lemma wrap_u16 : forall z, wrap U16 z = z mod 65536. Proof. reflexivity. Qed.
Lemma wrap_u32 : forall z, wrap U32 z = z mod 4294967296. Proof. reflexivity. Qed.
Lemma wrap_u64 : forall z, wrap U64 z = z mod 18446744073709551616. Proof. reflexivity. Qed.
Lemma wrap_usize : forall z, wrap USIZE z = z mod 18446744073709551616. Proof. reflexivity. Qed.

(** Injectivity, without the reduction [injection] does on the equated terms. *)
Lemma Returns_inj : forall A (a b : A), Returns a = Returns b -> a = b.
Proof. intros A a b H; inversion H; reflexivity. Qed.
Lemma Some_inj' : forall A (a b : A), Some a = Some b -> a = b.
Proof. intros A a b H; inversion H; reflexivity. Qed.
Lemma Next_inj : forall R A (a b : A), @Next R A a = Next b -> a = b.
Proof. intros R A a b H; inversion H; reflexivity. Qed.
Lemma Exit_inj : forall R A (a b : R), @Exit R A a = Exit b -> a = b.
Proof. intros R A a b H; inversion H; reflexivity. Qed.
Lemma pair_inj : forall A B (a a' : A) (b b' : B), (a, b) = (a', b') -> a = a' /\ b = b'.
Proof. intros A B a a' b b' H; inversion H; auto. Qed.

(** Boolean comparisons that hold or fail as [lia] facts. *)
Ltac autov_bool_facts :=
  repeat match goal with
  | H : context [Z.geb ?a ?b] |- _ => rewrite (Z.geb_leb a b) in H
  | H : context [Z.gtb ?a ?b] |- _ => rewrite (Z.gtb_ltb a b) in H
  | H : (_ <? _) = true |- _ => apply Z.ltb_lt in H
  | H : (_ <? _) = false |- _ => apply Z.ltb_ge in H
  | H : (_ <=? _) = true |- _ => apply Z.leb_le in H
  | H : (_ <=? _) = false |- _ => apply Z.leb_gt in H
  | H : (_ =? _) = true |- _ => apply Z.eqb_eq in H
  | H : (_ =? _) = false |- _ => apply Z.eqb_neq in H
  | H : (_ && _) = true |- _ => apply andb_true_iff in H; destruct H
  | H : (_ || _) = false |- _ => apply orb_false_iff in H; destruct H
  | H : negb _ = true |- _ => apply negb_true_iff in H
  | H : negb _ = false |- _ => apply negb_false_iff in H
  | H : True |- _ => clear H
  end.

(** Integer constants (of [DataTypes]) unfolded to numerals. *)
Ltac autov_unfold_consts :=
  repeat match goal with
  | H : context [?c] |- _ => is_const c; let t := type of c in unify t Z; unfold c in H
  | |- context [?c] => is_const c; let t := type of c in unify t Z; unfold c
  end.

(** Every definition whose type mentions [outcome]: the specs called. *)
Ltac autov_unfold_specs :=
  repeat match goal with
  | H : context [?f] |- _ => is_const f; let T := type of f in match T with context [outcome] => unfold f in H end
  | |- context [?f] => is_const f; let T := type of f in match T with context [outcome] => unfold f end
  end.

Ltac autov_unfold_lib :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads in *.

(** [cbn] that leaves integer operations, [wrap], arrays and maps folded. *)
Ltac autov_cbn :=
  cbn -[Z.add Z.sub Z.mul Z.opp Z.pow Z.shiftl Z.shiftr Z.land Z.lor Z.lxor Z.lnot Z.testbit Z.modulo Z.div Z.quot Z.rem
        wrap array_get array_update array_repeat map_get map_set map_new] in *.

(** Arithmetic: [lia], then with [wrap] read as [mod], shifts as multiplication and division
    by powers of 2, and [mod], [/], [rem], [÷] as equations. *)
Ltac autov_arith :=
  solve
  [ lia
  | rewrite ?wrap_u8, ?wrap_u16, ?wrap_u32, ?wrap_u64, ?wrap_usize, ?wrap_unsigned in *;
    repeat match goal with
    | H : context [Z.shiftl ?a ?n] |- _ => rewrite (Z.shiftl_mul_pow2 a n) in H by lia
    | |- context [Z.shiftl ?a ?n] => rewrite (Z.shiftl_mul_pow2 a n) by lia
    | H : context [Z.shiftr ?a ?n] |- _ => rewrite (Z.shiftr_div_pow2 a n) in H by lia
    | |- context [Z.shiftr ?a ?n] => rewrite (Z.shiftr_div_pow2 a n) by lia
    end;
    Z.to_euclidean_division_equations; lia ].

(** Equal terms: equal integers by [autov_arith], other terms by congruence. *)
Ltac autov_congr :=
  first
  [ reflexivity
  | match goal with
    | |- Z.lxor ?a ?b = Z.lxor ?b ?a => apply Z.lxor_comm
    | |- Z.lor ?a ?b = Z.lor ?b ?a => apply Z.lor_comm
    | |- Z.land ?a ?b = Z.land ?b ?a => apply Z.land_comm
    | |- @eq Z _ _ => autov_arith
    | |- _ = _ => f_equal; autov_congr
    end ].

Ltac autov_eq_terms := solve [autov_congr].

(** [x] and [y] are applications of the same function to as many arguments. *)
Ltac autov_same_head x y :=
  match x with
  | ?f _ _ _ _ => match y with f _ _ _ _ => idtac end
  | ?f _ _ _ => match y with f _ _ _ => idtac end
  | ?f _ _ => match y with f _ _ => idtac end
  | ?f _ => match y with f _ => idtac end
  end.

Ltac autov_after_destruct := autov_cbn; autov_bool_facts; try discriminate; try (exfalso; lia).

(** One step: an injectivity, a substitution, or a [match] destructed (in a hypothesis first;
    in the goal, rewritten by an equation already known when possible). *)
Ltac autov_step :=
  match goal with
  | H : Returns _ = Returns _ |- _ => apply Returns_inj in H
  | H : Some _ = Some _ |- _ => apply Some_inj' in H
  | H : Next _ = Next _ |- _ => apply Next_inj in H
  | H : Exit _ = Exit _ |- _ => apply Exit_inj in H
  | H : (_, _) = (_, _) |- _ => apply pair_inj in H; destruct H
  | H : _ = ?v |- _ => is_var v; subst v
  | H : ?v = _ |- _ => is_var v; subst v
  | H : context [match ?x with _ => _ end] |- _ => destruct x eqn:?; autov_after_destruct
  | |- context [match ?x with _ => _ end] =>
      match goal with
      | E : ?y = _ |- _ => autov_same_head x y; assert (x = y) as Hxy by autov_eq_terms; rewrite Hxy, E; clear Hxy; autov_cbn
      end
  | |- context [match ?x with _ => _ end] => destruct x eqn:?; autov_after_destruct
  end.

(** A branch: refuted, or both runs give equal results. *)
Ltac autov_leaf :=
  first
  [ discriminate
  | eexists; split; [reflexivity | reflexivity]
  | exfalso; autov_arith
  | eexists; split; [autov_eq_terms | autov_eq_terms] ].

Ltac autov_refines_with unf :=
  intros;
  repeat match goal with H : args_val _ _ <> None |- _ => apply args_val_in_range in H; cbn in H end;
  repeat match goal with H : _ /\ _ |- _ => destruct H end;
  subst; unf; autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
  repeat autov_step;
  autov_leaf.

Ltac autov_refines := autov_refines_with idtac.
Ltac autov_refines_deep := autov_refines_with autov_unfold_specs.
