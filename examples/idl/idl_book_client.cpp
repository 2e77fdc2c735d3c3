// SPDX-License-Identifier: MIT
// idl_book_client URL
//
// Fills the address book server through the client generated from address_book.sidl and
// reads it back: nested structs, optional members, bytes and datetimes in C++ types, the
// declared faults by name. URL: http://HOST:PORT/RPC2 or tcp://HOST:PORT.
#include "address_book.sidl.hpp"

#include <sockrpc/rpc.hpp>

#include "rpc_example_support.hpp"

#include <chrono>
#include <iostream>

namespace rpc = sockrpc::rpc;
using book_api::person;

namespace {

void print(const person& p) {
  std::cout << "#" << p.id << " " << p.name;
  if (p.email) std::cout << " <" << *p.email << ">";
  for (const auto& ph : p.phones)
    std::cout << " " << ph.kind << ":" << ph.number;
  if (p.home) {
    std::cout << ", " << p.home->street << ", " << p.home->city;
    if (p.home->zip) std::cout << " " << *p.home->zip;
  }
  if (p.photo) std::cout << ", photo " << p.photo->size() << " bytes";
  if (p.born) {
    const std::chrono::year_month_day d(std::chrono::floor<std::chrono::days>(*p.born));
    std::cout << ", born " << static_cast<int>(d.year()) << "-" << static_cast<unsigned>(d.month())
              << "-" << static_cast<unsigned>(d.day());
  }
  std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  // The URL argument, timeout and exit codes of calc_client (rpc_example_support.hpp).
  const char* about = "Calls the address book server through the generated client.";
  return example::call_main(argc, argv, "idl_book_client", about, [](rpc::client& connection) {
    book_api::book_client book(connection);  // calls through `connection`, with its timeout

    person ada;
    ada.name = "Ada Lovelace";
    ada.email = "ada@example.org";
    ada.phones = {{"+44 20 7946 0000", "home"}, {"+44 20 7946 0001", "work"}};
    ada.home = book_api::address{"12 St James's Square", "London", "SW1Y 4JH"};
    ada.tags = {{"team", "engines"}};
    ada.photo = std::vector<std::byte>{std::byte{0x89}, std::byte{'P'}, std::byte{'N'}};
    ada.born = std::chrono::sys_days(std::chrono::year(1815) / 12 / 10);

    person charles;  // only the required members: the optional ones stay off the wire
    charles.name = "Charles Babbage";
    charles.tags = {{"team", "engines"}};

    const auto ada_id = book.add(ada);
    const auto charles_id = book.add(charles);
    std::cout << "added " << ada_id << " and " << charles_id << "\n";

    print(book.get(ada_id));
    print(book.get(charles_id));

    const auto found = book.find("Ada");
    std::cout << "find \"Ada\": " << found.total << " match\n";
    for (const auto& entry : book.count_by_tag("team"))
      std::cout << "team " << entry.first << ": " << entry.second << "\n";

    book.remove(charles_id);
    try {
      book.get(charles_id);
    } catch (const rpc::fault& f) {
      if (f.code() != book_api::faults::not_found) throw;
      std::cout << "after remove: not_found: " << f.message() << "\n";
    }
    try {
      book.add(person{});
    } catch (const rpc::fault& f) {
      if (f.code() != book_api::faults::invalid) throw;
      std::cout << "empty name: invalid: " << f.message() << "\n";
    }
  });
}
