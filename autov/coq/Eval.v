(** * Pure evaluation: operands, constants, arithmetic, comparisons, casts, GEP, aggregates.

    Poison ([VPoison], also standing for [undef]) is what LLVM says: a violated
    [nsw]/[nuw]/[exact] flag or an over-wide shift gives poison, and poison propagates
    through arithmetic, comparisons, casts, GEP and [select]. Immediate undefined behaviour
    is [None] (stuck): division by zero, signed division overflow, division with a poison
    operand, and (in [Sem]) branching on poison, accessing memory through a poison pointer,
    and [freeze] of poison (LLVM would pick an arbitrary value; autov refuses to). [None]
    also marks what autov does not model (floating-point arithmetic, casts between pointers
    and non-zero integers, vector shuffles) and ill-typed operations. *)

From Coq Require Import ZArith String List Bool.
From Autov Require Import Syntax Values.
Require Autov.Int.
Import ListNotations.
Open Scope Z_scope.

(** Option bind. *)
Notation "'let*' x := a 'in' b" :=
  (match a with Some x => b | None => None end) (at level 200, x pattern, b at level 200).

(** Maps a partial function over a list. *)
Definition map_opt {A B} (f : A -> option B) : list A -> option (list B) :=
  fix go (l : list A) : option (list B) :=
    match l with
    | [] => Some []
    | x :: l' => let* y := f x in let* ys := go l' in Some (y :: ys)
    end.

(** Zips two lists of equal length with a partial function. *)
Definition zip_opt {A B C} (f : A -> B -> option C) : list A -> list B -> option (list C) :=
  fix go (l1 : list A) (l2 : list B) : option (list C) :=
    match l1, l2 with
    | [], [] => Some []
    | x :: l1', y :: l2' => let* z := f x y in let* zs := go l1' l2' in Some (z :: zs)
    | _, _ => None
    end.

(** Local environments: names to values. *)
Definition env := list (string * val).

(** The value of local [x]. *)
Definition env_get (e : env) (x : string) : option val :=
  match find (fun p => String.eqb (fst p) x) e with Some (_, v) => Some v | None => None end.

(** [e] with [x] set to [v] (replaced in place if present). *)
Fixpoint env_set (e : env) (x : string) (v : val) : env :=
  match e with
  | [] => [(x, v)]
  | (y, w) :: e' => if String.eqb y x then (x, v) :: e' else (y, w) :: env_set e' x v
  end.

(** Whether an operation's undefined cases are immediate undefined behaviour (division and
    remainder) rather than poison (everything else). *)
Definition is_division (op : binop) : bool :=
  match op with OUDiv | OSDiv | OURem | OSRem => true | _ => false end.

(** Integer binary operation with flags: [None] for undefined behaviour (division by zero,
    signed division overflow), [VPoison] for a violated [nsw]/[nuw]/[exact]/[disjoint] flag or
    a shift amount [>= w]. *)
Definition int_binop (op : binop) (fl : aflags) (w : N) (a b : Z) : option val :=
  let '(Fl nsw nuw exact disjoint _) := fl in
  let sa := Int.signed w a in
  let sb := Int.signed w b in
  let ok r := Some (VInt w r) in
  let poison_if (bad : bool) (r : option Z) :=
    if bad then Some VPoison else match r with Some z => ok z | None => Some VPoison end in
  match op with
  | OAdd => poison_if ((nsw && negb (Int.fits_signed w (sa + sb))) ||
                       (nuw && negb (Int.fits_unsigned w (a + b)))) (Some (Int.add w a b))
  | OSub => poison_if ((nsw && negb (Int.fits_signed w (sa - sb))) ||
                       (nuw && negb (Int.fits_unsigned w (a - b)))) (Some (Int.sub w a b))
  | OMul => poison_if ((nsw && negb (Int.fits_signed w (sa * sb))) ||
                       (nuw && negb (Int.fits_unsigned w (a * b)))) (Some (Int.mul w a b))
  | OUDiv => let* q := Int.udiv w a b in poison_if (exact && negb (a mod b =? 0)) (Some q)
  | OSDiv => let* q := Int.sdiv w a b in poison_if (exact && negb (Z.rem sa sb =? 0)) (Some q)
  | OURem => let* r := Int.urem w a b in ok r
  | OSRem => let* r := Int.srem w a b in ok r
  | OAnd => ok (Int.land w a b)
  | OOr => poison_if (disjoint && negb (Int.land w a b =? 0)) (Some (Int.lor w a b))
  | OXor => ok (Int.lxor w a b)
  | OShl | OLShr | OAShr =>
      (* The amount is checked first: the flag checks below compute with it. *)
      if Int.shift_too_big w b then Some VPoison else
      match op with
      | OShl => poison_if ((nuw && negb (Int.fits_unsigned w (Z.shiftl a b))) ||
                           (nsw && negb (Int.fits_signed w (Z.shiftl sa b)))) (Int.shl w a b)
      | OLShr => poison_if (exact && negb (Z.land a (Z.ones b) =? 0)) (Int.lshr w a b)
      | _ => poison_if (exact && negb (Z.land a (Z.ones b) =? 0)) (Int.ashr w a b)
      end
  end.

