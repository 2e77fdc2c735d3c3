// SPDX-License-Identifier: MIT
#include <sockrpc/idl/error.hpp>

#include <sockrpc/detail/code_table.hpp>

namespace sockrpc::idl {
namespace {

constexpr detail::code_entry idl_texts[] = {
    {errc::syntax_error, "syntax error in interface file", std::errc::invalid_argument},
    {errc::invalid_interface, "invalid interface", std::errc::invalid_argument},
    {errc::limit_exceeded, "interface file exceeds a parser limit", std::errc::value_too_large},
};

}  // namespace

const std::error_category& category() noexcept {
  static const detail::code_table_category instance("sockrpc.idl", idl_texts, "unknown idl error");
  return instance;
}

}  // namespace sockrpc::idl
