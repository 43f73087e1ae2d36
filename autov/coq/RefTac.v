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
    with closed terms computed. Bits shown disjoint ([autov_disjoint]: a multiple of [2 ^ k]
    and a value below [2 ^ k], masks of contiguous ones read as arithmetic) refute the poison
    of [or disjoint] ([Z.land a b <> 0]); an address built of multiples of [k] (masked bases,
    indexes times [k], unsigned wraps) shown a multiple of [k] ([autov_multiple]) refutes a
    failed alignment check ([Z.rem a k <> 0]). A leaf still open fails the tactic at once with the
    message
    [autov: a branch where the spec returns is neither refuted nor closed].

    [autov_refines_deep] first unfolds every definition whose type mentions [outcome] (the
    specs of the layers below and the trusted base), for a spec written in terms of the state
    where its low spec calls the lower layer. [autov_refines_calls] instead unfolds, as they
    come up, the calls (of specs without loops) that one run makes and the other does not,
    and keeps the shared calls folded. [autov_refines_frame] is [autov_refines_calls] for low
    specs that change the state around what the spec does (a lock taken and released): nested
    [option_map]s are destructed at their argument, so that the states a run builds stay
    explicit terms; a call of a spec on a state that differs from the other run's only where
    the spec does not read is matched up by conversion ([autov_frame_eq]), and a loop-free call
    both runs make that cannot be matched up so is unfolded in both; at a leaf, states are
    compared field by field (setters unfolded, record variables destructed) and lists element
    by element through their updates ([array_ext]; unsigned wraps of variables in range
    dropped, [autov_wrap_vars], so that an index reached through different casts is one term),
    and the updates of arrays, followed along a chain of updates of one element, refute
    branches ([autov_array_facts]). These steps are kept out of the other tactics, where they made some
    proofs many times slower. [autov_refines_loop] is one iteration of the induction
    on the fuel of a loop spec and its loop function ([LoopProof.v]). Each of the others
    rewrites a call of a loop function by the refinement lemma of its loop spec when the
    generated proof has it as a hypothesis ([autov_loop_lemma_step]).

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
(** A mask of contiguous ones [2 ^ n - 2 ^ m] as arithmetic ([pn], [pm] the two powers as
    numerals). *)
Lemma land_range_mask : forall a c n m pn pm,
  (0 <=? m) && (m <=? n) && (pn =? 2 ^ n) && (pm =? 2 ^ m) && (c =? pn - pm) = true ->
  Z.land a c = a mod pn / pm * pm.
Proof.
  intros a c n m pn pm H. repeat rewrite andb_true_iff in H. destruct H as [[[[H1 H2] H3] H4] H5].
  apply Z.leb_le in H1. apply Z.leb_le in H2. apply Z.eqb_eq in H3. apply Z.eqb_eq in H4.
  apply Z.eqb_eq in H5. subst c pn pm.
  assert (Ec : 2 ^ n - 2 ^ m = Z.shiftl (Z.ones (n - m)) m).
  { rewrite Z.shiftl_mul_pow2, Z.ones_equiv by lia.
    rewrite <- Z.sub_1_r, Z.mul_sub_distr_r, <- Z.pow_add_r by lia.
    replace (n - m + m) with n by lia. lia. }
  rewrite Ec, <- Z.land_ones, <- Z.shiftr_div_pow2, <- Z.shiftl_mul_pow2 by lia.
  apply Z.bits_inj'; intros i Hi. rewrite Z.land_spec.
  destruct (Z.lt_ge_cases i m).
  - rewrite !Z.shiftl_spec_low by lia. apply andb_false_r.
  - rewrite !Z.shiftl_spec_high by lia. rewrite Z.shiftr_spec, Z.land_spec by lia.
    replace (i - m + m) with i by lia. rewrite !Z.testbit_ones by lia.
    destruct (Z.testbit a i); simpl; [|reflexivity].
    destruct (Z.ltb_spec (i - m) (n - m)), (Z.ltb_spec i n); simpl; try reflexivity; lia.
