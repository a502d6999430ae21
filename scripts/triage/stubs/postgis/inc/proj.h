/* proj.h stub for pqlint's triage corpus: the types liblwgeom.h names (Debian's libproj-dev not needed) */
#ifndef PQLINT_STUB_PROJ_H
#define PQLINT_STUB_PROJ_H
typedef struct PJconsts PJ;
typedef struct pj_ctx PJ_CONTEXT;
typedef struct { double x, y, z, t; } PJ_XYZT;
typedef union { double v[4]; PJ_XYZT xyzt; } PJ_COORD;
#endif
