// SPDX-License-Identifier: MIT
// The stop signals of the servers that wait for SIGINT/SIGTERM on a sigwait thread
// (interop_server and the xmlrpc-c test server). Header-only; internal to the build.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace sockrpc::tools {

/// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it starts
/// afterwards, and returns the set for `sigwait`. Call it first in `main()`, before any
/// thread exists, so that only the thread that waits sees the signals.
inline sigset_t block_stop_signals() noexcept {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

}  // namespace sockrpc::tools