(** Binary operation on scalar values: integers of one width. Poison operands give poison,
    except for division and remainder, where they are stuck. *)
Definition scalar_binop (op : binop) (fl : aflags) (a b : val) : option val :=
  match a, b with
  | VInt w x, VInt w' y => if N.eqb w w' then int_binop op fl w x y else None
  | VPoison, (VInt _ _ | VPoison) | VInt _ _, VPoison =>
      if is_division op then None else Some VPoison
  | _, _ => None
  end.
(** Binary operation on values: scalars, or vectors lane-wise. *)
Definition eval_binop (op : binop) (fl : aflags) (a b : val) : option val :=
  match a, b with
  | VAgg xs, VAgg ys => option_map VAgg (zip_opt (scalar_binop op fl) xs ys)
  | _, _ => scalar_binop op fl a b
  end.

(** Integer comparison of [w]-bit values. *)
Definition int_cmp (p : ipred) (w : N) (a b : Z) : bool :=
  match p with
  | Ceq => a =? b | Cne => negb (a =? b)
  | Cugt => Int.ult w b a | Cuge => Int.ule w b a | Cult => Int.ult w a b | Cule => Int.ule w a b
  | Csgt => Int.slt w b a | Csge => Int.sle w b a | Cslt => Int.slt w a b | Csle => Int.sle w a b
  end.

(** Comparison of pointers: equality of any two; ordering only within one block. *)
Definition ptr_cmp (p : ipred) (b1 : block) (o1 : Z) (b2 : block) (o2 : Z) : option bool :=
  let same := block_eqb b1 b2 in
  match p with
  | Ceq => Some (same && (o1 =? o2))
  | Cne => Some (negb (same && (o1 =? o2)))
  | _ => if same then Some (int_cmp p 64 (Int.norm 64 o1) (Int.norm 64 o2)) else None
  end.

(** [icmp] on scalars: integers or pointers; poison gives poison. *)
Definition scalar_icmp (p : ipred) (a b : val) : option val :=
  match a, b with
  | VInt w x, VInt w' y => if N.eqb w w' then Some (VInt 1 (Int.of_bool (int_cmp p w x y))) else None
  | VPtr b1 o1, VPtr b2 o2 => option_map (fun r => VInt 1 (Int.of_bool r)) (ptr_cmp p b1 o1 b2 o2)
  | VPoison, (VInt _ _ | VPtr _ _ | VPoison) | (VInt _ _ | VPtr _ _), VPoison => Some VPoison
  | _, _ => None
  end.
(** [icmp] on values: scalars, or vectors lane-wise. *)
Definition eval_icmp (p : ipred) (a b : val) : option val :=
  match a, b with
  | VAgg xs, VAgg ys => option_map VAgg (zip_opt (scalar_icmp p) xs ys)
  | _, _ => scalar_icmp p a b
  end.

(** Casts. Integer casts change the value as LLVM does; [ptrtoint] and [inttoptr] only
    relate the null pointer and zero; [bitcast] reinterprets integers and floats of one
    size and keeps pointers; floating-point conversions are stuck; poison stays poison. *)
