(** * The concrete memory layer: global memory as bytes, no primitives.

    Global variables defined in the module (with an initialiser) are blocks of bytes holding
    their initial values; declared-only globals have no block, so accessing them is stuck.
    This is the layer the code of plain C runs over, so that [ir2coq] output can be
    evaluated in Coq with [run_fn] and [vm_compute]. *)

From Coq Require Import ZArith String List.
From Autov Require Import Syntax Values Mem Layer Eval Sem.
Import ListNotations.
Open Scope Z_scope.

(** Byte memory for globals, without primitives. *)
Definition mem_layer : layer :=
  mklayer mem mem_load mem_store (fun _ => None).

(** Its (empty) executable primitives. *)
Definition mem_exec : exec_layer mem_layer.
Proof.
  refine (mkexec_layer mem_layer (fun _ _ _ => None) _).
  intros; discriminate.
Defined.

(** Adds the block of global [g], holding its initial value ([zeroinitializer] directly as
    zero bytes). *)
Definition init_global (m : module) (acc : option mem) (g : global) : option mem :=
  let* mm := acc in
  let b := BGlob (g_name g) in
  let size := Z.to_nat (size_of (m_structs m) (g_ty g)) in
  match g_init g with
  | None => Some mm
  | Some (CZero _) => Some (mem_add mm b (repeat (MByte 0) size))
  | Some c =>
      let* v := eval_const (m_structs m) c in
      let mm1 := mem_add mm b (repeat MUndef size) in
      let* s := store_typed mem_layer m depth (g_ty g) (VPtr b 0) v (mkstate mem_layer mm1 mem_empty) in
      Some (st_layer mem_layer s)
  end.

(** The initial global memory of a module. *)
Definition init_mem (m : module) : option mem :=
  fold_left (init_global m) (m_globals m) (Some mem_empty).

(** The initial state: initial globals, empty stack. *)
Definition init_state (m : module) : option (state mem_layer) :=
  option_map (fun g => mkstate mem_layer g mem_empty) (init_mem m).

(** Default fuel for [run_fn]. *)
Definition default_fuel : nat := N.to_nat 1000000.

(** Runs function [name] of [m] on [args] from the initial state: its return value. *)
Definition run_fn (m : module) (name : string) (args : list val) : option (option val) :=
  let* s := init_state m in
  let* r := run_call mem_layer m mem_exec default_fuel name args s in
  Some (fst r).

(** A value computed by [run_fn] is a return value of the call in the semantics. *)
Lemma run_fn_sound : forall m name args r,
    run_fn m name args = Some r ->
    exists s s', init_state m = Some s /\ call mem_layer m name args s r s'.
Proof.
  unfold run_fn. intros m name args r H.
  destruct (init_state m) as [s |]; [| discriminate].
  destruct (run_call mem_layer m mem_exec default_fuel name args s) as [[r' s'] |] eqn:E;
    [| discriminate].
  injection H as <-. exists s, s'. split; [reflexivity |].
  eapply run_call_sound; eauto.
Qed.
