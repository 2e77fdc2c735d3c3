// SPDX-License-Identifier: MIT
#include <sockrpc_test/fd_count.hpp>

#include <dirent.h>

namespace sockrpc_test {

std::size_t open_fd_count() {
  std::size_t n = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (const dirent* e = ::readdir(dir)) {
      if (e->d_name[0] != '.') ++n;
    }
    ::closedir(dir);
    if (n > 0) --n;  // the descriptor opendir itself holds
  }
  return n;
}

}  // namespace sockrpc_test
