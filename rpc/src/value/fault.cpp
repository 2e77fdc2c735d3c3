// SPDX-License-Identifier: MIT
#include <sockrpc/rpc/value/fault.hpp>

#include <ostream>
#include <utility>

namespace sockrpc::rpc {

std::string to_string(const fault_info& f) {
  std::string out = "fault ";
  out += std::to_string(f.code);
  out += ": ";
  out += f.message;
  return out;
}

std::ostream& operator<<(std::ostream& os, const fault_info& f) {
  return os << to_string(f);
}
void PrintTo(const fault_info& f, std::ostream* os) {
  *os << to_string(f);
}

fault::fault(int code, std::string message) : fault(fault_info{code, std::move(message)}) {}

fault::fault(fault_info info)
    : sockrpc::error(make_error_code(errc::fault), to_string(info)),
      info_(std::make_shared<const fault_info>(std::move(info))) {}

value convert<fault_info>::to_value(const fault_info& f) {
  members m;
  m.reserve(2);
  m.emplace_back("faultCode", static_cast<std::int32_t>(f.code));
  m.emplace_back("faultString", f.message);
  return value(std::move(m));
}

fault_info convert<fault_info>::from_value(const value& v) {
  const members& m = detail::expect_struct(v);
  const value* code = m.find("faultCode");
  if (code == nullptr) detail::throw_missing("faultCode");
  const value* message = m.find("faultString");
  if (message == nullptr) detail::throw_missing("faultString");
  fault_info out;
  out.code = detail::at_member("faultCode", [&] { return rpc::from_value<int>(*code); });
  out.message =
      detail::at_member("faultString", [&] { return rpc::from_value<std::string>(*message); });
  return out;
}

}  // namespace sockrpc::rpc
