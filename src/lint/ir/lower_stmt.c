/* lower_stmt.c - lowers statements (blocks, declarations, if/loops/switch, jumps, return) to the flow IR's blocks and edges. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "ir/lower_ctx.h"

/* The file offset of loc's expansion (macro uses: where the macro is used). */
static unsigned file_offset(CXSourceLocation loc) {
  unsigned off = 0;
  clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
  return off;
}

/* Splits a for statement's children into init/cond/inc/body by the
 * positions of the two semicolons in its header. */
static void for_parts(lctx* x, CXCursor c, CXCursor* init, CXCursor* cond, CXCursor* inc,
                      CXCursor* body) {
  ast_cursors ch = {0};
  *init = *cond = *inc = *body = clang_getNullCursor();
  ast_children(c, &ch);
  if (!ch.n) return;
  *body = ch.v[ch.n - 1];
  CXToken* toks = NULL;
  unsigned n = 0, semi[2] = {0, 0}, ns = 0;
  int depth = 0;
  clang_tokenize(x->tu, clang_getCursorExtent(c), &toks, &n);
  for (unsigned i = 0; i < n && ns < 2; i++) {
    CXString s = clang_getTokenSpelling(x->tu, toks[i]);
    const char* t = clang_getCString(s);
    if (!strcmp(t, "(")) depth++;
    else if (!strcmp(t, ")")) depth--;
    else if (!strcmp(t, ";") && depth == 1) semi[ns++] = file_offset(clang_getTokenLocation(x->tu, toks[i]));
    clang_disposeString(s);
  }
  if (toks) clang_disposeTokens(x->tu, toks, n);
  if (ns == 2) {
    for (size_t i = 0; i + 1 < ch.n; i++) {
      unsigned off = file_offset(clang_getRangeStart(clang_getCursorExtent(ch.v[i])));
      if (off < semi[0]) *init = ch.v[i];
      else if (off < semi[1]) *cond = ch.v[i];
      else *inc = ch.v[i];
    }
  } else if (ch.n == 4) {
    *init = ch.v[0];
    *cond = ch.v[1];
    *inc = ch.v[2];
  }
  ast_cursors_free(&ch);
}

/* Lowers a loop body with break going to brk and continue to cont. */
static void lower_loop_body(lctx* x, CXCursor body, int brk, int cont) {
  lower_push_jmp(x, brk, cont);
  lower_stmt(x, body);
  x->njmp--;
}

/* A local variable declaration: the variable enters the current scope; its
 * initialiser is lowered as an assignment (lower_assign takes the VarDecl as
 * lhs), a declaration without one gives the variable a fresh, untracked value. */
static void lower_decl(lctx* x, CXCursor d) {
  if (lower_cxx_decl(x, d)) return; /* a C++ RAII owner of a handle */
  int v = lower_var_of_decl(x, d);
  if (v < 0) {
    lower_children(x, d); /* static locals: their initialisers */
    return;
  }
  lower_scope_add(x, v);
  ast_cursors ch = {0};
  ast_children(d, &ch);
  CXType t = clang_getCanonicalType(clang_getCursorType(d));
  int have_init = 0;
  if (ch.n && clang_isExpression(clang_getCursorKind(ch.v[ch.n - 1])) &&
      t.kind != CXType_ConstantArray && t.kind != CXType_VariableArray &&
      t.kind != CXType_IncompleteArray) {
    CXCursor init = ch.v[ch.n - 1];
    have_init = 1;
    if (t.kind == CXType_Record || clang_getCursorKind(ast_unwrap(init)) == CXCursor_InitListExpr)
      lower_expr(x, init);
    else
      lower_assign(x, d, init, d);
  } else {
    for (size_t i = 0; i < ch.n; i++)
      if (clang_isExpression(clang_getCursorKind(ch.v[i]))) lower_expr(x, ch.v[i]);
  }
  if (!have_init && v >= 0) { /* a fresh, untracked value; val 1: no write of the program */
    flow_ev* e = lower_emit(x, FE_OTHERSET, d);
    if (e) e->var = v, e->val = 1;
  }
  ast_cursors_free(&ch);
}

/* { ... }: a scope of its own (but the function body's, which ends at FT_END);
 * its locals get a SCOPE_END at the closing brace when it is reachable. */
