// SPDX-License-Identifier: MIT
#pragma once

/// Umbrella header of the rpc layer: the value model and conversions, the XML codec, the
/// sans-I/O HTTP codec, the method registry, the server and the client.
#include <sockrpc/rpc/call_context.hpp>
#include <sockrpc/rpc/client.hpp>
#include <sockrpc/rpc/codec.hpp>
#include <sockrpc/rpc/convert.hpp>
#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/fault.hpp>
#include <sockrpc/rpc/http.hpp>
#include <sockrpc/rpc/registry.hpp>
#include <sockrpc/rpc/responder.hpp>
#include <sockrpc/rpc/server.hpp>
#include <sockrpc/rpc/url.hpp>
#include <sockrpc/rpc/value.hpp>
