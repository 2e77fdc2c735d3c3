// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace sockrpc_test {

/// A uniquely named path in the system's temporary directory (`stem` and a unique suffix),
/// removed with whatever it holds when the object is destroyed. Base of temp_file and
/// temp_dir, which create the file or directory.
class temp_path {
 public:
  temp_path(const temp_path&) = delete;
  temp_path& operator=(const temp_path&) = delete;
  ~temp_path() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 protected:
  /// The template for mkstemp/mkdtemp: `stem` and "_XXXXXX".
  explicit temp_path(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() / (stem + "_XXXXXX")).string()) {}

  std::string path_;
};

/// A new, empty, uniquely named file in the system's temporary directory, removed when the
/// object is destroyed. Throws std::system_error when the file cannot be created.
class temp_file : public temp_path {
 public:
  /// `stem` starts the file name; a unique suffix follows.
  explicit temp_file(const std::string& stem) : temp_path(stem) {
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) throw std::system_error(errno, std::system_category(), "mkstemp");
    ::close(fd);
  }
};

/// A new, empty, uniquely named directory in the system's temporary directory, removed
/// with its contents when the object is destroyed (a place for Unix socket files). Throws
/// std::system_error when the directory cannot be created.
class temp_dir : public temp_path {
 public:
  /// `stem` starts the directory name; a unique suffix follows.
  explicit temp_dir(const std::string& stem) : temp_path(stem) {
    if (::mkdtemp(path_.data()) == nullptr)
      throw std::system_error(errno, std::system_category(), "mkdtemp");
  }

  /// `path()/name`.
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }
};

}  // namespace sockrpc_test
