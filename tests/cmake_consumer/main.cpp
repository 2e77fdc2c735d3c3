// Links against the installed (or in-tree) sockrpc and uses each layer once.
#include <sockrpc/error.hpp>

#include <cstdio>
#include <system_error>

int main() {
  std::error_code ec = sockrpc::errc::timeout;
  if (ec != std::errc::timed_out) return 1;
  std::puts("cmake consumer: ok");
  return 0;
}
