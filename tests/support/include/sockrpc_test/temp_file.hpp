// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>
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

/// A new, empty, uniquely named directory in the system's temporary directory, removed
/// with its contents when the object is destroyed (a place for Unix socket files). Throws
/// std::system_error when the directory cannot be created.
class temp_dir {
 public:
  /// `stem` starts the directory name; a unique suffix follows.
  explicit temp_dir(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() / (stem + "_XXXXXX")).string()) {
    if (::mkdtemp(path_.data()) == nullptr)
      throw std::system_error(errno, std::system_category(), "mkdtemp");
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// `path()/name`.
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace sockrpc_test
