// SPDX-License-Identifier: MIT
// sockrpc: the XML-RPC command-line client (docs/programs.md "sockrpc").
//
//   sockrpc call [--timeout S] [--user U:P] URL METHOD [ARG...]
//                                                    result as one line of JSON
//   sockrpc list [--timeout S] [--user U:P] URL      method names, one a line
//   sockrpc idl [--timeout S] [--user U:P] [--package P] [-o FILE] URL
//                                                    the server's interface as IDL
//
// Exit codes: 0 success, 1 fault, 2 transport or protocol error, 64 bad usage.
#include "sockrpc_json.hpp"

#include "command_line.hpp"

#include <sockrpc/rpc/client/client.hpp>
#include <sockrpc/transport/error.hpp>

#ifdef SOCKRPC_HAVE_IDL
#include <sockrpc/idl/introspect.hpp>
#include <sockrpc/idl/parser.hpp>
#endif

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace rpc = sockrpc::rpc;
namespace cli = sockrpc::cli;

constexpr int exit_ok = 0;
constexpr int exit_fault = 1;
constexpr int exit_failure = 2;
using sockrpc::support::exit_usage;

constexpr const char* usage_text =
    "usage: sockrpc call [--timeout S] [--user USER:PASS] URL METHOD [ARG...]\n"
    "       sockrpc list [--timeout S] [--user USER:PASS] URL\n"
#ifdef SOCKRPC_HAVE_IDL
    "       sockrpc idl [--timeout S] [--user USER:PASS] [--package P] [-o FILE] URL\n"
#endif
    "URL is http://[USER:PASS@]HOST:PORT/PATH or tcp://HOST:PORT (IPv6 hosts in brackets), or\n"
    "unix:///ABS/PATH (HTTP) or framed+unix:///ABS/PATH on a Unix domain socket.\n"
    "Each ARG is JSON ({\"$base64\": \"..\"} and {\"$datetime\": \"YYYYMMDDTHH:MM:SS\"} for\n"
    "base64 and dateTime.iso8601); an ARG that is not valid JSON is a string.\n";

int usage_error(const std::string& message) {
  std::cerr << "sockrpc: " << message << '\n' << usage_text;
  return exit_usage;
}

// How a failed call is labelled: a transport failure or (anything else) a protocol error.
const char* failure_prefix(const std::error_code& ec) {
  return ec == sockrpc::condition::transport_failure ? "transport error: " : "protocol error: ";
}

// --user USER:PASS: split at the first colon; USER not empty. Never echoed (a password).
constexpr const char* bad_user_text = "--user: want USER:PASS with a non-empty USER";

bool valid_user(const std::string& user) {
  const auto colon = user.find(':');
  return user.empty() || (colon != 0 && colon != std::string::npos);
}

void add_user_option(sockrpc::support::command& cmd, std::string& into) {
  cmd.add("--user", into, "HTTP basic credentials USER:PASS (instead of the URL's)");
}

// Sends basic credentials from --user (checked by valid_user), when given.
void set_user(rpc::client& client, const std::string& user) {
  if (user.empty()) return;
  const auto colon = user.find(':');
  client.set_basic_auth(user.substr(0, colon), user.substr(colon + 1));
}

struct invocation {
  double timeout_seconds = 30;
  std::string user;                // --user USER:PASS; empty: none (the URL's, if any)
  std::vector<std::string> words;  // URL [METHOD ARG...], everything after the options
};

// Runs one call, printing as the contract asks; returns the exit code.
template <class Print>
int run_call(const invocation& inv, const std::string& method,
             const std::vector<rpc::value>& params, Print print) {
  try {
    rpc::client client(inv.words[0]);
    const auto timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(inv.timeout_seconds));
    client.set_timeout(timeout).set_connect_timeout(timeout).set_max_idle_connections(0);
    set_user(client, inv.user);
    sockrpc::status failed;
    const rpc::call_result r = client.try_call_value(method, params, failed);
    if (failed) {
      std::cerr << failure_prefix(failed.code()) << failed.message() << '\n';
      return exit_failure;
    }
    if (r.is_fault()) {
      std::cerr << "fault " << r.fault().code << ": " << r.fault().message << '\n';
      return exit_fault;
    }
    return print(r.result());
  } catch (const std::system_error& e) {
    if (e.code() == sockrpc::transport::errc::bad_address)
      return usage_error(std::string("bad URL: ") + e.what());
    std::cerr << "protocol error: " << e.what() << '\n';
    return exit_failure;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_failure;
  }
}

#ifdef SOCKRPC_HAVE_IDL
// ---- idl: the server's interface from its introspection methods ------------------------

struct idl_invocation {
  double timeout_seconds = 30;
  std::string user;
  std::string url;
  std::string package;
  std::string output;  // "" = stdout
};

sockrpc::support::command add_idl(sockrpc::support::command& app, idl_invocation& inv) {
  auto cmd = app.add_subcommand(
      "idl",
      "write the server's interface as IDL (system.listMethods, methodSignature, methodHelp)");
  cmd.add("--timeout", inv.timeout_seconds, "timeout of each call in seconds (30)");
  add_user_option(cmd, inv.user);
  cmd.add("--package", inv.package, "package of the written IDL");
  cmd.add("-o,--output", inv.output, "write to FILE instead of stdout");
  cmd.add("URL", inv.url, "the server").required();
  return cmd;
}

