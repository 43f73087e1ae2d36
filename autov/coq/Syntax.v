(** * Syntax of autov's structured IR.

    Mirrors the Rust types [autov::ir] (types, constants, instructions, struct layouts,
    globals, declarations) and [autov::code] (structured statements). Locals, globals and
    functions are named by [string]s exactly as LLVM names them (numbered locals are their
    number as text). Source locations are not part of the terms. *)

From Coq Require Import ZArith String List.

(** Floating-point formats. *)
Inductive fkind := FHalf | FBFloat | FSingle | FDouble | FQuad | FX86Fp80 | FPpcFp128.

(** Types. [TInt w] is [iw]; [TNamed] refers to a struct layout of the module. *)
Inductive typ :=
| TVoid
| TInt (w : N)
| TFloat (k : fkind)
| TPtr
| TArray (t : typ) (n : Z)
| TVector (t : typ) (n : Z)
| TNamed (name : string)
| TStruct (packed : bool) (fields : list typ)
| TFunc (ret : typ) (params : list typ) (vararg : bool)
| TOther (text : string).

(** Integer binary operations. *)
Inductive binop := OAdd | OSub | OMul | OUDiv | OSDiv | OURem | OSRem
                 | OAnd | OOr | OXor | OShl | OLShr | OAShr.

(** Poison-generating flags: [nsw], [nuw] and [exact] of arithmetic ([nsw] and [nuw] also of
    [trunc]), [disjoint] of [or], [nneg] of [zext]. *)
Inductive aflags := Fl (nsw nuw exact disjoint nneg : bool).

(** No flags. *)
Definition nofl : aflags := Fl false false false false false.

(** Floating-point binary operations. *)
Inductive fop := FAdd | FSub | FMul | FDiv | FRem.

(** Integer comparison predicates. *)
Inductive ipred := Ceq | Cne | Cugt | Cuge | Cult | Cule | Csgt | Csge | Cslt | Csle.

(** Cast operations. *)
Inductive castop := KTrunc | KZExt | KSExt | KPtrToInt | KIntToPtr | KBitCast | KAddrSpaceCast
                  | KFPTrunc | KFPExt | KFPToUI | KFPToSI | KUIToFP | KSIToFP.

(** [atomicrmw] operations; [RmwOther] names the floating-point and other ones. *)
Inductive rmwop := RXchg | RAdd | RSub | RAnd | RNand | ROr | RXor | RMax | RMin | RUMax | RUMin
                 | RmwOther (name : string).

(** Atomic orderings. *)
Inductive ordering := Unordered | Monotonic | Acquire | Release | AcqRel | SeqCst.

(** Constants, including LLVM's constant expressions. *)
Inductive const :=
| CInt (w : N) (z : Z)
| CFloat (k : fkind) (bits : option Z)
| CNull
| CUndef (t : typ)
| CPoison (t : typ)
| CZero (t : typ)
| CStruct (t : typ) (fields : list const)
| CArray (elem : typ) (elems : list const)
| CVector (elems : list const)
| CGlobal (name : string)
| CBin (op : binop) (a b : const)
| CICmp (p : ipred) (a b : const)
| CCast (op : castop) (c : const) (to : typ)
| CGep (source : typ) (base : const) (indices : list const) (inbounds : bool)
| CSelect (c a b : const)
| CUnsupported (text : string).

(** Operands: a local by name, a constant, or a metadata argument. *)
Inductive operand :=
| Loc (name : string)
| Cst (c : const)
| Meta.

(** What a call calls. An inline-assembly callee is its template and constraints. *)
Inductive callee :=
| Direct (name : string)
| Indirect (f : operand)
| Asm (template constraints : string) (side_effects : bool).

(** Instructions other than terminators and PHI nodes. *)
Inductive instr :=
| IBinary (op : binop) (t : typ) (a b : operand) (fl : aflags)
| IFBinary (op : fop) (t : typ) (a b : operand)
| IFNeg (t : typ) (a : operand)
| IICmp (p : ipred) (t : typ) (a b : operand)
| IFCmp (p : string) (t : typ) (a b : operand)
| ICast (op : castop) (a : operand) (from to : typ) (fl : aflags)
| ISelect (c : operand) (t : typ) (a b : operand)
| IAlloca (t : typ) (count : operand) (align : Z)
| ILoad (t : typ) (p : operand) (align : Z) (volatile : bool) (ord : option ordering)
| IStore (t : typ) (v p : operand) (align : Z) (volatile : bool) (ord : option ordering)
| IGep (source : typ) (base : operand) (indices : list operand) (inbounds : bool)
| ICall (f : callee) (ret : typ) (args : list (typ * operand))
| IExtractValue (agg : operand) (t : typ) (indices : list Z)
| IInsertValue (agg : operand) (t : typ) (elem : operand) (indices : list Z)
| IExtractElement (v : operand) (t : typ) (index : operand)
| IInsertElement (v : operand) (t : typ) (elem index : operand)
| IShuffleVector (a b : operand) (t : typ) (mask : list (option Z))
| IFreeze (t : typ) (a : operand)
| ICmpXchg (p : operand) (t : typ) (expected replacement : operand)
           (success failure : ordering) (weak volatile : bool)
| IAtomicRmw (op : rmwop) (p : operand) (t : typ) (v : operand) (ord : ordering) (volatile : bool)
| IFence (ord : ordering)
| IUnsupported (opcode text : string).

(** Structured statements (see [autov::code::Stmt]); labels are [N]s. *)
Inductive stmt :=
| SInstr (dest : option string) (i : instr)
| SCopies (copies : list (string * typ * operand))
| SIf (c : operand) (then_ else_ : list stmt)
| SSwitch (t : typ) (v : operand) (arms : list (list Z * list stmt)) (default : list stmt)
| SBlock (l : N) (body : list stmt)
| SLoop (l : N) (body : list stmt)
| SBreak (l : N)
| SContinue (l : N)
| SReturn (v : option (typ * operand))
| SUnreachable.

(** A structured function. *)
Record func := mkfunc {
  f_name : string;
  f_ret : typ;
  f_params : list (string * typ);
  f_body : list stmt
}.

(** A named struct's layout: fields with byte offsets, size, alignment, packed, opaque. *)
Record slayout := mkslayout {
  sl_name : string;
  sl_fields : list (typ * Z);
  sl_size : Z;
  sl_align : Z;
  sl_packed : bool;
  sl_opaque : bool
}.

(** A global variable: name, type, initialiser (if defined here), constant, alignment. *)
Record global := mkglobal {
  g_name : string;
  g_ty : typ;
  g_init : option const;
  g_const : bool;
  g_align : Z
}.

(** A function declared but not defined in the module. *)
Record decl := mkdecl {
  d_name : string;
  d_ret : typ;
  d_params : list typ;
  d_vararg : bool
}.

(** A global alias: a name and the constant address it stands for. *)
Record alias := mkalias {
  a_name : string;
  a_target : const
}.

(** A module: struct layouts, globals, structured functions, declarations, aliases.
    (The semantics does not resolve aliases: a block named by an alias has no memory and
    no code, so accessing or calling it is stuck.) *)
Record module := mkmodule {
  m_structs : list slayout;
  m_globals : list global;
  m_funcs : list func;
  m_decls : list decl;
  m_aliases : list alias
}.

(** The function of [m] named [name]. *)
Definition find_func (m : module) (name : string) : option func :=
  find (fun f => String.eqb (f_name f) name) (m_funcs m).

(** The struct layout of [m] named [name]. *)
Definition find_struct (ss : list slayout) (name : string) : option slayout :=
  find (fun s => String.eqb (sl_name s) name) ss.
