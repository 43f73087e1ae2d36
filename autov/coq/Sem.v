(** * Big-step semantics of structured code over a layer, and an executable interpreter.

    [exec L m e s x e' s' o]: statement [x] of a function of module [m], run over layer [L]
    from locals [e] and state [s], ends with locals [e'], state [s'] and outcome [o].
    Outcomes are [ONormal], [OBreak l], [OContinue l] (the next iteration of loop [l]) and
    [OReturn v]. Undefined behaviour has no derivation (it is stuck): [unreachable], the
    [None] cases of [Eval] (division by zero, ...), branching or switching on poison,
    memory accesses through poison or out of bounds or of the wrong kind, [freeze] of
    poison, calls to unknown functions or with the wrong number of arguments, a function
    body that ends without [return]. Poison itself is a value ([Eval]). Atomic steps
    (instructions, intrinsics) are executable functions; control flow and calls are
    inductive rules; primitives of [L] are its relations.

    Calls: an [llvm.*] name is an intrinsic ([run_intrinsic]); otherwise a primitive of
    [L] if [L] has one of that name (so the code of a layer calls the layer below even when
    [m] also holds the callee's code); otherwise a function of [m], whose body runs with
    fresh locals and whose stack frame is freed on return. An inline-assembly callee is the
    primitive named ["asm " ++ template]. *)

From Coq Require Import ZArith String List Bool.
From Autov Require Import Syntax Values Mem Layer Eval.
Require Autov.Int.
Import ListNotations.
Open Scope string_scope.
Open Scope Z_scope.

(** How a statement ends. *)
Inductive outcome :=
| ONormal
| OBreak (l : N)
| OContinue (l : N)
| OReturn (v : option val).

(** Whether an outcome is [ONormal]. *)
Definition is_normal (o : outcome) : bool := match o with ONormal => true | _ => false end.

(** The outcome of [SBlock l]: its own break ends normally. *)
Definition block_out (l : N) (o : outcome) : outcome :=
  match o with OBreak l' => if N.eqb l l' then ONormal else o | _ => o end.

(** Whether loop [l] starts another iteration after its body ended with [o]. *)
Definition loop_next (l : N) (o : outcome) : bool :=
  match o with ONormal => true | OContinue l' => N.eqb l l' | _ => false end.

(** Sets the destination of an instruction to its result, if both or neither exist. *)
Definition set_dest (d : option string) (r : option val) (e : env) : option env :=
  match d, r with
  | None, _ => Some e
  | Some x, Some v => Some (env_set e x v)
  | Some _, None => None
  end.

(** Binds parameters to arguments (their numbers must agree). *)
Fixpoint bind_params (ps : list (string * typ)) (vs : list val) (e : env) : option env :=
  match ps, vs with
  | [], [] => Some e
  | (x, _) :: ps', v :: vs' => bind_params ps' vs' (env_set e x v)
  | _, _ => None
  end.

(** Whether a name is an LLVM intrinsic. *)
Definition is_intrinsic (name : string) : bool := String.prefix "llvm." name.

(** A pointer moved by [d] bytes. *)
Definition ptr_add (p : val) (d : Z) : val :=
  match p with VPtr b o => VPtr b (o + d) | _ => p end.

(** The chunk that accesses a scalar type. *)
Definition chunk_of (t : typ) : option chunk :=
  match t with TInt w => Some (CkInt w) | TPtr => Some CkPtr | TFloat k => Some (CkFloat k)
          | _ => None end.

(** Whether a value contains no poison ([freeze] of poison is stuck). *)
Fixpoint poison_free (v : val) : bool :=
  match v with
  | VPoison => false
  | VAgg vs => forallb poison_free vs
  | _ => true
  end.

(** [atomicrmw]'s new value from the old one and the operand. *)
Definition rmw (op : rmwop) (old v : val) : option val :=
  let pick p := let* c := eval_icmp p old v in let* b := bool_of c in
                Some (if b then old else v) in
  match op with
  | RXchg => Some v
  | RAdd => eval_binop OAdd nofl old v
  | RSub => eval_binop OSub nofl old v
  | RAnd => eval_binop OAnd nofl old v
  | ROr => eval_binop OOr nofl old v
  | RXor => eval_binop OXor nofl old v
  | RNand => match eval_binop OAnd nofl old v with
             | Some (VInt w z) => Some (VInt w (Int.lxor w z (Int.modulus w - 1)))
             | _ => None
             end
  | RMax => pick Csgt | RMin => pick Cslt | RUMax => pick Cugt | RUMin => pick Cult
  | RmwOther _ => None
  end.

(** [(result, overflow)] of the [llvm.*.with.overflow] intrinsics, for [w]-bit [a] and [b]. *)
Definition with_overflow (op : string) (w : N) (a b : Z) : option (Z * bool) :=
  let sa := Int.signed w a in
  let sb := Int.signed w b in
  if String.eqb op "uadd" then Some (Int.add w a b, negb (Int.fits_unsigned w (a + b)))
  else if String.eqb op "sadd" then Some (Int.add w a b, negb (Int.fits_signed w (sa + sb)))
  else if String.eqb op "usub" then Some (Int.sub w a b, a <? b)
  else if String.eqb op "ssub" then Some (Int.sub w a b, negb (Int.fits_signed w (sa - sb)))
  else if String.eqb op "umul" then Some (Int.mul w a b, negb (Int.fits_unsigned w (a * b)))
  else if String.eqb op "smul" then Some (Int.mul w a b, negb (Int.fits_signed w (sa * sb)))
  else None.

(** Pure integer intrinsics ([bswap], [ctlz], [cttz], [ctpop], min/max, [abs], funnel
    shifts, [expect], overflow arithmetic), by the name's stem after ["llvm."]. *)
Definition int_intrinsic (stem : string) (args : list val) : option val :=
  let pre p := String.prefix p stem in
  match args with
  | [VInt w a] =>
      if pre "bswap." then Some (VInt w (Int.bswap w a))
      else if pre "ctpop." then Some (VInt w (Int.ctpop w a))
      else None
  | [VInt w a; VInt 1 flag] =>
      if pre "ctlz." then (if (a =? 0) && (flag =? 1) then None else Some (VInt w (Int.ctlz w a)))
      else if pre "cttz." then (if (a =? 0) && (flag =? 1) then None else Some (VInt w (Int.cttz w a)))
      else if pre "abs." then
        (if (Int.signed w a =? Int.min_signed w) && (flag =? 1) then None
         else Some (VInt w (Int.norm w (Z.abs (Int.signed w a)))))
      else if pre "expect." then Some (VInt w a)
      else None
  | [VInt w a; VInt w' b] =>
      if negb (N.eqb w w') then None
      else if pre "umin." then Some (VInt w (Z.min a b))
      else if pre "umax." then Some (VInt w (Z.max a b))
      else if pre "smin." then Some (VInt w (if Int.slt w a b then a else b))
      else if pre "smax." then Some (VInt w (if Int.slt w a b then b else a))
      else if pre "expect." then Some (VInt w a)
      else
        let* rov := with_overflow (substring 0 4 stem) w a b in
        if String.eqb (substring 4 15 stem) ".with.overflow." then
          Some (VAgg [VInt w (fst rov); VInt 1 (Int.of_bool (snd rov))])
        else None
  | [VInt w a; VInt w1 b; VInt w2 c] =>
      if negb (N.eqb w w1 && N.eqb w w2) then None
      else if pre "fshl." then Some (VInt w (Int.fshl w a b c))
      else if pre "fshr." then Some (VInt w (Int.fshr w a b c))
      else None
  | _ => None
  end.

Section SEM.
  (** The layer below and the module. *)
  Variable L : layer.
  Variable m : module.

  (** Execution state: the layer's state and the stack memory. *)
  Record state := mkstate { st_layer : l_state L; st_stack : mem }.

  (** Loads a chunk: stack blocks from the stack, global blocks through the layer. *)
  Definition load (c : chunk) (p : val) (s : state) : option val :=
    match p with
    | VPtr (BStack n) o => mem_load c (BStack n) o (st_stack s)
    | VPtr (BGlob g) o => l_load L c (BGlob g) o (st_layer s)
    | _ => None
    end.

  (** Stores a chunk. *)
  Definition store (c : chunk) (p v : val) (s : state) : option state :=
    match p with
    | VPtr (BStack n) o =>
        let* mm := mem_store c (BStack n) o v (st_stack s) in Some (mkstate (st_layer s) mm)
    | VPtr (BGlob g) o =>
        let* ls := l_store L c (BGlob g) o v (st_layer s) in Some (mkstate ls (st_stack s))
    | _ => None
    end.

  (** Loads a value of type [t]: aggregates field by field ([n] bounds the nesting). *)
  Fixpoint load_typed (n : nat) (t : typ) (p : val) (s : state) : option val :=
    match n with
    | O => None
    | S n' =>
        match fields_of (m_structs m) t with
        | Some fs => option_map VAgg (map_opt (fun f => load_typed n' (fst f) (ptr_add p (snd f)) s) fs)
        | None => let* c := chunk_of t in load c p s
        end
    end.

  (** Stores a value of type [t]: aggregates field by field; poison aggregates as poison
      fields. *)
  Fixpoint store_typed (n : nat) (t : typ) (p v : val) (s : state) : option state :=
    match n with
    | O => None
    | S n' =>
        match fields_of (m_structs m) t with
        | Some fs =>
            let* vs := match v with
                       | VAgg vs => Some vs
                       | VPoison => Some (repeat VPoison (length fs))
                       | _ => None
                       end in
            let* ps := zip_opt (fun f x => Some (f, x)) fs vs in
            fold_left (fun acc fx => let* s' := acc in
                                     store_typed n' (fst (fst fx)) (ptr_add p (snd (fst fx))) (snd fx) s')
                      ps (Some s)
        | None => let* c := chunk_of t in store c p v s
        end
    end.

  (** Nesting bound for typed accesses. *)
  Definition depth : nat := 64.

  (** The raw bytes of [k] bytes from [p]. *)
  Fixpoint load_bytes (k : nat) (p : val) (s : state) : option (list val) :=
    match k with
    | O => Some []
    | S k' => let* b := load CkByte p s in
              let* bs := load_bytes k' (ptr_add p 1) s in Some (b :: bs)
    end.

  (** Stores raw bytes from [p] on. *)
  Fixpoint store_bytes (p : val) (bs : list val) (s : state) : option state :=
    match bs with
    | [] => Some s
    | b :: bs' => let* s' := store CkByte p b s in store_bytes (ptr_add p 1) bs' s'
    end.

  (** The intrinsics: debug info and lifetime markers do nothing; [memcpy]/[memmove] copy
      raw bytes (all are read before any is written); [memset] fills; [assume] is stuck on
      false; the integer ones are [int_intrinsic]; every other [llvm.*] call is stuck. *)
  Definition run_intrinsic (name : string) (args : list val) (s : state)
    : option (option val * state) :=
    let stem := substring 5 (String.length name) name in
    let pre p := String.prefix p stem in
    if pre "dbg." || pre "lifetime." then Some (None, s)
    else if pre "memcpy." || pre "memmove." then
      match args with
      | dst :: src :: VInt _ n :: _ =>
          let* bs := load_bytes (Z.to_nat n) src s in
          let* s' := store_bytes dst bs s in Some (None, s')
      | _ => None
      end
    else if pre "memset." then
      match args with
      | dst :: VInt 8 b :: VInt _ n :: _ =>
          let* s' := store_bytes dst (repeat (VInt 8 b) (Z.to_nat n)) s in Some (None, s')
      | _ => None
      end
    else if String.eqb stem "assume" then
      match args with [VInt 1 1] => Some (None, s) | _ => None end
    else let* v := int_intrinsic stem args in Some (Some v, s).

  (** Evaluation of an operand in [e]. *)
  Definition ev (e : env) (o : operand) : option val := eval_operand (m_structs m) e o.

  (** One instruction other than a call: its result (if any) and the new state. *)
  Definition step_instr (e : env) (s : state) (i : instr) : option (option val * state) :=
    let ret v := Some (Some v, s) in
    match i with
    | IBinary op _ a b fl => let* x := ev e a in let* y := ev e b in
                             let* r := eval_binop op fl x y in ret r
    | IICmp p _ a b => let* x := ev e a in let* y := ev e b in let* r := eval_icmp p x y in ret r
    | ICast op a _ to fl => let* x := ev e a in let* r := eval_flagged_cast op fl x to in ret r
    | ISelect c _ a b =>
        let* x := ev e c in let* y := ev e a in let* z := ev e b in
        let* r := eval_select x y z in ret r
    | IAlloca t n _ =>
        match ev e n with
        | Some (VInt _ k) =>
            let '(b, mm) := mem_alloc_stack (st_stack s) (size_of (m_structs m) t * k) in
            Some (Some (VPtr b 0), mkstate (st_layer s) mm)
        | _ => None
        end
    | ILoad t p _ _ _ => let* pv := ev e p in let* v := load_typed depth t pv s in ret v
    | IStore t v p _ _ _ =>
        let* x := ev e v in let* pv := ev e p in
        let* s' := store_typed depth t pv x s in Some (None, s')
    | IGep t b idx _ =>
        let* x := ev e b in let* is := map_opt (ev e) idx in
        let* r := eval_gep (m_structs m) t x is in ret r
    | IExtractValue a _ idx => let* x := ev e a in let* r := extract x idx in ret r
    | IInsertValue a _ y idx =>
        let* x := ev e a in let* z := ev e y in let* r := insert x idx z in ret r
    | IExtractElement v _ i =>
        let* x := ev e v in let* k := ev e i in let* n := lane_of k in
        let* r := extract x [n] in ret r
    | IInsertElement v _ y i =>
        let* x := ev e v in let* z := ev e y in let* k := ev e i in let* n := lane_of k in
        let* r := insert x [n] z in ret r
    | IFreeze _ a => let* x := ev e a in if poison_free x then ret x else None
    | ICmpXchg p t ex rep _ _ _ _ =>
        let* pv := ev e p in let* x := ev e ex in let* y := ev e rep in
        let* old := load_typed depth t pv s in
        let* c := eval_icmp Ceq old x in let* b := bool_of c in
        let* s' := if b then store_typed depth t pv y s else Some s in
        Some (Some (VAgg [old; c]), s')
    | IAtomicRmw op p t v _ _ =>
        let* pv := ev e p in let* x := ev e v in
        let* old := load_typed depth t pv s in let* nw := rmw op old x in
        let* s' := store_typed depth t pv nw s in Some (Some old, s')
    | IFence _ => Some (None, s)
    | IFBinary _ _ _ _ | IFNeg _ _ | IFCmp _ _ _ _ | IShuffleVector _ _ _ _
    | ICall _ _ _ | IUnsupported _ _ => None
    end.

  (** Parallel assignment: all values are read before any local is written. *)
  Definition do_copies (e : env) (cs : list (string * typ * operand)) : option env :=
    let* vs := map_opt (fun c => ev e (snd c)) cs in
    let* ps := zip_opt (fun c v => Some (fst (fst c), v)) cs vs in
    Some (fold_left (fun acc p => env_set acc (fst p) (snd p)) ps e).

  (** The name a call calls. *)
  Definition callee_name (e : env) (f : callee) : option string :=
    match f with
    | Direct n => Some n
    | Indirect o => match ev e o with Some (VPtr (BGlob n) 0) => Some n | _ => None end
    | Asm t _ _ => Some ("asm " ++ t)%string
    end.

  (** The arguments of a call. *)
  Definition eval_args (e : env) (args : list (typ * operand)) : option (list val) :=
    map_opt (fun a => ev e (snd a)) args.

  (** The value a [return] returns. *)
  Definition eval_ret (e : env) (r : option (typ * operand)) : option (option val) :=
    match r with
    | None => Some None
    | Some (_, o) => option_map Some (ev e o)
    end.

  (** The scrutinee of a switch. *)
  Definition switch_value (e : env) (o : operand) : option Z :=
    match ev e o with Some (VInt _ z) => Some z | _ => None end.

  (** The branch condition. *)
  Definition cond_value (e : env) (o : operand) : option bool :=
    let* v := ev e o in bool_of v.

  (** The state after a call returns: the callee's stack frame (blocks from [n] on) freed. *)
  Definition pop_frame (s : state) (n : N) : state :=
    mkstate (st_layer s) (mem_pop_frame (st_stack s) n).

  Inductive exec : env -> state -> stmt -> env -> state -> outcome -> Prop :=
  | exec_instr : forall e s d i r s' e',
      step_instr e s i = Some (r, s') -> set_dest d r e = Some e' ->
      exec e s (SInstr d i) e' s' ONormal
  | exec_call : forall e s d f t args name vs r s' e',
      callee_name e f = Some name -> eval_args e args = Some vs ->
      call name vs s r s' -> set_dest d r e = Some e' ->
      exec e s (SInstr d (ICall f t args)) e' s' ONormal
  | exec_copies : forall e s cs e',
      do_copies e cs = Some e' -> exec e s (SCopies cs) e' s ONormal
  | exec_if : forall e s c a b bv e' s' o,
      cond_value e c = Some bv -> exec_list e s (if bv then a else b) e' s' o ->
      exec e s (SIf c a b) e' s' o
  | exec_switch : forall e s t v arms dflt z e' s' o,
      switch_value e v = Some z -> exec_list e s (select_arm z arms dflt) e' s' o ->
      exec e s (SSwitch t v arms dflt) e' s' o
  | exec_block : forall e s l body e' s' o,
      exec_list e s body e' s' o -> exec e s (SBlock l body) e' s' (block_out l o)
  | exec_loop_exit : forall e s l body e' s' o,
      exec_list e s body e' s' o -> loop_next l o = false ->
      exec e s (SLoop l body) e' s' (block_out l o)
  | exec_loop_next : forall e s l body e1 s1 o1 e' s' o,
      exec_list e s body e1 s1 o1 -> loop_next l o1 = true ->
      exec e1 s1 (SLoop l body) e' s' o -> exec e s (SLoop l body) e' s' o
  | exec_break : forall e s l, exec e s (SBreak l) e s (OBreak l)
  | exec_continue : forall e s l, exec e s (SContinue l) e s (OContinue l)
  | exec_return : forall e s r v,
      eval_ret e r = Some v -> exec e s (SReturn r) e s (OReturn v)
  with exec_list : env -> state -> list stmt -> env -> state -> outcome -> Prop :=
  | exec_nil : forall e s, exec_list e s [] e s ONormal
  | exec_cons_normal : forall e s x xs e1 s1 e' s' o,
      exec e s x e1 s1 ONormal -> exec_list e1 s1 xs e' s' o -> exec_list e s (x :: xs) e' s' o
  | exec_cons_abrupt : forall e s x xs e' s' o,
      exec e s x e' s' o -> is_normal o = false -> exec_list e s (x :: xs) e' s' o
  with call : string -> list val -> state -> option val -> state -> Prop :=
  | call_intrinsic : forall name vs s r s',
      is_intrinsic name = true -> run_intrinsic name vs s = Some (r, s') -> call name vs s r s'
  | call_prim : forall name vs s spec r ls',
      is_intrinsic name = false -> l_prim L name = Some spec -> spec vs (st_layer s) r ls' ->
      call name vs s r (mkstate ls' (st_stack s))
  | call_func : forall name vs s f e0 e' s' r,
      is_intrinsic name = false -> l_prim L name = None -> find_func m name = Some f ->
      bind_params (f_params f) vs [] = Some e0 ->
      exec_list e0 s (f_body f) e' s' (OReturn r) ->
      call name vs s r (pop_frame s' (m_next (st_stack s))).

  Section RUN.
    (** An executable version of the layer's primitives. *)
    Variable X : exec_layer L.

    (** The interpreter: [run_stmt n], [run_list n] and [run_call n] with fuel [n]
        ([None] when stuck or out of fuel). *)
    Fixpoint run_stmt (n : nat) (e : env) (s : state) (x : stmt) {struct n}
      : option (env * state * outcome) :=
      match n with
      | O => None
      | S n' =>
          match x with
          | SInstr d (ICall f _ args) =>
              let* name := callee_name e f in let* vs := eval_args e args in
              let* rs := run_call n' name vs s in
              let* e' := set_dest d (fst rs) e in Some (e', snd rs, ONormal)
          | SInstr d i =>
              let* rs := step_instr e s i in
              let* e' := set_dest d (fst rs) e in Some (e', snd rs, ONormal)
          | SCopies cs => let* e' := do_copies e cs in Some (e', s, ONormal)
          | SIf c a b =>
              (* Each branch run on its own list (not [run_list] of [if bv then a else b]):
                 on a symbolic [bv], [cbn] then unfolds two known runs, instead of a run of an
                 unknown list for every kind of statement at every level of fuel. *)
              let* bv := cond_value e c in if bv then run_list n' e s a else run_list n' e s b
          | SSwitch _ v arms dflt =>
              let* z := switch_value e v in run_list n' e s (select_arm z arms dflt)
          | SBlock l body =>
              let* r := run_list n' e s body in Some (fst r, block_out l (snd r))
          | SLoop l body =>
              let* r := run_list n' e s body in
              if loop_next l (snd r) then run_stmt n' (fst (fst r)) (snd (fst r)) x
              else Some (fst r, block_out l (snd r))
          | SBreak l => Some (e, s, OBreak l)
          | SContinue l => Some (e, s, OContinue l)
          | SReturn r => let* v := eval_ret e r in Some (e, s, OReturn v)
          | SUnreachable => None
          end
      end
    with run_list (n : nat) (e : env) (s : state) (xs : list stmt) {struct n}
      : option (env * state * outcome) :=
      match n with
      | O => None
      | S n' =>
          match xs with
          | [] => Some (e, s, ONormal)
          | x :: xs' =>
              let* r := run_stmt n' e s x in
              if is_normal (snd r) then run_list n' (fst (fst r)) (snd (fst r)) xs' else Some r
          end
      end
    with run_call (n : nat) (name : string) (vs : list val) (s : state) {struct n}
      : option (option val * state) :=
      match n with
      | O => None
      | S n' =>
          if is_intrinsic name then run_intrinsic name vs s else
          match l_prim L name with
          | Some _ => let* r := x_prim L X name vs (st_layer s) in
                      Some (fst r, mkstate (snd r) (st_stack s))
          | None =>
              let* f := find_func m name in
              let* e0 := bind_params (f_params f) vs [] in
              let* r := run_list n' e0 s (f_body f) in
              match snd r with
              | OReturn v => Some (v, pop_frame (snd (fst r)) (m_next (st_stack s)))
              | _ => None
              end
          end
      end.

    (** Breaks a hypothesis [match .. with .. end = Some _] into its cases. *)
    Ltac inv_run :=
      repeat match goal with
      | H : match ?x with _ => _ end = Some _ |- _ =>
          let E := fresh "E" in destruct x eqn:E; try discriminate
      | H : (if ?b then _ else _) = Some _ |- _ =>
          let E := fresh "E" in destruct b eqn:E; try discriminate
      | H : Some _ = Some _ |- _ => injection H as; subst
      | H : (_, _) = (_, _) |- _ => injection H as; subst
      | p : _ * _ |- _ => destruct p
      | H : context [fst (_, _)] |- _ => cbn [fst snd] in H
      | H : context [snd (_, _)] |- _ => cbn [fst snd] in H
      | |- context [fst (_, _)] => cbn [fst snd]
      | |- context [snd (_, _)] => cbn [fst snd]
      end.

    (** The interpreter is sound: each result it computes is a derivation of the
        big-step relation. *)
    Lemma run_sound : forall n,
        (forall e s x e' s' o, run_stmt n e s x = Some (e', s', o) -> exec e s x e' s' o) /\
        (forall e s xs e' s' o, run_list n e s xs = Some (e', s', o) -> exec_list e s xs e' s' o) /\
        (forall name vs s r s', run_call n name vs s = Some (r, s') -> call name vs s r s').
    Proof.
      induction n as [| n IH]; [repeat split; intros; discriminate |].
      destruct IH as (IHs & IHl & IHc). repeat split.
      - intros e s x e' s' o H. destruct x; simpl in H.
        + destruct i; inv_run;
            first [eapply exec_instr; eassumption | eapply exec_call; eauto].
        + inv_run. now constructor.
        + inv_run; econstructor; eauto; assumption.
        + inv_run. econstructor; eauto.
        + inv_run. now constructor; apply IHl.
        + inv_run.
          * eapply exec_loop_next; eauto.
          * apply exec_loop_exit; eauto.
        + inv_run. constructor.
        + inv_run. constructor.
        + inv_run. now constructor.
        + discriminate.
      - intros e s xs e' s' o H. destruct xs; simpl in H; inv_run.
        + constructor.
        + destruct o0; try discriminate. eapply exec_cons_normal; eauto.
        + apply exec_cons_abrupt; eauto.
      - intros name vs s r s' H. simpl in H. inv_run.
        + now apply call_intrinsic.
        + destruct (x_prim_sound L X _ _ _ _ _ E1) as (spec & Hs & Hspec).
          rewrite Hs in E0. injection E0 as; subst. eapply call_prim; eauto.
        + subst. eapply call_func; eauto.
    Qed.

    (** Soundness for statements, as used by evaluation lemmas. *)
    Corollary run_stmt_sound : forall n e s x e' s' o,
        run_stmt n e s x = Some (e', s', o) -> exec e s x e' s' o.
    Proof. intro n. apply (run_sound n). Qed.

    (** Soundness for calls: a computed call result is a derivation. *)
    Corollary run_call_sound : forall n name vs s r s',
        run_call n name vs s = Some (r, s') -> call name vs s r s'.
    Proof. intro n. apply (run_sound n). Qed.
  End RUN.
End SEM.

(** What the layer above sees of function [name] of [m] run over [L]: a primitive
    specification relating the layer states before and after a call from an empty stack. *)
Definition code_spec (L : layer) (m : module) (name : string) : prim_spec (l_state L) :=
  fun args ls r ls' =>
    exists stk, call L m name args (mkstate L ls mem_empty) r (mkstate L ls' stk).

(** The layer that module [m] implements over [L]: [L]'s state and memory access, with the
    functions of [m] as primitives. A refinement theorem relates it to a specified layer. *)
Definition code_layer (L : layer) (m : module) : layer :=
  mklayer (l_state L) (l_load L) (l_store L)
          (fun name => match find_func m name with
                       | Some _ => Some (code_spec L m name)
                       | None => None
                       end).
