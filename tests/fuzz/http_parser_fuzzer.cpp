// SPDX-License-Identifier: MIT
// libFuzzer target for the HTTP/1.1 codec: the request and the response parser get the
// same input once whole and once cut into random pieces; the outcomes must be identical
// (chunking never changes what a parser decides). Parsed requests are re-written and
// re-parsed. Crashes, sanitizer reports and mismatches (trap) are findings.
#include <sockrpc/rpc/http/codec.hpp>

#include <sockrpc_test/http_describe.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace http = sockrpc::rpc::http;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// Cut points derived from a seed (xorshift), pieces of 1..max_piece bytes.
std::vector<std::size_t> cuts_for(std::size_t size, std::uint32_t seed, std::size_t max_piece) {
  std::vector<std::size_t> cuts;
  std::uint32_t x = seed | 1u;
  std::size_t at = 0;
  for (;;) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    at += 1 + x % max_piece;
    if (at >= size) break;
    cuts.push_back(at);
  }
  return cuts;
}

struct outcome {
  std::vector<std::string> messages;
  http::parse_event last = http::parse_event::need_more;
  int status = 0;
  std::error_code ec;
  bool operator==(const outcome&) const = default;
};

template <class Parser, class Message>
outcome run(std::string_view data, const std::vector<std::size_t>& cuts,
            const http::parser_limits& limits, bool head, std::vector<Message>* keep) {
  Parser parser(limits);
  if constexpr (std::is_same_v<Parser, http::response_parser>) {
    if (head) parser.expect_head_response();
  }
  outcome out;
  Message msg;
  auto drain = [&] {
    for (;;) {
      out.last = parser.next(msg);
      if (out.last == http::parse_event::message) {
        out.messages.push_back(sockrpc_test::http::describe(msg));
        if (keep != nullptr) keep->push_back(msg);
        continue;
      }
      if (out.last != http::parse_event::expect_continue) return;
    }
  };
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    if (parser.buffered() > 0 && (cut & 1) != 0) {
      // Exercise the zero-copy path too.
      auto span = parser.prepare(cut - from);
      std::copy(data.begin() + static_cast<std::ptrdiff_t>(from),
                data.begin() + static_cast<std::ptrdiff_t>(cut), span.begin());
      parser.commit(cut - from);
    } else {
      parser.feed(data.substr(from, cut - from));
    }
    from = cut;
    drain();
  }
  parser.feed(data.substr(from));
  drain();
  parser.feed_eof();
  drain();
  out.ec = parser.error();
  if constexpr (std::is_same_v<Parser, http::request_parser>) out.status = parser.error_status();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t mode = bytes[0];
  const std::uint32_t seed = static_cast<std::uint32_t>(bytes[1]) << 8 | bytes[2];
  const std::string_view data(reinterpret_cast<const char*>(bytes + 3), size - 3);

  http::parser_limits limits;
  if ((mode & 1) != 0) {  // small limits so the fuzzer reaches every refusal
    limits.max_start_line = 64;
    limits.max_header_section = 256;
    limits.max_body = 512;
    limits.max_decoded_body = 1024;
  }
  limits.require_host = (mode & 2) != 0;
  limits.decode_gzip = (mode & 4) == 0;
  const bool head = (mode & 8) != 0;
  const std::size_t max_piece = 1 + (mode >> 4);  // 1..16 bytes per piece

  const auto cuts = cuts_for(data.size(), seed, max_piece);

  std::vector<http::request> requests;
  const outcome whole_req =
      run<http::request_parser, http::request>(data, {}, limits, head, &requests);
  const outcome cut_req =
      run<http::request_parser, http::request>(data, cuts, limits, head, nullptr);
  check(whole_req == cut_req);
  check((whole_req.last == http::parse_event::error) == (whole_req.status != 0));

  const outcome whole_resp =
      run<http::response_parser, http::response>(data, {}, limits, head, nullptr);
  const outcome cut_resp =
      run<http::response_parser, http::response>(data, cuts, limits, head, nullptr);
  check(whole_resp == cut_resp);

  // What the parser accepted, the writer writes and the parser reads back the same.
  for (const auto& r : requests) {
    std::string wire;
    http::write_request(wire, r.method, r.target, "fuzz", {}, r.body);
    http::request_parser again;  // default limits are at least the fuzzing ones
    again.feed(wire);
    http::request back;
    check(again.next(back) == http::parse_event::message);
    check(back.method == r.method && back.target == r.target && back.body == r.body);
    (void)http::accepts_gzip(r.headers);
  }

  // The gzip helper on arbitrary bytes, with a small bound.
  std::string inflated;
  std::error_code ec;
  http::gzip_decompress(data, inflated, 4096, ec);
  check(ec || inflated.size() <= 4096);
  return 0;
}
