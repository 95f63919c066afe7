// The server's own work per request, without the transport: me::server::handler::handle
// on a packed `add` of two 8-element handles (decode, resolve, charge, compute, store,
// encode, free), to compare with python_rep_server.py --in-process, the same request
// through the minimal Python loop. The round trip (bench_server) adds ZeroMQ's latency,
// the same for both servers.
#include "handler.hpp"
#include "wire.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using packer = msgpack::packer<msgpack::sbuffer>;

void text(packer& p, std::string_view s) {
    p.pack_str(static_cast<std::uint32_t>(s.size()));
    p.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

/// {"op": op, "args": [<args>], "kwargs": {}} with the arguments written by `args`.
template <class F>
std::string request(std::string_view op, std::uint32_t count, F&& args) {
    msgpack::sbuffer b;
    packer p(b);
    p.pack_map(3);
    text(p, "op");
    text(p, op);
    text(p, "args");
    p.pack_array(count);
    args(p);
    text(p, "kwargs");
    p.pack_map(0);
    return {b.data(), b.size()};
}

std::string result_id(const std::string& reply) {
    auto oh = msgpack::unpack(reply.data(), reply.size());
    const auto& m = oh.get().via.map;
    for (std::uint32_t k = 0; k < m.size; ++k)
        if (std::string_view(m.ptr[k].key.via.str.ptr, m.ptr[k].key.via.str.size) == "result") {
            const auto& r = m.ptr[k].val.via.map;
            for (std::uint32_t j = 0; j < r.size; ++j)
                if (std::string_view(r.ptr[j].key.via.str.ptr, r.ptr[j].key.via.str.size) == "id")
                    return {r.ptr[j].val.via.str.ptr, r.ptr[j].val.via.str.size};
        }
    return {};
}

void handler_add(benchmark::State& state) {
    me::server::handler h;
    auto send = [&](const std::string& r) { return h.handle(r.data(), r.size()); };
    send(request("budget_open", 1, [](packer& p) { p.pack_double(1e15); }));
    const std::vector<double> ones(8, 1.0);
    const std::string a = result_id(send(request("create_from_data", 3, [&](packer& p) {
        p.pack_bin(64);
        p.pack_bin_body(reinterpret_cast<const char*>(ones.data()), 64);
        p.pack_array(1);
        p.pack_uint64(8);
        text(p, "float64");
    })));
    const std::string add = request("add", 2, [&](packer& p) {
        for (int i = 0; i < 2; ++i) {
            p.pack_map(1);
            text(p, "__handle__");
            text(p, a);
        }
    });
    for (auto _ : state) {
        const std::string reply = send(add);
        const std::string id = result_id(reply);
        send(request("free", 1, [&](packer& p) {
            p.pack_array(1);
            text(p, id);
        }));
    }
}

}  // namespace

// Each iteration is the add and a free of its result (the Python loop pops it from its dict).
BENCHMARK(handler_add);

BENCHMARK_MAIN();
