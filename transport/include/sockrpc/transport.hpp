// SPDX-License-Identifier: MIT
#pragma once

/// Umbrella header of the sockrpc transport layer.
#include <sockrpc/transport/address.hpp>
#include <sockrpc/transport/byte_order.hpp>
#include <sockrpc/transport/error.hpp>
#include <sockrpc/transport/framing.hpp>
#include <sockrpc/transport/resolver.hpp>
#include <sockrpc/transport/selector.hpp>
#include <sockrpc/transport/server.hpp>
#include <sockrpc/transport/socket.hpp>
#include <sockrpc/transport/socket_file.hpp>
#include <sockrpc/transport/wake_event.hpp>
