// SPDX-License-Identifier: MIT
#pragma once

/// Umbrella header of the rpc layer: the value model and conversions, the XML codec, the
/// sans-I/O HTTP codec, the method registry, the server and the client.
#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/rpc/client/url.hpp>
#include <sockrpc/rpc/dispatch/call_context.hpp>
#include <sockrpc/rpc/dispatch/registry.hpp>
#include <sockrpc/rpc/dispatch/responder.hpp>
#include <sockrpc/rpc/error.hpp>
#include <sockrpc/rpc/http/codec.hpp>
#include <sockrpc/rpc/server/basic_auth.hpp>
#include <sockrpc/rpc/server/server.hpp>
#include <sockrpc/rpc/value/convert.hpp>
#include <sockrpc/rpc/value/fault.hpp>
#include <sockrpc/rpc/value/value.hpp>
#include <sockrpc/rpc/xml/codec.hpp>
