// SPDX-License-Identifier: MIT
#include <sockrpc/idl/parser.hpp>

#include "detail/check.hpp"

#include <tao/pegtl.hpp>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

// The grammar (docs/idl.md gives it in EBNF). Every token is followed by `skip`
// (whitespace and comments), so alternatives are decided on a token's first characters
// before any whitespace is consumed and no action runs twice. Once a construct is
// recognised by its first token, the rest is wrapped in must<>: a mismatch is an error at
// once, with the message of the rule that failed (error_message below), never a silent
// backtrack. The actions build the AST; semantic checks run afterwards (detail::check).
namespace sockrpc::idl {
namespace {
namespace pegtl = tao::pegtl;

namespace grammar {
using namespace tao::pegtl;

// ---- whitespace and comments --------------------------------------------------------
struct doc_comment : seq<string<'/', '/', '/'>, not_at<one<'/'>>, until<eolf>> {};
struct line_comment : seq<two<'/'>, until<eolf>> {};
struct block_comment : seq<string<'/', '*'>, until<string<'*', '/'>>> {};
struct unterminated_comment : string<'/', '*'> {};  // its action reports it
struct skip
    : star<sor<plus<space>, doc_comment, line_comment, block_comment, unterminated_comment>> {};

template <class Rule>
struct tok : seq<Rule, skip> {};

// ---- punctuation (each its own type: the actions and messages tell them apart) ------
struct semi_char : one<';'> {};
struct semi : tok<semi_char> {};
struct colon : tok<one<':'>> {};
struct comma : tok<one<','>> {};
struct equals : tok<one<'='>> {};
struct langle : tok<one<'<'>> {};
struct rangle : tok<one<'>'>> {};
struct lparen : tok<one<'('>> {};
struct rparen : tok<one<')'>> {};
struct arrow : tok<string<'-', '>'>> {};
struct lbrace_char : one<'{'> {};
struct lbrace : tok<lbrace_char> {};
struct rbrace_char : one<'}'> {};
struct struct_end : tok<rbrace_char> {};
struct service_end : tok<rbrace_char> {};
struct ellipsis : tok<string<'.', '.', '.'>> {};

// ---- keywords and names --------------------------------------------------------------
struct kw_package : tok<TAO_PEGTL_KEYWORD("package")> {};
struct kw_struct : tok<TAO_PEGTL_KEYWORD("struct")> {};
struct kw_fault : tok<TAO_PEGTL_KEYWORD("fault")> {};
struct kw_service : tok<TAO_PEGTL_KEYWORD("service")> {};
struct kw_raises : tok<TAO_PEGTL_KEYWORD("raises")> {};
struct kw_as : tok<TAO_PEGTL_KEYWORD("as")> {};
struct kw_list : TAO_PEGTL_KEYWORD("list") {};
struct kw_map : TAO_PEGTL_KEYWORD("map") {};
struct kw_optional : TAO_PEGTL_KEYWORD("optional") {};

struct package_name : seq<identifier, star<one<'.'>, identifier>> {};
struct struct_name : identifier {};
struct field_name : identifier {};
struct fault_name : identifier {};
struct service_name : identifier {};
struct method_name : identifier {};
struct param_name : identifier {};
struct raised_name : identifier {};
struct simple_type : identifier {};

struct package_name_tok : tok<package_name> {};
struct struct_name_tok : tok<struct_name> {};
struct fault_name_tok : tok<fault_name> {};
struct service_name_tok : tok<service_name> {};
struct raised_name_tok : tok<raised_name> {};

struct fault_code : seq<opt<one<'-'>>, plus<digit>> {};
struct fault_code_tok : tok<fault_code> {};

// A quoted XML-RPC name: printable characters other than '"' and '\'.
struct string_chars : star<not_one<'"', '\\', '\n', '\r', '\t'>> {};
struct close_quote : one<'"'> {};
struct service_alias : seq<one<'"'>, string_chars, must<close_quote>> {};
struct method_alias : seq<one<'"'>, string_chars, must<close_quote>> {};
struct service_alias_tok : tok<service_alias> {};
struct method_alias_tok : tok<method_alias> {};

// ---- types ---------------------------------------------------------------------------
struct type;
struct list_type : seq<tok<kw_list>, must<langle>, must<type>, must<rangle>> {};
struct map_type
    : seq<tok<kw_map>, must<langle>, must<type>, must<comma>, must<type>, must<rangle>> {};
struct optional_type : seq<tok<kw_optional>, must<langle>, must<type>, must<rangle>> {};
struct type : sor<list_type, map_type, optional_type, tok<simple_type>> {};

// ---- declarations --------------------------------------------------------------------
struct package_decl : seq<kw_package, must<package_name_tok>, must<semi>> {};

struct field : seq<tok<field_name>, must<colon>, must<type>, must<semi>> {};
struct struct_decl
    : seq<kw_struct, must<struct_name_tok>, must<lbrace>, star<field>, must<struct_end>> {};

struct fault_decl
    : seq<kw_fault, must<fault_name_tok>, must<equals>, must<fault_code_tok>, must<semi>> {};

struct param : seq<tok<param_name>, must<colon>, must<type>> {};
struct params : sor<ellipsis, seq<param, star<comma, must<param>>>> {};
struct raises_clause : seq<kw_raises, must<raised_name_tok>, star<comma, must<raised_name_tok>>> {};
struct method_as : seq<kw_as, must<method_alias_tok>> {};
struct method : seq<tok<method_name>, must<lparen>, opt<params>, must<rparen>, must<arrow>,
                    must<type>, opt<raises_clause>, opt<method_as>, must<semi>> {};
struct service_as : seq<kw_as, must<service_alias_tok>> {};
struct service_decl : seq<kw_service, must<service_name_tok>, opt<service_as>, must<lbrace>,
                          star<method>, must<service_end>> {};

struct declaration : sor<struct_decl, fault_decl, service_decl> {};
struct file_end : eof {};
struct file : seq<skip, opt<package_decl>, star<declaration>, must<file_end>> {};

// ---- error messages of the rules under must<> ------------------------------------------
template <class Rule>
inline constexpr const char* error_message = nullptr;
template <>
inline constexpr auto error_message<semi> = "expected ';'";
template <>
inline constexpr auto error_message<colon> = "expected ':'";
template <>
inline constexpr auto error_message<comma> = "expected ','";
template <>
inline constexpr auto error_message<equals> = "expected '='";
template <>
inline constexpr auto error_message<langle> = "expected '<'";
template <>
inline constexpr auto error_message<rangle> = "expected '>'";
template <>
inline constexpr auto error_message<lparen> = "expected '('";
template <>
inline constexpr auto error_message<rparen> = "expected ')'";
template <>
inline constexpr auto error_message<arrow> = "expected '->' and a result type";
template <>
inline constexpr auto error_message<lbrace> = "expected '{'";
template <>
inline constexpr auto error_message<struct_end> = "expected a member name or '}'";
template <>
inline constexpr auto error_message<service_end> = "expected a method name or '}'";
template <>
inline constexpr auto error_message<type> = "expected a type";
template <>
inline constexpr auto error_message<package_name_tok> = "expected a package name";
template <>
inline constexpr auto error_message<struct_name_tok> = "expected a struct name";
template <>
inline constexpr auto error_message<fault_name_tok> = "expected a fault name";
template <>
inline constexpr auto error_message<service_name_tok> = "expected a service name";
template <>
inline constexpr auto error_message<raised_name_tok> = "expected a fault name";
template <>
inline constexpr auto error_message<fault_code_tok> = "expected an integer fault code";
template <>
inline constexpr auto error_message<param> = "expected a parameter name";
template <>
inline constexpr auto error_message<close_quote> = "expected '\"'";
template <>
inline constexpr auto error_message<service_alias_tok> = "expected a quoted name prefix";
template <>
inline constexpr auto error_message<method_alias_tok> = "expected a quoted method name";
template <>
inline constexpr auto error_message<file_end> = "expected 'struct', 'fault' or 'service'";

struct errors {
  template <class Rule>
  static constexpr const char* message = error_message<Rule>;
  // Only must<> raises: a rule with a message may still fail quietly elsewhere (the comma
  // ending a parameter list, a parameter in an empty list).
  template <class Rule>
  static constexpr bool raise_on_failure = false;
};
template <class Rule>
using control = must_if<errors>::control<Rule>;

}  // namespace grammar

// ---- actions -----------------------------------------------------------------------------

/// What the actions build: the document and the declarations under construction.
struct state {
  document doc;
  std::string pending_doc;      // `///` lines seen since the last declaration or ';' / '{' / '}'
  std::vector<type_ref> types;  // operands of the type being parsed (generics nest)
  std::string name;             // last field / parameter name
  source_location name_loc;
  std::vector<source_location> raise_locs;  // of each name after `raises`, for detail::check