static void stmt_compound(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  int outer = x->nscopes == 0;
  if (x->nscopes < 256) x->scopes[x->nscopes++] = (scope){0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++) lower_stmt(x, ch.v[i]);
  if (!outer && x->cur >= 0) lower_scope_end(x, x->nscopes - 1, c, 1);
  if (!outer) {
    free(x->scopes[x->nscopes - 1].vars);
    x->nscopes--;
  }
  ast_cursors_free(&ch);
}

/* int a = .., b;: each local variable declaration in turn. */
static void stmt_decls(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  for (size_t i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.v[i]) == CXCursor_VarDecl) lower_decl(x, ch.v[i]);
  ast_cursors_free(&ch);
}

/* if (cond) then [else]: a branch to the then/else blocks, both joining after. */
static void stmt_if(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n >= 2) {
    int t = lower_new_block(x), j = lower_new_block(x), fl = ch.n > 2 ? lower_new_block(x) : j;
    lower_cond(x, ch.v[0], t, fl);
    x->cur = t;
    lower_stmt(x, ch.v[1]);
    lower_goto(x, j);
    if (ch.n > 2) {
      x->cur = fl;
      lower_stmt(x, ch.v[2]);
      lower_goto(x, j);
    }
    x->cur = j;
  }
  ast_cursors_free(&ch);
}

/* A loop that tests before each pass: a header block testing cond (loopcond;
 * a null cursor: an opaque test, the body runs zero or more times), the body
 * jumping back to it; break goes to the exit block, continue to the header. */
static void loop_tested_first(lctx* x, CXCursor cond, CXCursor body) {
  int saved = x->curloop;
  x->curloop = lower_new_loop(x);
  int h = lower_new_block(x), b = lower_new_block(x), e = lower_new_block(x);
  lower_goto(x, h);
  if (clang_Cursor_isNull(cond)) {
    lower_set_succ(x, h, FT_BRANCH, b, e);
  } else {
    x->cur = h;
    lower_cond(x, cond, b, e);
  }
  x->f->b[h].loopcond = 1;
  x->cur = b;
  lower_loop_body(x, body, e, h);
  lower_goto(x, h);
  x->curloop = saved;
  x->cur = e;
}

/* while (cond) body */
static void stmt_while(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n >= 2) loop_tested_first(x, ch.v[0], ch.v[ch.n - 1]);
  ast_cursors_free(&ch);
}

/* C++ for (decl : range) body: the range is evaluated, then the body runs
 * zero or more times (an opaque test). */
static void stmt_for_range(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n >= 2) {
    for (size_t i = 0; i + 1 < ch.n; i++)
      if (clang_isExpression(clang_getCursorKind(ch.v[i]))) lower_expr(x, ch.v[i]);
    loop_tested_first(x, clang_getNullCursor(), ch.v[ch.n - 1]);
  }
  ast_cursors_free(&ch);
}

/* do body while (cond): the body first, then the test; do { } while (0) is
 * no loop (the macro idiom), so it gets no loop number. */

static void stmt_do(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n >= 2) {
    int saved = x->curloop;
    long long kv;
    int once = ast_int_value(ast_unwrap(ch.v[1]), &kv) && kv == 0;
    if (!once) x->curloop = lower_new_loop(x);
    int b = lower_new_block(x), cd = lower_new_block(x), e = lower_new_block(x);
    lower_goto(x, b);
    x->cur = b;
    lower_loop_body(x, ch.v[0], e, cd);
    lower_goto(x, cd);
    x->cur = cd;
    lower_cond(x, ch.v[1], b, e);
    if (!once && x->f->b[cd].term == FT_BRANCH) x->f->b[cd].loopcond = 1;
    x->curloop = saved;
    x->cur = e;
  }
  ast_cursors_free(&ch);
}

/* for (init; cond; inc) body: init in a scope of its own, a header testing
 * cond (for_loop = loop number + 1), continue going to the inc block. */
