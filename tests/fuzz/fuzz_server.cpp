// libFuzzer target: mechestim-server's request handler (decode, handle resolution,
// dispatch, encode). Each input is one request to a session that holds a small array
// (a0) and a budget of 10,000 FLOPs. Whatever the bytes, handle() returns a msgpack map
// with a status, never throws, never crashes, and the budget is never overspent.
#include "handler.hpp"
#include "wire.hpp"

#include "fuzz_common.hpp"

#include <cstring>
#include <string>

namespace {

std::string request(std::string_view op, const std::string& args) {
    msgpack::sbuffer b;
    msgpack::packer<msgpack::sbuffer> p(b);
    p.pack_map(2);
    p.pack(std::string("op"));
    p.pack(std::string(op));
    p.pack(std::string("args"));
    std::string out(b.data(), b.size());
    return out + args;
}

std::string budget_open(std::int64_t flop_budget) {
    msgpack::sbuffer b;
    msgpack::packer<msgpack::sbuffer> p(b);
    p.pack_map(2);
    p.pack(std::string("op"));
    p.pack(std::string("budget_open"));
    p.pack(std::string("kwargs"));
    p.pack_map(1);
    p.pack(std::string("flop_budget"));
    p.pack(flop_budget);
    return {b.data(), b.size()};
}

void check_response(const std::string& r, std::int64_t budget) {
    msgpack::object_handle oh = msgpack::unpack(r.data(), r.size());
    const msgpack::object& o = oh.get();
    fuzz::require(o.type == msgpack::type::MAP, "a response is not a map");
    bool has_status = false;
    for (std::uint32_t k = 0; k < o.via.map.size; ++k) {
        const auto& kv = o.via.map.ptr[k];
        const std::string key = kv.key.as<std::string>();
        if (key == "status") has_status = true;
        if (key == "budget" && kv.val.type == msgpack::type::MAP)
            for (std::uint32_t j = 0; j < kv.val.via.map.size; ++j)
                if (kv.val.via.map.ptr[j].key.as<std::string>() == "flops_used")
                    fuzz::require(kv.val.via.map.ptr[j].val.as<std::int64_t>() <= budget, "the budget was overspent");
    }
    fuzz::require(has_status, "a response has no status");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    me::server::server_options options;
    options.max_array_bytes = 1 << 16;  // small: a fuzzed shape must fail, not exhaust memory
    options.max_store_bytes = 1 << 20;
    me::server::handler h(options);
    const std::string open = budget_open(10000);
    check_response(h.handle(open.data(), open.size()), 10000);
    // a0: float64 [1, 2, 3, 4] in shape (2, 2)
    std::string bytes(32, '\0');
    for (int i = 0; i < 4; ++i) {
        const double v = i + 1;
        std::memcpy(bytes.data() + 8 * i, &v, 8);
    }
    std::string args = "\x93\xc4\x20" + bytes + "\x92\x02\x02\xa7" "float64";
    const std::string create = request("create_from_data", args);
    check_response(h.handle(create.data(), create.size()), 10000);
    check_response(h.handle(reinterpret_cast<const char*>(data), size), 10000);
    check_response(h.handle(reinterpret_cast<const char*>(data), size), 10000);  // twice: state after the first
    return 0;
}
