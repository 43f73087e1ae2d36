(** * Run-time values and type layout.

    A pointer is a block and a byte offset ([DESIGN.md] §4.4). A block is a global (or
    function) by name, a stack slot by number, or the null block. Aggregates (structs, arrays,
    vectors) are lists of values. [VPoison] stands for both [poison] and [undef]: it may be
    copied, stored, passed and returned, but any operation that inspects it is stuck.
    Pointers are 64 bits wide. *)

From Coq Require Import ZArith String List Bool.
From Autov Require Import Syntax.
Import ListNotations.
Open Scope Z_scope.

(** Memory blocks. *)
Inductive block :=
| BNull
| BGlob (name : string)
| BStack (n : N).

(** Run-time values. [VFrag b o i] is byte [i] of the pointer [VPtr b o], what a byte-wise
    copy ([memcpy]) of a pointer carries. *)
Inductive val :=
| VInt (w : N) (z : Z)
| VFloat (k : fkind) (bits : Z)
| VPtr (b : block) (ofs : Z)
| VFrag (b : block) (ofs : Z) (i : nat)
| VAgg (elems : list val)
| VPoison.

(** The null pointer. *)
Definition vnull : val := VPtr BNull 0.

(** Block equality. *)
Definition block_eqb (a b : block) : bool :=
  match a, b with
  | BNull, BNull => true
  | BGlob x, BGlob y => String.eqb x y
  | BStack x, BStack y => N.eqb x y
  | _, _ => false
  end.

Lemma block_eqb_eq : forall a b, block_eqb a b = true <-> a = b.
Proof.
  destruct a, b; simpl; split; intro H; try discriminate; try congruence.
  - apply String.eqb_eq in H; congruence.
  - inversion H; apply String.eqb_refl.
  - apply N.eqb_eq in H; congruence.
  - inversion H; apply N.eqb_refl.
Qed.

(** Memory access chunks: a [w]-bit integer, a pointer, a float, or one raw byte
    (a byte or a pointer fragment, as [memcpy] moves it). *)
Inductive chunk := CkInt (w : N) | CkPtr | CkFloat (k : fkind) | CkByte.

(** Bytes an integer of width [w] occupies when stored. *)
Definition int_store_bytes (w : N) : Z := (Z.of_N w + 7) / 8.

(** Bytes an integer of width [w] occupies in an array (its store size rounded up to a power
    of two, at most 16-aligned). *)
Definition int_alloc_bytes (w : N) : Z :=
  let s := int_store_bytes w in
  if s <=? 1 then 1 else if s <=? 2 then 2 else if s <=? 4 then 4 else if s <=? 8 then 8
  else 16 * ((s + 15) / 16).

(** Size in bytes of a float format. *)
Definition float_bytes (k : fkind) : Z :=
  match k with
  | FHalf | FBFloat => 2 | FSingle => 4 | FDouble => 8 | FQuad | FX86Fp80 | FPpcFp128 => 16
  end.

(** Bytes a chunk covers. *)
Definition chunk_bytes (c : chunk) : Z :=
  match c with
  | CkInt w => int_store_bytes w
  | CkPtr => 8
  | CkFloat k => float_bytes k
  | CkByte => 1
  end.

(** [z] rounded up to a multiple of [a] ([a > 0]). *)
Definition align_up (z a : Z) : Z := ((z + a - 1) / a) * a.

Section LAYOUT.
  (** The struct layouts of the module. *)
  Variable structs : list slayout.

  (** Alignment of a type. *)
  Fixpoint align_of (t : typ) : Z :=
    match t with
    | TInt w => Z.min 16 (int_alloc_bytes w)
    | TFloat k => float_bytes k
    | TPtr => 8
    | TArray t _ => align_of t
    | TVector t n => Z.min 16 (align_of t * n)
    | TNamed s => match find_struct structs s with Some l => sl_align l | None => 1 end
    | TStruct true _ => 1
    | TStruct false fs => fold_left Z.max (map align_of fs) 1
    | _ => 1
    end.

  (** Size of a type (its allocation size, with tail padding). *)
  Fixpoint size_of (t : typ) : Z :=
    match t with
    | TInt w => int_alloc_bytes w
    | TFloat k => float_bytes k
    | TPtr => 8
    | TArray t n => size_of t * n
    | TVector t n => size_of t * n
    | TNamed s => match find_struct structs s with Some l => sl_size l | None => 0 end
    | TStruct p fs =>
        let fix go (fs : list typ) (ofs al : Z) : Z :=
          match fs with
          | [] => align_up ofs al
          | f :: fs' =>
              let a := if p then 1 else align_of f in
              go fs' (align_up ofs a + size_of f) (Z.max al a)
          end in
        go fs 0 1
    | _ => 0
    end.

  (** Byte offsets of the fields of a literal struct. *)
  Definition literal_offsets (packed : bool) (fs : list typ) : list Z :=
    let fix go (fs : list typ) (ofs : Z) : list Z :=
      match fs with
      | [] => []
      | f :: fs' =>
          let o := align_up ofs (if packed then 1 else align_of f) in
          o :: go fs' (o + size_of f)
      end in
    go fs 0.

  (** The fields of an aggregate type with their byte offsets: struct fields, or [n]
      array/vector elements. [None] for non-aggregates and opaque structs. *)
  Definition fields_of (t : typ) : option (list (typ * Z)) :=
    match t with
    | TNamed s =>
        match find_struct structs s with
        | Some l => if sl_opaque l then None else Some (sl_fields l)
        | None => None
        end
    | TStruct p fs => Some (combine fs (literal_offsets p fs))
    | TArray e n | TVector e n =>
        Some (map (fun i => (e, Z.of_nat i * size_of e)) (seq 0 (Z.to_nat n)))
    | _ => None
    end.
End LAYOUT.
