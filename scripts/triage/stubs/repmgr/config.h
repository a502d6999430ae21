/* repmgr config.h stub for pqlint's triage corpus: config.h.in defines nothing */
