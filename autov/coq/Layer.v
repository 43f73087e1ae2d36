(** * The interface of a layer, as the code of the layer above sees it.

    A layer has an abstract state, may allow loads and stores of global memory (a layer
    without a memory interpretation makes them stuck: [None]), and offers primitives, each
    a relation [args -> state -> result -> state' -> Prop]; a call whose arguments and state
    are related to nothing is stuck. Stack memory is not part of a layer: the executor
    handles [alloca] itself ([Sem]). *)

From Coq Require Import ZArith String List.
From Autov Require Import Syntax Values.

(** The specification of a primitive: arguments, state before, result ([None] for [void]),
    state after. *)
Definition prim_spec (S : Type) : Type := list val -> S -> option val -> S -> Prop.

(** A layer. [l_load c b ofs] and [l_store c b ofs v] access global block [b]. *)
Record layer := mklayer {
  l_state : Type;
  l_load : chunk -> block -> Z -> l_state -> option val;
  l_store : chunk -> block -> Z -> val -> l_state -> option l_state;
  l_prim : string -> option (prim_spec l_state)
}.

(** An executable version of a layer's primitives, for the interpreter: each result it
    computes is allowed by the primitive's specification. *)
Record exec_layer (L : layer) := mkexec_layer {
  x_prim : string -> list val -> l_state L -> option (option val * l_state L);
  x_prim_sound : forall f args s r s',
      x_prim f args s = Some (r, s') ->
      exists spec, l_prim L f = Some spec /\ spec args s r s'
}.
