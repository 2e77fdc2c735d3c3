// SPDX-License-Identifier: MIT
#include <sockrpc/idl/error.hpp>

#include <sockrpc/detail/code_table.hpp>

namespace sockrpc::idl {
namespace {

constexpr detail::code_entry idl_texts[] = {
    {static_cast<int>(errc::syntax_error), "syntax error in interface file",
     std::errc::invalid_argument},
    {static_cast<int>(errc::invalid_interface), "invalid interface", std::errc::invalid_argument},
    {static_cast<int>(errc::limit_exceeded), "interface file exceeds a parser limit",
     std::errc::value_too_large},
};

class idl_category final : public detail::code_table_category {
 public:
  constexpr idl_category() noexcept
      : code_table_category("sockrpc.idl", idl_texts, "unknown idl error") {}
};

}  // namespace

const std::error_category& category() noexcept {
  static const idl_category instance;
  return instance;
}

}  // namespace sockrpc::idl
