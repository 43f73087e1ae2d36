(** * RefTac: the tactics of generated refinement proofs (logical name [Autov.RefTac]).

    [autov_refines] proves the statement of a [RefProof.v] under an equality relation — the low
    spec gives the spec's result and state — once the relation, the spec and the low spec are
    unfolded. It works on the specs as terms: it unfolds the [SpecLib] monad and checked
    operations (and integer constants, by rewriting), reads the arguments' ranges from
    [args_val], and then repeatedly, innermost scrutinee first,
    - destructs the scrutinee of a [match] / [if] in a hypothesis (the spec's run) and, in the
      goal (the low spec's run), rewrites a scrutinee that [lia] shows equal to one already
      destructed, or destructs it too;
    - turns boolean comparisons into [lia] facts, and discards the branches [lia] refutes.
    At the leaves it closes the goal by syntactic equality, or by [f_equal] and arithmetic:
    [lia], then with [wrap] read as [mod], shifts as products or quotients by powers of 2, masks
    [2 ^ n - 1] as [mod 2 ^ n] (a shift of a mask as a mask of the shift), signed wraps of values
    in range dropped, and [Z.to_euclidean_division_equations]. A leaf it cannot close so is
    tried again with range facts about the integer results of the specs called (each proved by
    the called spec's own cases), then, when a variable has at most 16 values, value by value
    with closed terms computed. A leaf still open fails the tactic at once with the message
    [autov: a branch where the spec returns is neither refuted nor closed].

    [autov_refines_deep] first unfolds every definition whose type mentions [outcome] (the
    specs of the layers below and the trusted base), for a spec written in terms of the state
    where its low spec calls the lower layer. [autov_refines_calls] instead unfolds, as they
    come up, the calls (of specs without loops) that one run makes and the other does not,
    and keeps the shared calls folded. [autov_refines_loop] is one iteration of the induction
    on the fuel of a loop spec and its loop function ([LoopProof.v]).

    Each succeeds only by a proof that coqc checks; the export test shows each failing, within
    seconds, on wrong specs. Arithmetic and bitwise operations ([Z.shiftl], [Z.land], ...) and
    [wrap] are kept folded so that [cbn] never unfolds them on symbolic integers. *)

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

(** Bit masks and wraps as arithmetic, for [lia]. *)
Lemma land_mask : forall a c n m,
  (0 <=? n) && (c =? Z.ones n) && (m =? 2 ^ n) = true -> Z.land a c = a mod m.
Proof.
  intros a c n m H. apply andb_true_iff in H as [H H3]. apply andb_true_iff in H as [H1 H2].
  apply Z.leb_le in H1. apply Z.eqb_eq in H2. apply Z.eqb_eq in H3. subst.
  apply Z.land_ones; exact H1.
Qed.
Lemma wrap_small : forall t z, 1 <= bits t -> min_of t <= z <= max_of t -> wrap t z = z.
Proof.
  intros t z Hb H. unfold wrap, min_of, max_of in *.
  assert (E : 2 ^ bits t = 2 * 2 ^ (bits t - 1)).
  { rewrite <- Z.pow_succ_r by lia. f_equal; lia. }
  assert (0 < 2 ^ (bits t - 1)) by (apply Z.pow_pos_nonneg; lia).
  destruct (signed t); cbn [andb] in *.
  - destruct (Z.le_gt_cases 0 z).
    + rewrite Z.mod_small by lia. destruct (Z.ltb_spec (2 ^ (bits t - 1) - 1) z); lia.
    + rewrite <- (Z.mod_add z 1) by lia. rewrite Z.mod_small by lia.
      destruct (Z.ltb_spec (2 ^ (bits t - 1) - 1) (z + 1 * 2 ^ bits t)); lia.
  - apply Z.mod_small; lia.
Qed.

Lemma eqb_false_r : forall b, Bool.eqb b false = negb b. Proof. destruct b; reflexivity. Qed.
Lemma eqb_true_r : forall b, Bool.eqb b true = b. Proof. destruct b; reflexivity. Qed.

(** Boolean comparisons that hold or fail as [lia] facts (hypotheses that are such
    comparisons only: a rewrite inside a run would make the kernel's check of the proof
    slow). *)
Ltac autov_bool_facts :=
  repeat match goal with
  | H : Z.geb ?a ?b = _ |- _ => rewrite (Z.geb_leb a b) in H
  | H : Z.gtb ?a ?b = _ |- _ => rewrite (Z.gtb_ltb a b) in H
  | H : (_ <? _) = true |- _ => apply Z.ltb_lt in H
  | H : (_ <? _) = false |- _ => apply Z.ltb_ge in H
  | H : (_ <=? _) = true |- _ => apply Z.leb_le in H
  | H : (_ <=? _) = false |- _ => apply Z.leb_gt in H
  | H : (_ =? _) = true |- _ => apply Z.eqb_eq in H
  | H : (_ =? _) = false |- _ => apply Z.eqb_neq in H
  | H : (_ && _) = true |- _ => apply andb_true_iff in H; destruct H
  | H : (_ || _) = false |- _ => apply orb_false_iff in H; destruct H
  | H : (_ && _) = false |- _ => apply andb_false_iff in H; destruct H
  | H : (_ || _) = true |- _ => apply orb_true_iff in H; destruct H
  | H : Bool.eqb ?b false = _ |- _ => rewrite (eqb_false_r b) in H
  | H : Bool.eqb ?b true = _ |- _ => rewrite (eqb_true_r b) in H
  | H : negb _ = true |- _ => apply negb_true_iff in H
  | H : negb _ = false |- _ => apply negb_false_iff in H
  | H : True |- _ => clear H
  end.

(** Integer constants (of [DataTypes]) unfolded to numerals, by rewriting with their
    equations: unfolded in place ([unfold]), the kernel's check of the proof can take very
    long on the terms around them. *)
Ltac autov_unfold_consts :=
  repeat match goal with
  | H : context [?c] |- _ =>
      is_const c; let t := type of c in unify t Z;
      let v := eval unfold c in c in let e := fresh in
      assert (e : c = v) by reflexivity; rewrite e in H; clear e
  | |- context [?c] =>
      is_const c; let t := type of c in unify t Z;
      let v := eval unfold c in c in let e := fresh in
      assert (e : c = v) by reflexivity; rewrite e; clear e
  end.

(** Every definition whose type mentions [outcome]: the specs called. *)
Ltac autov_unfold_specs :=
  repeat match goal with
  | H : context [?f] |- _ => is_const f; let T := type of f in match T with context [outcome] => unfold f in H end
  | |- context [?f] => is_const f; let T := type of f in match T with context [outcome] => unfold f end
  end.

(** [f] is a spec (its type mentions [outcome]) whose body has no loop ([for_range],
    [loop_nat], the fuel [Z.to_nat] of a loop function, or the [match] on the fuel of the
    loop function itself). *)
Ltac autov_unfold_loopless f :=
  is_const f; let T := type of f in
  match T with context [outcome] =>
    let b := eval unfold f in f in
    match b with
    | context [for_range] => fail 1
    | context [loop_nat] => fail 1
    | context [Z.to_nat] => fail 1
    | context [match _ with O => _ | S _ => _ end] => fail 1
    | _ => idtac
    end
  end.

Ltac autov_unfold_lib_in H :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads in H.
Ltac autov_unfold_lib_goal :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads.
Ltac autov_unfold_lib :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads in *.

(** [cbn] that leaves integer operations, [wrap], arrays and maps folded. *)
Ltac autov_cbn :=
  cbn -[Z.add Z.sub Z.mul Z.opp Z.pow Z.shiftl Z.shiftr Z.land Z.lor Z.lxor Z.lnot Z.testbit Z.modulo Z.div Z.quot Z.rem
        wrap array_get array_update array_repeat map_get map_set map_new] in *.

(** Numerals (closed [Z] literals). *)
Ltac autov_is_pos p := match p with xH => idtac | xO ?q => autov_is_pos q | xI ?q => autov_is_pos q end.
Ltac autov_is_lit z := match z with Z0 => idtac | Zpos ?p => autov_is_pos p | Zneg ?p => autov_is_pos p end.
Ltac autov_is_zop f :=
  match f with
  | Z.add => idtac | Z.sub => idtac | Z.mul => idtac | Z.pow => idtac | Z.div => idtac
  | Z.modulo => idtac | Z.shiftl => idtac | Z.shiftr => idtac | Z.land => idtac
  | Z.lor => idtac | Z.lxor => idtac | Z.ldiff => idtac
  end.

(** Integer operations on numerals computed. *)
Ltac autov_fold_lits :=
  repeat match goal with
  | H : context [?f ?a ?b] |- _ =>
      autov_is_zop f; autov_is_lit a; autov_is_lit b;
      let v := eval vm_compute in (f a b) in change (f a b) with v in H
  | |- context [?f ?a ?b] =>
      autov_is_zop f; autov_is_lit a; autov_is_lit b;
      let v := eval vm_compute in (f a b) in change (f a b) with v
  end.

(** Bitwise operations with numeral masks as arithmetic: [Z.land] with a numeral first, a
    shift of a masked value as a mask of the shifted value, and a mask [2 ^ n - 1] as [mod 2 ^ n]. *)
Ltac autov_mask_rw a c :=
  autov_is_lit c;
  let n := eval vm_compute in (Z.log2 (c + 1)) in
  let m := eval vm_compute in (2 ^ n) in
  rewrite (land_mask a c n m) in * by reflexivity.
Ltac autov_bits :=
  autov_fold_lits;
  repeat match goal with
  | H : context [Z.land ?c ?a] |- _ => autov_is_lit c; rewrite (Z.land_comm c a) in H
  | |- context [Z.land ?c ?a] => autov_is_lit c; rewrite (Z.land_comm c a)
  end;
  repeat match goal with
  | H : context [Z.shiftr (Z.land ?a ?c) ?k] |- _ =>
      autov_is_lit c; autov_is_lit k; rewrite (Z.shiftr_land a c k) in H
  | |- context [Z.shiftr (Z.land ?a ?c) ?k] =>
      autov_is_lit c; autov_is_lit k; rewrite (Z.shiftr_land a c k)
  end;
  autov_fold_lits;
  repeat match goal with
  | H : context [Z.land ?a ?c] |- _ => autov_mask_rw a c
  | |- context [Z.land ?a ?c] => autov_mask_rw a c
  end.

(** [wrap] of a signed type, on a value [lia] shows in range, as the value itself. *)
Ltac autov_range_side :=
  cbv [min_of max_of bits signed I8 I16 I32 I64 U8 U16 U32 U64 USIZE]; autov_fold_lits;
  solve [lia | Z.to_euclidean_division_equations; lia].
Ltac autov_wrap_signed :=
  repeat match goal with
  | H : context [wrap (mk_ity ?w true) ?z] |- _ =>
      rewrite (wrap_small (mk_ity w true) z) in H by autov_range_side
  | |- context [wrap (mk_ity ?w true) ?z] =>
      rewrite (wrap_small (mk_ity w true) z) by autov_range_side
  end.

(** Arithmetic, the cheaper way (no bit masks, no signed wraps): [lia], then with [wrap] read
    as [mod] and shifts as products or quotients by powers of 2. *)
Ltac autov_arith_basic :=
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

(** Arithmetic: [lia], then with [wrap] read as [mod], shifts as multiplication and division
    by powers of 2, masks as [mod], and [mod], [/], [rem], [÷] as equations. *)
Ltac autov_arith :=
  solve
  [ lia
  | autov_bits;
    cbv [I8 I16 I32 I64] in *;
    rewrite ?wrap_u8, ?wrap_u16, ?wrap_u32, ?wrap_u64, ?wrap_usize, ?wrap_unsigned in *;
    repeat match goal with
    | H : context [Z.shiftl ?a ?n] |- _ => rewrite (Z.shiftl_mul_pow2 a n) in H by lia
    | |- context [Z.shiftl ?a ?n] => rewrite (Z.shiftl_mul_pow2 a n) by lia
    | H : context [Z.shiftr ?a ?n] |- _ => rewrite (Z.shiftr_div_pow2 a n) in H by lia
    | |- context [Z.shiftr ?a ?n] => rewrite (Z.shiftr_div_pow2 a n) by lia
    end;
    autov_fold_lits; cbv [I8 I16 I32 I64] in *; autov_wrap_signed;
    Z.to_euclidean_division_equations; lia ].

(** The head of an application. *)
Ltac autov_head t := match t with ?f _ => autov_head f | _ => t end.

(** Equal terms: equal integers by [autov_arith], other terms by congruence. Terms are
    compared syntactically, never by conversion (which can unfold integer operations on
    large numerals without end). *)
Ltac autov_congr_with arith :=
  match goal with
  | |- ?a = ?b => constr_eq a b; reflexivity
  | |- Z.lxor ?a ?b = Z.lxor ?b ?a => apply Z.lxor_comm
  | |- Z.lor ?a ?b = Z.lor ?b ?a => apply Z.lor_comm
  | |- Z.land ?a ?b = Z.land ?b ?a => apply Z.land_comm
  | |- @eq Z _ _ => arith
  | |- ?a = ?b =>
      let ha := autov_head a in let hb := autov_head b in constr_eq ha hb;
      f_equal; autov_congr_with arith
  end.

Ltac autov_eq_terms := solve [autov_congr_with autov_arith].
(** The same with [autov_arith_basic], to compare scrutinees. *)
Ltac autov_eq_terms_basic := solve [autov_congr_with autov_arith_basic].

(** [x] and [y] are applications of the same function to as many arguments. *)
Ltac autov_same_head x y :=
  match x with
  | ?f _ _ _ _ => match y with f _ _ _ _ => idtac end
  | ?f _ _ _ => match y with f _ _ _ => idtac end
  | ?f _ _ => match y with f _ _ => idtac end
  | ?f _ => match y with f _ => idtac end
  end.

(** A hypothesis equating different constructors (found syntactically: [discriminate] alone
    would reduce every equation's sides, integer operations on large numerals included). *)
Ltac autov_discr :=
  match goal with
  | H : ?a = ?b |- _ =>
      let ha := autov_head a in let hb := autov_head b in
      is_constructor ha; is_constructor hb; discriminate H
  end.

Ltac autov_after_destruct := autov_cbn; autov_bool_facts; try autov_discr; try (exfalso; lia).

(** One step: an injectivity, a substitution, or a [match] destructed (in a hypothesis first;
    in the goal, rewritten by an equation already known when possible). *)
(** Closed terms: an operation of [SpecLib] or [Z] applied to numerals, types and booleans
    (closed terms themselves); [vm_compute] gives their value. *)
Ltac autov_closed_arg a :=
  first
  [ autov_is_lit a
  | match a with
    | U8 => idtac | U16 => idtac | U32 => idtac | U64 => idtac | USIZE => idtac
    | I8 => idtac | I16 => idtac | I32 => idtac | I64 => idtac
    | true => idtac | false => idtac
    end
  | autov_closed a ]
with autov_closed x :=
  match x with
  | ?f ?a ?b ?c => autov_closed_fn f; autov_closed_arg a; autov_closed_arg b; autov_closed_arg c
  | ?f ?a ?b => autov_closed_fn f; autov_closed_arg a; autov_closed_arg b
  | ?f ?a => autov_closed_fn f; autov_closed_arg a
  end
with autov_closed_fn f :=
  match f with
  | add_chk => idtac | sub_chk => idtac | mul_chk => idtac | div_chk => idtac
  | rem_chk => idtac | neg_chk => idtac | shl_chk => idtac | shr_chk => idtac
  | checked => idtac | wrap => idtac | in_range => idtac
  | Z.eqb => idtac | Z.ltb => idtac | Z.leb => idtac | Z.gtb => idtac | Z.geb => idtac
  | negb => idtac | andb => idtac | orb => idtac | Bool.eqb => idtac
  | _ => autov_is_zop f
  | Z.opp => idtac | Z.lnot => idtac
  end.

(** A closed term computed in [H] or in the goal. *)
Ltac autov_compute_in x H :=
  autov_closed x; let v := eval vm_compute in x in change x with v in H.
Ltac autov_compute x :=
  autov_closed x; let v := eval vm_compute in x in change x with v.

(** Every closed subterm computed, in the hypotheses and the goal. *)
Ltac autov_compute_all :=
  repeat match goal with
  | H : context [?x] |- _ => autov_compute_in x H
  | |- context [?x] => autov_compute x
  end;
  autov_cbn.

(** [x] has no [match] inside on a term that can be destructed (one not under a binder of
    [x]): scrutinees are destructed innermost first, as the runs evaluate. *)
Ltac autov_innermost x :=
  match x with
  | context [match ?y with _ => _ end] => fail 1
  | _ => idtac
  end.

(** A scrutinee that is a call of a spec without loops that the other run does not make
    (the spec's run is in a hypothesis, the low spec's in the goal) unfolded; the calls both
    runs make stay folded and are matched up call by call. *)
Ltac autov_unfold_unshared_step :=
  match goal with
  | H : context [match ?x with _ => _ end] |- _ =>
      let f := autov_head x in autov_unfold_loopless f;
      tryif (match goal with |- context [f] => idtac end) then fail else idtac;
      unfold f in H; autov_unfold_lib; autov_unfold_consts; autov_cbn
  | |- context [match ?x with _ => _ end] =>
      let f := autov_head x in autov_unfold_loopless f;
      tryif (match goal with H : context [f] |- _ => idtac end) then fail else idtac;
      unfold f; autov_unfold_lib; autov_unfold_consts; autov_cbn
  end.

Ltac autov_step :=
  match goal with
  | H : Returns _ = Returns _ |- _ => apply Returns_inj in H
  | H : Some _ = Some _ |- _ => apply Some_inj' in H
  | H : Next _ = Next _ |- _ => apply Next_inj in H
  | H : Exit _ = Exit _ |- _ => apply Exit_inj in H
  | H : (_, _) = (_, _) |- _ => apply pair_inj in H; destruct H
  | H : _ = ?v |- _ => is_var v; subst v
  | H : ?v = _ |- _ => is_var v; subst v
  | H : context [match ?x with _ => _ end] |- _ => autov_innermost x; destruct x eqn:?; autov_after_destruct
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x;
      match goal with
      | E : ?y = _ |- _ => autov_same_head x y; assert (x = y) as Hxy by autov_eq_terms_basic; rewrite Hxy, E; clear Hxy; autov_cbn
      end
  | |- context [match ?x with _ => _ end] => autov_innermost x; destruct x eqn:?; autov_after_destruct
  end.

(** [lo <= x < hi] for numerals [lo], [hi]: one case [x = lo], ..., [x = hi - 1] each. *)
Ltac autov_enum x lo hi :=
  let b := eval vm_compute in (lo <? hi) in
  match b with
  | true =>
      let lo' := eval vm_compute in (lo + 1) in
      destruct (Z.eq_dec x lo) as [-> | ?]; [ | autov_enum x lo' hi]
  | false => exfalso; lia
  end.

(** A variable with at most 16 values (bounds by numerals) split into its values. *)
Ltac autov_small_split :=
  match goal with
  | H1 : ?lo <= ?x, H2 : ?x < ?hi |- _ =>
      is_var x; autov_is_lit lo; autov_is_lit hi;
      let d := eval vm_compute in (hi - lo <=? 16) in
      match d with true => autov_enum x lo hi end
  | H1 : ?lo <= ?x, H2 : ?x <= ?hi |- _ =>
      is_var x; autov_is_lit lo; autov_is_lit hi;
      let d := eval vm_compute in (hi - lo <? 16) in
      match d with true => let hi' := eval vm_compute in (hi + 1) in autov_enum x lo hi' end
  end.

(** A branch: refuted, or both runs give equal results (the state related by equality). *)
Ltac autov_leaf_once :=
  first
  [ autov_discr
  | match goal with |- exists l', _ = _ /\ ?h = l' => exists h; split; [autov_eq_terms | reflexivity] end
  | exfalso; autov_arith ].

(** Range facts about the integer result [v] of a spec called ([E : f args = Returns (Some v)],
    or [Some (v, s)]): [0 <= v] and [v <= 2 ^ 64 - 1], each kept when [f]'s own cases prove it
    ([f] unfolded in a copy of [E]; not for a spec with a loop, whose cases are not unfolded). *)
Ltac autov_bound_by E P :=
  assert P by (
    let E' := fresh "E" in pose proof E as E';
    match type of E' with ?c = _ =>
      let f := autov_head c in is_const f; unfold f in E';
      match type of E' with
      | context [for_range] => fail 2
      | context [loop_nat] => fail 2
      | _ => idtac
      end
    end;
    autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
    repeat autov_step;
    solve [autov_discr | lia | autov_arith]).
Ltac autov_result_ranges :=
  repeat match goal with
  | E : ?c = Returns (Some ?v) |- _ =>
      is_var v; let T := type of v in unify T Z;
      assert_fails (assert (0 <= v) by lia);
      autov_bound_by E (0 <= v)
  | E : ?c = Returns (Some (?v, _)) |- _ =>
      is_var v; let T := type of v in unify T Z;
      assert_fails (assert (0 <= v) by lia);
      autov_bound_by E (0 <= v)
  end;
  repeat match goal with
  | E : ?c = Returns (Some ?v) |- _ =>
      is_var v; let T := type of v in unify T Z;
      assert_fails (assert (v <= 18446744073709551615) by lia);
      autov_bound_by E (v <= 18446744073709551615)
  | E : ?c = Returns (Some (?v, _)) |- _ =>
      is_var v; let T := type of v in unify T Z;
      assert_fails (assert (v <= 18446744073709551615) by lia);
      autov_bound_by E (v <= 18446744073709551615)
  end.

(** A branch closed as it is, with the range facts of the results of the specs called, or,
    for a variable of few values, value by value (each run computed on numerals); otherwise
    the tactic fails at once with a message. *)
Ltac autov_leaf :=
  first
  [ autov_leaf_once
  | progress autov_result_ranges; autov_leaf_once
  | autov_small_split; autov_compute_all; autov_bool_facts;
    repeat (autov_step; try autov_compute_all); autov_leaf_once
  | fail 1 "autov: a branch where the spec returns is neither refuted nor closed" ].

Ltac autov_refines_with unf step :=
  intros;
  repeat match goal with H : args_val _ _ <> None |- _ => apply args_val_in_range in H; cbn in H end;
  repeat match goal with H : _ /\ _ |- _ => destruct H end;
  subst; unf; autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
  once (repeat step);
  autov_leaf.

(* The tactic arguments are [idtac; t]: a bare name of a tactic without arguments would be
   run when passed, not where the argument is used. *)
Ltac autov_refines := autov_refines_with idtac ltac:(idtac; autov_step).
Ltac autov_refines_deep := autov_refines_with ltac:(idtac; autov_unfold_specs) ltac:(idtac; autov_step).
(** [autov_refines], unfolding in addition the calls (of specs without loops) that only one
    of the two runs makes. *)
Ltac autov_refines_calls :=
  autov_refines_with idtac ltac:(idtac; first [autov_unfold_unshared_step | autov_step]).

(** ** Loop specs

    [autov_refines_loop] proves one iteration of the induction on the fuel of a loop
    function: [fuel_spec (S n) args = Returns (Some r) -> fuel_low (S m) args = Returns (Some r)]
    given the induction hypothesis [IH] for [n] (any [m] with [n <= m], arguments in the
    ranges of their types), the arguments' ranges as hypotheses [min_of t <= a <= max_of t].
    The two bodies are run as by [autov_refines_calls]; the recursive call of the low loop is
    rewritten by [IH] once the spec's own recursive call has given its result, on arguments
    shown equal. *)
Ltac autov_range_numerals :=
  cbv [min_of max_of bits signed I8 I16 I32 I64 U8 U16 U32 U64 USIZE] in *; autov_fold_lits.

Ltac autov_loop_ih_step :=
  match goal with
  | IH : forall _, _ |- context [match ?x with _ => _ end] =>
      autov_innermost x;
      erewrite IH; [ | lia | .. ];
      [ autov_cbn
      | autov_range_numerals; solve [autov_arith] ..
      | etransitivity; [ | eassumption ]; autov_eq_terms ]
  end.

Ltac autov_loop_leaf :=
  first
  [ autov_discr
  | autov_eq_terms
  | exfalso; autov_arith
  | fail 1 "autov: a branch where the loop spec returns is neither refuted nor closed" ].

Ltac autov_refines_loop :=
  autov_range_numerals; autov_cbn; autov_unfold_lib; autov_unfold_consts; autov_cbn;
  autov_bool_facts;
  once (repeat (first [autov_loop_ih_step | autov_unfold_unshared_step | autov_step]));
  autov_loop_leaf.

(** The fuel of a loop spec, [S (Z.to_nat e)] with [e] in range, is at most the fuel
    [S (Z.to_nat (2 ^ 64 - 1))] of the loop function (never computed as a [nat]). *)
Ltac autov_fuel_le :=
  apply le_n_S; apply Z2Nat.inj_le;
  autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_range_numerals; solve [autov_arith].
