(** * Refinement: specs as layers, and what it means for code and specs to refine each other.

    Specs ([SpecLib]) are Coq functions over an abstract state [S] that, in the shape of low
    specs, return [outcome (option (R * S))]: [Returns (Some (r, s'))] is a result, [Returns
    None] "not allowed" and [Fails] a spec error. This file gives what an exported development
    needs to relate them to the code semantics ([Sem]):

    - how Rust integers are C values ([int_val]) and how a spec becomes a primitive of a
      [layer] ([ret_unit], [ret_int]);
    - a spec as an executable primitive ([spec_exec], sound: [spec_exec_sound]), and a chain
      of them as the executable version of a layer's primitives ([exec_sound_cons]), which
      the interpreter of [Sem] runs in generated code proofs;
    - a memory interpretation as partial load and store functions on the abstract state
      (scalar fields, arrays kept as lists or as maps, read-only globals from their initial
      bytes), so that a layer over the abstract state lets the code access global memory;
    - [prim_refines R hi lo]: whenever [hi] gives a result from a state related to one of [lo],
      [lo] gives the same result from it and the states after are related again (DESIGN §4.3);
    - [layer_refines R H L names]: each primitive [names] of [H] is refined by the one of [L];
    - that refinement composes ([prim_refines_trans]), and that the functions of a module are
      primitives of [code_layer] ([code_layer_prim]).

    No [Admitted], [admit] or [Axiom]. *)

From Coq Require Import ZArith String List Bool.
From Autov Require Import Syntax Values Mem Layer Eval Sem SpecLib.
Import ListNotations.
Open Scope Z_scope.

(** ** Values *)

(** The C value of a Rust integer [z] of type [t]: an integer of [bits t] bits, two's
    complement when [t] is signed. *)
Definition int_val (t : ity) (z : Z) : val := VInt (Z.to_N (bits t)) (z mod 2 ^ bits t).

(** The result a C function returning [void] gives for a spec result [tt]. *)
Definition ret_unit (u : unit) : option val := None.

(** The result a C function returning an integer gives for the spec result [z] of type [t]. *)
Definition ret_int (t : ity) (z : Z) : option val := Some (int_val t z).

(** The values that stand for a spec's integer arguments [zs] of types [ts], when each is in
    the range of its type. *)
Fixpoint args_val (ts : list ity) (zs : list Z) : option (list val) :=
  match ts, zs with
  | [], [] => Some []
  | t :: ts', z :: zs' =>
      if in_range t z then option_map (cons (int_val t z)) (args_val ts' zs') else None
  | _, _ => None
  end.

(** A spec in the shape of low specs from one that reads the state: the state is unchanged. *)
Definition reads {R S} (o : outcome (option R)) (s : S) : outcome (option (R * S)) :=
  match o with
  | Returns (Some r) => Returns (Some (r, s))
  | Returns None => Returns None
  | Fails => Fails
  end.

(** ** Specs as primitives *)

(** The primitive of a spec of arity [length ts]: [run zs s] is the spec in the shape of low
    specs on arguments [zs], [ret] how its result is the C result. A call with argument values
    [vs] is related to the spec's result on the integers they stand for. *)
Definition spec_prim {S R} (ts : list ity) (run : list Z -> S -> outcome (option (R * S)))
    (ret : R -> option val) : prim_spec S :=
  fun vs s r s' =>
    exists zs x, args_val ts zs = Some vs /\ run zs s = Returns (Some (x, s')) /\ r = ret x.

(** The integers of types [ts] that values [vs] stand for: the inverse of [args_val]. *)
Fixpoint vals_args (ts : list ity) (vs : list val) : option (list Z) :=
  match ts, vs with
  | [], [] => Some []
  | t :: ts', VInt w z :: vs' =>
      let z' := if signed t then Int.signed w z else z in
      if N.eqb w (Z.to_N (bits t)) && in_range t z' && Z.eqb (z' mod 2 ^ bits t) z then
        option_map (cons z') (vals_args ts' vs')
      else None
  | _, _ => None
  end.

Lemma vals_args_sound : forall ts vs zs, vals_args ts vs = Some zs -> args_val ts zs = Some vs.
Proof.
  induction ts as [|t ts IH]; intros vs zs H; destruct vs as [|v vs]; simpl in H;
    try discriminate.
  - injection H as <-. reflexivity.
  - destruct v; try discriminate.
    destruct (N.eqb w (Z.to_N (bits t))) eqn:Ew; [|discriminate].
    destruct (in_range t (if signed t then Int.signed w z else z)) eqn:Er; [|discriminate].
    destruct (Z.eqb ((if signed t then Int.signed w z else z) mod 2 ^ bits t) z) eqn:Ez;
      [|discriminate].
    destruct (vals_args ts vs) as [zs'|] eqn:Ev; [|discriminate].
    simpl in H. injection H as <-. simpl. rewrite Er, (IH _ _ Ev). simpl.
    apply N.eqb_eq in Ew. apply Z.eqb_eq in Ez. unfold int_val. rewrite Ez, <- Ew. reflexivity.
Qed.

(** A spec as an executable primitive: on the integers the arguments stand for, its result
    (when it gives one) as the C result. *)
Definition spec_exec {S R} (ts : list ity) (run : list Z -> S -> outcome (option (R * S)))
    (ret : R -> option val) (vs : list val) (s : S) : option (option val * S) :=
  match vals_args ts vs with
  | Some zs => match run zs s with Returns (Some (x, s')) => Some (ret x, s') | _ => None end
  | None => None
  end.

(** What [spec_exec] computes, [spec_prim] allows. *)
Lemma spec_exec_sound : forall S R ts (run : list Z -> S -> outcome (option (R * S))) ret vs s r s',
    spec_exec ts run ret vs s = Some (r, s') -> spec_prim ts run ret vs s r s'.
Proof.
  unfold spec_exec, spec_prim. intros S R ts run ret vs s r s' H.
  destruct (vals_args ts vs) as [zs|] eqn:Ev; [|discriminate].
  destruct (run zs s) as [[[x s1]|]|] eqn:Er; try discriminate.
  injection H as <- <-. exists zs, x. auto using vals_args_sound.
Qed.

(** Executable primitives [x] are sound for the primitives [p]: what [x] computes, [p]
    allows. *)
Definition exec_sound {S} (x : string -> list val -> S -> option (option val * S))
    (p : string -> option (prim_spec S)) : Prop :=
  forall f vs s r s', x f vs s = Some (r, s') -> exists spec, p f = Some spec /\ spec vs s r s'.

(** No primitive. *)
Lemma exec_sound_nil : forall S, @exec_sound S (fun _ _ _ => None) (fun _ => None).
Proof. intros S f vs s r s' H. discriminate H. Qed.

(** One more spec [n], as [spec_exec] and as [spec_prim]. *)
Lemma exec_sound_cons : forall S R n ts (run : list Z -> S -> outcome (option (R * S))) ret x p,
    exec_sound x p ->
    exec_sound (fun name => if String.eqb name n then spec_exec ts run ret else x name)
               (fun name => if String.eqb name n then Some (spec_prim ts run ret) else p name).
Proof.
  intros S R n ts run ret x p Hs f vs s r s' H. simpl in *.
  destruct (String.eqb f n); [eexists; split; [reflexivity | apply spec_exec_sound; exact H]|].
  exact (Hs f vs s r s' H).
Qed.

(** ** Memory interpretation *)

(** A C integer field of [w] bits that holds the Rust integer of type [t]. Only an access of
    the whole field is defined. *)
Definition scalar_load (w : N) (c : chunk) (ofs : Z) (x : Z) : option val :=
  match c with
  | CkInt w' => if N.eqb w w' && (ofs =? 0) then Some (VInt w (x mod 2 ^ Z.of_N w)) else None
  | _ => None
  end.

(** Stores into an integer field: the C value as the field's Rust type [t]. Poison and other
    values are stuck. *)
Definition scalar_store (w : N) (t : ity) (c : chunk) (ofs : Z) (v : val) (x : Z) : option Z :=
  match c, v with
  | CkInt w', VInt w'' z => if N.eqb w w' && N.eqb w w'' && (ofs =? 0) then Some (cast t z) else None
  | _, _ => None
  end.

(** A C integer field of [w] bits that holds a Rust [bool]. *)
Definition bool_load (w : N) (c : chunk) (ofs : Z) (b : bool) : option val :=
  scalar_load w c ofs (bool_to_int b).

(** Stores into a [bool] field: any non-zero value is [true]. *)
Definition bool_store (w : N) (c : chunk) (ofs : Z) (v : val) (b : bool) : option bool :=
  match scalar_store w (mk_ity (Z.of_N w) false) c ofs v (bool_to_int b) with
  | Some z => Some (negb (z =? 0))
  | None => None
  end.

(** Whether [ofs] falls in the [n] elements of stride [s] of an array. *)
Definition in_array (n s ofs : Z) : bool := (0 <=? ofs) && (ofs <? n * s).

(** A C array of [n] elements of stride [s] kept as a Rust array (a list). *)
Definition array_load {A} (n s : Z) (ld : chunk -> Z -> A -> option val)
    (c : chunk) (ofs : Z) (xs : list A) : option val :=
  if in_array n s ofs then
    match array_get xs (ofs / s) with Some x => ld c (ofs mod s) x | None => None end
  else None.

(** Stores into an element of a C array kept as a Rust array. *)
Definition array_store {A} (n s : Z) (st : chunk -> Z -> val -> A -> option A)
    (c : chunk) (ofs : Z) (v : val) (xs : list A) : option (list A) :=
  if in_array n s ofs then array_update xs (ofs / s) (st c (ofs mod s) v) else None.

(** A C array of [n] elements of stride [s] kept as a map from index to element. *)
Definition map_load {A} (n s : Z) (ld : chunk -> Z -> A -> option val)
    (c : chunk) (ofs : Z) (m : Map A) : option val :=
  if in_array n s ofs then ld c (ofs mod s) (map_get m (ofs / s)) else None.

(** Stores into an element of a C array kept as a map. *)
Definition map_store {A} (n s : Z) (st : chunk -> Z -> val -> A -> option A)
    (c : chunk) (ofs : Z) (v : val) (m : Map A) : option (Map A) :=
  if in_array n s ofs then
    option_map (map_set m (ofs / s)) (st c (ofs mod s) v (map_get m (ofs / s)))
  else None.

(** Whether [ofs] falls in the [size] bytes of a field at offset [at_]. *)
Definition in_field (at_ size ofs : Z) : bool := (at_ <=? ofs) && (ofs <? at_ + size).

(** Loads from a read-only global: its initial bytes in [m]'s initial memory. *)
Definition ro_load (init : option mem) (c : chunk) (b : block) (ofs : Z) : option val :=
  match init with Some mm => mem_load c b ofs mm | None => None end.

(** ** Refinement *)

(** [lo] refines [hi] under [R] (high state, low state): whenever [hi] gives result [r] and
    state [h'] from [h], [lo] gives [r] from any [l] related to [h], with a state related to
    [h']. *)
Definition prim_refines {SH SL} (R : SH -> SL -> Prop) (hi : prim_spec SH) (lo : prim_spec SL)
  : Prop :=
  forall vs h l r h', R h l -> hi vs h r h' -> exists l', lo vs l r l' /\ R h' l'.

(** Layer [L] refines layer [H] under [R] on the primitives [names]: each is a primitive of
    both, and [L]'s refines [H]'s. *)
Definition layer_refines (H L : layer) (R : l_state H -> l_state L -> Prop)
    (names : list string) : Prop :=
  forall name, In name names ->
    exists hi lo, l_prim H name = Some hi /\ l_prim L name = Some lo /\ prim_refines R hi lo.

(** Refinement composes with a refinement under equality. *)
Lemma prim_refines_trans : forall SH SL (R : SH -> SL -> Prop) hi mid (lo : prim_spec SL),
    prim_refines R hi mid -> prim_refines eq mid lo -> prim_refines R hi lo.
Proof.
  intros SH SL R hi mid lo H1 H2 vs h l r h' HR Hhi.
  destruct (H1 vs h l r h' HR Hhi) as (l1 & Hmid & HR1).
  destruct (H2 vs l l r l1 eq_refl Hmid) as (l2 & Hlo & <-).
  exists l1; split; assumption.
Qed.

(** Whether module [m] defines function [name]. *)
Definition has_func (m : module) (name : string) : bool :=
  match find_func m name with Some _ => true | None => false end.

(** The functions of a module are the primitives of its code layer. *)
Lemma code_layer_prim : forall L m name,
    has_func m name = true -> l_prim (code_layer L m) name = Some (code_spec L m name).
Proof.
  intros L m name H. unfold has_func in H. simpl.
  destruct (find_func m name); [reflexivity | discriminate].
Qed.
