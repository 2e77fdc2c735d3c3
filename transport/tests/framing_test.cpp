// SPDX-License-Identifier: MIT
// The sans-I/O frame codecs: encoding, length_prefix_decoder and delimiter_decoder.
// Socket helpers (send_frame, recv_frame, delimited_reader) are in frame_io_test.cpp.
#include <sockrpc/transport/framing.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace sockrpc::transport;
using sockrpc::transport::errc;

std::span<const std::byte> bytes(std::string_view s) {
  return std::as_bytes(std::span(s));
}

std::string text(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Everything the decoder yields for `chunks` fed in order, via feed() or prepare()/commit().
std::vector<std::string> decode_frames(length_prefix_decoder& dec,
                                       const std::vector<std::string_view>& chunks,
                                       bool use_prepare) {
  std::vector<std::string> out;
  for (auto chunk : chunks) {
    if (use_prepare) {
      auto buf = dec.prepare(chunk.size());
      EXPECT_EQ(buf.size(), chunk.size());
      if (!chunk.empty()) std::memcpy(buf.data(), chunk.data(), chunk.size());
      dec.commit(chunk.size());
    } else {
      dec.feed(chunk);
    }
    while (auto f = dec.next_frame())
      out.push_back(text(*f));
  }
  return out;
}

std::string three_frames() {
  std::string wire;
  append_length_prefixed(wire, "hello");
  append_length_prefixed(wire, "");
  append_length_prefixed(wire, std::string(300, 'x'));
  return wire;
}

TEST(FramingTest, LengthPrefixIsFourBytesBigEndian) {
  const auto h = length_prefix(0x01020304);
  EXPECT_EQ(h, (std::array{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}}));
  EXPECT_EQ(read_length_prefix(h), 0x01020304u);
  EXPECT_EQ(encode_length_prefix(std::string_view("ab")), std::string("\0\0\0\2ab", 6));
  const auto v = encode_length_prefix(bytes("xyz"));
  EXPECT_EQ(text(v), std::string("\0\0\0\3xyz", 7));
}

TEST(FramingTest, LengthPrefixRefusesPayloadsOf4GiBOrMore) {
  std::error_code ec;
  length_prefix(std::size_t{1} << 32, ec);
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_EQ(ec, std::errc::message_size);
  length_prefix(0xFFFFFFFFu, ec);
  EXPECT_FALSE(ec);
  EXPECT_THROW(length_prefix(std::size_t{1} << 32), std::system_error);
}

TEST(FramingTest, DecoderYieldsFramesForEverySplitPoint) {
  const std::string wire = three_frames();
  const std::vector<std::string> expected{"hello", "", std::string(300, 'x')};
  for (bool use_prepare : {false, true}) {
    for (std::size_t k = 0; k <= wire.size(); ++k) {
      length_prefix_decoder dec;
      const std::string_view w(wire);
      EXPECT_EQ(decode_frames(dec, {w.substr(0, k), w.substr(k)}, use_prepare), expected)
          << "split at " << k;
      EXPECT_EQ(dec.buffered(), 0u);
    }
  }
}

TEST(FramingTest, DecoderYieldsFramesFedByteByByte) {
  const std::string wire = three_frames();
  std::vector<std::string_view> chunks;
  for (std::size_t i = 0; i < wire.size(); ++i)
    chunks.push_back(std::string_view(wire).substr(i, 1));
  for (bool use_prepare : {false, true}) {
    length_prefix_decoder dec;
    EXPECT_EQ(decode_frames(dec, chunks, use_prepare),
              (std::vector<std::string>{"hello", "", std::string(300, 'x')}));
  }
}

TEST(FramingTest, OversizeLengthPrefixIsRefusedBeforeAllocating) {
  length_prefix_decoder dec(1024 * 1024);
  std::error_code ec;
  dec.feed(std::string_view("\xFF\xFF\xFF\xFF", 4), ec);
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_TRUE(dec.failed());
  EXPECT_EQ(dec.wanted(), 0u);
  // Only the small initial buffer exists: nothing was reserved for the 4 GiB announced.
  EXPECT_LE(dec.capacity(), 4096u);
  // It stays failed: every later input reports the same error, nothing is buffered.
  dec.feed(std::string_view("abcd"), ec);
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_TRUE(dec.prepare(1 << 20).empty());
  EXPECT_LE(dec.capacity(), 4096u);
  EXPECT_THROW(dec.commit(0), std::system_error);
  EXPECT_FALSE(dec.next_frame());
  dec.reset();
  EXPECT_FALSE(dec.failed());
  dec.feed(encode_length_prefix(std::string_view("ok")));
  EXPECT_EQ(dec.next_frame_string(), "ok");
}

