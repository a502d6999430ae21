/* report_count.c - which findings the reporters list, and counts over them (per level, per rule). */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"
#include "report/report_internal.h"

int report_visible(const finding* f) { return !f->suppressed && !f->baselined; }
