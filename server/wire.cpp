// The wire format: bounded decode, uploads, the response envelope, error names.
#include "wire.hpp"

#include <bit>
#include <new>

namespace me::server::wire {

static_assert(std::endian::native == std::endian::little,
              "fetch payloads are raw little-endian bytes: a big-endian build must byte-swap them");

msgpack::object_handle decode(const char* data, std::size_t size, std::size_t max_bin_bytes) {
    constexpr std::size_t entries = std::size_t{1} << 20;
    const msgpack::unpack_limit limit(entries, entries, std::size_t{1} << 20, max_bin_bytes, 0, 64);
    std::size_t offset = 0;
    msgpack::object_handle oh;
    try {
        // Binary payloads are referenced in place, not copied: the request outlives the
        // tree (handle() decodes and answers within one call).
        oh = msgpack::unpack(data, size, offset,
                             [](msgpack::type::object_type type, std::size_t, void*) { return type == msgpack::type::BIN; },
                             nullptr, limit);
    } catch (const std::bad_alloc&) {
        throw wire_error("InvalidRequestError", "malformed request: msgpack too large to decode");
    } catch (const msgpack::unpack_error& e) {
        throw wire_error("InvalidRequestError", fmt::format("malformed request: {}", e.what()));
    }
    if (offset != size)
        throw wire_error("InvalidRequestError",
                         fmt::format("malformed request: {} bytes after the end of the message", size - offset));
    return oh;
}

std::vector<std::size_t> shape_of(const msgpack::object& o, std::string_view op) {
    std::vector<std::size_t> shape;
    auto add = [&](const msgpack::object& d) {
        if (d.type == msgpack::type::NEGATIVE_INTEGER) throw me::ValueError("negative dimensions are not allowed");
        if (d.type != msgpack::type::POSITIVE_INTEGER)
            type_error(fmt::format("{}(): a shape must hold ints, not {}", op, kind_name(d)));
        if (d.via.u64 > static_cast<std::uint64_t>(PTRDIFF_MAX))
            throw me::ValueError(fmt::format("{}(): array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size", op));
        shape.push_back(static_cast<std::size_t>(d.via.u64));
    };
    if (o.type == msgpack::type::ARRAY) {
        if (o.via.array.size > 64) throw me::ValueError(fmt::format("maximum supported dimension for an ndarray is 64, found {}", o.via.array.size));
        for (std::uint32_t k = 0; k < o.via.array.size; ++k) add(o.via.array.ptr[k]);
    } else {
        add(o);
    }
    return shape;
}

namespace {

template <class T>
any_array copy_bytes(std::string_view bytes, const std::vector<std::size_t>& shape) {
    // The size check comes first (uninitialized checks it again), so a shape whose
    // product overflows is a ValueError, never an allocation.
    const std::size_t count = me::detail::checked_size(shape, sizeof(T), "create_from_data");
    if (count * sizeof(T) != bytes.size())
        throw me::ValueError(fmt::format("cannot reshape a buffer of {} bytes into shape {} of {}-byte elements",
                                         bytes.size(), fmt::join(shape, "x"), sizeof(T)));
    auto a = me::array<T>::uninitialized(shape, "create_from_data");
    if constexpr (std::is_same_v<T, bool>) {
        // A bool must be 0 or 1; any other byte would be undefined behaviour to read.
        for (std::size_t i = 0; i < count; ++i) a.data()[i] = bytes[i] != 0;
    } else if (count != 0) {
        std::memcpy(a.data(), bytes.data(), bytes.size());
    }
    return a;
}

template <class Narrow, class Wide>
any_array widen_bytes(std::string_view bytes, const std::vector<std::size_t>& shape) {
    const std::size_t count = me::detail::checked_size(shape, sizeof(Narrow), "create_from_data");
    if (count * sizeof(Narrow) != bytes.size())
        throw me::ValueError(fmt::format("cannot reshape a buffer of {} bytes into shape {} of {}-byte elements",
                                         bytes.size(), fmt::join(shape, "x"), sizeof(Narrow)));
    auto a = me::array<Wide>::uninitialized(shape, "create_from_data");
    for (std::size_t i = 0; i < count; ++i) {
        Narrow v;
        std::memcpy(&v, bytes.data() + i * sizeof(Narrow), sizeof(Narrow));
        a.data()[i] = static_cast<Wide>(v);
    }
    return a;
}

}  // namespace

any_array from_bytes(std::string_view bytes, const std::vector<std::size_t>& shape, std::string_view dtype) {
    if (dtype == "float64") return copy_bytes<double>(bytes, shape);
    if (dtype == "float32") return copy_bytes<float>(bytes, shape);
    if (dtype == "int64") return copy_bytes<std::int64_t>(bytes, shape);
    if (dtype == "int32") return copy_bytes<std::int32_t>(bytes, shape);
    if (dtype == "bool") return copy_bytes<bool>(bytes, shape);
    if (dtype == "complex128") return copy_bytes<std::complex<double>>(bytes, shape);
    // The narrow integer dtypes the original client decodes are held widened (docs/client-server.md).
    if (dtype == "int16") return widen_bytes<std::int16_t, std::int32_t>(bytes, shape);
    if (dtype == "int8") return widen_bytes<std::int8_t, std::int32_t>(bytes, shape);
    if (dtype == "uint8") return widen_bytes<std::uint8_t, std::int32_t>(bytes, shape);
    if (dtype == "uint16") return widen_bytes<std::uint16_t, std::int32_t>(bytes, shape);
    if (dtype == "uint32") return widen_bytes<std::uint32_t, std::int64_t>(bytes, shape);
    type_error(fmt::format("create_from_data(): unsupported dtype '{}'", me::detail::is_valid_utf8(dtype) ? dtype : "<not UTF-8>"));
}

std::pair<std::string, std::string> describe_current_exception() {
    try {
        throw;
    } catch (const wire_error& e) {
        return {e.type, e.what()};
    } catch (const me::BudgetExhaustedError& e) {
        return {"BudgetExhaustedError", e.what()};
    } catch (const me::NoBudgetContextError& e) {
        return {"NoBudgetContextError", e.what()};
    } catch (const me::SymmetryError& e) {
        return {"SymmetryError", e.what()};
    } catch (const me::AxisError& e) {
        return {"AxisError", e.what()};
    } catch (const me::LinAlgError& e) {
        return {"LinAlgError", e.what()};
    } catch (const me::ValueError& e) {
        return {"ValueError", e.what()};  // ShapeError and InvalidBudgetError are ValueErrors, as in Python
    } catch (const me::IndexError& e) {
        return {"IndexError", e.what()};
    } catch (const me::UnsupportedFunctionError& e) {
        return {"UnsupportedFunctionError", e.what()};
    } catch (const me::MechEstimError& e) {
        return {"MechEstimError", e.what()};
    } catch (const std::bad_alloc&) {
        return {"MemoryError", "the server could not allocate the result"};
    } catch (const std::exception& e) {
        return {"RuntimeError", fmt::format("internal server error: {}", e.what())};
    } catch (...) {
        return {"RuntimeError", "internal server error: unknown exception"};
    }
}

void writer::comms(const comms_tally& c) {
    map(7);
    str("request_count");
    integer(c.request_count);
    str("fetch_count");
    integer(c.fetch_count);
    str("bytes_in");
    integer(c.bytes_in);
    str("bytes_out");
    integer(c.bytes_out);
    str("total_overhead_ns");
    integer(c.overhead_ns);
    str("total_compute_ns");
    integer(c.compute_ns);
    str("overhead_ratio");
    const double total = static_cast<double>(c.overhead_ns + c.compute_ns);
    real(total > 0 ? static_cast<double>(c.overhead_ns) / total : 0.0);
}

void writer::inline_scalar(const any_array& a) {
    std::visit(
        [&](const auto& x) {
            using T = typename std::decay_t<decltype(x)>::value_type;
            const T v = x.data()[0];
            scalar_map(
                [&] {
                    if constexpr (std::is_same_v<T, bool>) boolean(v);
                    else if constexpr (std::is_integral_v<T>) integer(v);
                    else if constexpr (me::detail::is_complex_v<T>) {
                        list(2);
                        real(v.real());
                        real(v.imag());
                    } else real(static_cast<double>(v));
                },
                x.dtype());
        },
        a);
}

void writer::array_reference(std::string_view id, const std::vector<std::size_t>& shape, std::string_view dtype,
                             const std::vector<std::vector<std::size_t>>& groups) {
    map(groups.empty() ? 3 : 4);
    str("id");
    str(id);
    str("shape");
    integers(shape);
    str("dtype");
    str(dtype);
    if (groups.empty()) return;
    str("symmetry_info");
    map(2);
    str("symmetric_axes");
    list(groups.size());
    for (const auto& g : groups) integers(g);
    str("shape");
    integers(shape);
}

void writer::fetch_payload(const any_array& a) {
    ok_map(3);
    std::visit(
        [&](const auto& x) {
            using T = typename std::decay_t<decltype(x)>::value_type;
            str("data");
            reserve(x.size() * sizeof(T) + 64);
            bin(x.data(), x.size() * sizeof(T));
            str("shape");
            integers(x.shape());
            str("dtype");
            str(x.dtype());
        },
        a);
}

std::string writer::finish(const std::optional<budget_numbers>& budget, std::int64_t overhead_ns) {
    string_buffer out;
    out.bytes.reserve(body_.bytes.size() + 96);
    msgpack::packer<string_buffer> p(out);
    p.pack_map(static_cast<std::uint32_t>(entries_ + 3));
    p.pack_str(6);
    p.pack_str_body("status", 6);
    if (ok_) {
        p.pack_str(2);
        p.pack_str_body("ok", 2);
    } else {
        p.pack_str(5);
        p.pack_str_body("error", 5);
    }
    out.write(body_.bytes.data(), body_.bytes.size());
    p.pack_str(6);
    p.pack_str_body("budget", 6);
    const auto& b = kept_budget_ ? kept_budget_ : budget;
    if (b) {
        p.pack_map(3);
        p.pack_str(11);
        p.pack_str_body("flop_budget", 11);
        p.pack_int64(b->flop_budget);
        p.pack_str(10);
        p.pack_str_body("flops_used", 10);
        p.pack_int64(b->flops_used);
        p.pack_str(15);
        p.pack_str_body("flops_remaining", 15);
        p.pack_int64(b->flops_remaining);
    } else {
        p.pack_nil();
    }
    p.pack_str(17);
    p.pack_str_body("comms_overhead_ns", 17);
    p.pack_int64(overhead_ns);
    return std::move(out.bytes);
}

}  // namespace me::server::wire
