// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace sockrpc_test {

/// Number of open file descriptors of this process (entries of /proc/self/fd, less the
/// descriptor used to read the directory).
std::size_t open_fd_count();

}  // namespace sockrpc_test