  source_location at(const pegtl::position& p) const {
    return {doc.file, static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  std::string take_doc() { return std::exchange(pending_doc, {}); }
  type_ref pop_type() {
    type_ref t = std::move(types.back());
    types.pop_back();
    return t;
  }
};

template <class Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<grammar::doc_comment> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    std::string_view line = in.string_view().substr(3);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!s.pending_doc.empty()) s.pending_doc += '\n';
    s.pending_doc += line;
  }
};

/// Punctuation that ends a declaration's head or body: a doc comment before it belongs to
/// nothing and is dropped.
struct drop_doc {
  template <class Input>
  static void apply(const Input&, state& s) {
    s.pending_doc.clear();
  }
};
// On the character, not the token: the token's trailing skip collects the next docs.
template <>
struct action<grammar::semi_char> : drop_doc {};
template <>
struct action<grammar::lbrace_char> : drop_doc {};
template <>
struct action<grammar::rbrace_char> : drop_doc {};

template <>
struct action<grammar::unterminated_comment> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    throw parse_error(errc::syntax_error, s.at(in.position()), "unterminated comment");
  }
};

/// Rejects C++ keywords (the names become C++ identifiers) and the language's own words.
template <class Input>
std::string checked_name(const Input& in, const state& s, std::string_view what) {
  std::string name = in.string();
  if (detail::is_reserved(name)) {
    throw parse_error(errc::invalid_interface, s.at(in.position()),
                      "'" + name + "' is a reserved word and cannot be " + std::string(what));
  }
  return name;
}

