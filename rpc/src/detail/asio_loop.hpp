// SPDX-License-Identifier: MIT
#pragma once

#include <asio.hpp>

namespace sockrpc::rpc::detail {

/// Runs `ctx` on the calling thread until it stops or runs out of work. A handler that lets
/// an exception escape (only bad_alloc can: completion handlers are shielded) does not end
/// the loop: the other connections and calls keep being served.
inline void run_io_loop(asio::io_context& ctx) {
  for (;;) {
    try {
      ctx.run();
      return;
    } catch (...) {
    }
  }
}

}  // namespace sockrpc::rpc::detail
