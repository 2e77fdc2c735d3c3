// SPDX-License-Identifier: MIT
#pragma once

/// Umbrella header of the sockrpc transport layer.
#include <sockrpc/error.hpp>
#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/byte_order.hpp>
#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/socket.hpp>
// framing.hpp, selector.hpp and server.hpp are added here by the framing/selector/server
// work when those headers exist.
