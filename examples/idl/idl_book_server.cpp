// SPDX-License-Identifier: MIT
// idl_book_server [--host H] [--port N] [--framed]
//
// An in-memory address book served from the interface in address_book.sidl. The
// generated structs carry their own conversions (nested structs, lists, maps, optional
// members absent on the wire, bytes, datetimes); this file holds only the logic.
#include "address_book.sidl.hpp"

#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

#include <chrono>
#include <map>
#include <mutex>

namespace rpc = sockrpc::rpc;
using book_api::person;

namespace {

/// Methods run concurrently on the server's threads: one mutex guards the book.
class address_book : public book_api::book_service {
 public:
  std::int64_t add(const person& p) override {
    if (p.name.empty()) throw rpc::fault(book_api::faults::invalid, "a person needs a name");
    const std::lock_guard lock(mutex_);
    person entry = p;
    entry.id = next_id_++;
    entry.added = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    people_.emplace(entry.id, std::move(entry));
    return next_id_ - 1;
  }

  person get(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    return find_or_fault(id);
  }

  book_api::page find(const std::string& text) override {
    const std::lock_guard lock(mutex_);
    book_api::page out;
    for (const auto& entry : people_) {
      if (entry.second.name.find(text) != std::string::npos) out.people.push_back(entry.second);
    }
    out.total = static_cast<std::int32_t>(out.people.size());
    return out;
  }

  void remove(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    find_or_fault(id);
    people_.erase(id);
  }

  std::map<std::string, std::int32_t> count_by_tag(const std::string& key) override {
    const std::lock_guard lock(mutex_);
    std::map<std::string, std::int32_t> out;
    for (const auto& entry : people_) {
      if (auto it = entry.second.tags.find(key); it != entry.second.tags.end()) ++out[it->second];
    }
    return out;
  }

 private:
  const person& find_or_fault(std::int64_t id) const {
    auto it = people_.find(id);
    if (it == people_.end()) {
      throw rpc::fault(book_api::faults::not_found, "no person with id " + std::to_string(id));
    }
    return it->second;
  }

  std::mutex mutex_;
  std::map<std::int64_t, person> people_;
  std::int64_t next_id_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  address_book book;  // outlives the server, which calls it
  // The flags, server and serving loop of calc_server (rpc_example_support.hpp).
  return example::serve_main(
      argc, argv, "idl_book_server",
      "Address book XML-RPC server generated from address_book.sidl.",
      [&](rpc::method_registry& methods) { book_api::register_book(methods, book); });
}
