// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/client/client.hpp>

#include "client/client_impl.hpp"
#include "xml/base64.hpp"

#include <sockrpc/transport/resolver.hpp>

#include <algorithm>
#include <charconv>
#include <new>

namespace sockrpc::rpc {

// ---- client::impl ------------------------------------------------------------------------

detail::client_impl::client_impl(url endpoint) : endpoint_(std::move(endpoint)) {
  if (endpoint_.has_credentials) set_credentials(endpoint_.user, endpoint_.password);
  refresh_request_head();
}

void detail::client_impl::set_credentials(std::string_view user, std::string_view password) {
  const std::string plain = std::string(user) + ":" + std::string(password);
  std::string encoded(base64_encoded_size(plain.size()), '\0');
  base64_encode(std::as_bytes(std::span(plain.data(), plain.size())), encoded.data());
  authorization_ = "Basic " + encoded;
  refresh_request_head();
}

std::unique_ptr<detail::client_connection> detail::client_impl::take_idle() {
  return take_live(pool_mutex_, pool_);
}

void detail::client_impl::give_back(std::unique_ptr<client_connection> c) noexcept {
  c->idle_since = std::chrono::steady_clock::now();
  std::lock_guard lock(pool_mutex_);
  if (pool_.size() < max_idle_) {
    try {
      pool_.push_back(std::move(c));
    } catch (...) {  // cannot grow the pool: just close the connection
    }
  }
}

transport::deadline detail::client_impl::call_deadline() const noexcept {
  if (!timeout_) return transport::deadline::max();
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<transport::duration>(*timeout_);
}

transport::deadline detail::client_impl::connect_deadline(
    transport::deadline until) const noexcept {
  if (!connect_timeout_) return until;
  const auto now = std::chrono::steady_clock::now();
  if (until - now <= *connect_timeout_) return until;
  return now + std::chrono::duration_cast<transport::duration>(*connect_timeout_);
}

std::unique_ptr<detail::client_connection> detail::client_impl::connect(transport::deadline until,
                                                                        exchange_result& out) {
  const auto remaining = connect_deadline(until) - std::chrono::steady_clock::now();
  if (remaining <= transport::duration::zero()) {
    out.ec = make_error_code(transport::errc::timeout);
    out.message = "operation timed out (before connecting)";
    return nullptr;
  }
  auto c = std::make_unique<client_connection>(endpoint_.framed(), settings_, limits_);
  const auto limit = std::chrono::duration_cast<transport::duration>(remaining);
  if (endpoint_.is_local()) {
    c->sock = connect_local(endpoint_.socket_path, out.ec);
  } else {
    c->sock = transport::create_connection(endpoint_.host, endpoint_.port, limit, {}, out.ec);
  }
  if (out.ec) {
    out.message = describe(out.ec) + " (connecting to " + endpoint_.endpoint_name() + ")";
    return nullptr;
  }
  std::error_code ignored;
  // latency: requests are small and written at once
  if (!endpoint_.is_local()) c->sock.set_no_delay(true, ignored);
  // Every exchange passes the call's deadline explicitly; on a blocking descriptor the
  // wait for the answer is one recv() instead of recv (EAGAIN), poll, recv.
  c->sock.settimeout(std::nullopt, ignored);
  return c;
}

void detail::client_impl::write_full_request(std::string& out, std::string_view body,
                                             bool gzip_body) const {
  http::request_options opts;
  opts.keep_alive = max_idle_ > 0;
  opts.accept_gzip = accept_gzip_;
  opts.gzip_body = gzip_body;
  http::header_fields fields = headers_;
  if (!authorization_.empty() && !fields.find("Authorization")) {
    fields.add("Authorization", authorization_);
  }
  http::write_request(out, "POST", endpoint_.path, endpoint_.host_field(), fields, body, opts);
}

void detail::client_impl::refresh_request_head() {
  // Everything before Content-Length depends on the configuration only (for an
  // uncompressed body): written once here instead of on every call.
  request_head_.clear();
  if (endpoint_.framed()) return;
  write_full_request(request_head_, {}, false);
  constexpr std::string_view tail = "Content-Length: 0\r\n\r\n";
  if (std::string_view(request_head_).ends_with(tail)) {
    request_head_.resize(request_head_.size() - tail.size());
  } else {  // not the layout expected of write_request: always take the general path
    request_head_.clear();
  }
}

void detail::client_impl::build_request(std::string& out, std::string_view method,
                                        std::span<const rpc::value> params) const {
  std::string xml;
  serialize_call(xml, method, params);
  if (endpoint_.framed()) {
    out = std::move(xml);
    return;
  }
  out.clear();
  const bool gzip_body = gzip_requests_ && xml.size() >= gzip_min_size_;
  if (gzip_body || request_head_.empty()) {
    write_full_request(out, xml, gzip_body);
    return;
  }
  char digits[24];
  const auto n = std::to_chars(digits, digits + sizeof digits, xml.size()).ptr - digits;
  out.reserve(request_head_.size() + 20 + static_cast<std::size_t>(n) + xml.size());
  out.append(request_head_);
  out.append("Content-Length: ");
  out.append(digits, static_cast<std::size_t>(n));
  out.append("\r\n\r\n");
  out.append(xml);
}

bool detail::client_impl::conclude(int attempt, connection_state& c, exchange_result& out,
                                   method_response& resp) const {
  if (out.ec && out.ec != errc::http_status) {
    out.keep = false;
    if (out.retryable && attempt == 0) return true;  // stale pooled connection: once more
    if (out.ec == std::errc::timed_out) out.message = "operation timed out";
    return false;
  }
  out.keep = out.keep && max_idle_ > 0;
  if (out.ec) return false;
  sockrpc::status bad;
  resp = c.xml.parse_response(out.body, bad);
  if (bad) {
    out.ec = bad.code();
    out.message = "bad XML-RPC response: " + bad.message();
  }
  return false;
}

method_response detail::client_impl::invoke(std::string_view method,
                                            std::span<const rpc::value> params,
                                            exchange_result& out) noexcept {
  try {
    std::string request;
    build_request(request, method, params);
    const auto until = call_deadline();
    for (int attempt = 0; attempt < 2; ++attempt) {
      out = exchange_result{};
      // The retry (attempt 1) always uses a fresh connection.
      auto c = attempt == 0 ? take_idle() : nullptr;
      if (!c) c = connect(until, out);
      if (!c) return {};
      exchange(*c, request, until, settings_, out);
      method_response resp;
      if (conclude(attempt, *c, out, resp)) continue;
      if (out.keep) give_back(std::move(c));
      return resp;
    }
  } catch (const std::system_error& e) {
    out.ec = e.code();
    out.message = e.what();
  } catch (const std::exception& e) {
    out.ec = std::make_error_code(std::errc::not_enough_memory);
    out.message = e.what();
  }
  return {};
}

// ---- client --------------------------------------------------------------------------

client::client(std::string_view endpoint) : client(url::parse(endpoint)) {}
client::client(url endpoint) : impl_(std::make_unique<detail::client_impl>(std::move(endpoint))) {}
client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client& client::set_timeout(std::optional<std::chrono::nanoseconds> timeout) {
  impl_->timeout_ = timeout;
  return *this;
}
client& client::set_connect_timeout(std::optional<std::chrono::nanoseconds> timeout) {
  impl_->connect_timeout_ = timeout;
  return *this;
}
client& client::set_max_idle_connections(std::size_t n) {
  impl_->max_idle_ = n;
  impl_->refresh_request_head();
  return *this;
}
client& client::set_basic_auth(std::string user, std::string password) {
  impl_->set_credentials(user, password);
  return *this;
}
client& client::add_header(std::string_view name, std::string_view value) {
  impl_->headers_.add(name, value);
  impl_->refresh_request_head();
  return *this;
}
client& client::set_accept_gzip(bool on) {
  impl_->accept_gzip_ = on;
  impl_->refresh_request_head();
  return *this;
}
client& client::set_gzip_requests(bool on, std::size_t min_size) {
  impl_->gzip_requests_ = on;
  impl_->gzip_min_size_ = min_size;
  return *this;
}
client& client::set_codec_limits(const codec_limits& limits) {
  impl_->limits_ = limits;
  return *this;
}
client& client::set_max_response_size(std::size_t bytes) {
  impl_->settings_.max_response = bytes;
  impl_->settings_.http_limits.max_body = bytes;
  impl_->settings_.http_limits.max_decoded_body = bytes;
  return *this;
}
client& client::set_async_threads(std::size_t n) {
  impl_->async_threads_ = std::max<std::size_t>(n, 1);
  return *this;
}

const url& client::endpoint() const noexcept {
  return impl_->endpoint_;
}

void client::close_idle() noexcept {
  std::vector<std::unique_ptr<detail::client_connection>> doomed;
  {
    std::lock_guard lock(impl_->pool_mutex_);
    doomed.swap(impl_->pool_);
  }
  impl_->close_async_idle();
}

std::size_t client::idle_connections() const noexcept {
  std::size_t n = impl_->async_idle_connections();
  std::lock_guard lock(impl_->pool_mutex_);
  return n + impl_->pool_.size();
}

rpc::value client::call_value(std::string_view method, std::span<const rpc::value> params) {
  call_result r = try_call_value(method, params);
  if (r.is_fault()) throw fault(r.fault());
  return std::move(r).result();
}

call_result client::try_call_value(std::string_view method, std::span<const rpc::value> params) {
  sockrpc::status st;
  auto r = try_call_value(method, params, st);
  if (st) st.raise();
  return r;
}

call_result client::try_call_value(std::string_view method, std::span<const rpc::value> params,
                                   sockrpc::status& st) noexcept {
  detail::exchange_result out;
  auto resp = impl_->invoke(method, params, out);
  if (out.ec) {
    st.assign(out.ec, std::move(out.message));
    return call_result(rpc::value());
  }
  st.clear();
  if (resp.fault) return call_result(std::move(*resp.fault));
  return call_result(std::move(resp.result));
}

std::vector<call_result> client::multicall(std::span<const method_call> calls) {
  rpc::array list;
  list.reserve(calls.size());
  for (const auto& c : calls) {
    list.push_back(rpc::value(members{{"methodName", rpc::value(c.method)},
                                      {"params", rpc::value(rpc::array(c.params))}}));
  }
  const rpc::value params[] = {rpc::value(std::move(list))};
  const rpc::value answer = call_value("system.multicall", params);
  auto bad = [](const std::string& why) {
    return sockrpc::error(make_error_code(errc::protocol_error),
                          "bad system.multicall answer: " + why);
  };
  if (!answer.is_array()) throw bad("not an array");
  const auto& entries = answer.as_array();
  if (entries.size() != calls.size()) throw bad("wrong number of results");
  std::vector<call_result> results;
  results.reserve(entries.size());
  for (const auto& e : entries) {
    if (e.is_array() && e.as_array().size() == 1) {
      results.emplace_back(e.as_array()[0]);
    } else if (e.is_struct() && e.as_struct().contains("faultCode")) {
      try {
        results.emplace_back(from_value<fault_info>(e));
      } catch (const type_error&) {
        throw bad("malformed fault entry");
      }
    } else {
      throw bad("entry is neither [value] nor a fault struct");
    }
  }
  return results;
}

}  // namespace sockrpc::rpc