Definition eval_cast (op : castop) (v : val) (to : typ) : option val :=
  match op, v, to with
  | (KTrunc | KZExt | KSExt | KPtrToInt | KIntToPtr | KBitCast | KAddrSpaceCast), VPoison, _ =>
      Some VPoison
  | KTrunc, VInt w z, TInt w' => if N.ltb w' w then Some (VInt w' (Int.trunc w w' z)) else None
  | KZExt, VInt w z, TInt w' => if N.ltb w w' then Some (VInt w' (Int.zext w w' z)) else None
  | KSExt, VInt w z, TInt w' => if N.ltb w w' then Some (VInt w' (Int.sext w w' z)) else None
  | KPtrToInt, VPtr BNull 0, TInt w => Some (VInt w 0)
  | KIntToPtr, VInt _ 0, TPtr => Some vnull
  | KBitCast, VPtr b o, TPtr => Some (VPtr b o)
  | KBitCast, VInt w z, TInt w' => if N.eqb w w' then Some v else None
  | KBitCast, VInt w z, TFloat k => if Z.eqb (Z.of_N w) (8 * float_bytes k) then Some (VFloat k z)
                                    else None
  | KBitCast, VFloat k z, TInt w => if Z.eqb (Z.of_N w) (8 * float_bytes k) then Some (VInt w z)
                                    else None
  | KAddrSpaceCast, VPtr b o, TPtr => Some (VPtr b o)
  | _, _, _ => None
  end.

(** Whether flag [fl] of a cast of [v] to [to] is violated: [trunc nuw] drops a set bit,
    [trunc nsw] changes the signed value, [zext nneg] extends a negative value. *)
Definition cast_poison (op : castop) (fl : aflags) (v : val) (to : typ) : bool :=
  let '(Fl nsw nuw _ _ nneg) := fl in
  match op, v, to with
  | KTrunc, VInt w z, TInt w' =>
      (nuw && negb (Int.fits_unsigned w' z)) || (nsw && negb (Int.fits_signed w' (Int.signed w z)))
  | KZExt, VInt w z, _ => nneg && (Int.signed w z <? 0)
  | _, _, _ => false
  end.

(** A cast with flags: [eval_cast], poison where a flag is violated. *)
Definition eval_flagged_cast (op : castop) (fl : aflags) (v : val) (to : typ) : option val :=
  let* r := eval_cast op v to in if cast_poison op fl v to then Some VPoison else Some r.

(** The signed value of an index. *)
Definition index_of (v : val) : option Z :=
  match v with VInt w z => Some (Int.signed w z) | _ => None end.