static void stmt_for(lctx* x, CXCursor c) {
  CXCursor init, cond, inc, body;
  for_parts(x, c, &init, &cond, &inc, &body);
  if (clang_Cursor_isNull(body)) return;
  if (x->nscopes < 256) x->scopes[x->nscopes++] = (scope){0}; /* for (int i..) */
  if (!clang_Cursor_isNull(init)) lower_stmt(x, init);
  int saved = x->curloop;
  x->curloop = lower_new_loop(x);
  int h = lower_new_block(x), b = lower_new_block(x), in = lower_new_block(x), e = lower_new_block(x);
  lower_goto(x, h);
  x->cur = h;
  if (!clang_Cursor_isNull(cond)) {
    lower_cond(x, cond, b, e);
    x->f->b[h].loopcond = 1;
    x->f->b[h].for_loop = x->curloop + 1;
  } else {
    lower_goto(x, b);
  }
  x->cur = b;
  lower_loop_body(x, body, e, in);
  lower_goto(x, in);
  x->cur = in;
  if (!clang_Cursor_isNull(inc)) lower_expr(x, inc);
  lower_goto(x, h);
  x->curloop = saved;
  x->cur = e;
  free(x->scopes[x->nscopes - 1].vars);
  x->nscopes--;
}

/* Adds block s to the successors of block b (a switch's case edges); on
 * allocation failure the edge is left out (as before the split). */
static void add_succ(lctx* x, int b, int s) {
  flow_block* D = &x->f->b[b];
  int* ns = realloc(D->succ, (size_t)(D->nsucc + 1) * sizeof *ns);
  if (ns) {
    D->succ = ns;
    D->succ[D->nsucc++] = s;
  }
}

/* switch (v) body: an FT_SWITCH block whose successors the case/default
 * labels add (stmt_case); without a default the exit block is one too. */
static void stmt_switch(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n >= 2 && x->nsw < 64) {
    lower_expr(x, ch.v[0]);
    lower_ensure_cur(x);
    int d = x->cur, e = lower_new_block(x);
    flow_block* D = &x->f->b[d];
    D->term = FT_SWITCH;
    D->succ = NULL;
    D->nsucc = 0;
    x->sw[x->nsw] = d;
    x->swdef[x->nsw++] = 0;
    int cont = x->njmp ? x->jmp[x->njmp - 1].cont : -1;
    x->cur = -1;
    lower_push_jmp(x, e, cont);
    lower_stmt(x, ch.v[ch.n - 1]);
    x->njmp--;
    lower_goto(x, e);
    x->nsw--;
    if (!x->swdef[x->nsw]) add_succ(x, d, e);
    x->cur = e;
  }
  ast_cursors_free(&ch);
}

/* case K: / default:: a new block, reached by fall-through and from the switch. */
static void stmt_case(lctx* x, CXCursor c, int is_default) {
  ast_cursors ch = {0};
  int nb = lower_new_block(x);
  lower_goto(x, nb); /* fall-through */
  if (x->nsw) {
    add_succ(x, x->sw[x->nsw - 1], nb);
    if (is_default) x->swdef[x->nsw - 1] = 1;
  }
  x->cur = nb;
  ast_children(c, &ch);
  if (ch.n) lower_stmt(x, ch.v[ch.n - 1]);
  ast_cursors_free(&ch);
}

/* break/continue: ends the scopes left (SCOPE_END) and jumps to the target
 * of the innermost loop/switch (continue: of the innermost loop). */
/* The current block ends in the goto/break/continue statement c: it keeps
 * where (flow_block.jump), for a leak reported where the handle is lost. */
static void mark_jump(lctx* x, CXCursor c) {
  if (x->cur < 0) return;
  flow_block* B = &x->f->b[x->cur];
  if (B->succ || B->term != FT_GOTO) return;
  ast_loc l;
  ast_loc_of(c, &l);
  B->jump = 1;
  B->line = l.line;
  B->col = l.col;
}

static void stmt_jump(lctx* x, CXCursor c, int is_continue) {
  int i = x->njmp - 1;
  if (is_continue)
    while (i >= 0 && x->jmp[i].cont < 0) i--;
  if (i < 0) return;
  int target = !is_continue ? x->jmp[i].brk : x->jmp[i].cont;
  if (x->cur >= 0) lower_scope_end(x, x->jmp[i].depth, c, 0);
  mark_jump(x, c);
  lower_goto(x, target);
}

