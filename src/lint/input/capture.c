/* capture.c - runs a program (never through a shell) and captures its standard output. */
#include "input/capture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/readfile.h"

int capture_output(const char* const* argv, char** out, size_t* len) {
  *out = NULL;
  *len = 0;
  int fd[2];
  if (pipe(fd) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    execvp(argv[0], (char* const*)argv);
    _exit(127);
  }
  close(fd[1]);
  size_t n = 0;
  FILE* f = fdopen(fd[0], "rb");
  char* buf = f ? readfile_stream(f, &n) : NULL;
  if (f)
    fclose(f); /* the child gets SIGPIPE if it still writes after an error */
  else
    close(fd[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) {
      free(buf);
      return -1;
    }
  }
  if (!buf) return -1;
  *out = buf;
  *len = n;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
