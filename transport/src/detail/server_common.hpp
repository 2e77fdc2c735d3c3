// SPDX-License-Identifier: MIT
// Pieces shared by tcp_server and udp_server.
#pragma once

#include <sockrpc/transport/server.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <system_error>

namespace sockrpc::transport::detail {

/// Hands `error` to `callback`, or prints one line on stderr without one. Never throws.
inline void report_error(const server_error_callback& callback, std::exception_ptr error,
                         const address& peer, const char* server_name) noexcept {
  try {
    if (callback) {
      callback(error, peer);
      return;
    }
    std::string line = std::string("sockrpc ") + server_name + ": ";
    line += peer.get_family() == family::unspec ? std::string("server") : peer.to_string();
    line += ": ";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      line += e.what();
    } catch (...) {
      line += "unknown exception";
    }
    line += '\n';
    std::fputs(line.c_str(), stderr);  // one call, so concurrent reports do not interleave
  } catch (...) {
    // The error path must never take the server down.
  }
}

/// An exception_ptr for an error code, for `report_error`.
inline std::exception_ptr make_error(const std::error_code& ec, const char* what) noexcept {
  try {
    return std::make_exception_ptr(std::system_error(ec, what));
  } catch (...) {
    return std::current_exception();
  }
}

/// True for accept/recv errors that say nothing about the listening socket itself.
inline bool is_transient(const std::error_code& ec) noexcept {
  return ec == std::errc::connection_aborted || ec == std::errc::interrupted ||
         ec == std::errc::protocol_error || ec == std::errc::operation_not_permitted ||
         ec == std::errc::connection_reset || ec == std::errc::connection_refused;
}

/// True for errors that mean the socket is unusable: the serve loop must end.
inline bool is_fatal(const std::error_code& ec) noexcept {
  return ec == std::errc::bad_file_descriptor || ec == std::errc::invalid_argument ||
         ec == std::errc::not_a_socket || ec == std::errc::operation_not_supported;
}

}  // namespace sockrpc::transport::detail
