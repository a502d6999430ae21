/* syn_registry.c - the table of syntactic checks the AST walk of check_syntactic.c hands each cursor to, in order (findings of one cursor come in this order). */
#include "checks/check_syntactic.h"

const syn_check* const syn_checks[] = {
    &syn_check_connect,
    &syn_check_maxone,
    &syn_check_secret,
    NULL,
};
