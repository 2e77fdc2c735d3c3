// SPDX-License-Identifier: MIT
// XML-RPC encode/decode throughput: sockrpc vs xmlrpc-c vs XmlRpc++ on the same documents.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOCKRPC_BUILD_BENCH=ON
//         -DSOCKRPC_BUILD_TESTS=OFF -DSOCKRPC_BUILD_EXAMPLES=OFF
//   cmake --build build-bench --target codec_bench && build-bench/bin/codec_bench
//
// Documents: (a) methodResponse with an array of 100,000 ints, (b) an array of 10,000 small
// structs, (c) a 1 MiB base64 blob, (d) a methodCall with one 10-member struct, (e) a
// methodCall with an array of 10,000 ints (the server's request path). Every
// decoder reads the document sockrpc writes; bytes/s is XML bytes written or read.
#include <sockrpc/rpc/xml/codec.hpp>

#include <benchmark/benchmark.h>

// tinyxml2 alone (reaches the link through sockrpc::rpc): the floor of any decoder built
// on its DOM, shown next to ours.
#if __has_include(<tinyxml2.h>)
#define SOCKRPC_BENCH_TINYXML2
#include <tinyxml2.h>
#endif
#ifdef SOCKRPC_BENCH_XMLRPC_C
#include <xmlrpc-c/util.h>
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/xml.hpp>
#endif
#ifdef SOCKRPC_BENCH_XMLRPCPP
#include <xmlrpcpp/XmlRpcValue.h>
#endif

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace rpc = sockrpc::rpc;

enum class doc { ints, structs, blob, call, int_call };
constexpr const char* doc_name[] = {"a_100k_ints", "b_10k_structs", "c_1MiB_base64",
                                    "d_10_member_call", "e_10k_int_call"};
constexpr int ints_count = 100'000;
constexpr int call_ints_count = 10'000;
constexpr int structs_count = 10'000;
constexpr std::size_t blob_size = 1 << 20;
const std::string method = "catalog.update";

// ---- the values, built per library ------------------------------------------------------

rpc::value ours(doc d) {
  switch (d) {
    case doc::ints:
    case doc::int_call: {
      const int count = d == doc::ints ? ints_count : call_ints_count;
      rpc::array a;
      a.reserve(count);
      for (int i = 0; i < count; ++i)
        a.emplace_back(static_cast<std::int32_t>(i * 7919));
      return rpc::value(std::move(a));
    }
    case doc::structs: {
      rpc::array a;
      a.reserve(structs_count);
      for (int i = 0; i < structs_count; ++i) {
        rpc::members m;
        m.push_back("id", rpc::value(static_cast<std::int32_t>(i)));
        m.push_back("name", rpc::value("item-" + std::to_string(i)));
        m.push_back("price", rpc::value(i * 0.25));
        m.push_back("ok", rpc::value(i % 2 == 0));
        a.emplace_back(std::move(m));
      }
      return rpc::value(std::move(a));
    }
    case doc::blob: {
      rpc::binary b(blob_size);
      for (std::size_t i = 0; i < blob_size; ++i)
        b[i] = static_cast<std::byte>(i * 31 + 7);
      return rpc::value(std::move(b));
    }
    case doc::call: {
      rpc::members m;
      for (int i = 0; i < 10; ++i) {
        const std::string k = "field" + std::to_string(i);
        if (i % 3 == 0) {
          m.push_back(k, rpc::value(static_cast<std::int32_t>(i * 1000)));
        } else if (i % 3 == 1) {
          m.push_back(k, rpc::value("value number " + std::to_string(i)));
        } else {
          m.push_back(k, rpc::value(i * 1.5));
        }
      }
      return rpc::value(std::move(m));
    }
  }
  return {};
}

bool is_call(doc d) {
  return d == doc::call || d == doc::int_call;
}

std::string ours_xml(doc d) {
  const rpc::value v = ours(d);
  return is_call(d) ? rpc::serialize_call(method, std::span<const rpc::value>(&v, 1))
                    : rpc::serialize_response(v);
}

void set_bytes(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}

void ours_encode(benchmark::State& state, doc d) {
  const rpc::value v = ours(d);
  std::string out;
  for (auto _ : state) {
    out.clear();  // servers reuse their buffer
    if (is_call(d)) {
      rpc::serialize_call(out, method, std::span<const rpc::value>(&v, 1));
    } else {
      rpc::serialize_response(out, v);
    }
    benchmark::DoNotOptimize(out.data());
  }
  set_bytes(state, out.size());
}