template <>
struct action<grammar::package_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    const std::string text = in.string();
    std::size_t begin = 0;
    for (;;) {
      const std::size_t dot = text.find('.', begin);
      const std::string part = text.substr(begin, dot - begin);
      if (detail::is_reserved(part)) {
        auto loc = s.at(in.position());
        loc.column += static_cast<int>(begin);
        throw parse_error(errc::invalid_interface, loc,
                          "'" + part + "' is a reserved word and cannot be a package name");
      }
      if (dot == std::string::npos) break;
      begin = dot + 1;
    }
    s.doc.package = text;
  }
};

template <>
struct action<grammar::struct_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    struct_decl d;
    d.name = checked_name(in, s, "a struct name");
    d.loc = s.at(in.position());
    d.doc = s.take_doc();
    s.doc.structs.push_back(std::move(d));
  }
};

/// Field and parameter names: remembered until the type after them is parsed.
struct remember_name {
  template <class Input>
  static void apply(const Input& in, state& s) {
    s.name = checked_name(in, s, "a name");
    s.name_loc = s.at(in.position());
  }
};
template <>
struct action<grammar::field_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    remember_name::apply(in, s);
    s.doc.structs.back().fields.push_back(field_decl{s.name, {}, s.take_doc(), s.name_loc});
  }
};
template <>
struct action<grammar::param_name> : remember_name {};

