// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace sockrpc_test {

/// A new, empty, uniquely named file in the system's temporary directory, removed when the
/// object is destroyed. Throws std::system_error when the file cannot be created.
class temp_file {
 public:
  /// `stem` starts the file name; a unique suffix follows.
  explicit temp_file(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() / (stem + "_XXXXXX")).string()) {
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) throw std::system_error(errno, std::system_category(), "mkstemp");
    ::close(fd);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace sockrpc_test
