// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/error.hpp>

namespace sockrpc::rpc {
namespace {

class rpc_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sockrpc.rpc"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::xml_parse_error:
        return "XML parse error";
      case errc::invalid_document:
        return "invalid XML-RPC document";
      case errc::limit_exceeded:
        return "limit exceeded";
      case errc::type_mismatch:
        return "type mismatch";
      case errc::unrepresentable:
        return "value cannot be represented in XML-RPC";
      case errc::protocol_error:
        return "protocol error";
      case errc::http_status:
        return "unexpected HTTP status";
      case errc::unavailable:
        return "service unavailable";
      case errc::cancelled:
        return "operation cancelled";
      case errc::fault:
        return "fault answer";
    }
    return "unknown rpc error";
  }

  std::error_condition default_error_condition(int value) const noexcept override {
    switch (static_cast<errc>(value)) {
      case errc::cancelled:
        return std::errc::operation_canceled;
      case errc::protocol_error:
      case errc::xml_parse_error:
      case errc::invalid_document:
        return std::errc::protocol_error;
      case errc::limit_exceeded:
        return std::errc::value_too_large;
      case errc::type_mismatch:
        return std::errc::invalid_argument;
      case errc::unrepresentable:
        return std::errc::illegal_byte_sequence;
      case errc::unavailable:
        return std::errc::resource_unavailable_try_again;
      case errc::http_status:
      case errc::fault:
        break;
    }
    return {value, *this};
  }

  bool equivalent(int value, const std::error_condition& cond) const noexcept override {
    if (cond.category() == condition_category()) {
      switch (static_cast<condition>(cond.value())) {
        case condition::protocol_failure:
          return value == static_cast<int>(errc::xml_parse_error) ||
                 value == static_cast<int>(errc::invalid_document) ||
                 value == static_cast<int>(errc::limit_exceeded) ||
                 value == static_cast<int>(errc::protocol_error) ||
                 value == static_cast<int>(errc::http_status);
        case condition::fault:
          return value == static_cast<int>(errc::fault);
        case condition::transport_failure:
          return false;
      }
      return false;
    }
    return default_error_condition(value) == cond;
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const rpc_category instance;
  return instance;
}

}  // namespace sockrpc::rpc