Qed.

(** Disjoint bits: a multiple of [2 ^ k] and a value below [2 ^ k] ([pk] its numeral) have no
    bit in common. *)
Lemma land_disjoint_pow : forall a b k pk,
  (0 <=? k) && (pk =? 2 ^ k) = true -> a mod pk = 0 -> 0 <= b < pk -> Z.land a b = 0.
Proof.
  intros a b k pk Hk Ha Hb. apply andb_true_iff in Hk as [Hk Hp].
  apply Z.leb_le in Hk. apply Z.eqb_eq in Hp. subst pk.
  apply Z.bits_inj'; intros i Hi.
  rewrite Z.land_spec, Z.bits_0. destruct (Z.lt_ge_cases i k) as [Hlt|Hge].
  - rewrite (Z.div_mod a (2 ^ k)) by (apply Z.pow_nonzero; lia).
    rewrite Ha, Z.add_0_r, Z.mul_comm, <- Z.shiftl_mul_pow2 by lia.
    rewrite Z.shiftl_spec_low by lia. reflexivity.
  - rewrite <- (Z.mod_small b (2 ^ k)) by lia. rewrite Z.mod_pow2_bits_high by lia.
    apply andb_false_r.
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

(** ** Arrays: an element read after an update, and equality element by element *)

Lemma update_nat_spec : forall A (l l' : list A) n f, update_nat l n f = Some l' ->
  length l' = length l /\
  nth_error l' n = match nth_error l n with Some x => f x | None => None end /\
  forall m, m <> n -> nth_error l' m = nth_error l m.
Proof.
  induction l as [|x xs IH]; intros l' n f H; [discriminate H|].
  destruct n as [|n]; simpl in H.
  - destruct (f x) as [y|] eqn:Ef; [|discriminate H]. injection H as <-.
    split; [reflexivity|]. split; [simpl; auto|]. intros [|m] Hm; [lia|reflexivity].
  - destruct (update_nat xs n f) as [ys|] eqn:Eu; [|discriminate H]. injection H as <-.
    destruct (IH ys n f Eu) as (H1 & H2 & H3). split; [simpl; auto|]. split; [exact H2|].
    intros [|m] Hm; [reflexivity|]. simpl. apply H3. lia.
Qed.

Lemma array_update_length : forall A (l l' : list A) i f, array_update l i f = Some l' -> length l' = length l.
Proof.
  unfold array_update; intros A l l' i f H. destruct (i <? 0); [discriminate H|].
  apply (update_nat_spec _ _ _ _ _ H).
Qed.
Lemma array_get_update_same : forall A (l l' : list A) i f, array_update l i f = Some l' ->
  array_get l' i = match array_get l i with Some x => f x | None => None end.
Proof.
  unfold array_update, array_get; intros A l l' i f H. destruct (i <? 0); [discriminate H|].
  apply (update_nat_spec _ _ _ _ _ H).
Qed.
Lemma array_get_update_other : forall A (l l' : list A) i j f, array_update l i f = Some l' ->
  j <> i -> array_get l' j = array_get l j.
Proof.
  unfold array_update, array_get; intros A l l' i j f H Hji.
  destruct (i <? 0) eqn:Ei; [discriminate H|]. destruct (j <? 0) eqn:Ej; [reflexivity|].
  apply Z.ltb_ge in Ei. apply Z.ltb_ge in Ej.
  apply (update_nat_spec _ _ _ _ _ H). intro E. apply Hji. apply Z2Nat.inj; lia.
Qed.
Lemma array_update_none : forall A (l : list A) i f x, array_update l i f = None ->
  array_get l i = Some x -> f x = None.
Proof.
  unfold array_update, array_get; intros A l i f x H G. destruct (i <? 0); [discriminate G|].
  revert H G. generalize (Z.to_nat i) as n. revert l.
  induction l as [|y ys IH]; intros [|n] H G; simpl in *; try discriminate G.
  - injection G as ->. destruct (f x); [discriminate H | reflexivity].
  - destruct (update_nat ys n f) eqn:E; [discriminate H|]. exact (IH n E G).
Qed.
Lemma nth_error_ext' : forall A (a b : list A), (forall n, nth_error a n = nth_error b n) -> a = b.
Proof.
  induction a as [|x xs IH]; intros [|y ys] H; auto.
  - specialize (H O); discriminate H.
  - specialize (H O); discriminate H.
  - pose proof (H O) as H0; simpl in H0; injection H0 as ->. f_equal. apply IH.
    intro n. exact (H (S n)).
Qed.
Lemma array_ext : forall A (a b : list A), (forall i, 0 <= i -> array_get a i = array_get b i) -> a = b.
Proof.
  intros A a b H. apply nth_error_ext'. intro n. specialize (H (Z.of_nat n) ltac:(lia)).
  unfold array_get in H. rewrite Nat2Z.id in H. destruct (Z.of_nat n <? 0) eqn:E; [apply Z.ltb_lt in E; lia|].
  exact H.
Qed.

(** ** Multiples: [k] divides a value built of multiples of [k]

    An address built of an aligned base, an index times the alignment and wraps of unsigned
    types is aligned: [hw_pt_load] and [hw_pt_store], which check the alignment, then do not
    fail. *)

Lemma divides_wrap_unsigned : forall t k x,
  (negb (signed t)) && (0 <? 2 ^ bits t) && (2 ^ bits t mod k =? 0) = true ->
  (k | x) -> (k | wrap t x).
Proof.
  intros t k x H Hx. apply andb_true_iff in H as [H H3]. apply andb_true_iff in H as [H1 H2].
  apply negb_true_iff in H1. apply Z.ltb_lt in H2. apply Z.eqb_eq in H3.
  unfold wrap. rewrite H1. cbn [andb].
  assert (Hk : (k | 2 ^ bits t)).
  { destruct (Z.eq_dec k 0) as [->|Hk0].
    - rewrite Zmod_0_r in H3. lia.
    - apply Z.mod_divide; assumption. }
  rewrite Z.mod_eq by lia.
  apply Z.divide_sub_r; [exact Hx | apply Z.divide_mul_l; exact Hk].
Qed.

Lemma divides_land_pow2 : forall a c k n,
  (0 <=? n) && (k =? 2 ^ n) && (c mod k =? 0) = true -> (k | Z.land a c).
Proof.
  intros a c k n H. apply andb_true_iff in H as [H H3]. apply andb_true_iff in H as [H1 H2].
  apply Z.leb_le in H1. apply Z.eqb_eq in H2. apply Z.eqb_eq in H3. subst k.
  apply Z.mod_divide; [apply Z.pow_nonzero; lia|].
  rewrite <- Z.land_ones by lia. rewrite <- Z.land_assoc, Z.land_ones by lia.
  rewrite H3. apply Z.land_0_r.
Qed.

Lemma divides_lit : forall k x, (x mod k =? 0) && negb (k =? 0) = true -> (k | x).
Proof.
  intros k x H. apply andb_true_iff in H as [H1 H2]. apply negb_true_iff in H2.
  apply Z.eqb_eq in H1. apply Z.eqb_neq in H2. apply Z.mod_divide; assumption.
Qed.

(** [(k | x)] for [x] built of multiples of [k]: sums, differences, products with a multiple,
    unsigned wraps (by [2 ^ bits], a multiple of [k]), masks whose numeral is a multiple of
    [k] (a power of 2), shifts left, and numerals. *)
Ltac autov_divides :=
  lazymatch goal with
  | |- (?k | ?x + ?y) => apply Z.divide_add_r; autov_divides
  | |- (?k | ?x - ?y) => apply Z.divide_sub_r; autov_divides
  | |- (?k | ?x * ?y) =>
      first [apply Z.divide_mul_r; autov_divides | apply Z.divide_mul_l; autov_divides]
  | |- (?k | wrap ?t ?y) =>
      apply divides_wrap_unsigned; [vm_compute; reflexivity | autov_divides]
  | |- (?k | Z.land ?a ?c) =>
      let n := eval vm_compute in (Z.log2 k) in
      first [apply (divides_land_pow2 a c k n); vm_compute; reflexivity
            | rewrite Z.land_comm; apply (divides_land_pow2 c a k n); vm_compute; reflexivity]
  | |- (?k | Z.shiftl ?a ?n) =>
      rewrite (Z.shiftl_mul_pow2 a n) by lia; apply Z.divide_mul_r; autov_divides
  | |- (?k | ?x) => apply divides_lit; vm_compute; reflexivity
  end.

(** A hypothesis that a multiple of [k] has a non-zero remainder by [k], refuted. *)
Ltac autov_multiple :=
  match goal with
  | H : Z.rem ?x ?k <> 0 |- _ =>
      exfalso; apply H; clear H; apply Z.rem_divide; [lia | autov_divides]
  | H : ?x mod ?k <> 0 |- _ =>
      exfalso; apply H; clear H; apply Z.mod_divide; [lia | autov_divides]
  end.

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

(** The spec library unfolded; a Rust array's [array_get_n n]/[array_update_n n] as the bound
    [i <? n] and the list's [array_get]/[array_update] (which the steps below read). *)
Ltac autov_unfold_lib_in H :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads,
    array_get_n, array_update_n in H.
Ltac autov_unfold_lib_goal :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads,
    array_get_n, array_update_n.
Ltac autov_unfold_lib :=
  unfold finish, bind, lift, of_opt, try_opt, add_chk, sub_chk, mul_chk, div_chk, rem_chk,
    neg_chk, shl_chk, shr_chk, checked, in_range, wrapping_add, wrapping_sub, wrapping_mul,
    cast, bnot, bool_to_int, saturating_add, saturating_sub, saturating_mul, saturate, reads,
    array_get_n, array_update_n in *.

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
(** A mask of contiguous ones [2 ^ n - 2 ^ m] as [mod 2 ^ n / 2 ^ m * 2 ^ m]. *)
Ltac autov_range_mask_rw a c :=
  autov_is_lit c;
  let n := eval vm_compute in (Z.log2 c + 1) in
  let m := eval vm_compute in (Z.log2 (Z.land c (- c))) in
  let pn := eval vm_compute in (2 ^ n) in
  let pm := eval vm_compute in (2 ^ m) in
  rewrite (land_range_mask a c n m pn pm) in * by reflexivity.
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

(** [wrap] of unsigned types read as [mod], shifts as products or quotients by powers of 2
    (the rewrites both arithmetic tactics make). *)
Ltac autov_wrap_shift_rw :=
  rewrite ?wrap_u8, ?wrap_u16, ?wrap_u32, ?wrap_u64, ?wrap_usize, ?wrap_unsigned in *;
  repeat match goal with
  | H : context [Z.shiftl ?a ?n] |- _ => rewrite (Z.shiftl_mul_pow2 a n) in H by lia
  | |- context [Z.shiftl ?a ?n] => rewrite (Z.shiftl_mul_pow2 a n) by lia
  | H : context [Z.shiftr ?a ?n] |- _ => rewrite (Z.shiftr_div_pow2 a n) in H by lia
  | |- context [Z.shiftr ?a ?n] => rewrite (Z.shiftr_div_pow2 a n) by lia
  end.

(** Arithmetic, the cheaper way (no bit masks, no signed wraps): [lia], then with [wrap] read
    as [mod] and shifts as products or quotients by powers of 2. *)
Ltac autov_arith_basic :=
  solve [ lia | autov_wrap_shift_rw; Z.to_euclidean_division_equations; lia ].

(** The numeral [c] that bounds [b] (a numeral, or a mask of one), for [0 <= b < 2 ^ k] with
    [k] the bits of [c]. *)
Ltac autov_mask_lit b :=
  lazymatch b with
  | Z.land _ ?c => constr:(c)
  | Z.land ?c _ => constr:(c)
  | _ => constr:(b)
  end.

(** The side conditions of [land_disjoint_pow]: arithmetic with masks as [mod] (masks of
    contiguous ones too). *)
Ltac autov_disjoint_side :=
  autov_bits;
  repeat match goal with
  | H : context [Z.land ?a ?c] |- _ => autov_range_mask_rw a c
  | |- context [Z.land ?a ?c] => autov_range_mask_rw a c
  end;
  cbv [I8 I16 I32 I64] in *; autov_wrap_shift_rw; autov_fold_lits;
  Z.to_euclidean_division_equations; lia.

(** [Z.land a b = 0], for [b] below [2 ^ k] ([k] from a numeral mask of [b]) and [a] a
    multiple of [2 ^ k]: the bits of [a] and [b] are disjoint. *)
Ltac autov_land_zero a b :=
  let c := autov_mask_lit b in
  autov_is_lit c;
  let k := eval vm_compute in (Z.log2 c + 1) in
  let pk := eval vm_compute in (2 ^ k) in
  apply (land_disjoint_pow a b k pk); [reflexivity | autov_disjoint_side | autov_disjoint_side].

(** A hypothesis [Z.land a b <> 0] (the poison of [or disjoint]) refuted, and a goal
    [Z.land a b = 0] proved, when the bits of [a] and [b] are disjoint ([autov_land_zero],
    either way round). *)
Ltac autov_disjoint :=
  match goal with
  | H : Z.land ?a ?b <> 0 |- _ =>
      exfalso; apply H; clear H;
      first [autov_land_zero a b | rewrite Z.land_comm; autov_land_zero b a]
  | |- Z.land ?a ?b = 0 =>
      first [autov_land_zero a b | rewrite Z.land_comm; autov_land_zero b a]
  end.

(** Arithmetic: [lia], then bits found disjoint ([autov_disjoint]), or with [wrap] read as
    [mod], shifts as multiplication and division by powers of 2, masks as [mod], and [mod],
    [/], [rem], [÷] as equations. *)
Ltac autov_arith :=
  solve
  [ lia
  | autov_disjoint
  | autov_bits;
    cbv [I8 I16 I32 I64] in *;
    autov_wrap_shift_rw;
    autov_fold_lits; cbv [I8 I16 I32 I64] in *; autov_wrap_signed;
    Z.to_euclidean_division_equations; lia ].

(** The head of an application. *)
Ltac autov_head t := match t with ?f _ => autov_head f | _ => t end.

(** Setters (definitions whose body builds a record: [RData_set_hw st v], ...) unfolded in
    the goal and the fields of the records built read. *)
Ltac autov_unfold_setters :=
  repeat match goal with
  | |- context [?f ?r ?v] =>
      is_const f;
      let t := eval cbv delta [f] beta in (f r v) in
      let h := autov_head t in is_constructor h;
      change (f r v) with t
  end;
  autov_cbn.

(** A side of an equation that is a variable of a record type (of one constructor: a
    state), or else such a variable in the right side, destructed, so that equal states are
    equal field by field. *)
Ltac autov_record_side :=
  match goal with
  | |- ?a = ?b =>
      first [is_var b; assert_succeeds (destruct b; [idtac]); destruct b
            | is_var a; assert_succeeds (destruct a; [idtac]); destruct a
            | match b with context [?v] =>
                is_var v; assert_succeeds (destruct v; [idtac]); destruct v end];
      autov_cbn
  end.

(** Lists equal element by element: each element read through the updates made (an update
    [E : array_update l k f = Some l'] at the same index, or at another), then the elements
    known read. *)
Ltac autov_array_pointwise :=
  apply array_ext; let i := fresh "i" in let Hi := fresh "Hi" in intros i Hi;
  repeat match goal with
  | E : array_update ?l ?k ?f = Some ?l' |- context [array_get ?l' ?k] =>
      rewrite (array_get_update_same _ l l' k f E); autov_cbn
  | E : array_update ?l ?k ?f = Some ?l' |- context [array_get ?l' i] =>
      first
      [ rewrite (array_get_update_other _ l l' k i f E) by lia
      | destruct (Z.eq_dec i k) as [->|?];
        [ rewrite (array_get_update_same _ l l' k f E)
        | rewrite (array_get_update_other _ l l' k i f E) by assumption ] ];
      autov_cbn
  | E : array_get ?l ?k = _ |- context [array_get ?l ?k] => rewrite E; autov_cbn
  end.

(** Equal terms: equal integers by [autov_arith], other terms by congruence; with [states]
    ([idtac]), lists element by element and states field by field too (setters unfolded also
    when both sides apply the same setter to different states; [fail] leaves them out). Terms
    are compared syntactically, never by conversion (which can unfold integer operations on
    large numerals without end). *)
Ltac autov_congr_gen arith states :=
  match goal with
  | |- ?a = ?b => constr_eq a b; reflexivity
  | |- Z.lxor ?a ?b = Z.lxor ?b ?a => apply Z.lxor_comm
  | |- Z.lor ?a ?b = Z.lor ?b ?a => apply Z.lor_comm
  | |- Z.land ?a ?b = Z.land ?b ?a => apply Z.land_comm
  | |- @eq Z _ _ => arith
  | |- ?a = ?b =>
      let ha := autov_head a in let hb := autov_head b in constr_eq ha hb;
      f_equal; autov_congr_gen arith states
  | |- @eq (list _) _ _ => states; autov_array_pointwise; autov_congr_gen arith states
  | |- ?a = ?b =>
      states;
      let ha := autov_head a in let hb := autov_head b in
      first [progress autov_unfold_setters
            | tryif constr_eq ha hb then fail else autov_record_side];
      autov_congr_gen arith states
  end.
Ltac autov_congr_with arith := autov_congr_gen arith ltac:(idtac; fail).

Ltac autov_eq_terms := solve [autov_congr_with autov_arith].
(** The same, lists and states compared too (by [autov_refines_frame]). *)
Ltac autov_eq_terms_states := solve [autov_congr_gen autov_arith ltac:(idtac)].
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

(** The innermost argument of nested [option_map]s (the term itself when it is none), to
    destruct: the states a run builds then stay explicit terms. *)
Ltac autov_map_inner x :=
  lazymatch x with
  | option_map _ ?o => autov_map_inner o
  | _ => x
  end.

(** Equal calls of the same spec on different states, when the spec does not read where they
    differ: the two calls are convertible (a field of a state built by a setter reduces to the
    same field of the state before). *)
Ltac autov_frame_eq :=
  match goal with
  | |- ?x = ?y =>
      match x with
      | _ ?s => let T := type of s in
                lazymatch T with Z => fail | _ => idtac end
      end;
      reflexivity
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
  | u : unit |- _ => destruct u
  | H : context [match ?x with _ => _ end] |- _ =>
      autov_innermost x; destruct x eqn:?; autov_after_destruct
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x;
      match goal with
      | E : ?y = _ |- _ =>
          autov_same_head x y;
          assert (x = y) as Hxy by autov_eq_terms_basic;
          rewrite Hxy, E; clear Hxy; autov_cbn
      end
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x; destruct x eqn:?; autov_after_destruct
  end.

(** [autov_step] where nested [option_map]s are destructed at their argument (the states a run
    builds stay explicit terms), calls on states that differ only where the spec called does
    not read are matched up ([autov_frame_eq]), and a call (of a spec without loops) both runs
    make that cannot be matched up so is unfolded in both: by [autov_refines_frame]. *)
Ltac autov_step_states :=
  match goal with
  | H : Returns _ = Returns _ |- _ => apply Returns_inj in H
  | H : Some _ = Some _ |- _ => apply Some_inj' in H
  | H : Next _ = Next _ |- _ => apply Next_inj in H
  | H : Exit _ = Exit _ |- _ => apply Exit_inj in H
  | H : (_, _) = (_, _) |- _ => apply pair_inj in H; destruct H
  | H : _ = ?v |- _ => is_var v; subst v
  | H : ?v = _ |- _ => is_var v; subst v
  | u : unit |- _ => destruct u
  | H : context [match ?x with _ => _ end] |- _ =>
      autov_innermost x; let x' := autov_map_inner x in destruct x' eqn:?; autov_after_destruct
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x; let x' := autov_map_inner x in
      match goal with
      | E : ?y = _ |- _ =>
          autov_same_head x' y;
          assert (x' = y) as Hxy by (first [autov_eq_terms_basic | autov_frame_eq]);
          rewrite Hxy, E; clear Hxy; autov_cbn
      end
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x; let x' := autov_map_inner x in
      let f := autov_head x' in autov_unfold_loopless f;
      match goal with E : ?y = _ |- _ => autov_same_head x' y end;
      unfold f in *; autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts
  | |- context [match ?x with _ => _ end] =>
      autov_innermost x; let x' := autov_map_inner x in destruct x' eqn:?; autov_after_destruct
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

(** What the updates of arrays tell of their elements ([E : array_update l k f = Some l']
    gives [l']'s element [k] from [l]'s, also when [l]'s is known and [l']'s not yet read, so
    that a chain of updates of one element is followed; an update that failed had [f] fail),
    and elements known read, in the hypotheses: to refute a branch. *)
Ltac autov_array_facts_read :=
  repeat match goal with
  | E : array_update ?l ?k ?f = None, G : array_get ?l ?k = Some ?x |- _ =>
      pose proof (array_update_none _ l k f x E G); clear E; autov_cbn
  | E : array_update ?l ?k ?f = Some ?l', G : array_get ?l' ?k = _ |- _ =>
      rewrite (array_get_update_same _ l l' k f E) in G; autov_cbn
  | G : array_get ?l ?k = _, G' : context [array_get ?l ?k] |- _ => rewrite G in G'; autov_cbn
  end.
Ltac autov_array_facts :=
  repeat match goal with
  | E : array_update ?l ?k ?f = Some ?l', G : array_get ?l ?k = Some _ |- _ =>
      lazymatch goal with
      | _ : array_get l' k = _ |- _ => fail
      | _ =>
          let G' := fresh "G" in
          pose proof (array_get_update_same _ l l' k f E) as G'; rewrite G in G'; autov_cbn
      end
  end;
  autov_array_facts_read.

(** [wrap] of a variable in the range of the type (by [lia]) as the variable itself: the
    same index of an array reached through different casts ([wrap USIZE (wrap U64 a)] and
    [wrap USIZE a]) is then the same term. *)
Ltac autov_wrap_vars :=
  repeat match goal with
  | H : context [wrap ?t ?z] |- _ =>
      is_var z; rewrite (wrap_small t z) in H by autov_range_side
  | |- context [wrap ?t ?z] =>
      is_var z; rewrite (wrap_small t z) by autov_range_side
  end.

(** A branch: refuted, or both runs give equal results (the state related by equality),
    compared by [eq]. *)
Ltac autov_leaf_once_with eq :=
  first
  [ autov_discr
  | match goal with |- exists l', _ = _ /\ ?h = l' => exists h; split; [eq | reflexivity] end
  | autov_multiple
  | exfalso; autov_arith ].
Ltac autov_leaf_once := autov_leaf_once_with ltac:(idtac; autov_eq_terms).

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
(** [autov_leaf] with states compared field by field and lists element by element, and the
    updates of arrays refuting branches ([autov_array_facts]): by [autov_refines_frame]. *)
Ltac autov_leaf_once_states := autov_leaf_once_with ltac:(idtac; autov_eq_terms_states).
Ltac autov_leaf_states :=
  first
  [ autov_leaf_once_states
  | progress autov_array_facts; autov_leaf_once_states
  | progress autov_wrap_vars; autov_array_facts; autov_leaf_once_states
  | progress autov_result_ranges; autov_leaf_once_states
  | autov_small_split; autov_compute_all; autov_bool_facts;
    repeat (autov_step_states; try autov_compute_all); autov_leaf_once_states
  | fail 1 "autov: a branch where the spec returns is neither refuted nor closed" ].

(** The ranges of types as numerals. *)
Ltac autov_range_numerals :=
  cbv [min_of max_of bits signed I8 I16 I32 I64 U8 U16 U32 U64 USIZE] in *; autov_fold_lits.

(** A loop spec's refinement lemma, as a hypothesis of a generated proof: marked, so that
    the tactic finds it among the other hypotheses at once. *)
Definition autov_loop_lemma (P : Prop) : Prop := P.
Arguments autov_loop_lemma : simpl never.
Lemma mark_loop_lemma : forall P : Prop, P -> autov_loop_lemma P.
Proof. intros P H; exact H. Qed.

(** A call of a loop function whose loop spec's call gave a result in the spec's run,
    rewritten to that result by the loop spec's refinement lemma (a hypothesis
    [autov_loop_lemma (forall ..., ranges -> spec args = Returns (Some r) -> loop_fn args =
    Returns (Some r))], which the generated proof states from [LoopProof.v]), on arguments
    shown equal. *)
Ltac autov_loop_lemma_step :=
  match goal with
  | L : autov_loop_lemma ?P |- context [match ?x with _ => _ end] =>
      autov_innermost x;
      let L' := fresh "L" in
      pose proof (L : P) as L';
      erewrite L';
      [ clear L'; autov_cbn
      | autov_range_numerals; solve [autov_arith] ..
      | match goal with
        | E : ?y = Returns (Some _) |- ?z = _ =>
            autov_same_head y z; etransitivity; [ | exact E ]; autov_eq_terms
        end ]
  end.

Ltac autov_refines_with unf step leaf :=
  intros;
  repeat match goal with H : args_val _ _ <> None |- _ => apply args_val_in_range in H; cbn in H end;
  repeat match goal with H : _ /\ _ |- _ => destruct H end;
  subst; unf; autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
  once (repeat (first [autov_loop_lemma_step | step]));
  leaf.

(* The tactic arguments are [idtac; t]: a bare name of a tactic without arguments would be
   run when passed, not where the argument is used. *)
Ltac autov_refines := autov_refines_with idtac ltac:(idtac; autov_step) ltac:(idtac; autov_leaf).
Ltac autov_refines_deep :=
  autov_refines_with ltac:(idtac; autov_unfold_specs) ltac:(idtac; autov_step) ltac:(idtac; autov_leaf).
(** [autov_refines], unfolding in addition the calls (of specs without loops) that only one
    of the two runs makes. *)
Ltac autov_refines_calls :=
  autov_refines_with idtac ltac:(idtac; first [autov_unfold_unshared_step | autov_step])
    ltac:(idtac; autov_leaf).
(** [autov_refines_calls] with the states a run builds kept explicit, calls on states that
    differ only where the spec called does not read matched up, and states compared field by
    field and lists element by element ([autov_step_states], [autov_leaf_states]): for a low
    spec that takes and releases a lock the spec only checks, or updates an array element the
    spec updates otherwise. *)
Ltac autov_refines_frame :=
  autov_refines_with idtac ltac:(idtac; first [autov_unfold_unshared_step | autov_step_states])
    ltac:(idtac; autov_leaf_states).

(** ** Loop specs

    [autov_refines_loop] proves one iteration of the induction on the fuel of a loop
    function: [fuel_spec (S n) args = Returns (Some r) -> fuel_low (S m) args = Returns (Some r)]
    given the induction hypothesis [IH] for [n] (any [m] with [n <= m], arguments in the
    ranges of their types), the arguments' ranges as hypotheses [min_of t <= a <= max_of t].
    The two bodies are run as by [autov_refines_calls]; the recursive call of the low loop is
    rewritten by [IH] once the spec's own recursive call has given its result, on arguments
    shown equal. *)
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
  | autov_multiple
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