void ours_decode(benchmark::State& state, doc d) {
  const std::string xml = ours_xml(d);
  for (auto _ : state) {
    if (is_call(d)) {
      auto c = rpc::parse_call(xml);
      benchmark::DoNotOptimize(c);
    } else {
      auto r = rpc::parse_response(xml);
      benchmark::DoNotOptimize(r);
    }
  }
  set_bytes(state, xml.size());
}

// One parser reused across documents, as a server worker would keep it.
void ours_decode_reused(benchmark::State& state, doc d) {
  const std::string xml = ours_xml(d);
  rpc::xml_parser parser;
  for (auto _ : state) {
    if (is_call(d)) {
      auto c = parser.parse_call(xml);
      benchmark::DoNotOptimize(c);
    } else {
      auto r = parser.parse_response(xml);
      benchmark::DoNotOptimize(r);
    }
  }
  set_bytes(state, xml.size());
}

#ifdef SOCKRPC_BENCH_TINYXML2
// tinyxml2 builds and frees the DOM (as xml_parser configures it) and nothing else.
void tinyxml2_parse_only(benchmark::State& state, doc d) {
  const std::string xml = ours_xml(d);
  tinyxml2::XMLDocument document(false, tinyxml2::PRESERVE_WHITESPACE);
  for (auto _ : state) {
    if (document.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
      state.SkipWithError("tinyxml2 could not parse the document");
      return;
    }
    benchmark::DoNotOptimize(document.RootElement());
    document.Clear();
  }
  set_bytes(state, xml.size());
}
#endif

#ifdef SOCKRPC_BENCH_XMLRPC_C
xmlrpc_c::value xc_value(doc d) {
  switch (d) {
    case doc::ints:
    case doc::int_call: {
      const int count = d == doc::ints ? ints_count : call_ints_count;
      std::vector<xmlrpc_c::value> a;
      a.reserve(count);
      for (int i = 0; i < count; ++i)
        a.push_back(xmlrpc_c::value_int(i * 7919));
      return xmlrpc_c::value_array(a);
    }
    case doc::structs: {
      std::vector<xmlrpc_c::value> a;
      a.reserve(structs_count);
      for (int i = 0; i < structs_count; ++i) {
        std::map<std::string, xmlrpc_c::value> m;
        m.emplace("id", xmlrpc_c::value_int(i));
        m.emplace("name", xmlrpc_c::value_string("item-" + std::to_string(i)));
        m.emplace("price", xmlrpc_c::value_double(i * 0.25));
        m.emplace("ok", xmlrpc_c::value_boolean(i % 2 == 0));
        a.push_back(xmlrpc_c::value_struct(m));
      }
      return xmlrpc_c::value_array(a);
    }
    case doc::blob: {
      std::vector<unsigned char> b(blob_size);
      for (std::size_t i = 0; i < blob_size; ++i)
        b[i] = static_cast<unsigned char>(i * 31 + 7);
      return xmlrpc_c::value_bytestring(b);
    }
    case doc::call: {
      std::map<std::string, xmlrpc_c::value> m;
      for (int i = 0; i < 10; ++i) {
        const std::string k = "field" + std::to_string(i);
        if (i % 3 == 0) {
          m.emplace(k, xmlrpc_c::value_int(i * 1000));
        } else if (i % 3 == 1) {
          m.emplace(k, xmlrpc_c::value_string("value number " + std::to_string(i)));
        } else {
          m.emplace(k, xmlrpc_c::value_double(i * 1.5));
        }
      }
      return xmlrpc_c::value_struct(m);
    }
  }
  return xmlrpc_c::value_nil();
}

