/* libgda config.h stub for pqlint's triage corpus (no configure run) */
#define GETTEXT_PACKAGE "libgda-5.0"
#define PACKAGE_VERSION "5.2.10"
#define LIBGDA_ABI_NAME "libgda-5.0"
#define HAVE_UNISTD_H 1