TEST(FramingTest, OversizeHeaderArrivingInPiecesIsRefused) {
  length_prefix_decoder dec(1024 * 1024);
  std::error_code ec;
  dec.feed(std::string_view("\x00\x10", 2), ec);
  EXPECT_FALSE(ec);
  dec.feed(std::string_view("\x00\x01", 2), ec);  // 0x00100001 = 1 MiB + 1
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_LE(dec.capacity(), 4096u);
}

TEST(FramingTest, LimitIsInclusive) {
  length_prefix_decoder dec(5);
  dec.feed(encode_length_prefix(std::string_view("12345")));
  EXPECT_EQ(dec.next_frame_string(), "12345");
  EXPECT_THROW(dec.feed(encode_length_prefix(std::string_view("123456"))), std::system_error);
  EXPECT_EQ(dec.error(), errc::frame_too_large);
}

TEST(FramingTest, FramesBeforeABadPrefixAreStillDelivered) {
  std::string wire;
  append_length_prefixed(wire, "good");
  wire += std::string_view("\x7F\x00\x00\x00", 4);
  length_prefix_decoder dec(100);
  std::error_code ec;
  dec.feed(wire, ec);
  EXPECT_EQ(ec, errc::frame_too_large);
  EXPECT_EQ(dec.next_frame_string(), "good");
  EXPECT_FALSE(dec.next_frame());
}

TEST(FramingTest, WantedCountsMissingHeaderThenPayloadBytes) {
  length_prefix_decoder dec;
  EXPECT_EQ(dec.wanted(), 4u);
  const std::string wire = encode_length_prefix(std::string_view("0123456789"));
  dec.feed(std::string_view(wire).substr(0, 2));
  EXPECT_EQ(dec.wanted(), 2u);
  dec.feed(std::string_view(wire).substr(2, 5));
  EXPECT_EQ(dec.wanted(), 7u);
  dec.feed(std::string_view(wire).substr(7));
  EXPECT_EQ(dec.wanted(), 0u);  // a complete frame is waiting
  EXPECT_EQ(dec.next_frame_string(), "0123456789");
  EXPECT_EQ(dec.wanted(), 4u);
}

TEST(FramingTest, DecoderGivesBackLargeBuffersWhenDrained) {
  length_prefix_decoder dec;
  const std::string big(1 << 20, 'b');
  dec.feed(encode_length_prefix(std::string_view(big)));
  EXPECT_GE(dec.capacity(), big.size());
  auto frame = dec.next_frame();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->size(), big.size());
  EXPECT_FALSE(dec.next_frame());
  EXPECT_EQ(dec.capacity(), 0u);
}

TEST(FramingTest, FrameViewStaysValidUntilTheNextCall) {
  length_prefix_decoder dec;
  std::string wire;
  append_length_prefixed(wire, "first");
  append_length_prefixed(wire, "second");
  dec.feed(wire);
  auto a = dec.next_frame();
  ASSERT_TRUE(a);
  EXPECT_EQ(text(*a), "first");
  EXPECT_EQ(dec.buffered(), 4u + 6u);
  EXPECT_EQ(dec.next_frame_string(), "second");
}

// ---- delimiter_decoder ---------------------------------------------------------------------

struct delimiter_case {
  const char* name;
  std::string delimiter;
  std::string wire;
  std::vector<std::string> messages;
  std::size_t left_over;
};

class DelimiterDecoderTest : public testing::TestWithParam<delimiter_case> {};