void xc_encode(benchmark::State& state, doc d) {
  const xmlrpc_c::value v = xc_value(d);
  xmlrpc_c::paramList params;
  params.add(v);
  const xmlrpc_c::rpcOutcome outcome(v);
  std::string out;
  for (auto _ : state) {
    out.clear();
    if (is_call(d)) {
      xmlrpc_c::xml::generateCall(method, params, &out);
    } else {
      xmlrpc_c::xml::generateResponse(outcome, &out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  set_bytes(state, out.size());
}

void xc_decode(benchmark::State& state, doc d) {
  const std::string xml = ours_xml(d);
  try {
    for (auto _ : state) {
      if (is_call(d)) {
        std::string name;
        xmlrpc_c::paramList params;
        xmlrpc_c::xml::parseCall(xml, &name, &params);
        benchmark::DoNotOptimize(params);
      } else {
        xmlrpc_c::rpcOutcome outcome;
        xmlrpc_c::xml::parseResponse(xml, &outcome);
        benchmark::DoNotOptimize(outcome);
      }
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  set_bytes(state, xml.size());
}
#endif

#ifdef SOCKRPC_BENCH_XMLRPCPP
XmlRpc::XmlRpcValue xpp_value(doc d) {
  XmlRpc::XmlRpcValue v;
  switch (d) {
    case doc::ints:
    case doc::int_call: {
      const int count = d == doc::ints ? ints_count : call_ints_count;
      v.setSize(count);
      for (int i = 0; i < count; ++i)
        v[i] = i * 7919;
      break;
    }
    case doc::structs:
      v.setSize(structs_count);
      for (int i = 0; i < structs_count; ++i) {
        v[i]["id"] = i;
        v[i]["name"] = "item-" + std::to_string(i);
        v[i]["price"] = i * 0.25;
        v[i]["ok"] = i % 2 == 0;
      }
      break;
    case doc::blob: {
      std::vector<unsigned char> b(blob_size);
      for (std::size_t i = 0; i < blob_size; ++i)
        b[i] = static_cast<unsigned char>(i * 31 + 7);
      v = XmlRpc::XmlRpcValue(b.data(), static_cast<int>(b.size()));
      break;
    }
    case doc::call:
      for (int i = 0; i < 10; ++i) {
        const std::string k = "field" + std::to_string(i);
        if (i % 3 == 0) {
          v[k] = i * 1000;
        } else if (i % 3 == 1) {
          v[k] = "value number " + std::to_string(i);
        } else {
          v[k] = i * 1.5;
        }
      }
      break;
  }
  return v;
}

// XmlRpc++ has no public document API; this is what its server/client do internally.
void xpp_encode(benchmark::State& state, doc d) {
  const XmlRpc::XmlRpcValue v = xpp_value(d);
  std::string out;
  for (auto _ : state) {
    if (is_call(d)) {
      out = "<?xml version=\"1.0\"?>\r\n<methodCall><methodName>" + method +
            "</methodName>\r\n<params><param>" + v.toXml() + "</param></params></methodCall>\r\n";
    } else {
      out = "<?xml version=\"1.0\"?>\r\n<methodResponse><params><param>\r\n\t" + v.toXml() +
            "\r\n</param></params></methodResponse>\r\n";
    }
    benchmark::DoNotOptimize(out.data());
  }
  set_bytes(state, out.size());
}

void xpp_decode(benchmark::State& state, doc d) {
  const std::string xml = ours_xml(d);
  for (auto _ : state) {
    int offset = static_cast<int>(xml.find("<param>") + 7);
    XmlRpc::XmlRpcValue v;
    if (!v.fromXml(xml, &offset)) {
      state.SkipWithError("XmlRpc++ could not parse the document");
      return;
    }
    benchmark::DoNotOptimize(v);
  }
  set_bytes(state, xml.size());
}
#endif

// The libraries compared, each with its encode and decode benchmark (null: none); the
// comparison libraries only where they were found.
struct codec_benchmark {
  const char* library;
  void (*encode)(benchmark::State&, doc);
  void (*decode)(benchmark::State&, doc);
};
const codec_benchmark codec_benchmarks[] = {
    {"sockrpc", ours_encode, ours_decode},
    {"sockrpc_reused_parser", nullptr, ours_decode_reused},
#ifdef SOCKRPC_BENCH_TINYXML2
    {"tinyxml2_parse_only", nullptr, tinyxml2_parse_only},
#endif
#ifdef SOCKRPC_BENCH_XMLRPC_C
    {"xmlrpc-c", xc_encode, xc_decode},
#endif
#ifdef SOCKRPC_BENCH_XMLRPCPP
    {"xmlrpc++", xpp_encode, xpp_decode},
#endif
};

// Registers "<operation>/<document>/<library>": per document every encode, then every
// decode, in the order of codec_benchmarks.
void register_all() {
  for (doc d : {doc::ints, doc::structs, doc::blob, doc::call, doc::int_call}) {
    const std::string n = doc_name[static_cast<int>(d)];
    for (const bool encode : {true, false}) {
      for (const auto& b : codec_benchmarks) {
        const auto fn = encode ? b.encode : b.decode;
        if (fn == nullptr) continue;
        const std::string name = (encode ? "encode/" : "decode/") + n + "/" + b.library;
        benchmark::RegisterBenchmark(name.c_str(), [fn, d](benchmark::State& s) { fn(s, d); })
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.5);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
#ifdef SOCKRPC_BENCH_XMLRPC_C
  // xmlrpc-c refuses documents over 512 KiB by default.
  xmlrpc_limit_set(XMLRPC_XML_SIZE_LIMIT_ID, 64 << 20);
#endif
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
