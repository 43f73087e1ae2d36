(** * SpecLib: what the Coq text of autov specs needs (logical name [Autov.SpecLib]).

    Integers are [Z] values that lie in the range of their Rust type ([ity]); every operation
    takes the type explicitly and has Rust's meaning: [+ - *] overflow is a fault (the [*_chk]
    functions return [None] then), [wrapping_*] wraps, [saturating_*] clamps, [as] wraps.

    A spec body runs in the [step R] monad: [Next a] (a value), [Exit r] (an early [return] or
    a [None] from [?] / [rely!]) or [Fault] (what Rust panics on: a spec error, distinct from
    [None]). A spec itself returns an [outcome]: [Returns r] or [Fails]. *)

From Coq Require Import ZArith Bool List Lia.
Import ListNotations.
Open Scope Z_scope.

(** ** Integer types and bit-precise operations *)

Record ity := mk_ity { bits : Z; signed : bool }.

Definition U8 := mk_ity 8 false.
Definition U16 := mk_ity 16 false.
Definition U32 := mk_ity 32 false.
Definition U64 := mk_ity 64 false.
Definition USIZE := mk_ity 64 false.
Definition I8 := mk_ity 8 true.
Definition I16 := mk_ity 16 true.
Definition I32 := mk_ity 32 true.
Definition I64 := mk_ity 64 true.

Definition min_of (t : ity) : Z := if signed t then - 2 ^ (bits t - 1) else 0.
Definition max_of (t : ity) : Z := if signed t then 2 ^ (bits t - 1) - 1 else 2 ^ bits t - 1.
Definition in_range (t : ity) (z : Z) : bool := (min_of t <=? z) && (z <=? max_of t).

