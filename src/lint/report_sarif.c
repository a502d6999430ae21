/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning (placeholder: JSON until the real writer lands). */
#include "report_internal.h"
int report_sarif(const lint_run* run, FILE* out) { return report_json(run, out); }