template <>
struct action<grammar::field> {
  template <class Input>
  static void apply(const Input&, state& s) {
    s.doc.structs.back().fields.back().type = s.pop_type();
  }
};

template <>
struct action<grammar::fault_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    fault_decl f;
    f.name = checked_name(in, s, "a fault name");
    f.loc = s.at(in.position());
    f.doc = s.take_doc();
    s.doc.faults.push_back(std::move(f));
  }
};

template <>
struct action<grammar::fault_code> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    const std::string text = in.string();
    errno = 0;
    char* end = nullptr;
    const long long code = std::strtoll(text.c_str(), &end, 10);
    if (errno == ERANGE || code < std::numeric_limits<std::int32_t>::min() ||
        code > std::numeric_limits<std::int32_t>::max()) {
      throw parse_error(errc::invalid_interface, s.at(in.position()),
                        "fault code " + text + " is not a 32-bit integer");
    }
    s.doc.faults.back().code = static_cast<std::int32_t>(code);
  }
};

template <>
struct action<grammar::service_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    service_decl d;
    d.name = checked_name(in, s, "a service name");
    d.prefix = d.name;
    d.loc = s.at(in.position());
    d.doc = s.take_doc();
    s.doc.services.push_back(std::move(d));
  }
};

template <>
struct action<grammar::service_alias> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    const std::string_view text = in.string_view();
    s.doc.services.back().prefix = std::string(text.substr(1, text.size() - 2));
  }
};

template <>
struct action<grammar::method_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    service_decl& svc = s.doc.services.back();
    method_decl m;
    m.name = checked_name(in, s, "a method name");
    m.rpc_name = svc.prefix.empty() ? m.name : svc.prefix + "." + m.name;
    m.loc = s.at(in.position());
    m.doc = s.take_doc();
    svc.methods.push_back(std::move(m));
  }
};

template <>
struct action<grammar::ellipsis> {
  template <class Input>
  static void apply(const Input&, state& s) {
    s.doc.services.back().methods.back().variadic = true;
  }
};

template <>
struct action<grammar::param> {
  template <class Input>
  static void apply(const Input&, state& s) {
    s.doc.services.back().methods.back().params.push_back(
        param_decl{s.name, s.pop_type(), s.name_loc});
  }
};

template <>
struct action<grammar::raised_name> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    s.doc.services.back().methods.back().raises.push_back(in.string());
    s.raise_locs.push_back(s.at(in.position()));
  }
};

template <>
struct action<grammar::method_alias> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    const std::string_view text = in.string_view();
    if (text.size() == 2) {
      throw parse_error(errc::invalid_interface, s.at(in.position()), "empty method name");
    }
    s.doc.services.back().methods.back().rpc_name = std::string(text.substr(1, text.size() - 2));
  }
};

template <>
struct action<grammar::method> {
  template <class Input>
  static void apply(const Input&, state& s) {
    s.doc.services.back().methods.back().result = s.pop_type();
  }
};

// Types: a simple type pushes itself; a generic pushes a placeholder at its keyword and,
// once complete, moves the operand(s) parsed since into it.
template <>
struct action<grammar::simple_type> {
  template <class Input>
  static void apply(const Input& in, state& s) {
    type_ref t;
    t.name = in.string();
    t.loc = s.at(in.position());
    if (auto kind = detail::scalar_kind(t.name)) {
      t.kind = *kind;
      t.name.clear();
    } else {
      t.kind = type_kind::named;
    }
    s.types.push_back(std::move(t));
  }
};

/// Generic types recurse in the grammar: bound the nesting so no input exhausts the stack.
constexpr std::size_t max_type_nesting = 32;

