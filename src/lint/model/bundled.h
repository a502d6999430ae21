/* bundled.h - the models from the rules folder (every .json file) compiled into the binary (see embed_models.cmake). */
#ifndef PQL_BUNDLED_H
#define PQL_BUNDLED_H

typedef struct bundled_model {
  const char* name; /* "rules/libpq.json": used in error messages */
  const char* text; /* the file's bytes, NUL-terminated */
} bundled_model;

/* Sorted by name, terminated by {0, 0}. */
extern const bundled_model bundled_models[];
extern const unsigned bundled_models_count;

#endif