(** [z] reduced modulo [2 ^ bits t] into the range of [t] (two's complement when signed). *)
Definition wrap (t : ity) (z : Z) : Z :=
  let m := z mod 2 ^ bits t in
  if signed t && (max_of t <? m) then m - 2 ^ bits t else m.

Definition checked (t : ity) (z : Z) : option Z := if in_range t z then Some z else None.

Definition add_chk (t : ity) (a b : Z) : option Z := checked t (a + b).
Definition sub_chk (t : ity) (a b : Z) : option Z := checked t (a - b).
Definition mul_chk (t : ity) (a b : Z) : option Z := checked t (a * b).
Definition div_chk (t : ity) (a b : Z) : option Z := if b =? 0 then None else checked t (Z.quot a b).
Definition rem_chk (t : ity) (a b : Z) : option Z :=
  if b =? 0 then None else
  match checked t (Z.quot a b) with Some _ => Some (Z.rem a b) | None => None end.
Definition neg_chk (t : ity) (a : Z) : option Z := checked t (- a).
Definition shl_chk (t : ity) (a n : Z) : option Z :=
  if (0 <=? n) && (n <? bits t) then Some (wrap t (Z.shiftl a n)) else None.
Definition shr_chk (t : ity) (a n : Z) : option Z :=
  if (0 <=? n) && (n <? bits t) then Some (Z.shiftr a n) else None.

Definition bnot (t : ity) (a : Z) : Z := wrap t (Z.lnot a).
Definition wrapping_add (t : ity) (a b : Z) : Z := wrap t (a + b).
Definition wrapping_sub (t : ity) (a b : Z) : Z := wrap t (a - b).
Definition wrapping_mul (t : ity) (a b : Z) : Z := wrap t (a * b).
Definition saturate (t : ity) (z : Z) : Z := Z.max (min_of t) (Z.min (max_of t) z).
Definition saturating_add (t : ity) (a b : Z) : Z := saturate t (a + b).
Definition saturating_sub (t : ity) (a b : Z) : Z := saturate t (a - b).
Definition saturating_mul (t : ity) (a b : Z) : Z := saturate t (a * b).
Definition cast (t : ity) (a : Z) : Z := wrap t a.
Definition bool_to_int (b : bool) : Z := if b then 1 else 0.

Lemma wrap_in_range : forall t z, 0 < bits t -> in_range t (wrap t z) = true.
Proof.
  intros [w s] z Hw; unfold in_range, wrap, min_of, max_of; simpl in *.
  assert (Hp : 0 < 2 ^ w) by (apply Z.pow_pos_nonneg; lia).
  assert (Hm := Z.mod_pos_bound z (2 ^ w) Hp).
  assert (Hh : 2 ^ w = 2 * 2 ^ (w - 1)).
  { rewrite <- Z.pow_succ_r by lia. f_equal; lia. }
  destruct s; simpl.
  - destruct (2 ^ (w - 1) - 1 <? z mod 2 ^ w) eqn:E;
      apply andb_true_intro; split; apply Z.leb_le;
      try apply Z.ltb_lt in E; try apply Z.ltb_ge in E; lia.
  - apply andb_true_intro; split; apply Z.leb_le; lia.
Qed.

Lemma add_chk_some : forall t a b r, add_chk t a b = Some r -> r = a + b /\ in_range t r = true.
Proof.
  unfold add_chk, checked; intros t a b r H.
  destruct (in_range t (a + b)) eqn:E; inversion H; subst; auto.
Qed.

(** ** The step monad of spec bodies *)

Inductive step (R A : Type) : Type :=
| Next (a : A)
| Exit (r : R)
| Fault.
Arguments Next {R A} a.
Arguments Exit {R A} r.
Arguments Fault {R A}.

Inductive outcome (A : Type) : Type :=
| Returns (a : A)
| Fails.
Arguments Returns {A} a.
Arguments Fails {A}.

Definition bind {R A B} (m : step R A) (k : A -> step R B) : step R B :=
  match m with
  | Next a => k a
  | Exit r => Exit r
  | Fault => Fault
  end.

(** A spec's outcome from its body. *)
Definition finish {R} (m : step R R) : outcome R :=
  match m with
  | Next a => Returns a
  | Exit r => Returns r
  | Fault => Fails
  end.

(** A call of another spec inside a body. *)
Definition lift {R A} (o : outcome A) : step R A :=
  match o with
  | Returns a => Next a
  | Fails => Fault
  end.

(** A checked operation: [None] is a fault. *)
Definition of_opt {R A} (o : option A) : step R A :=
  match o with
  | Some a => Next a
  | None => Fault
  end.

(** [e?] on an option, in a spec returning an option. *)
Definition try_opt {A B} (o : option A) : step (option B) A :=
  match o with
  | Some a => Next a
  | None => Exit None
  end.

Lemma bind_next : forall R A B (a : A) (k : A -> step R B), bind (Next a) k = k a.
Proof. reflexivity. Qed.

(** ** Bounded loops: [for i in start..stop] over a loop-carried state *)

Fixpoint loop_nat {R S} (n : nat) (i : Z) (s : S) (body : Z -> S -> step R S) : step R S :=
  match n with
  | O => Next s
  | S n' => bind (body i s) (fun s' => loop_nat n' (i + 1) s' body)
  end.

Definition for_range {R S} (start stop : Z) (s : S) (body : Z -> S -> step R S) : step R S :=
  loop_nat (Z.to_nat (stop - start)) start s body.

(** ** Arrays (lists) with bounds-checked access *)

Definition array_get {A} (l : list A) (i : Z) : option A :=
  if i <? 0 then None else nth_error l (Z.to_nat i).

Fixpoint update_nat {A} (l : list A) (n : nat) (f : A -> option A) : option (list A) :=
  match l, n with
  | [], _ => None
  | x :: xs, O => option_map (fun y => y :: xs) (f x)
  | x :: xs, S n' => option_map (fun ys => x :: ys) (update_nat xs n' f)
  end.

(** The list with element [i] replaced by [f] of it ([None] when out of bounds or [f] fails). *)
Definition array_update {A} (l : list A) (i : Z) (f : A -> option A) : option (list A) :=
  if i <? 0 then None else update_nat l (Z.to_nat i) f.

Definition array_repeat {A} (a : A) (n : Z) : list A := repeat a (Z.to_nat n).

Lemma array_get_repeat : forall A (a : A) n i, 0 <= i < n -> array_get (array_repeat a n) i = Some a.
Proof.
  intros A a n i H; unfold array_get, array_repeat.
  destruct (i <? 0) eqn:E; [apply Z.ltb_lt in E; lia|].
  apply nth_error_repeat; lia.
Qed.

(** ** Rust arrays [[T; n]]: accesses bounded by the static length

    A Rust array always has its static length [n]; the list that stands for it in Coq may have
    any length. Printed specs access a Rust array of length [n] through [array_get_n] and
    [array_update_n], which fail on an index [i >= n] whatever the list's length, as Rust (and
    autov's evaluator and SMT encoding, where an array has its static length) fail on it. On a
    list of length [n] they are [array_get] and [array_update]. They stay folded under [simpl]
    and [cbn]. *)

(** Element [i] of a Rust array of length [n] ([None] when [i] is out of [0 .. n] or of the
    list). *)
Definition array_get_n {A} (n : Z) (l : list A) (i : Z) : option A :=
  if i <? n then array_get l i else None.

(** A Rust array of length [n] with element [i] replaced by [f] of it ([None] when [i] is out
    of [0 .. n] or of the list, or [f] fails). *)
Definition array_update_n {A} (n : Z) (l : list A) (i : Z) (f : A -> option A)
  : option (list A) :=
  if i <? n then array_update l i f else None.

Arguments array_get_n : simpl never.
Arguments array_update_n : simpl never.

(** A read that gives an element: the index is below [n], and a read of the list. *)
Lemma array_get_n_some : forall A n (l : list A) i x,
    array_get_n n l i = Some x -> i < n /\ array_get l i = Some x.
Proof.
  unfold array_get_n; intros A n l i x H.
  destruct (i <? n) eqn:E; [apply Z.ltb_lt in E; auto | discriminate].
Qed.

(** An update that gives a list: the index is below [n], and an update of the list. *)
Lemma array_update_n_some : forall A n (l : list A) i f l',
    array_update_n n l i f = Some l' -> i < n /\ array_update l i f = Some l'.
Proof.
  unfold array_update_n; intros A n l i f l' H.
  destruct (i <? n) eqn:E; [apply Z.ltb_lt in E; auto | discriminate].
Qed.

(** On a list of the static length [n], [array_get_n n] is [array_get]. *)
Lemma array_get_n_length : forall A n (l : list A) i,
    Z.of_nat (length l) = n -> array_get_n n l i = array_get l i.
Proof.
  unfold array_get_n, array_get; intros A n l i Hn.
  destruct (i <? n) eqn:E; [reflexivity|].
  apply Z.ltb_ge in E. destruct (i <? 0); [reflexivity|].
  symmetry. apply nth_error_None. lia.
Qed.

(** The list with element [n] replaced by [y] (unchanged when [n] is out of bounds). *)
Fixpoint set_nat {A} (l : list A) (n : nat) (y : A) : list A :=
  match l, n with
  | [], _ => []
  | _ :: xs, O => y :: xs
  | x :: xs, S n' => x :: set_nat xs n' y
  end.

(** The list with element [i] replaced by [y]: what [array_update] gives for an element in
    bounds. *)
Definition array_set {A} (l : list A) (i : Z) (y : A) : list A := set_nat l (Z.to_nat i) y.
Arguments array_set : simpl never.

(** An update of an element in bounds, as [f] of the element put back. *)
Lemma array_update_get : forall A (l : list A) i x (f : A -> option A),
    array_get l i = Some x -> array_update l i f = option_map (array_set l i) (f x).
Proof.
  unfold array_get, array_update, array_set; intros A l i x f H.
  destruct (i <? 0); [discriminate|].
  revert l H; induction (Z.to_nat i) as [|k IH]; intros [|y ys] H; cbn in *; try discriminate.
  - injection H as ->. destruct (f x); reflexivity.
  - rewrite (IH ys H). destruct (f x); reflexivity.
Qed.

(** An update of an element out of bounds fails. *)
Lemma array_update_out : forall A (l : list A) i (f : A -> option A),
    array_get l i = None -> array_update l i f = None.
Proof.
  unfold array_get, array_update; intros A l i f H.
  destruct (i <? 0); [reflexivity|].
  revert l H; induction (Z.to_nat i) as [|k IH]; intros [|y ys] H; cbn in *;
    try discriminate; auto.
  rewrite (IH ys H). reflexivity.
Qed.

(** ** Total maps with integer keys *)

Definition Map (V : Type) : Type := Z -> V.
Definition map_new {V} (d : V) : Map V := fun _ => d.
Definition map_get {V} (m : Map V) (k : Z) : V := m k.
Definition map_set {V} (m : Map V) (k : Z) (v : V) : Map V := fun k' => if k' =? k then v else m k'.

Lemma map_get_set_same : forall V (m : Map V) k v, map_get (map_set m k v) k = v.
Proof. intros; unfold map_get, map_set; rewrite Z.eqb_refl; reflexivity. Qed.

Lemma map_get_set_other : forall V (m : Map V) k k' v, k' <> k -> map_get (map_set m k v) k' = map_get m k'.
Proof. intros; unfold map_get, map_set; apply Z.eqb_neq in H; rewrite H; reflexivity. Qed.

Lemma map_get_new : forall V (d : V) k, map_get (map_new d) k = d.
Proof. reflexivity. Qed.

(** [map_fill_n m k step n v]: [m] with [n] keys [k], [k + step], ... (modulo 2^64) set to [v]. *)
Fixpoint map_fill_n {V} (m : Map V) (k step : Z) (n : nat) (v : V) : Map V :=
  match n with
  | O => m
  | S n' => map_fill_n (map_set m k v) ((k + step) mod 2 ^ 64) step n' v
  end.

(** Rust's [m.fill(start, count, shift, v)]: the keys [start + (j << shift)], [j < count], set to
    [v] (modulo 2^64, [shift] modulo 64; past [2 ^ (64 - shift)] the keys repeat). *)
Definition map_fill {V} (m : Map V) (start count shift : Z) (v : V) : Map V :=
  let sh := shift mod 64 in
  map_fill_n m start (2 ^ sh) (Z.to_nat (Z.min count (2 ^ (64 - sh)))) v.

(** ** Boolean equality of compound values *)

Definition option_eqb {A} (eqb : A -> A -> bool) (a b : option A) : bool :=
  match a, b with
  | Some x, Some y => eqb x y
  | None, None => true
  | _, _ => false
  end.

Definition prod_eqb {A B} (ea : A -> A -> bool) (eb : B -> B -> bool) (a b : A * B) : bool :=
  ea (fst a) (fst b) && eb (snd a) (snd b).

Fixpoint list_eqb {A} (eqb : A -> A -> bool) (a b : list A) : bool :=
  match a, b with
  | [], [] => true
  | x :: xs, y :: ys => eqb x y && list_eqb eqb xs ys
  | _, _ => false
  end.

Definition unit_eqb (a b : unit) : bool := true.
