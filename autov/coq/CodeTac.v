(** * CodeTac: the tactic of generated code proofs (logical name [Autov.CodeTac]).

    [autov_code X] proves the statement of a [CodeProof.v], [prim_refines eq low (code_spec L
    m f)] — whenever the low spec of [f] gives a result, the code of [f] run over layer [L]
    gives it too — where [X] is the executable version of [L] (its specs as [spec_exec]).
    It destructs the low spec's [spec_prim] hypothesis (the arguments' ranges from
    [args_val], then the low spec's branches, each a goal with its conditions as hypotheses),
    then runs the code with the interpreter of [Sem] ([run_call], sound by [run_call_sound])
    on the symbolic state: [cbn] with integer operations kept folded on symbolic integers,
    closed integer expressions computed by [vm_compute], comparisons of symbolic integers
    decided by [lia] from the hypotheses, loads and stores of the memory interpretation
    unfolded, and every [match] on a term the low spec matched rewritten by the low spec's
    equation. A call of a spec below stays a call on both sides: the specs the low spec calls
    are opaque ([with_strategy]) while the tactic runs, so the layer's executable primitive
    reaches the same folded call in the code's run, matched up with the low spec's by its
    arguments; where the code uses the C value [v mod 2^w] of a call's result [v], [v] is
    bounded by the callee's own cases ([autov_call_mod_small]). Arrays kept as lists (Rust
    arrays [[T; n]]) are read and written by index on both sides ([autov_low_arrays],
    [autov_code_arrays]). At the end the code's result and state must be the low spec's, up
    to [lia] on integers, with masks and shifts read as arithmetic ([autov_code_congr]).

    It succeeds only by a proof that coqc checks; the export test shows it failing on wrong
    code and wrong low specs. *)

From Coq Require Import ZArith Bool List String Lia.
Import ListNotations.
From Autov Require Import Syntax Values Mem Layer Eval Sem SpecLib Refine RefTac.
Open Scope Z_scope.

