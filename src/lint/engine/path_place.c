/* path_place.c - what kind of place a variable is: a member of a parameter (w->conn of parameter w) and its access path, or a place inside the memory a call's argument names. */
#include <string.h>

#include "engine/path.h"

int member_param(const flow_fn* f, int var, const char** path) {
  if (var < 0 || var >= f->nvars) return -1;
  int b = f->vars[var].field_of;
  if (b < 0 || f->vars[b].param < 0 || f->vars[b].param >= 16 || !f->vars[b].ptr) return -1;
  size_t n = strlen(f->vars[b].name);
  const char* name = f->vars[var].name;
  if (name[0] == '*' && !strcmp(name + 1, f->vars[b].name)) { /* *p: path "*" */
    if (path) *path = "*";
    return f->vars[b].param;
  }
  if (strncmp(name, f->vars[b].name, n) || strncmp(name + n, "->", 2)) return -1;
  if (path) *path = name + n;
  return f->vars[b].param;
}

int place_under(const flow_fn* f, const flow_arg* ar, int var) {
  const flow_var* fv = &f->vars[var];
  if (ar->var < 0 || fv->field_of != ar->var) return 0;
  if (!ar->member) return 1;
  if (!ar->mpath) return 0;
  size_t n = strlen(ar->mpath);
  return !strncmp(fv->name, ar->mpath, n) && (fv->name[n] == '.' || !strncmp(fv->name + n, "->", 2));
}

const char* flow_freed_name(const flow_fn* f, const flow_ev* e, int var) {
  for (int k = 0; e && k < e->nargs; k++)
    if (e->args[k].member && place_under(f, &e->args[k], var)) return e->args[k].mpath;
  int b = f->vars[var].field_of;
  return b >= 0 ? f->vars[b].name : f->vars[var].name;
}