int run_idl(const idl_invocation& inv) {
  namespace idl = sockrpc::idl;
  std::string text;
  try {
    rpc::client client(inv.url);
    const auto timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(inv.timeout_seconds));
    client.set_timeout(timeout).set_connect_timeout(timeout);
    set_user(client, inv.user);
    idl::introspection_options options;
    options.package = inv.package;
    text = idl::print(idl::from_introspection(client, options));
  } catch (const rpc::fault& f) {
    std::cerr << "fault " << f.code() << ": " << f.message() << '\n';
    return exit_fault;
  } catch (const std::system_error& e) {
    if (e.code() == sockrpc::transport::errc::bad_address)
      return usage_error(std::string("bad URL: ") + e.what());
    std::cerr << failure_prefix(e.code()) << e.what() << '\n';
    return exit_failure;
  } catch (const std::exception& e) {  // e.g. listMethods answered something odd
    std::cerr << "protocol error: " << e.what() << '\n';
    return exit_failure;
  }
  if (inv.output.empty()) {
    std::cout << text << std::flush;
    return exit_ok;
  }
  std::ofstream out(inv.output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "error: cannot write " << inv.output << '\n';
    return exit_failure;
  }
  return exit_ok;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  sockrpc::support::command_line app{"sockrpc: call XML-RPC methods over HTTP or framed TCP",
                                     "sockrpc"};
  app.show_defaults(false);  // the help texts name the defaults
  app.require_subcommand(1);
  invocation call_inv;
  invocation list_inv;
  // prefix_command: the first word that is not an option and everything after it are
  // kept as given, so arguments such as -5 or --x reach the JSON mapping untouched.
  auto call = app.add_subcommand("call", "call METHOD with JSON arguments; print the result");
  call.add("--timeout", call_inv.timeout_seconds, "whole-call timeout in seconds (30)");
  add_user_option(call, call_inv.user);
  call.prefix_command();
  auto list = app.add_subcommand("list", "print the server's method names, one a line");
  list.add("--timeout", list_inv.timeout_seconds, "whole-call timeout in seconds (30)");
  add_user_option(list, list_inv.user);
  list.prefix_command();
#ifdef SOCKRPC_HAVE_IDL
  idl_invocation idl_inv;
  auto idl = add_idl(app, idl_inv);
#endif

  const auto parsed = app.parse(argc, argv);
  if (parsed.status == sockrpc::support::parse_result::kind::help) {
    std::cout << app.help() << usage_text;
    return exit_ok;
  }
  if (!parsed) return usage_error(parsed.message);

  for (double t : {call_inv.timeout_seconds, list_inv.timeout_seconds}) {
    if (!(t > 0) || t > 1e9) return usage_error("--timeout: want a positive number of seconds");
  }
  for (const std::string* user : {&call_inv.user, &list_inv.user}) {
    if (!valid_user(*user)) return usage_error(bad_user_text);
  }
#ifdef SOCKRPC_HAVE_IDL
  if (idl.parsed()) {
    const double t = idl_inv.timeout_seconds;
    if (!(t > 0) || t > 1e9) return usage_error("--timeout: want a positive number of seconds");
    if (!valid_user(idl_inv.user)) return usage_error(bad_user_text);
    return run_idl(idl_inv);
  }
#endif

  if (call.parsed()) {
    call_inv.words = call.remaining();
    if (call_inv.words.size() < 2) return usage_error("call needs URL and METHOD");
    if (call_inv.words[0].starts_with("-"))
      return usage_error("unknown option " + call_inv.words[0]);
    std::vector<rpc::value> params;
    try {
      for (std::size_t i = 2; i < call_inv.words.size(); ++i)
        params.push_back(cli::argument_to_value(call_inv.words[i]));
    } catch (const cli::mapping_error& e) {
      return usage_error(std::string("bad argument: ") + e.what());
    }
    return run_call(call_inv, call_inv.words[1], params, [](const rpc::value& v) {
      std::cout << cli::value_to_json(v) << '\n' << std::flush;
      return exit_ok;
    });
  }

  list_inv.words = list.remaining();
  if (list_inv.words.size() != 1) return usage_error("list needs exactly one URL");
  if (list_inv.words[0].starts_with("-")) return usage_error("unknown option " + list_inv.words[0]);
  return run_call(list_inv, "system.listMethods", {}, [](const rpc::value& v) {
    if (!v.is_array()) {
      std::cerr << "protocol error: system.listMethods did not return an array\n";
      return exit_failure;
    }
    for (const auto& name : v.as_array()) {
      if (!name.is_string()) {
        std::cerr << "protocol error: system.listMethods returned a non-string\n";
        return exit_failure;
      }
    }
    for (const auto& name : v.as_array())
      std::cout << name.as_string() << '\n';
    std::cout << std::flush;
    return exit_ok;
  });
}