(** A result of the interpreter from an empty stack is a result of the code's primitive. *)
Lemma code_spec_of_run : forall L m X n name vs ls r ls',
    option_map (fun p => (fst p, st_layer L (snd p)))
      (run_call L m X n name vs (mkstate L ls mem_empty)) = Some (r, ls') ->
    code_spec L m name vs ls r ls'.
Proof.
  intros L m X n name vs ls r ls' H.
  destruct (run_call L m X n name vs (mkstate L ls mem_empty)) as [[r0 [ls0 stk]]|] eqn:E;
    [|discriminate].
  cbn in H. injection H as <- <-. exists stk. eapply run_call_sound; exact E.
Qed.

(** [args_val] of a cons, as the value of the head and of the tail. *)
Lemma args_val_cons : forall t ts z zs vs,
    args_val (t :: ts) (z :: zs) = Some vs ->
    in_range t z = true /\ exists vs', args_val ts zs = Some vs' /\ vs = int_val t z :: vs'.
Proof.
  intros t ts z zs vs H. cbn in H. destruct (in_range t z); [|discriminate].
  split; [reflexivity|]. destruct (args_val ts zs); [|discriminate].
  cbn in H. injection H as <-. eauto.
Qed.

(** The C value of an unsigned integer in its type's range is the integer itself. *)
Lemma int_val_unsigned : forall t z,
    signed t = false -> 0 <= z <= max_of t -> int_val t z = VInt (Z.to_N (bits t)) z.
Proof.
  intros t z Hs Hz. unfold int_val. f_equal. apply Z.mod_small.
  unfold max_of in Hz. rewrite Hs in Hz. lia.
Qed.

(** Unsigned arguments (variables) as their values, without [mod]. *)
Ltac autov_unsigned_args :=
  repeat match goal with
  | |- context [int_val ?t ?z] =>
      is_var z; rewrite (int_val_unsigned t z) by (reflexivity || (cbn; lia))
  end.

(** The arguments [zs] as many as the types, their values [vs], and their ranges. *)
Ltac autov_code_args :=
  repeat match goal with
  | H : args_val [] ?zs = Some _ |- _ =>
      destruct zs; [cbn in H; injection H as <- | discriminate H]
  | H : args_val (_ :: _) ?zs = Some _ |- _ =>
      let z := fresh "a" in let R := fresh "R" in let vs' := fresh "vs" in let H' := fresh "Hargs" in
      destruct zs as [|z zs]; [discriminate H|];
      apply args_val_cons in H; destruct H as (R & vs' & H' & ->);
      unfold in_range, min_of, max_of in R; cbn in R; autov_bool_facts
  end.

(** A closed integer expression over numerals. *)
Ltac autov_closed_z t :=
  lazymatch t with
  | Z0 => idtac | Zpos ?p => is_ground p | Zneg ?p => is_ground p
  | Z.add ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.sub ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.mul ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.modulo ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.div ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.pow ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.opp ?a => autov_closed_z a
  | Z.of_N ?n => is_ground n
  | Int.norm ?w ?a => is_ground w; autov_closed_z a
  | Int.signed ?w ?a => is_ground w; autov_closed_z a
  | Int.modulus ?w => is_ground w
  | Int.max_signed ?w => is_ground w
  | Int.min_signed ?w => is_ground w
  | int_alloc_bytes ?w => is_ground w
  end.

(** Replaces the closed integer expression [t] by its value. *)
Ltac autov_eval_term t :=
  lazymatch t with
  | Z.leb ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.ltb ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.eqb ?a ?b => autov_closed_z a; autov_closed_z b
  | Z.to_nat ?a => autov_closed_z a
  | _ => autov_closed_z t
  end; let v := eval vm_compute in t in change t with v.

(** Every closed integer expression of the goal computed. *)
Ltac autov_eval_closed :=
  repeat match goal with
  | |- context [Z.add ?a ?b] => autov_eval_term (Z.add a b)
  | |- context [Z.sub ?a ?b] => autov_eval_term (Z.sub a b)
  | |- context [Z.mul ?a ?b] => autov_eval_term (Z.mul a b)
  | |- context [Z.modulo ?a ?b] => autov_eval_term (Z.modulo a b)
  | |- context [Z.div ?a ?b] => autov_eval_term (Z.div a b)
  | |- context [Z.pow ?a ?b] => autov_eval_term (Z.pow a b)
  | |- context [Z.of_N ?a] => autov_eval_term (Z.of_N a)
  | |- context [Int.norm ?a ?b] => autov_eval_term (Int.norm a b)
  | |- context [Int.signed ?a ?b] => autov_eval_term (Int.signed a b)
  | |- context [Int.modulus ?a] => autov_eval_term (Int.modulus a)
  | |- context [Int.max_signed ?a] => autov_eval_term (Int.max_signed a)
  | |- context [Int.min_signed ?a] => autov_eval_term (Int.min_signed a)
  | |- context [int_alloc_bytes ?a] => autov_eval_term (int_alloc_bytes a)
  | |- context [Z.to_nat ?a] => autov_eval_term (Z.to_nat a)
  | |- context [Pos.to_nat ?a] => is_ground a; let v := eval vm_compute in (Pos.to_nat a) in
                                  change (Pos.to_nat a) with v
  | |- context [wrap ?t ?a] => is_ground t; autov_closed_z a; let v := eval vm_compute in (wrap t a) in
                               change (wrap t a) with v
  | |- context [cast ?t ?a] => is_ground t; autov_closed_z a; let v := eval vm_compute in (cast t a) in
                               change (cast t a) with v
  | |- context [Z.leb ?a ?b] => autov_eval_term (Z.leb a b)
  | |- context [Z.ltb ?a ?b] => autov_eval_term (Z.ltb a b)
  | |- context [Z.eqb ?a ?b] => autov_eval_term (Z.eqb a b)
  end.

(** Integer operations that [cbn] computes on numerals but leaves folded on symbolic
    integers. *)
Arguments Z.add : simpl nomatch.
Arguments Z.sub : simpl nomatch.
Arguments Z.mul : simpl nomatch.
Arguments Z.opp : simpl nomatch.
Arguments Z.compare : simpl nomatch.
Arguments Z.leb : simpl nomatch.
Arguments Z.ltb : simpl nomatch.
Arguments Z.eqb : simpl nomatch.


(** One reduction of the code's run: [cbn] with division, powers, [wrap], arrays and maps
    folded, then closed integer expressions computed. *)
Ltac autov_code_cbn :=
  cbn -[Z.pow Z.modulo Z.div Z.quot Z.rem Z.of_N Z.shiftl Z.shiftr Z.land Z.lor Z.lxor Z.lnot
        Int.norm Int.signed Int.modulus Int.max_signed Int.min_signed int_alloc_bytes
        wrap cast array_get array_update array_repeat map_get map_set map_new];
  try unfold Int.zext, Int.trunc, Int.ult, Int.ule, Int.slt, Int.sle, Int.of_bool, Int.land, Int.lor,
    Int.lxor;
  try unfold ret_int, ret_unit, int_val;
  autov_eval_closed.

(** The low spec's hypothesis [H] unfolded: its head and the spec library. *)
Ltac autov_unfold_head H :=
  match type of H with
  | ?lhs = _ =>
      let rec head t := match t with ?f _ => head f | _ => t end in
      let f := head lhs in unfold f in H
  end.

(** [Int.norm] as [mod] by a numeral. *)
Lemma norm_mod : forall w z m, Int.modulus w = m -> Int.norm w z = z mod m.
Proof. intros w z m <-. reflexivity. Qed.

(** The integers of the code and of the low spec in one form, so that [lia] sees the same
    atoms (the operands of masks, shifts and [or]s): wrapping operations of the code and
    unsigned [wrap]s of the low spec as [mod] by numerals, and each [x mod m] that [lia] shows
    in [[0, m)] as [x]. *)
Ltac autov_code_norm :=
  unfold cast, Int.add, Int.sub, Int.mul, Int.land, Int.lor, Int.lxor in *;
  repeat match goal with
  | H : context [Int.norm ?w ?z] |- _ =>
      let m := eval vm_compute in (Int.modulus w) in rewrite (norm_mod w z m eq_refl) in H
  | |- context [Int.norm ?w ?z] =>
      let m := eval vm_compute in (Int.modulus w) in rewrite (norm_mod w z m eq_refl)
  end;
  rewrite ?wrap_u8, ?wrap_u16, ?wrap_u32, ?wrap_u64, ?wrap_usize in *;
  repeat match goal with
  | H : context [?x mod ?m] |- _ => autov_is_lit m; rewrite (Z.mod_small x m) in H by lia
  | |- context [?x mod ?m] => autov_is_lit m; rewrite (Z.mod_small x m) by lia
  end.

(** [autov_arith] with [cast] read as [wrap], on integers in one form ([autov_code_norm]). *)
Ltac autov_code_arith :=
  solve
  [ unfold cast, Int.add, Int.sub, Int.mul, Int.norm, Int.modulus in *; autov_arith
  | autov_code_norm; autov_arith ].

(** A comparison on integers decided by [lia]. *)
Ltac autov_decide_cmp :=
  match goal with
  | |- context [Z.leb ?a ?b] =>
      first [ rewrite (proj2 (Z.leb_le a b)) by lia | rewrite (proj2 (Z.leb_gt a b)) by lia
            | rewrite (proj2 (Z.leb_le a b)) by autov_code_arith
            | rewrite (proj2 (Z.leb_gt a b)) by autov_code_arith ]
  | |- context [Z.ltb ?a ?b] =>
      first [ rewrite (proj2 (Z.ltb_lt a b)) by lia | rewrite (proj2 (Z.ltb_ge a b)) by lia
            | rewrite (proj2 (Z.ltb_lt a b)) by autov_code_arith
            | rewrite (proj2 (Z.ltb_ge a b)) by autov_code_arith ]
  | |- context [Z.eqb ?a ?b] =>
      first [ rewrite (proj2 (Z.eqb_eq a b)) by lia | rewrite (proj2 (Z.eqb_neq a b)) by lia
            | rewrite (proj2 (Z.eqb_eq a b)) by autov_code_arith
            | rewrite (proj2 (Z.eqb_neq a b)) by autov_code_arith ]
  | |- context [Int.signed ?w ?z] => unfold Int.signed; autov_eval_closed
  end.

(** A comparison neither the hypotheses nor the code decide (a boolean the low spec computes
    without branching on it): both cases, as hypotheses. *)
Ltac autov_split_cmp :=
  match goal with
  | |- context [Z.leb ?a ?b] => destruct (Z.leb a b) eqn:?
  | |- context [Z.ltb ?a ?b] => destruct (Z.ltb a b) eqn:?
  | |- context [Z.eqb ?a ?b] => destruct (Z.eqb a b) eqn:?
  end;
  autov_bool_facts; try (exfalso; autov_code_arith).

(** Definitions that stay folded: integer comparisons (decided by [autov_decide_cmp]) and
    array and map accesses (matched against the low spec's by [autov_known_match]). *)
Ltac autov_kept_folded f :=
  match f with
  | Z.leb => idtac | Z.ltb => idtac | Z.eqb => idtac | wrap => idtac | cast => idtac
  | @array_get => idtac | @array_update => idtac | @map_get => idtac | @map_set => idtac
  end.

(** The definition at the head of a [match]'s scrutinee that [cbn] left folded (a load or
    store of the memory interpretation whose offset is symbolic) unfolded. *)
Ltac autov_unfold_scrutinee :=
  match goal with
  | |- context [match ?x with _ => _ end] =>
      let rec head t := match t with ?f _ => head f | _ => t end in
      let f := head x in is_const f; assert_fails (idtac; autov_kept_folded f); unfold f
  end.

(** A bitwise and with a non-negative mask [c] is non-negative and below the power of 2
    above [c]. *)
Lemma land_bounds : forall x c b,
    0 <= x -> 0 <= c -> 2 ^ (Z.log2 c + 1) = b -> 0 <= Z.land x c < b.
Proof.
  intros x c b Hx Hc <-. split; [apply Z.land_nonneg; auto|].
  destruct (Z.eq_dec (Z.land x c) 0) as [E|E];
    [rewrite E; apply Z.pow_pos_nonneg; [lia | pose proof (Z.log2_nonneg c); lia]|].
  assert (Hp : 0 < Z.land x c) by (pose proof (proj2 (Z.land_nonneg x c) (or_introl Hx)); lia).
  destruct (Z.log2_spec _ Hp) as [_ Hlt].
  eapply Z.lt_le_trans; [exact Hlt|]. apply Z.pow_le_mono_r; [lia|].
  pose proof (Z.log2_land x c Hx Hc). rewrite <- Z.add_1_r. lia.
Qed.

(** A bitwise or of two integers of [n] bits has [n] bits. *)
Lemma lor_bounds : forall x y n,
    0 < n -> 0 <= x < 2 ^ n -> 0 <= y < 2 ^ n -> 0 <= Z.lor x y < 2 ^ n.
Proof.
  intros x y n Hn Hx Hy. split; [apply Z.lor_nonneg; lia|].
  destruct (Z.eq_dec (Z.lor x y) 0) as [E|E]; [rewrite E; apply Z.pow_pos_nonneg; lia|].
  assert (Hp : 0 < Z.lor x y) by (pose proof (proj2 (Z.lor_nonneg x y) (conj (proj1 Hx) (proj1 Hy))); lia).
  apply Z.log2_lt_pow2; [exact Hp|]. rewrite Z.log2_lor by lia.
  assert (forall z, 0 <= z < 2 ^ n -> Z.log2 z < n) as Hl.
  { intros z Hz. destruct (Z.eq_dec z 0) as [->|]; [simpl; lia|].
    apply Z.log2_lt_pow2; lia. }
  apply Z.max_lub_lt; auto.
Qed.

(** The bounds of every [Z.lor x y] of the goal, as an integer of 64 or fewer bits, when
    [autov_arith] shows [x] and [y] are. *)
Ltac autov_lor_bounds :=
  repeat match goal with
  | |- context [Z.lor ?x ?y] =>
      lazymatch goal with
      | _ : 0 <= Z.lor x y < _ |- _ => fail
      | _ =>
          first [ pose proof (lor_bounds x y 8 ltac:(lia) ltac:(autov_arith) ltac:(autov_arith))
                | pose proof (lor_bounds x y 16 ltac:(lia) ltac:(autov_arith) ltac:(autov_arith))
                | pose proof (lor_bounds x y 32 ltac:(lia) ltac:(autov_arith) ltac:(autov_arith))
                | pose proof (lor_bounds x y 64 ltac:(lia) ltac:(autov_arith) ltac:(autov_arith)) ]
      end
  end.

(** The bounds of every [Z.land x c] of the goal with a numeral [c] and [x] shown
    non-negative, for [lia]. *)
Ltac autov_land_bounds :=
  repeat match goal with
  | |- context [Z.land ?x ?c] =>
      is_ground c;
      lazymatch goal with
      | _ : 0 <= Z.land x c < _ |- _ => fail
      | _ =>
          let b := eval vm_compute in (2 ^ (Z.log2 c + 1)) in
          pose proof (land_bounds x c b ltac:(autov_arith) ltac:(lia) eq_refl)
      end
  end.

(** Two functions and two arguments equal: their applications are equal. *)
Lemma app_eq : forall A B (f g : A -> B) x y, f = g -> x = y -> f x = g y.
Proof. intros; subst; reflexivity. Qed.

(** Equal terms, structurally: syntactically equal, equal integers by [autov_arith], or
    equal functions applied to equal arguments (never by a conversion that could unfold
    integer operations on symbolic integers). *)
Ltac autov_code_congr :=
  first
  [ match goal with |- ?a = ?a => reflexivity end
  | match goal with
    | |- ?a = _ =>
        let T := type of a in unify T Z;
        first
        [ solve [
            unfold cast, Int.add, Int.sub, Int.mul, Int.land, Int.lor, Int.lxor, Int.norm,
              Int.modulus in *;
            autov_eval_closed; autov_land_bounds; autov_lor_bounds; autov_arith ]
        | autov_code_norm; autov_land_bounds; autov_lor_bounds; autov_code_norm; autov_arith ]
    | |- _ = _ => apply app_eq; autov_code_congr
    end ].

(** A [match] of the code on a term the low spec matched: rewritten by its equation. *)
Ltac autov_known_match :=
  match goal with
  | |- context [match ?x with _ => _ end] =>
      match goal with
      | E : ?y = _ |- _ =>
          autov_same_head x y;
          first [ constr_eq x y; rewrite E
                | assert (x = y) as Hxy by autov_code_congr; rewrite Hxy, E; clear Hxy ]
      end
  end.

(** The low spec's run [H] taken apart: each of its branches is a goal, with the branch's
    conditions as hypotheses and its result substituted. *)
Ltac autov_low_branches :=
  repeat match goal with
  | H : Returns _ = Returns _ |- _ => apply Returns_inj in H
  | H : Some _ = Some _ |- _ => apply Some_inj' in H
  | H : Next _ = Next _ |- _ => apply Next_inj in H
  | H : Exit _ = Exit _ |- _ => apply Exit_inj in H
  | H : (_, _) = (_, _) |- _ => apply pair_inj in H; destruct H
  | H : _ = ?v |- _ => is_var v; subst v
  | H : ?v = _ |- _ => is_var v; subst v
  | H : context [match ?x with _ => _ end] |- _ =>
      destruct x eqn:?; autov_cbn; autov_bool_facts; try discriminate; try (exfalso; lia)
  end.

(** A spec that the low spec calls (a mark in the context, for [autov_with_callees_opaque]). *)
Definition autov_callee {A} (f : A) : Prop := True.

(** Every spec that the low spec's hypothesis [H] calls marked: the constants whose type
    mentions [outcome] and that are not polymorphic (as the spec library's are). *)
Ltac autov_mark_callees H :=
  repeat match type of H with
  | context [?f] =>
      is_const f; let T := type of f in
      lazymatch T with context [outcome] => idtac end;
      assert_fails (idtac; lazymatch T with forall _ : Type, _ => idtac end);
      assert_fails (idtac; lazymatch goal with _ : autov_callee f |- _ => idtac end);
      assert (autov_callee f) by exact I
  end.

(** [tac] with every marked spec opaque: a call of a spec below stays a call, in the low spec
    and in the code's run alike (where the layer's executable primitive reaches the same
    spec), and the code's [match] on its result is rewritten by the low spec's equation
    ([autov_known_match]) instead of both running the spec's body. *)
Ltac autov_with_callees_opaque tac :=
  lazymatch goal with
  | M : autov_callee ?f |- _ => clear M; with_strategy opaque [f] (autov_with_callees_opaque tac)
  | _ => tac
  end.

(** [P], a range of the integer result of the spec call [E : f args = Returns (Some v)] (or
    [Some (v, s)]), proved by [f]'s own cases ([f] unfolded in a copy of [E], and the spec it
    names if it is another's name; the specs it calls kept folded; not for a spec with a
    loop). *)
Ltac autov_code_bound E P :=
  assert P by (
    let E' := fresh "E" in pose proof E as E';
    do 2 try match type of E' with ?c = _ =>
      let f := autov_head c in is_const f; with_strategy transparent [f] (unfold f in E')
    end;
    lazymatch type of E' with
    | context [for_range] => fail
    | context [loop_nat] => fail
    | _ => idtac
    end;
    autov_mark_callees E';
    autov_with_callees_opaque ltac:(
      autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
      repeat autov_step;
      solve [autov_discr | lia | autov_arith])).

(** A result [v] of a spec called that is not in [v]'s range (the spec's cases do not show it). *)
Definition autov_unbounded (v : Z) : Prop := True.

(** The C value [v mod m] of the result [v] of a spec called, as [v] itself when [v] is in
    [[0, m)]: by [lia], or by the spec's own cases ([autov_code_bound]; a result they do not
    bound is marked [autov_unbounded], and not tried again). *)
Ltac autov_call_mod_small :=
  match goal with
  | |- context [?v mod ?m] =>
      is_var v; autov_is_lit m;
      assert_fails (idtac; lazymatch goal with _ : autov_unbounded v |- _ => idtac end);
      first
      [ rewrite (Z.mod_small v m) by lia
      | match goal with
        | E : _ = Returns (Some v) |- _ => autov_code_bound E (0 <= v < m)
        | E : _ = Returns (Some (v, _)) |- _ => autov_code_bound E (0 <= v < m)
        end;
        rewrite (Z.mod_small v m) by lia
      | assert (autov_unbounded v) by exact I ]
  end.

(** ** Arrays kept as lists (Rust arrays [[T; n]])

    The low spec reads and writes a Rust array of length [n] through [array_get_n] and
    [array_update_n] (which fail on an index [i >= n]), the code through the memory
    interpretation's [array_load] and [array_store] ([array_get] and [array_update] on an
    offset inside the C array's [n] elements). [autov_low_arrays] turns the low spec's accesses
    into the bound [i < n] (which decides the code's offset checks) and accesses of the list:
    an update of an element in bounds becomes [array_set] of [f] of the element
    ([array_update_get], the element split on first), and casts inside indices that [lia] shows
    in range are dropped. In the code's run, [autov_code_divmod] rewrites an offset's quotient
    by the stride to the index read and its remainder to linear arithmetic (so that [lia]
    decides the field checks inside the element), [autov_code_get] rewrites a read of an
    element the low spec read, and [autov_code_update] turns an update of
    the code, on an element the low spec read or split on, into [array_set] too. Without an
    array access in the low spec all of these do nothing. *)

(** An update at [k] of an element [i] in bounds, when [k = i]. *)
Lemma array_update_get_at : forall A (l : list A) i k x (f : A -> option A),
    array_get l i = Some x -> k = i -> array_update l k f = option_map (array_set l i) (f x).
Proof. intros A l i k x f H ->. apply array_update_get; exact H. Qed.

(** One update [array_update l i f] of the low spec [H] as [array_set] of [f] of the element:
    the element already read, or split on (the update is [None] out of bounds). *)
Ltac autov_low_update :=
  match goal with
  | H : context [array_update ?l ?i ?f] |- _ =>
      lazymatch goal with
      | E : array_get l i = Some ?x |- _ => rewrite (array_update_get _ l i x f E) in H
      | _ =>
          let E := fresh "Ea" in
          destruct (array_get l i) eqn:E;
          [ rewrite (array_update_get _ l i _ f E) in H
          | rewrite (array_update_out _ l i f E) in H ]
      end;
      autov_cbn; try discriminate
  end.

(** The casts in the low spec's indices that [lia] shows in range dropped (innermost first),
    so that the indices and their bounds [i < n] speak of the code's integers. *)
Ltac autov_low_index_wraps :=
  repeat match goal with
  | _ : array_get _ ?i = Some _ |- _ =>
      match i with
      | context [wrap ?t ?z] => rewrite (wrap_small t z) in * by autov_range_side
      end
  end.

(** The low spec's array accesses as bounds and list accesses (after [autov_low_branches]). *)
Ltac autov_low_arrays :=
  repeat match goal with
  | H : array_get_n _ _ _ = Some _ |- _ => apply array_get_n_some in H; destruct H
  | H : array_update_n _ _ _ _ = Some _ |- _ => apply array_update_n_some in H; destruct H
  end;
  try unfold array_get_n, array_update_n in *;
  autov_low_branches;
  repeat (autov_low_update; autov_low_branches);
  autov_low_index_wraps;
  (* The lists of the elements read reduced as the code's run reduces them (the low spec's
     states substituted into them are not). *)
  lazymatch goal with
  | _ : array_get _ _ = Some _ |- _ =>
      cbn -[Z.add Z.sub Z.mul Z.opp Z.pow Z.shiftl Z.shiftr Z.land Z.lor Z.lxor Z.lnot Z.testbit
            Z.modulo Z.div Z.quot Z.rem wrap array_get array_update array_repeat map_get map_set
            map_new] in * |-
  | _ => idtac
  end.

(** The quotient and remainder of an offset [x] in an array of stride [s] at element [i]. *)
Lemma div_at : forall x s i, 0 <= x - i * s < s -> x / s = i.
Proof. intros x s i H. symmetry. apply (Z.div_unique_pos x s i (x - i * s)); lia. Qed.
Lemma mod_at : forall x s i, 0 <= x - i * s < s -> x mod s = x - i * s.
Proof. intros x s i H. symmetry. apply (Z.mod_unique_pos x s i (x - i * s)); lia. Qed.

(** An offset's quotient or remainder by a numeral stride, at an index [i] the low spec read
    (the code's element of the array), as [i] or as linear arithmetic. *)
Ltac autov_code_divmod :=
  match goal with
  | |- context [Z.div ?x ?s] =>
      is_ground s; assert_fails (is_ground x);
      match goal with
      | _ : array_get _ ?i = Some _ |- _ => rewrite (div_at x s i) by lia
      end
  | |- context [Z.modulo ?x ?s] =>
      is_ground s; assert_fails (is_ground x);
      match goal with
      | _ : array_get _ ?i = Some _ |- _ => rewrite (mod_at x s i) by lia
      end
  end.

(** An update of the code at an element the low spec read: as [array_set]. *)
Ltac autov_code_update :=
  match goal with
  | |- context [array_update ?l ?k ?g] =>
      match goal with
      | E : array_get l ?i = Some ?x |- _ =>
          rewrite (array_update_get_at _ l i k x g E) by autov_code_congr
      end
  end.

(** A read of the code of an element the low spec read at the same index, syntactically
    ([autov_known_match] needs the two to differ: its [rewrite] of [x = y] fails on [x = x]). *)
Ltac autov_code_get :=
  match goal with
  | |- context [array_get ?l ?i] =>
      match goal with
      | E : array_get l i = Some _ |- _ => rewrite E
      end
  end.

(** One step of the code's run on arrays kept as lists. *)
Ltac autov_code_arrays := first [autov_code_get | autov_code_divmod | autov_code_update].

(** The code proof of a function over layer [L], with [X] the executable version of [L]. *)
Ltac autov_code exec :=
  let vs := fresh "vs" in let h := fresh "h" in let r := fresh "r" in let h' := fresh "h'" in
  let zs := fresh "zs" in let x := fresh "x" in let Hargs := fresh "Hargs" in
  let Hrun := fresh "Hrun" in
  intros vs h ? r h' <- (zs & x & Hargs & Hrun & ->);
  exists h'; split; [|reflexivity];
  autov_code_args; cbv beta iota in Hrun; try discriminate Hrun;
  autov_unfold_head Hrun; autov_mark_callees Hrun;
  autov_with_callees_opaque ltac:(
    autov_unfold_lib; autov_unfold_consts; autov_cbn; autov_bool_facts;
    autov_low_branches; autov_low_arrays;
    apply code_spec_of_run with (X := exec) (n := 1000%nat);
    autov_unsigned_args; unfold ret_int, ret_unit, int_val;
    repeat (first [progress autov_code_cbn | autov_code_arrays | autov_decide_cmp | autov_known_match
                   | autov_unfold_scrutinee | progress autov_unfold_consts | autov_call_mod_small
                   | autov_split_cmp]);
    solve [autov_code_congr]).
