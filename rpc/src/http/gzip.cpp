// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/http/codec.hpp>

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <new>

namespace sockrpc::rpc::http {

namespace {

// windowBits 15 + 16 selects the gzip wrapper (RFC 1952) in deflateInit2/inflateInit2.
constexpr int gzip_window_bits = 15 + 16;
// zlib's avail_in/avail_out are 32-bit; feed and drain large buffers in steps.
constexpr std::size_t zlib_step = std::size_t{1} << 30;

// A z_stream set up by `init` (a call of inflateInit2 or deflateInit2 on it) and, if that
// succeeded, ended by `End` (inflateEnd or deflateEnd) on destruction.
template <int (*End)(z_streamp)>
class zlib_stream {
 public:
  template <class Init>
  explicit zlib_stream(Init init) noexcept {
    ok_ = init(z_) == Z_OK;
  }
  ~zlib_stream() {
    if (ok_) End(&z_);
  }
  zlib_stream(const zlib_stream&) = delete;
  zlib_stream& operator=(const zlib_stream&) = delete;
  [[nodiscard]] bool ok() const noexcept { return ok_; }
  z_stream& stream() noexcept { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

std::string gzip_compress(std::string_view data, int level) {
  level = std::clamp(level, 1, 9);
  zlib_stream<deflateEnd> d([level](z_stream& z) {
    return deflateInit2(&z, level, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY);
  });
  if (!d.ok()) throw std::bad_alloc();
  z_stream& z = d.stream();
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(std::min(data.size(), zlib_step))) + 32);
  std::size_t produced = 0;
  auto* next = reinterpret_cast<const Bytef*>(data.data());
  std::size_t left = data.size();
  for (;;) {
    const std::size_t in_now = std::min(left, zlib_step);
    z.next_in = const_cast<Bytef*>(next);  // zlib's API is not const-correct
    z.avail_in = static_cast<uInt>(in_now);
    const int flush = in_now == left ? Z_FINISH : Z_NO_FLUSH;
    int rc = Z_OK;
    do {
      if (produced == out.size()) out.resize(out.size() * 2);
      const std::size_t room = std::min(out.size() - produced, zlib_step);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      z.avail_out = static_cast<uInt>(room);
      rc = deflate(&z, flush);
      produced += room - z.avail_out;
      if (rc == Z_STREAM_ERROR) throw std::bad_alloc();  // cannot happen with valid state
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    next += in_now;
    left -= in_now;
    if (flush == Z_FINISH) break;
  }
  out.resize(produced);
  return out;
}

void gzip_decompress(std::string_view data, std::string& out, std::size_t max_size) {
  std::error_code ec;
  gzip_decompress(data, out, max_size, ec);
  sockrpc::detail::throw_if(ec, "gzip_decompress");
}

void gzip_decompress(std::string_view data, std::string& out, std::size_t max_size,
                     std::error_code& ec) noexcept {
  ec.clear();
  out.clear();
  try {
    auto* next = reinterpret_cast<const Bytef*>(data.data());
    std::size_t left = data.size();
    if (left == 0) {
      ec = errc::protocol_error;  // an empty body is not a gzip member
      return;
    }
    // Start with a guess (typical XML compresses 4..10x), grow geometrically up to max_size.
    out.resize(std::min(max_size, std::max<std::size_t>(data.size() * 4, 256)));
    std::size_t produced = 0;
    while (left > 0) {  // one iteration per gzip member (RFC 1952 allows several)
      zlib_stream<inflateEnd> inf([](z_stream& z) { return inflateInit2(&z, gzip_window_bits); });
      if (!inf.ok()) {
        ec = std::make_error_code(std::errc::not_enough_memory);
        return;
      }
      z_stream& z = inf.stream();
      int rc = Z_OK;
      while (rc != Z_STREAM_END) {
        if (produced == out.size()) {
          if (out.size() >= max_size) {
            // Full: only acceptable if the member ends without producing more output.
            char probe = 0;
            z.next_out = reinterpret_cast<Bytef*>(&probe);
            z.avail_out = 1;
            const std::size_t in_now = std::min(left, zlib_step);
            z.next_in = const_cast<Bytef*>(next);
            z.avail_in = static_cast<uInt>(in_now);
            rc = inflate(&z, Z_NO_FLUSH);
            next += in_now - z.avail_in;
            left -= in_now - z.avail_in;
            if (z.avail_out == 0) {
              ec = errc::limit_exceeded;
              return;
            }
            if (rc == Z_STREAM_END) break;
            if (rc != Z_OK) {
              ec = errc::protocol_error;
              return;
            }
            if (left == 0) {
              ec = errc::protocol_error;  // truncated
              return;
            }
            continue;
          }
          out.resize(std::min(max_size, std::max(out.size() * 2, out.size() + 1)));
        }
        const std::size_t room = std::min(out.size() - produced, zlib_step);
        const std::size_t in_now = std::min(left, zlib_step);
        z.next_in = const_cast<Bytef*>(next);
        z.avail_in = static_cast<uInt>(in_now);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        z.avail_out = static_cast<uInt>(room);
        rc = inflate(&z, Z_NO_FLUSH);
        produced += room - z.avail_out;
        next += in_now - z.avail_in;
        left -= in_now - z.avail_in;
        if (rc == Z_STREAM_END) break;
        if (rc == Z_BUF_ERROR && z.avail_out != 0) {
          ec = errc::protocol_error;  // no progress with room to write: truncated input
          return;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
          ec = errc::protocol_error;  // Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR
          return;
        }
        if (left == 0 && z.avail_out != 0) {
          ec = errc::protocol_error;  // truncated
          return;
        }
      }
    }
    out.resize(produced);
  } catch (const std::bad_alloc&) {
    ec = std::make_error_code(std::errc::not_enough_memory);
  }
}

}  // namespace sockrpc::rpc::http