/* return [e]: an FT_RETURN block naming the returned variable (ret_var), or
 * ret_other for a value that is neither a variable nor a null constant. */
static void stmt_return(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  int rv = -1, ret_other = 0, ret_const = 0;
  long long ret_val = 0;
  if (ch.n) {
    CXCursor r = ast_unwrap(ch.v[0]);
    rv = lower_var_of_expr(x, r);
    if (rv >= 0 && x->f->vars[rv].raii) { /* return owner: the owner moves out, still owning */
      lower_emit_var(x, FE_ESCAPE, r, rv);
      rv = -1;
      ret_other = 1;
    }
    long long k0;
    if (rv < 0 && !ret_other) {
      if (clang_getCursorKind(r) == CXCursor_CallExpr) {
        lower_call(x, r, FD_RETURN, -1, -1);
      } else {
        lower_expr(x, r);
        ret_other = !lower_is_null_const(r, &k0);
        if (ast_int_value(r, &ret_val)) ret_const = 1; /* return -1; (a summary's condition) */
      }
    }
  }
  lower_ensure_cur(x);
  flow_block* B = &x->f->b[x->cur];
  B->term = FT_RETURN;
  B->ret_var = rv;
  B->ret_other = ret_other;
  B->ret_const = ret_const;
  B->ret_val = ret_val;
  ast_loc l;
  ast_loc_of(c, &l);
  B->line = l.line;
  B->col = l.col;
  x->cur = -1;
  ast_cursors_free(&ch);
}

/* goto L: a jump to L's block (made on first sight of either). */
static void stmt_goto(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  ast_children(c, &ch);
  if (ch.n) {
    char* name = ast_spelling(ch.v[0]);
    if (name) {
      mark_jump(x, c);
      lower_goto(x, lower_label_block(x, name));
      free(name);
    }
  }
  x->cur = -1;
  ast_cursors_free(&ch);
}

/* L: stmt: L's block, reached by fall-through and by gotos. */
static void stmt_label(lctx* x, CXCursor c) {
  ast_cursors ch = {0};
  char* name = ast_spelling(c);
  if (name) {
    int lb = lower_label_block(x, name);
    lower_goto(x, lb);
    x->cur = lb;
    free(name);
  }
  ast_children(c, &ch);
  if (ch.n) lower_stmt(x, ch.v[ch.n - 1]);
  ast_cursors_free(&ch);
}

/* Lowers statement c at x->cur (see lower_ctx.h); expressions used as
 * statements go to lower_expr. Gives up silently below 400 levels of nesting. */
void lower_stmt(lctx* x, CXCursor c) {
  if (x->err || ++x->depth > 400) {
    x->depth--;
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k != CXCursor_CompoundStmt) lower_assert(x, c); /* Assert(res == NULL): the fact first */
  switch (k) {
  case CXCursor_CompoundStmt: stmt_compound(x, c); break;
  case CXCursor_DeclStmt: stmt_decls(x, c); break;
  case CXCursor_IfStmt: stmt_if(x, c); break;
  case CXCursor_WhileStmt: stmt_while(x, c); break;
  case CXCursor_DoStmt: stmt_do(x, c); break;
  case CXCursor_ForStmt: stmt_for(x, c); break;
  case CXCursor_SwitchStmt: stmt_switch(x, c); break;
  case CXCursor_CaseStmt: stmt_case(x, c, 0); break;
  case CXCursor_DefaultStmt: stmt_case(x, c, 1); break;
  case CXCursor_BreakStmt: stmt_jump(x, c, 0); break;
  case CXCursor_ContinueStmt: stmt_jump(x, c, 1); break;
  case CXCursor_ReturnStmt: stmt_return(x, c); break;
  case CXCursor_GotoStmt: stmt_goto(x, c); break;
  case CXCursor_LabelStmt: stmt_label(x, c); break;
  case CXCursor_CXXTryStmt: lower_cxx_try(x, c); break;
  case CXCursor_CXXForRangeStmt: stmt_for_range(x, c); break;
  case CXCursor_NullStmt:
  case CXCursor_AsmStmt:
  case CXCursor_IndirectGotoStmt:
    break;
  default:
    if (clang_isExpression(k)) lower_expr(x, c);
    break;
  }
  x->depth--;
}
