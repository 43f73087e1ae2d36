(** * The semantics is deterministic when the layer's primitives are.

    Intrinsics and instructions are functions, calls prefer primitives over module
    functions, and [freeze] never chooses: so a statement, a list or a call has at most one
    outcome once every primitive specification relates each argument list and state to at
    most one result. Refinement proofs can then compare the single outcome of the code with
    the specification's. *)

From Coq Require Import ZArith String List.
From Autov Require Import Syntax Values Mem Layer Eval Sem.
Import ListNotations.

Section DET.
  (** The layer below and the module. *)
  Variable L : layer.
  Variable m : module.

  (** The layer's primitives are functional. *)
  Hypothesis prims_functional : forall f spec, l_prim L f = Some spec ->
    forall args s r1 s1 r2 s2, spec args s r1 s1 -> spec args s r2 s2 -> r1 = r2 /\ s1 = s2.

  (** Mutual induction over statements, lists and calls. *)
  Scheme exec_mut := Induction for exec Sort Prop
    with exec_list_mut := Induction for exec_list Sort Prop
    with call_mut := Induction for call Sort Prop.

  (** The three induction principles at once. *)
  Combined Scheme exec_all from exec_mut, exec_list_mut, call_mut.

  (** Identifies the results of equal computations and of functional primitives. *)
  Ltac same :=
    repeat match goal with
    | H1 : ?a = Some _, H2 : ?a = Some _ |- _ => rewrite H1 in H2; injection H2 as; subst
    | H : (_, _) = (_, _) |- _ => injection H as; subst
    | H : OReturn _ = OReturn _ |- _ => injection H as; subst
    | Hp : l_prim L _ = Some ?sp, H1 : ?sp ?a ?s ?r1 ?s1, H2 : ?sp ?a ?s ?r2 ?s2 |- _ =>
        tryif constr_eq H1 H2 then fail else
        destruct (prims_functional _ _ Hp _ _ _ _ _ _ H1 H2); clear H1 H2; subst
    end.

  (** Two executions from the same locals and state end the same way. *)
  Lemma exec_deterministic :
    (forall e s x e1 s1 o1, exec L m e s x e1 s1 o1 ->
       forall e2 s2 o2, exec L m e s x e2 s2 o2 -> e1 = e2 /\ s1 = s2 /\ o1 = o2) /\
    (forall e s xs e1 s1 o1, exec_list L m e s xs e1 s1 o1 ->
       forall e2 s2 o2, exec_list L m e s xs e2 s2 o2 -> e1 = e2 /\ s1 = s2 /\ o1 = o2) /\
    (forall f vs s r1 s1, call L m f vs s r1 s1 ->
       forall r2 s2, call L m f vs s r2 s2 -> r1 = r2 /\ s1 = s2).
  Proof.
    apply (exec_all L m
      (fun e s x e1 s1 o1 _ => forall e2 s2 o2, exec L m e s x e2 s2 o2 ->
                                 e1 = e2 /\ s1 = s2 /\ o1 = o2)
      (fun e s xs e1 s1 o1 _ => forall e2 s2 o2, exec_list L m e s xs e2 s2 o2 ->
                                 e1 = e2 /\ s1 = s2 /\ o1 = o2)
      (fun f vs s r1 s1 _ => forall r2 s2, call L m f vs s r2 s2 -> r1 = r2 /\ s1 = s2));
      intros; match goal with H : _ |- _ => inversion H; subst; clear H end; same;
      try (simpl in *; congruence);
      repeat match goal with
      | IH : forall _ _ _, exec L m ?e ?s ?x _ _ _ -> ?a = _ /\ _,
        H : exec L m ?e ?s ?x ?b _ _ |- _ =>
          tryif constr_eq a b then fail else
          (destruct (IH _ _ _ H) as (? & ? & ?); clear IH; subst)
      | IH : forall _ _ _, exec_list L m ?e ?s ?x _ _ _ -> ?a = _ /\ _,
        H : exec_list L m ?e ?s ?x ?b _ _ |- _ =>
          tryif constr_eq a b then fail else
          (destruct (IH _ _ _ H) as (? & ? & ?); clear IH; subst)
      | IH : forall _ _, call L m ?f ?vs ?s _ _ -> ?a = _ /\ _,
        H : call L m ?f ?vs ?s ?b _ |- _ =>
          tryif constr_eq a b then fail else
          (destruct (IH _ _ H) as (? & ?); clear IH; subst)
      end; same; auto; try (simpl in *; congruence).
  Qed.
End DET.
