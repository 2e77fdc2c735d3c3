// SPDX-License-Identifier: MIT
#pragma once

#include <sockrpc/rpc/http/codec.hpp>

#include <sockrpc_test/http_describe.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// Helpers for the HTTP codec tests: run a parser over an input cut into pieces and
/// collect everything it produced, so outcomes of different cuttings can be compared.
namespace sockrpc_test::http {

namespace http = sockrpc::rpc::http;

/// Everything a parser produced for one input.
struct request_outcome {
  std::vector<http::request> messages;
  http::parse_event last = http::parse_event::need_more;
  int status = 0;  // error_status() after an error
  std::error_code ec;
  int continues = 0;  // expect_continue events
};

/// Feeds `input` cut at `cuts` (ascending offsets), calling next() after every piece
/// until it stops producing; then feeds EOF when `eof` is set.
inline request_outcome run_requests_split(std::string_view input,
                                          const std::vector<std::size_t>& cuts,
                                          const http::parser_limits& limits = {},
                                          bool eof = false) {
  request_outcome out;
  http::request_parser parser(limits);
  auto drain = [&] {
    for (;;) {
      http::request req;
      out.last = parser.next(req);
      if (out.last == http::parse_event::message) {
        out.messages.push_back(std::move(req));
      } else if (out.last == http::parse_event::expect_continue) {
        ++out.continues;
      } else {
        return;
      }
    }
  };
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    parser.feed(input.substr(from, cut - from));
    from = cut;
    drain();
    if (out.last == http::parse_event::error) break;
  }
  if (out.last != http::parse_event::error) {
    parser.feed(input.substr(from));
    drain();
  }
  if (eof && out.last != http::parse_event::error) {
    parser.feed_eof();
    drain();
  }
  out.status = parser.error_status();
  out.ec = parser.error();
  return out;
}

/// Same, in one piece.
inline request_outcome run_requests(std::string_view input, const http::parser_limits& limits = {},
                                    bool eof = false) {
  return run_requests_split(input, {}, limits, eof);
}

/// Cuts after every byte.
inline std::vector<std::size_t> every_byte(std::size_t n) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < n; ++i)
    cuts.push_back(i);
  return cuts;
}

struct response_outcome {
  std::vector<http::response> messages;
  http::parse_event last = http::parse_event::need_more;
  std::error_code ec;
};

inline response_outcome run_responses(std::string_view input, const std::vector<std::size_t>& cuts,
                                      const http::parser_limits& limits = {}, bool eof = false,
                                      bool head = false) {
  response_outcome out;
  http::response_parser parser(limits);
  if (head) parser.expect_head_response();
  auto drain = [&] {
    for (;;) {
      http::response resp;
      out.last = parser.next(resp);
      if (out.last != http::parse_event::message) return;
      out.messages.push_back(std::move(resp));
    }
  };
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    parser.feed(input.substr(from, cut - from));
    from = cut;
    drain();
  }
  parser.feed(input.substr(from));
  drain();
  if (eof) {
    parser.feed_eof();
    drain();
  }
  out.ec = parser.error();
  return out;
}

}  // namespace sockrpc_test::http