template <type_kind Kind>
struct open_generic {
  template <class Input>
  static void apply(const Input& in, state& s) {
    if (s.types.size() >= max_type_nesting) {
      throw parse_error(errc::limit_exceeded, s.at(in.position()), "type nested too deeply");
    }
    type_ref t;
    t.kind = Kind;
    t.loc = s.at(in.position());
    s.types.push_back(std::move(t));
  }
};
template <>
struct action<grammar::kw_list> : open_generic<type_kind::list> {};
template <>
struct action<grammar::kw_map> : open_generic<type_kind::map> {};
template <>
struct action<grammar::kw_optional> : open_generic<type_kind::optional> {};

struct close_generic {
  template <class Input>
  static void apply(const Input&, state& s) {
    type_ref arg = s.pop_type();
    s.types.back().args.push_back(std::move(arg));
  }
};
template <>
struct action<grammar::list_type> : close_generic {};
template <>
struct action<grammar::optional_type> : close_generic {};

template <>
struct action<grammar::map_type> {
  template <class Input>
  static void apply(const Input&, state& s) {
    type_ref value = s.pop_type();
    type_ref key = s.pop_type();
    if (key.kind != type_kind::string) {
      throw parse_error(errc::invalid_interface, key.loc, "map keys must be 'string'");
    }
    s.types.back().args.push_back(std::move(value));
  }
};

/// "file:line:col: message", or `message` alone without a line (an unreadable file).
std::string located(const source_location& where, std::string_view message) {
  if (where.line <= 0) return std::string(message);
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
         std::string(message);
}

/// The contents of `path`, or nullopt with `failure` set to the OS error.
std::optional<std::string> read_file(const std::filesystem::path& path, parse_failure& failure) {
  const auto fail = [&](int error) -> std::optional<std::string> {
    failure.code = std::error_code(error, std::system_category());
    failure.where = source_location{path.string(), 0, 0};
    failure.message = "cannot read " + path.string() + ": " + failure.code.message();
    return std::nullopt;
  };
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errno ? errno : ENOENT);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(EIO);
  return std::move(text).str();
}

/// Runs `parse` (which throws parse_error), reporting through `failure` instead.
template <class Parse>
std::optional<document> report_failure(parse_failure& failure, Parse&& parse) noexcept {
  failure.code.clear();
  failure.where = {};
  failure.message.clear();
  try {
    return parse();
  } catch (const parse_error& e) {
    failure.code = e.code();
    failure.where = e.where();
    failure.message = e.message();
  } catch (const std::bad_alloc&) {
    failure.code = std::make_error_code(std::errc::not_enough_memory);
  }
  return std::nullopt;
}

}  // namespace

std::string parse_failure::what() const {
  return located(where, message);
}

parse_error::parse_error(std::error_code code, source_location where, std::string_view message)
    : sockrpc::error(code, located(where, message)),
      data_(std::make_shared<const data>(data{std::move(where), std::string(message)})) {}

parse_error::parse_error(const parse_failure& failure)
    : parse_error(failure.code, failure.where, failure.message) {}

document parse(std::string_view text, std::string_view file) {
  state s;
  s.doc.file = std::string(file);
  pegtl::memory_input<> in(text.data(), text.size(), file);
  try {
    pegtl::parse<grammar::file, action, grammar::control>(in, s);
  } catch (const pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    throw parse_error(errc::syntax_error, s.at(p), std::string(e.message()));
  }
  detail::check(s.doc, s.raise_locs);
  return std::move(s.doc);
}

std::optional<document> parse(std::string_view text, std::string_view file,
                              parse_failure& failure) noexcept {
  return report_failure(failure, [&] { return parse(text, file); });
}

document parse_file(const std::filesystem::path& path) {
  parse_failure failure;
  const auto text = read_file(path, failure);
  if (!text) throw sockrpc::error(failure.code, failure.message);
  return parse(*text, path.string());
}

std::optional<document> parse_file(const std::filesystem::path& path,
                                   parse_failure& failure) noexcept {
  return report_failure(failure, [&]() -> std::optional<document> {
    const auto text = read_file(path, failure);
    if (!text) return std::nullopt;
    return parse(*text, path.string());
  });
}

}  // namespace sockrpc::idl
