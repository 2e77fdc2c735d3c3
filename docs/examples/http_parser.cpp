// SPDX-License-Identifier: MIT
// docs/http.md "Using it": the request parser's loop. Runs to completion on two pipelined
// requests.
#include <sockrpc/rpc.hpp>

#include <string>
#include <string_view>

namespace {
int handled = 0;
void handle(const sockrpc::rpc::http::request&) {
  ++handled;
}
}  // namespace

int main() {
  const std::string_view bytes =
      "POST /RPC2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
      "POST /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
  std::string out;
  // clang-format off
  // [snippet:http]
  namespace http = sockrpc::rpc::http;
  http::request_parser parser;          // one per connection
  http::request req;                    // reuse it: the parser recycles its buffers
  parser.feed(bytes);                   // or prepare(n) / commit(k) to read in place
  for (;;) {
    switch (parser.next(req)) {
      case http::parse_event::message: handle(req); continue;     // more may be buffered
      case http::parse_event::expect_continue: http::write_continue(out); continue;
      case http::parse_event::error:
        http::write_error_response(out, parser.error_status(), false);  // then close
        break;
      default: break;                   // need_more, or end_of_stream after feed_eof()
    }
    break;
  }
  // [snippet:end]
  // clang-format on
  return handled == 2 && out.empty() ? 0 : 1;
}
