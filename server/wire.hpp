/// @file server/wire.hpp
/// @brief The original's wire format, both directions: a bounded msgpack decode, readers
/// for the loosely typed values a Python client sends (str or bytes alike, since the
/// original decodes with raw=True and normalises), the response writer (the envelope with
/// its budget block and comms_overhead_ns), and the map from exceptions to `error_type`.
#pragma once

#include <bit>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "handler.hpp"
#include "values.hpp"

namespace me::server::wire {

/// Python's type name for a decoded value, for TypeError messages.
inline std::string_view kind_name(const msgpack::object& o) {
    switch (o.type) {
        case msgpack::type::NIL: return "NoneType";
        case msgpack::type::BOOLEAN: return "bool";
        case msgpack::type::POSITIVE_INTEGER:
        case msgpack::type::NEGATIVE_INTEGER: return "int";
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64: return "float";
        case msgpack::type::STR: return "str";
        case msgpack::type::BIN: return "bytes";
        case msgpack::type::ARRAY: return "list";
        case msgpack::type::MAP: return "dict";
        default: return "ext";
    }
}

/// A str, or bytes (the original turns short ASCII bytes into str, so both mean text).
inline std::optional<std::string_view> text_of(const msgpack::object& o) {
    if (o.type == msgpack::type::STR) return std::string_view(o.via.str.ptr, o.via.str.size);
    if (o.type == msgpack::type::BIN) return std::string_view(o.via.bin.ptr, o.via.bin.size);
    return std::nullopt;
}
/// Raw bytes: bin, or a str that normalisation made of a short payload.
inline std::optional<std::string_view> bytes_of(const msgpack::object& o) { return text_of(o); }

/// An int or a float (a bool is refused: a budget of True is a bug, not a number).
inline std::optional<double> number_of(const msgpack::object& o) {
    switch (o.type) {
        case msgpack::type::POSITIVE_INTEGER: return static_cast<double>(o.via.u64);
        case msgpack::type::NEGATIVE_INTEGER: return static_cast<double>(o.via.i64);
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64: return o.via.f64;
        default: return std::nullopt;
    }
}

/// Decodes one request with every container bounded, so a 5-byte message cannot ask for
/// a 4-billion-element array: nested at most 64 deep, lists and maps of at most 1 Mi
/// entries, strings of 1 MiB, binary payloads of the array limit. Trailing bytes are an
/// error (a message is exactly one request).
msgpack::object_handle decode(const char* data, std::size_t size, std::size_t max_bin_bytes);

/// A shape: an int or a list of non-negative ints (NumPy's ValueError for a negative one).
std::vector<std::size_t> shape_of(const msgpack::object& o, std::string_view op);

/// `create_from_data`'s array: `bytes` as little-endian elements of `dtype`, in `shape`.
any_array from_bytes(std::string_view bytes, const std::vector<std::size_t>& shape, std::string_view dtype);

/// The error_type and message for the exception being handled (call inside a catch).
std::pair<std::string, std::string> describe_current_exception();

struct budget_numbers {
    std::int64_t flop_budget, flops_used, flops_remaining;
};

/// Bytes for msgpack's packer: a std::string, so a payload can be reserved up front and
/// the finished response moved out, not copied.
struct string_buffer {
    std::string bytes;
    void write(const char* data, std::size_t n) { bytes.append(data, n); }
};

/// Writes one response. Entries are packed as they come and counted; finish() writes the
/// map header, status, the entries, then the budget block and comms_overhead_ns.
class writer {
public:
    writer() : packer_(body_) {}
    writer(writer&&) = delete;
    writer& operator=(writer&& other) = delete;

    /// Discards whatever was written (a failure halfway through a result).
    void reset() {
        body_.bytes.clear();
        entries_ = 0;
        ok_ = true;
        kept_budget_.reset();
    }

    void ok_map(std::size_t entries) { entries_ += entries; }
    void error(std::string_view type, std::string_view message) {
        reset();
        ok_ = false;
        entries_ = 2;
        str("error_type");
        str(type);
        str("message");
        str(message);
    }

    void map(std::size_t n) { packer_.pack_map(static_cast<std::uint32_t>(n)); }
    void list(std::size_t n) { packer_.pack_array(static_cast<std::uint32_t>(n)); }
    void str(std::string_view s) {
        packer_.pack_str(static_cast<std::uint32_t>(s.size()));
        packer_.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
    }
    /// Room for `n` more bytes: a large payload is copied once, never regrown.
    void reserve(std::size_t n) { body_.bytes.reserve(body_.bytes.size() + n); }
    void bin(const void* data, std::size_t n) {
        packer_.pack_bin(static_cast<std::uint32_t>(n));
        packer_.pack_bin_body(static_cast<const char*>(data), static_cast<std::uint32_t>(n));
    }
    void integer(std::int64_t v) { packer_.pack_int64(v); }
    /// Always float64 (0xcb), as Python's msgpack packs a float: msgpack-c's pack_double
    /// would send 15.0 as the int 15 and -0.0 as 0.
    void real(double v) {
        char buf[9];
        buf[0] = static_cast<char>(0xcb);
        const auto bits = std::bit_cast<std::uint64_t>(v);
        for (int i = 0; i < 8; ++i) buf[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
        body_.write(buf, 9);
    }
    void boolean(bool v) { v ? packer_.pack_true() : packer_.pack_false(); }
    void nil() { packer_.pack_nil(); }
    template <class Range>
    void integers(const Range& r) {
        list(std::size(r));
        for (auto v : r) integer(static_cast<std::int64_t>(v));
    }

    void budget_map(const budget_numbers& b) {
        map(3);
        str("flop_budget");
        integer(b.flop_budget);
        str("flops_used");
        integer(b.flops_used);
        str("flops_remaining");
        integer(b.flops_remaining);
    }
    void comms(const comms_tally& c);

    /// `{"value": v, "dtype": d}` for a 0-d array (complex values as [re, im]: msgpack has no complex).
    void inline_scalar(const any_array& a);
    void python_scalar(double v) { scalar_map([&] { real(v); }, "float64"); }
    void python_scalar(std::int64_t v) { scalar_map([&] { integer(v); }, "int64"); }
    void python_scalar(bool v) { scalar_map([&] { boolean(v); }, "bool"); }
    /// `{"id", "shape", "dtype"}`, plus `symmetry_info` when the array carries groups.
    void array_reference(std::string_view id, const std::vector<std::size_t>& shape, std::string_view dtype,
                         const std::vector<std::vector<std::size_t>>& groups);
    /// The entries of a fetch: raw little-endian `data`, `shape`, `dtype`.
    void fetch_payload(const any_array& a);

    /// budget_close's budget block: the session is gone by the time finish() runs.
    void keep_budget(const budget_numbers& b) { kept_budget_ = b; }

    std::string finish(const std::optional<budget_numbers>& budget, std::int64_t overhead_ns);

private:
    template <class F>
    void scalar_map(F&& value, std::string_view dtype) {
        map(2);
        str("value");
        value();
        str("dtype");
        str(dtype);
    }

    string_buffer body_;
    msgpack::packer<string_buffer> packer_;
    std::size_t entries_ = 0;
    bool ok_ = true;
    std::optional<budget_numbers> kept_budget_;
};

}  // namespace me::server::wire
