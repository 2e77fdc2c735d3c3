// SPDX-License-Identifier: MIT
#include <sockrpc/idl/error.hpp>

#include <string>

namespace sockrpc::idl {
namespace {

class idl_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.idl"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::syntax_error:
        return "syntax error in interface file";
      case errc::invalid_interface:
        return "invalid interface";
      case errc::limit_exceeded:
        return "interface file exceeds a parser limit";
    }
    return "unknown idl error";
  }

  std::error_condition default_error_condition(int value) const noexcept override {
    switch (static_cast<errc>(value)) {
      case errc::syntax_error:
      case errc::invalid_interface:
        return std::errc::invalid_argument;
      case errc::limit_exceeded:
        return std::errc::value_too_large;
    }
    return {value, *this};
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const idl_category instance;
  return instance;
}

}  // namespace sockrpc::idl
