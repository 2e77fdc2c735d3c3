// SPDX-License-Identifier: MIT
// Every asio header includes "asio/detail/config.hpp"; found here first, it stops them all.
#error "asio included: sockrpc::codec must not need asio"
