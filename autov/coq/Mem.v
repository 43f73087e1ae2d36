(** * Byte-addressed memory.

    A memory maps blocks to lists of bytes. A byte is a concrete value, a fragment of a
    stored pointer, or uninitialised ([MUndef]). Integers are stored little-endian; a
    pointer is stored as its eight fragments, except the null pointer, which is stored as
    eight zero bytes (so zero-filled memory reads back null pointers). Used for the stack
    by the executor and for globals by the concrete memory layer ([MemLayer]). *)

From Coq Require Import ZArith String List Bool.
From Autov Require Import Syntax Values.
Require Autov.Int.
Import ListNotations.
Open Scope Z_scope.

(** A byte of memory. *)
Inductive memval :=
| MByte (z : Z)
| MFrag (b : block) (ofs : Z) (i : nat)
| MUndef.

(** A memory: live blocks with their contents, and the next fresh stack-block number. *)
Record mem := mkmem {
  m_blocks : list (block * list memval);
  m_next : N
}.

(** The empty memory. *)
Definition mem_empty : mem := mkmem [] 0.

(** The contents of block [b]. *)
Definition mem_find (m : mem) (b : block) : option (list memval) :=
  match find (fun p => block_eqb (fst p) b) (m_blocks m) with
  | Some (_, bs) => Some bs
  | None => None
  end.

(** Adds block [b] with contents [bs] (replacing any block of that name). *)
Definition mem_add (m : mem) (b : block) (bs : list memval) : mem :=
  mkmem ((b, bs) :: filter (fun p => negb (block_eqb (fst p) b)) (m_blocks m)) (m_next m).

(** Removes block [b]. *)
Definition mem_remove (m : mem) (b : block) : mem :=
  mkmem (filter (fun p => negb (block_eqb (fst p) b)) (m_blocks m)) (m_next m).

(** A fresh stack block of [size] uninitialised bytes. *)
Definition mem_alloc_stack (m : mem) (size : Z) : block * mem :=
  let b := BStack (m_next m) in
  (b, mkmem ((b, repeat MUndef (Z.to_nat size)) :: m_blocks m) (N.succ (m_next m))).

(** Frees every stack block numbered [n] or above (a returning function's frame). *)
Definition mem_pop_frame (m : mem) (n : N) : mem :=
  mkmem (filter (fun p => match fst p with BStack k => N.ltb k n | _ => true end) (m_blocks m))
        (m_next m).

(** The [n] bytes at [ofs] of [bs], if in bounds. *)
Definition get_bytes (bs : list memval) (ofs n : Z) : option (list memval) :=
  if (0 <=? ofs) && (ofs + n <=? Z.of_nat (length bs))
  then Some (firstn (Z.to_nat n) (skipn (Z.to_nat ofs) bs)) else None.

(** [bs] with the bytes at [ofs] replaced by [new], if in bounds. *)
Definition set_bytes (bs : list memval) (ofs : Z) (new : list memval) : option (list memval) :=
  if (0 <=? ofs) && (ofs + Z.of_nat (length new) <=? Z.of_nat (length bs))
  then Some (firstn (Z.to_nat ofs) bs ++ new ++ skipn (Z.to_nat ofs + length new) bs)
  else None.

(** Little-endian bytes of [z], [n] of them. *)
Fixpoint encode_int (n : nat) (z : Z) : list memval :=
  match n with
  | O => []
  | S n' => MByte (Z.land z 255) :: encode_int n' (Z.shiftr z 8)
  end.

(** The integer whose little-endian bytes are [bs]; [None] if one is not a plain byte. *)
Fixpoint decode_int (bs : list memval) : option Z :=
  match bs with
  | [] => Some 0
  | MByte z :: bs' =>
      match decode_int bs' with Some r => Some (z + 256 * r) | None => None end
  | _ => None
  end.

(** Whether some byte is uninitialised (a load of it gives poison). *)
Definition any_undef (bs : list memval) : bool :=
  existsb (fun b => match b with MUndef => true | _ => false end) bs.

(** Whether [bs] are the fragments [0..] of the pointer [VPtr b o]. *)
Fixpoint is_frags (b : block) (o : Z) (i : nat) (bs : list memval) : bool :=
  match bs with
  | [] => true
  | MFrag b' o' i' :: bs' =>
      block_eqb b b' && (o =? o') && Nat.eqb i i' && is_frags b o (S i) bs'
  | _ => false
  end.

(** The bytes that store value [v] as chunk [c]. *)
Definition encode (c : chunk) (v : val) : option (list memval) :=
  match c, v with
  | _, VPoison => Some (repeat MUndef (Z.to_nat (chunk_bytes c)))
  | CkInt w, VInt w' z => if N.eqb w w' then Some (encode_int (Z.to_nat (int_store_bytes w)) z)
                          else None
  | CkFloat k, VFloat _ z => Some (encode_int (Z.to_nat (float_bytes k)) z)
  | CkPtr, VPtr BNull 0 => Some (encode_int 8 0)
  | CkPtr, VPtr b o => Some (map (fun i => MFrag b o i) (seq 0 8))
  | CkByte, VInt 8 z => Some [MByte z]
  | CkByte, VFrag b o i => Some [MFrag b o i]
  | _, _ => None
  end.

(** The value chunk [c] reads from bytes [bs]: poison if a byte is uninitialised; [None]
    (stuck) for bytes that are not what the chunk reads (pointer fragments as an integer,
    an incomplete pointer). *)
Definition decode (c : chunk) (bs : list memval) : option val :=
  if any_undef bs then Some VPoison else
  match c with
  | CkInt w => option_map (fun z => VInt w (Int.norm w z)) (decode_int bs)
  | CkFloat k => option_map (VFloat k) (decode_int bs)
  | CkPtr =>
      match bs with
      | MFrag b o 0 :: _ => if is_frags b o 0 bs then Some (VPtr b o) else None
      | _ => match decode_int bs with Some 0 => Some vnull | _ => None end
      end
  | CkByte =>
      match bs with
      | [MByte z] => Some (VInt 8 z)
      | [MFrag b o i] => Some (VFrag b o i)
      | _ => None
      end
  end.

(** Loads chunk [c] at offset [ofs] of block [b]. *)
Definition mem_load (c : chunk) (b : block) (ofs : Z) (m : mem) : option val :=
  match mem_find m b with
  | Some bs => match get_bytes bs ofs (chunk_bytes c) with
               | Some ws => decode c ws
               | None => None
               end
  | None => None
  end.

(** Stores [v] as chunk [c] at offset [ofs] of block [b]. *)
Definition mem_store (c : chunk) (b : block) (ofs : Z) (v : val) (m : mem) : option mem :=
  match mem_find m b, encode c v with
  | Some bs, Some ws =>
      match set_bytes bs ofs ws with Some bs' => Some (mem_add m b bs') | None => None end
  | _, _ => None
  end.
