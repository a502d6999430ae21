/* srclang.h - which files are C or C++ sources, by name, by compiler and by flags. */
#ifndef PQL_SRCLANG_H
#define PQL_SRCLANG_H

#include <stddef.h>

/* 1 if name ends in a C or C++ extension pqlint reads: .c .h, and C++'s
 * .cc .cpp .cxx .C (sources) and .hpp .hh .hxx (headers); else 0. */
int srclang_is_source(const char* name);

/* 1 if name ends in a C++ extension (.cc .cpp .cxx .C .hpp .hh .hxx). */
int srclang_is_cxx_name(const char* name);

/* 1 if name is a header (.h .H .hpp .hh .hxx). */
int srclang_is_header(const char* name);

/* 1 if argv0 (a compile command's first word, a path or a name) is a C++
 * compiler driver: its base name ends in "++" or "++-VERSION" (c++, g++,
 * clang++, x86_64-linux-gnu-g++-12, clang++-14). */
int srclang_is_cxx_compiler(const char* argv0);

/* The language the flags args[0..n) ask for: the last "-x LANG" / "-xLANG"
 * (or --driver-mode=g++/gcc): 1 for c++ (c++, c++-header), 0 for c (c,
 * c-header), -1 when none says. */
int srclang_of_args(const char* const* args, size_t n);

/* What flag a sets: 1 a C++ standard (-std=c++17, -std=gnu++20), 0 a C
 * standard (-std=c11, --std=gnu99), -1 no standard. */
int srclang_std_of(const char* a);

/* 1 if some flag of args[0..n) sets a C++ standard. */
int srclang_has_cxx_std(const char* const* args, size_t n);

#endif
