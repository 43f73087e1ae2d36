(** * Bit-precise machine integers.

    An LLVM [iN] value is a [Z] in [[0, 2^N)] together with its width [N] (an [N]).
    Every operation takes the width explicitly and returns a normalised result.
    Operations that LLVM defines as undefined behaviour or as poison (division by zero,
    signed division overflow, shift amounts [>= N], [nsw]/[nuw]/[exact] violations,
    ...) return [None]: the semantics treats them as stuck. *)

From Coq Require Import ZArith Bool Lia.
Open Scope Z_scope.

(** [2^w]. *)
Definition modulus (w : N) : Z := 2 ^ Z.of_N w.

(** The representative of [z] in [[0, 2^w)]. *)
Definition norm (w : N) (z : Z) : Z := z mod modulus w.

(** Whether [z] is a normalised [w]-bit value. *)
Definition in_range (w : N) (z : Z) : bool := (0 <=? z) && (z <? modulus w).

(** The smallest signed [w]-bit value, [-2^(w-1)]. *)
Definition min_signed (w : N) : Z := - 2 ^ (Z.of_N w - 1).

(** The largest signed [w]-bit value, [2^(w-1) - 1]. *)
Definition max_signed (w : N) : Z := 2 ^ (Z.of_N w - 1) - 1.

(** The two's-complement reading of a normalised [w]-bit value. *)
Definition signed (w : N) (z : Z) : Z :=
  if z <=? max_signed w then z else z - modulus w.

(** Whether [z] fits the signed [w]-bit range. *)
Definition fits_signed (w : N) (z : Z) : bool := (min_signed w <=? z) && (z <=? max_signed w).

(** Whether [z] fits the unsigned [w]-bit range. *)
Definition fits_unsigned (w : N) (z : Z) : bool := in_range w z.

(** Wrap-around addition, subtraction and multiplication. *)
Definition add (w : N) (a b : Z) : Z := norm w (a + b).
Definition sub (w : N) (a b : Z) : Z := norm w (a - b).
Definition mul (w : N) (a b : Z) : Z := norm w (a * b).

(** Unsigned division and remainder; [None] on division by zero. *)
Definition udiv (w : N) (a b : Z) : option Z := if b =? 0 then None else Some (a / b).
Definition urem (w : N) (a b : Z) : option Z := if b =? 0 then None else Some (a mod b).

(** Whether a signed division [a / b] is undefined: by zero, or [min_signed / -1]. *)
Definition sdiv_ub (w : N) (a b : Z) : bool :=
  (b =? 0) || ((signed w a =? min_signed w) && (signed w b =? -1)).

(** Signed division (truncating) and remainder (sign of the dividend). *)
Definition sdiv (w : N) (a b : Z) : option Z :=
  if sdiv_ub w a b then None else Some (norm w (Z.quot (signed w a) (signed w b))).
Definition srem (w : N) (a b : Z) : option Z :=
  if sdiv_ub w a b then None else Some (norm w (Z.rem (signed w a) (signed w b))).

(** Bitwise operations (normalised inputs give normalised outputs). *)
Definition land (w : N) (a b : Z) : Z := Z.land a b.
Definition lor (w : N) (a b : Z) : Z := Z.lor a b.
Definition lxor (w : N) (a b : Z) : Z := Z.lxor a b.

(** Whether a shift amount is out of range (the result would be poison). *)
Definition shift_too_big (w : N) (s : Z) : bool := Z.of_N w <=? s.

(** Shifts; [None] when the amount is [>= w]. [ashr] shifts the signed reading. *)
Definition shl (w : N) (a s : Z) : option Z :=
  if shift_too_big w s then None else Some (norm w (Z.shiftl a s)).
Definition lshr (w : N) (a s : Z) : option Z :=
  if shift_too_big w s then None else Some (Z.shiftr a s).
Definition ashr (w : N) (a s : Z) : option Z :=
  if shift_too_big w s then None else Some (norm w (Z.shiftr (signed w a) s)).

(** Unsigned and signed comparisons. *)
Definition ult (w : N) (a b : Z) : bool := a <? b.
Definition ule (w : N) (a b : Z) : bool := a <=? b.
Definition slt (w : N) (a b : Z) : bool := signed w a <? signed w b.
Definition sle (w : N) (a b : Z) : bool := signed w a <=? signed w b.

(** Casts: zero extension keeps the bits, sign extension keeps the signed value,
    truncation keeps the low bits. *)
Definition zext (from to : N) (a : Z) : Z := a.
Definition sext (from to : N) (a : Z) : Z := norm to (signed from a).
Definition trunc (from to : N) (a : Z) : Z := norm to a.

(** The boolean [i1] value of [b]. *)
Definition of_bool (b : bool) : Z := if b then 1 else 0.

(** Count leading zeros, trailing zeros and set bits of a [w]-bit value. *)
Definition ctlz (w : N) (a : Z) : Z := if a =? 0 then Z.of_N w else Z.of_N w - Z.log2 a - 1.
Fixpoint cttz_aux (n : nat) (a : Z) : Z :=
  match n with
  | O => 0
  | S n' => if Z.odd a then 0 else 1 + cttz_aux n' (Z.shiftr a 1)
  end.
Definition cttz (w : N) (a : Z) : Z := if a =? 0 then Z.of_N w else cttz_aux (N.to_nat w) a.
Fixpoint ctpop_aux (n : nat) (a : Z) : Z :=
  match n with
  | O => 0
  | S n' => (if Z.odd a then 1 else 0) + ctpop_aux n' (Z.shiftr a 1)
  end.
Definition ctpop (w : N) (a : Z) : Z := ctpop_aux (N.to_nat w) a.

(** Byte swap of a [w]-bit value ([w] a multiple of 16). *)
Fixpoint bswap_aux (n : nat) (a acc : Z) : Z :=
  match n with
  | O => acc
  | S n' => bswap_aux n' (Z.shiftr a 8) (Z.lor (Z.shiftl acc 8) (Z.land a 255))
  end.
Definition bswap (w : N) (a : Z) : Z := bswap_aux (N.to_nat (w / 8)) a 0.

(** Funnel shifts: [fshl a b s] is the high half of [(a:b) << (s mod w)]. *)
Definition fshl (w : N) (a b s : Z) : Z :=
  let k := s mod Z.of_N w in
  norm w (Z.lor (Z.shiftl a k) (Z.shiftr b (Z.of_N w - k))).
Definition fshr (w : N) (a b s : Z) : Z :=
  let k := s mod Z.of_N w in
  norm w (Z.lor (Z.shiftl a (Z.of_N w - k)) (Z.shiftr b k)).

(** Results of the arithmetic operations are normalised. *)
Lemma norm_in_range : forall w z, in_range w (norm w z) = true.
Proof.
  intros w z. unfold in_range, norm, modulus.
  assert (0 < 2 ^ Z.of_N w) by (apply Z.pow_pos_nonneg; lia).
  pose proof (Z.mod_pos_bound z (2 ^ Z.of_N w) H).
  apply andb_true_intro; split; [apply Z.leb_le | apply Z.ltb_lt]; lia.
Qed.
