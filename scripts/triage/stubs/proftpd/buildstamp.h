/* proftpd buildstamp.h stub for pqlint triage corpus (made by the build) */
#define BUILD_STAMP "pqlint triage corpus"