INSTANTIATE_TEST_SUITE_P(
    Cases, DelimiterDecoderTest,
    testing::Values(delimiter_case{"Lf", "\n", "one\ntwo\n\nthree", {"one", "two", ""}, 5},
                    delimiter_case{"Crlf",
                                   "\r\n",
                                   "GET / HTTP/1.1\r\nHost: a\r\n\r\nbody",
                                   {"GET / HTTP/1.1", "Host: a", ""},
                                   4},
                    delimiter_case{"CrlfWithLoneCr", "\r\n", "a\rb\r\nc\r", {"a\rb"}, 2},
                    delimiter_case{"SelfOverlapping", "aa", "xaaayaa", {"x", "ay"}, 0},
                    delimiter_case{
                        "Nul", std::string("\0", 1), std::string("p\0q\0", 4), {"p", "q"}, 0}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_P(DelimiterDecoderTest, SplitsMessagesForEverySplitPoint) {
  const auto& c = GetParam();
  for (std::size_t k = 0; k <= c.wire.size(); ++k) {
    delimiter_decoder dec(c.delimiter, 64);
    std::vector<std::string> got;
    const std::string_view w(c.wire);
    for (auto part : {w.substr(0, k), w.substr(k)}) {
      dec.feed(part);
      while (auto m = dec.next_message())
        got.emplace_back(*m);
    }
    EXPECT_EQ(got, c.messages) << "split at " << k;
    EXPECT_EQ(dec.buffered(), c.left_over);
  }
}

TEST_P(DelimiterDecoderTest, SplitsMessagesFedByteByByte) {
  const auto& c = GetParam();
  delimiter_decoder dec(c.delimiter, 64);
  std::vector<std::string> got;
  for (char ch : c.wire) {
    auto buf = dec.prepare(1);
    buf[0] = static_cast<std::byte>(ch);
    dec.commit(1);
    while (auto m = dec.next_message_string())
      got.push_back(*m);
  }
  EXPECT_EQ(got, c.messages);
}

TEST(DelimiterDecoderLimitTest, LongMessageFailsBeforeItsDelimiterArrives) {
  delimiter_decoder dec("\n", 8);
  std::error_code ec;
  dec.feed(std::string_view("12345678"), ec);  // exactly the limit: may still end here
  EXPECT_FALSE(ec);
  dec.feed(std::string_view("9"), ec);
  EXPECT_EQ(ec, errc::message_too_long);
  EXPECT_EQ(ec, std::errc::message_size);
  EXPECT_TRUE(dec.failed());
  dec.feed(std::string_view("\n"), ec);  // stays failed
  EXPECT_EQ(ec, errc::message_too_long);
  EXPECT_TRUE(dec.prepare(16).empty());
}

// The throwing forms, written once for both decoders, still name the decoder and the call.
template <class Decoder>
std::string thrown_by(Decoder& dec, bool by_feed) {
  try {
    if (by_feed) {
      dec.feed(std::string_view("x"));
    } else {
      dec.commit(0);
    }
  } catch (const sockrpc::error& e) {
    return e.what();
  }
  return "nothing thrown";
}

TEST(DelimiterDecoderLimitTest, ThrowingFormsNameTheDecoderAndTheCall) {
  length_prefix_decoder frames(1);
  EXPECT_THROW(frames.feed(std::string_view("\0\0\0\2", 4)), sockrpc::error);
  EXPECT_EQ(thrown_by(frames, true),
            "length_prefix_decoder::feed: frame larger than the configured maximum");
  EXPECT_EQ(thrown_by(frames, false),
            "length_prefix_decoder::commit: frame larger than the configured maximum");
  delimiter_decoder lines("\n", 1);
  EXPECT_THROW(lines.feed(std::string_view("abc")), sockrpc::error);
  EXPECT_EQ(thrown_by(lines, true),
            "delimiter_decoder::feed: message longer than the configured maximum");
  EXPECT_EQ(thrown_by(lines, false),
            "delimiter_decoder::commit: message longer than the configured maximum");
}

TEST(DelimiterDecoderLimitTest, CrlfLimitLeavesRoomForAPendingCr) {
  delimiter_decoder dec("\r\n", 4);
  std::error_code ec;
  dec.feed(std::string_view("abcd\r"), ec);  // the \r may start the delimiter
  EXPECT_FALSE(ec);
  dec.feed(std::string_view("\n"), ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(dec.next_message_string(), "abcd");
  dec.feed(std::string_view("abcd\rx"), ec);
  EXPECT_EQ(ec, errc::message_too_long);
}

TEST(DelimiterDecoderLimitTest, TooLongMessageWithDelimiterInTheSameChunkFails) {
  delimiter_decoder dec("\n", 3);
  std::error_code ec;
  dec.feed(std::string_view("ok\ntoo long\nnext\n"), ec);
  EXPECT_EQ(ec, errc::message_too_long);
  EXPECT_EQ(dec.next_message_string(), "ok");  // completed before the error
  EXPECT_FALSE(dec.next_message());
  EXPECT_THROW(dec.feed(std::string_view("x")), std::system_error);
  dec.reset();
  dec.feed(std::string_view("abc\n"));
  EXPECT_EQ(dec.next_message_string(), "abc");
}

TEST(DelimiterDecoderLimitTest, BufferedBytesShowWhatFollowsTheLastMessage) {
  delimiter_decoder dec("\r\n");
  dec.feed(std::string_view("HEAD\r\n\x01\x02"));
  EXPECT_EQ(dec.next_message_string(), "HEAD");
  EXPECT_EQ(text(dec.buffered_bytes()), "\x01\x02");
}

TEST(DelimiterDecoderLimitTest, EmptyDelimiterMeansNewline) {
  delimiter_decoder dec("");
  EXPECT_EQ(dec.delimiter(), "\n");
}

}  // namespace