Section TYPED.
  (** The module's struct layouts. *)
  Variable structs : list slayout.

  (** The byte offset that GEP indices (after the first) select inside type [t]. *)
  Fixpoint gep_inner (t : typ) (idx : list val) : option Z :=
    match idx with
    | [] => Some 0
    | i :: idx' =>
        let* k := index_of i in
        match t with
        | TArray e _ | TVector e _ =>
            let* r := gep_inner e idx' in Some (k * size_of structs e + r)
        | TNamed _ | TStruct _ _ =>
            let* fs := fields_of structs t in
            let* f := nth_error fs (Z.to_nat k) in
            let* r := gep_inner (fst f) idx' in Some (snd f + r)
        | _ => None
        end
    end.

  (** [getelementptr]: the first index steps over whole [t]s, the others go inside.
      The [inbounds] condition is not checked (block bounds are checked on access). *)
  Definition eval_gep (t : typ) (base : val) (idx : list val) : option val :=
    if negb (forallb (fun v => match v with VPoison => false | _ => true end) (base :: idx))
    then Some VPoison else
    match base, idx with
    | VPtr b o, i :: idx' =>
        let* k := index_of i in
        let* r := gep_inner t idx' in
        Some (VPtr b (o + k * size_of structs t + r))
    | _, _ => None
    end.

  (** A value of type [t] built from [leaf] at scalar positions ([n] bounds the nesting of
      named structs). *)
  Fixpoint fill (n : nat) (leaf : typ -> option val) (t : typ) : option val :=
    match n with
    | O => None
    | S n' =>
        match fields_of structs t with
        | Some fs => option_map VAgg (map_opt (fun f => fill n' leaf (fst f)) fs)
        | None => leaf t
        end
    end.

  (** The scalar zero of a type. *)
  Definition zero_leaf (t : typ) : option val :=
    match t with
    | TInt w => Some (VInt w 0)
    | TFloat k => Some (VFloat k 0)
    | TPtr => Some vnull
    | _ => None
    end.

  (** [zeroinitializer] and [undef]/[poison] of type [t]. *)
  Definition zero_of (t : typ) : option val := fill 64 zero_leaf t.
  Definition poison_of (t : typ) : option val := fill 64 (fun _ => Some VPoison) t.

  (** Selects with a boolean [i1] value; a poison condition gives poison. *)
  Definition eval_select (c a b : val) : option val :=
    match c with
    | VInt 1 z => Some (if z =? 0 then b else a)
    | VPoison => Some VPoison
    | _ => None
    end.

  (** Constants. [GlobalRef] of a global variable or function [g] is [VPtr (BGlob g) 0]. *)
  Fixpoint eval_const (c : const) : option val :=
    match c with
    | CInt w z => Some (VInt w (Int.norm w z))
    | CFloat k (Some bits) => Some (VFloat k bits)
    | CFloat _ None => None
    | CNull => Some vnull
    | CUndef t | CPoison t => poison_of t
    | CZero t => zero_of t
    | CStruct _ fs | CArray _ fs | CVector fs => option_map VAgg (map_opt eval_const fs)
    | CGlobal g => Some (VPtr (BGlob g) 0)
    | CBin op a b => let* x := eval_const a in let* y := eval_const b in eval_binop op nofl x y
    | CICmp p a b => let* x := eval_const a in let* y := eval_const b in eval_icmp p x y
    | CCast op a t => let* x := eval_const a in eval_cast op x t
    | CGep t b idx inb =>
        let* x := eval_const b in let* is := map_opt eval_const idx in eval_gep t x is
    | CSelect c a b =>
        let* x := eval_const c in let* y := eval_const a in let* z := eval_const b in
        eval_select x y z
    | CUnsupported _ => None
    end.

  (** Operands. Metadata arguments (of debug intrinsics) evaluate to poison. *)
  Definition eval_operand (e : env) (o : operand) : option val :=
    match o with
    | Loc x => env_get e x
    | Cst c => eval_const c
    | Meta => Some VPoison
    end.
End TYPED.

(** The element at path [idx] of an aggregate (poison inside poison). *)
Fixpoint extract (v : val) (idx : list Z) : option val :=
  match idx with
  | [] => Some v
  | i :: idx' =>
      match v with
      | VAgg vs => let* x := nth_error vs (Z.to_nat i) in extract x idx'
      | VPoison => Some VPoison
      | _ => None
      end
  end.

(** Replaces the [n]th element of a list, if it exists. *)
Fixpoint replace_nth {A} (l : list A) (n : nat) (x : A) : option (list A) :=
  match l, n with
  | [], _ => None
  | _ :: l', O => Some (x :: l')
  | y :: l', S n' => option_map (cons y) (replace_nth l' n' x)
  end.

(** [v] with the element at path [idx] replaced by [x]. *)
Fixpoint insert (v : val) (idx : list Z) (x : val) : option val :=
  match idx with
  | [] => Some x
  | i :: idx' =>
      match v with
      | VAgg vs =>
          let* old := nth_error vs (Z.to_nat i) in
          let* nw := insert old idx' x in
          option_map VAgg (replace_nth vs (Z.to_nat i) nw)
      | _ => None
      end
  end.

(** The unsigned lane number of a vector index. *)
Definition lane_of (v : val) : option Z :=
  match v with VInt _ z => Some z | _ => None end.

(** The truth value of an [i1]; poison and other values are stuck. *)
Definition bool_of (v : val) : option bool :=
  match v with VInt 1 z => Some (negb (z =? 0)) | _ => None end.

(** The arm of a switch on [z] (first arm listing [z]), or the default. *)
Fixpoint select_arm {A} (z : Z) (arms : list (list Z * A)) (dflt : A) : A :=
  match arms with
  | [] => dflt
  | (vs, body) :: arms' => if existsb (Z.eqb z) vs then body else select_arm z arms' dflt
  end.
