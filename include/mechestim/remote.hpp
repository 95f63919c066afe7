/// @file remote.hpp
/// @brief `me::remote`: the C++ client of `mechestim-server` (docs/client-server.md).
///
/// A participant's program in the sandbox links this header, ZeroMQ and nothing else: no
/// xtensor, no BLAS, no numerics at all, so the only way to compute is to ask the server,
/// which charges the budget. Arrays are handles on the server with their shape and dtype
/// cached here; operators and functions are forwarded by name; the server's errors come
/// back as the same `me::` exception types the local library throws.
///
/// Needs cppzmq (`zmq.hpp`, link `-lzmq`) and msgpack-cxx (`msgpack.hpp`, header-only).
/// It is not part of the umbrella header: include it on its own.
///
/// ```cpp
/// me::remote::BudgetContext budget(1e6);          // budget_open
/// auto x = me::remote::asarray(std::vector<double>{1, 2, 3});
/// auto y = me::remote::exp(x) * 2.0;              // two counted ops on the server
/// std::vector<double> v = y.fetch<double>();     // the values, fetched on demand
/// std::cout << budget.flops_used();               // 6
/// ```                                             // budget_close at scope exit
#pragma once

// The client packs and unpacks plain msgpack only; Boost's adaptors are not wanted.
#ifndef MSGPACK_NO_BOOST
#define MSGPACK_NO_BOOST
#endif

#include <msgpack.hpp>
#include <zmq.hpp>

#include <chrono>
#include <complex>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "errors.hpp"
#include "detail/types.hpp"

namespace me::remote {

/// What the server answered with an `error_type` that has no `me::` class of its own
/// (KeyError, TypeError, AttributeError, RuntimeError, MemoryError, NotImplementedError,
/// InvalidRequestError), or a transport failure ("timeout", "protocol").
class ServerError : public MechEstimError {
public:
    ServerError(std::string type, const std::string& message)
        : MechEstimError(type + ": " + message), error_type(std::move(type)) {}
    std::string error_type;  ///< the server's exception name, e.g. "KeyError"
};

using shape_t = std::vector<std::size_t>;

/// A slice for `array::subscript`, as Python's `start:stop:step` (each part optional).
struct slice {
    std::optional<std::int64_t> start{}, stop{}, step{};
};
/// `None` in an index: a new axis of length 1.
struct newaxis_t {};
/// `...` in an index.
struct ellipsis_t {};
inline constexpr newaxis_t newaxis{};
inline constexpr ellipsis_t ellipsis{};
using index_item = std::variant<std::int64_t, slice, newaxis_t, ellipsis_t>;

/// Options of `BudgetContext` (the session).
struct SessionOptions {
    std::string url{};                 ///< empty: MECHESTIM_SERVER_URL, else ipc:///tmp/mechestim.sock
    double flop_multiplier = 1.0;      ///< sent with budget_open; the server applies it
    std::chrono::milliseconds timeout{30000};  ///< per send and per receive, as the original client
};

class array;

namespace detail {

/// One argument on the wire. A list nests (einsum's operands, concatenate's arrays, shapes).
struct value;
struct handle_ref {
    std::string id;
};
struct bytes_ref {
    std::string data;
};
using value_list = std::vector<value>;
struct value {
    std::variant<std::monostate, bool, std::int64_t, double, std::string, handle_ref, bytes_ref, value_list, slice,
                 ellipsis_t>
        v;
};
using keywords = std::vector<std::pair<std::string, value>>;

inline void pack(msgpack::packer<msgpack::sbuffer>& p, const value& a);

inline void pack_text(msgpack::packer<msgpack::sbuffer>& p, std::string_view s) {
    p.pack_str(static_cast<std::uint32_t>(s.size()));
    p.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

inline void pack_bound(msgpack::packer<msgpack::sbuffer>& p, const std::optional<std::int64_t>& b) {
    if (b) p.pack_int64(*b);
    else p.pack_nil();
}

inline void pack(msgpack::packer<msgpack::sbuffer>& p, const value& a) {
    std::visit(
        [&](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::monostate>) p.pack_nil();
            else if constexpr (std::is_same_v<X, bool>) x ? p.pack_true() : p.pack_false();
            else if constexpr (std::is_same_v<X, std::int64_t>) p.pack_int64(x);
            // Always float64, as Python's msgpack: the server tells a float from an int by its type.
            else if constexpr (std::is_same_v<X, double>) p.pack_double(x);
            else if constexpr (std::is_same_v<X, std::string>) pack_text(p, x);
            else if constexpr (std::is_same_v<X, handle_ref>) {
                p.pack_map(1);
                pack_text(p, "__handle__");
                pack_text(p, x.id);
            } else if constexpr (std::is_same_v<X, bytes_ref>) {
                p.pack_bin(static_cast<std::uint32_t>(x.data.size()));
                p.pack_bin_body(x.data.data(), static_cast<std::uint32_t>(x.data.size()));
            } else if constexpr (std::is_same_v<X, value_list>) {
                p.pack_array(static_cast<std::uint32_t>(x.size()));
                for (const auto& item : x) pack(p, item);
            } else if constexpr (std::is_same_v<X, slice>) {
                p.pack_map(1);
                pack_text(p, "__slice__");
                p.pack_array(3);
                pack_bound(p, x.start);
                pack_bound(p, x.stop);
                pack_bound(p, x.step);
            } else {
                pack_text(p, "...");
            }
        },
        a.v);
}

inline std::optional<std::string_view> text_of(const msgpack::object& o) {
    if (o.type == msgpack::type::STR) return std::string_view(o.via.str.ptr, o.via.str.size);
    if (o.type == msgpack::type::BIN) return std::string_view(o.via.bin.ptr, o.via.bin.size);
    return std::nullopt;
}

inline const msgpack::object* field(const msgpack::object& o, std::string_view key) {
    if (o.type != msgpack::type::MAP) return nullptr;
    for (std::uint32_t k = 0; k < o.via.map.size; ++k)
        if (text_of(o.via.map.ptr[k].key) == key) return &o.via.map.ptr[k].val;
    return nullptr;
}

[[noreturn]] inline void protocol_error(const std::string& what) {
    throw ServerError("protocol", "malformed response from the server: " + what);
}

inline std::int64_t integer_of(const msgpack::object& o) {
    if (o.type == msgpack::type::POSITIVE_INTEGER) return static_cast<std::int64_t>(o.via.u64);
    if (o.type == msgpack::type::NEGATIVE_INTEGER) return o.via.i64;
    if (o.type == msgpack::type::FLOAT32 || o.type == msgpack::type::FLOAT64) return static_cast<std::int64_t>(o.via.f64);
    protocol_error("expected an integer");
}

inline double number_of(const msgpack::object& o) {
    if (o.type == msgpack::type::FLOAT32 || o.type == msgpack::type::FLOAT64) return o.via.f64;
    if (o.type == msgpack::type::BOOLEAN) return o.via.boolean ? 1.0 : 0.0;
    return static_cast<double>(integer_of(o));
}

inline std::string text_field(const msgpack::object& o, std::string_view key) {
    const msgpack::object* f = field(o, key);
    auto t = f ? text_of(*f) : std::nullopt;
    if (!t) protocol_error("no '" + std::string(key) + "' text");
    return std::string(*t);
}

/// "12,345" back to 12345 (the library formats FLOP counts with thousands separators).
inline std::optional<std::int64_t> parse_thousands(std::string_view s) {
    std::int64_t v = 0;
    bool any = false;
    for (char c : s) {
        if (c == ',') continue;
        if (c < '0' || c > '9' || v > (INT64_MAX - 9) / 10) return std::nullopt;
        v = v * 10 + (c - '0');
        any = true;
    }
    return any ? std::optional<std::int64_t>(v) : std::nullopt;
}

/// The server's error envelope as the exception the local library would have thrown.
[[noreturn]] inline void raise(const std::string& type, const std::string& message) {
    if (type == "BudgetExhaustedError") {
        // "<op> would cost N FLOPs but only M remain": rebuilt from its parts, the same text.
        const auto cost_at = message.find(" would cost ");
        const auto flops_at = message.find(" FLOPs but only ");
        const auto remain_at = message.rfind(" remain");
        if (cost_at != std::string::npos && flops_at != std::string::npos && remain_at != std::string::npos &&
            cost_at < flops_at && flops_at < remain_at) {
            const auto cost = parse_thousands(std::string_view(message).substr(cost_at + 12, flops_at - cost_at - 12));
            const auto left = parse_thousands(std::string_view(message).substr(flops_at + 16, remain_at - flops_at - 16));
            if (cost && left) throw BudgetExhaustedError(message.substr(0, cost_at), *cost, *left, "(server)");
        }
        throw ServerError(type, message);
    }
    if (type == "NoBudgetContextError") throw NoBudgetContextError(message);
    if (type == "SymmetryError") throw SymmetryError(message);
    if (type == "AxisError") throw AxisError(message);
    if (type == "LinAlgError") throw LinAlgError(message);
    if (type == "ValueError") throw ValueError(message);
    if (type == "IndexError") throw IndexError(message);
    if (type == "UnsupportedFunctionError") {
        // "me::<name> is not supported: <why>"
        constexpr std::string_view prefix = "me::", middle = " is not supported: ";
        const auto at = message.find(middle);
        if (message.rfind(prefix, 0) == 0 && at != std::string::npos)
            throw UnsupportedFunctionError(message.substr(prefix.size(), at - prefix.size()), message.substr(at + middle.size()));
        throw ServerError(type, message);
    }
    if (type == "MechEstimError") throw MechEstimError(message);
    throw ServerError(type, message);
}

/// An answer: the received message and the msgpack tree over it (payloads are not
/// copied out of the message: a 1e6-element fetch is decoded straight from it).
class reply {
public:
    explicit reply(zmq::message_t&& message) : message_(std::make_unique<zmq::message_t>(std::move(message))) {
        try {
            handle_ = msgpack::unpack(static_cast<const char*>(message_->data()), message_->size(),
                                      [](msgpack::type::object_type type, std::size_t, void*) {
                                          return type == msgpack::type::BIN || type == msgpack::type::STR;
                                      });
        } catch (const std::exception& e) {
            protocol_error(e.what());
        }
    }
    reply(reply&&) = default;
    const msgpack::object& get() const { return handle_.get(); }

private:
    // Owns the bytes the tree refers to; on the heap because moving a small zmq message
    // moves its bytes. Declared first, so destroyed last.
    std::unique_ptr<zmq::message_t> message_;
    msgpack::object_handle handle_;
};

struct budget_numbers {
    std::int64_t flop_budget = 0, flops_used = 0, flops_remaining = 0;
};

/// One open session: the REQ socket, the budget as of the last answer, and the handles
/// whose last `array` died (freed on the server in batches, never from a destructor).
class session {
public:
    explicit session(const SessionOptions& o) : timeout_(o.timeout) {
        if (!o.url.empty()) url_ = o.url;
        else if (const char* env = std::getenv("MECHESTIM_SERVER_URL"); env && *env) url_ = env;
        else url_ = "ipc:///tmp/mechestim.sock";
        connect();
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    const std::string& url() const { return url_; }
    const budget_numbers& budget() const { return budget_; }
    bool is_open() const { return open_; }
    void mark_closed() { open_ = false; }

    /// Sends one request and returns the answer's map; an error envelope is thrown as its
    /// `me::` type. Pending frees go first once enough have gathered.
    reply request(std::string_view op, const value_list& args = {}, const keywords& kwargs = {}) {
        std::vector<std::string> to_free;
        {
            std::lock_guard lock(free_mutex_);
            if (pending_free_.size() >= free_batch || pending_bytes_ >= free_bytes) {
                to_free.swap(pending_free_);
                pending_bytes_ = 0;
            }
        }
        if (!to_free.empty()) {
            value_list ids;
            for (auto& id : to_free) ids.push_back(value{std::move(id)});
            exchange("free", {value{std::move(ids)}}, {});
        }
        return exchange(op, args, kwargs);
    }

    void queue_free(std::string id, std::size_t bytes) {
        std::lock_guard lock(free_mutex_);
        if (!open_) return;
        pending_free_.push_back(std::move(id));
        pending_bytes_ += bytes;
    }

private:
    // Frees go in batches (one round trip each), sooner when what they hold is large:
    // arrays dropped but not yet freed still count against the session's store limit.
    static constexpr std::size_t free_batch = 64;
    static constexpr std::size_t free_bytes = std::size_t{16} << 20;

    void connect() {
        socket_ = zmq::socket_t(context_, zmq::socket_type::req);
        const int ms = static_cast<int>(timeout_.count());
        socket_.set(zmq::sockopt::sndtimeo, ms);
        socket_.set(zmq::sockopt::rcvtimeo, ms);
        socket_.set(zmq::sockopt::linger, 0);
        socket_.connect(url_);
    }

    reply exchange(std::string_view op, const value_list& args, const keywords& kwargs) {
        msgpack::sbuffer buffer;
        msgpack::packer<msgpack::sbuffer> p(buffer);
        p.pack_map(3);
        pack_text(p, "op");
        pack_text(p, op);
        pack_text(p, "args");
        p.pack_array(static_cast<std::uint32_t>(args.size()));
        for (const auto& a : args) pack(p, a);
        pack_text(p, "kwargs");
        p.pack_map(static_cast<std::uint32_t>(kwargs.size()));
        for (const auto& [k, v] : kwargs) {
            pack_text(p, k);
            pack(p, v);
        }
        zmq::message_t message;
        const bool sent = socket_.send(zmq::const_buffer(buffer.data(), buffer.size()), zmq::send_flags::none).has_value();
        if (!sent || !socket_.recv(message, zmq::recv_flags::none)) {
            // A REQ socket that missed its answer is stuck in the wrong state: start afresh.
            connect();
            throw ServerError("timeout", "server timeout after " + std::to_string(timeout_.count()) + " ms on " + url_ +
                                             " (op '" + std::string(op) + "')");
        }
        detail::reply oh(std::move(message));
        const msgpack::object& answer = oh.get();
        if (const msgpack::object* b = field(answer, "budget"); b && b->type == msgpack::type::MAP) {
            const msgpack::object *total = field(*b, "flop_budget"), *used = field(*b, "flops_used"),
                                  *left = field(*b, "flops_remaining");
            if (total && used && left) budget_ = {integer_of(*total), integer_of(*used), integer_of(*left)};
        }
        const msgpack::object* status = field(answer, "status");
        if (status == nullptr || !text_of(*status)) protocol_error("no status");
        if (*text_of(*status) != "ok") raise(text_field(answer, "error_type"), text_field(answer, "message"));
        return oh;
    }

    zmq::context_t context_{1};
    zmq::socket_t socket_;
    std::string url_;
    std::chrono::milliseconds timeout_;
    budget_numbers budget_{};
    bool open_ = true;
    std::mutex free_mutex_;
    std::vector<std::string> pending_free_;
    std::size_t pending_bytes_ = 0;
};

/// The session the calling thread's ops go to (one BudgetContext at a time per thread).
inline thread_local std::shared_ptr<session> active_session{};

inline session& current_session() {
    if (!active_session) throw NoBudgetContextError("no active session: open a me::remote::BudgetContext first");
    return *active_session;
}

/// A server-side array: freed on the server when its last `array` goes.
struct handle {
    handle(std::string name, std::size_t size, std::weak_ptr<session> session)
        : id(std::move(name)), bytes(size), owner(std::move(session)) {}
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;
    std::string id;
    std::size_t bytes;
    std::weak_ptr<session> owner;
    ~handle() {
        if (auto s = owner.lock()) s->queue_free(std::move(id), bytes);
    }
};

using scalar = std::variant<bool, std::int64_t, double, std::complex<double>>;

inline std::size_t itemsize_of(std::string_view dtype) {
    if (dtype == "float64" || dtype == "int64" || dtype == "uint64") return 8;
    if (dtype == "float32" || dtype == "int32" || dtype == "uint32") return 4;
    if (dtype == "int16" || dtype == "uint16") return 2;
    if (dtype == "bool" || dtype == "int8" || dtype == "uint8") return 1;
    if (dtype == "complex128") return 16;
    if (dtype == "complex64") return 8;
    throw ValueError("unknown dtype '" + std::string(dtype) + "'");
}

using me::detail::is_complex_v;

/// One fetched value as T: complex only to a complex T, as NumPy refuses to drop the
/// imaginary part without being asked.
template <class T, class V>
T value_as(V v) {
    if constexpr (is_complex_v<V>) {
        if constexpr (is_complex_v<T>) return T(v);
        else throw ValueError("cannot fetch a complex value as a real type (take real() or abs() on the server first)");
    } else if constexpr (std::is_same_v<T, bool>) {
        return v != 0;
    } else {
        return static_cast<T>(v);
    }
}

/// Element `i` of raw little-endian bytes of `dtype`, as T.
template <class T>
T element(const char* bytes, std::size_t i, std::string_view dtype) {
    auto read = [&]<class S>() {
        S s;
        std::memcpy(&s, bytes + i * sizeof(S), sizeof(S));
        return s;
    };
    auto as_t = [](auto v) { return value_as<T>(v); };
    if (dtype == "float64") return as_t(read.template operator()<double>());
    if (dtype == "float32") return as_t(read.template operator()<float>());
    if (dtype == "int64") return as_t(read.template operator()<std::int64_t>());
    if (dtype == "int32") return as_t(read.template operator()<std::int32_t>());
    if (dtype == "int16") return as_t(read.template operator()<std::int16_t>());
    if (dtype == "int8") return as_t(read.template operator()<std::int8_t>());
    if (dtype == "uint64") return as_t(read.template operator()<std::uint64_t>());
    if (dtype == "uint32") return as_t(read.template operator()<std::uint32_t>());
    if (dtype == "uint16") return as_t(read.template operator()<std::uint16_t>());
    if (dtype == "uint8") return as_t(read.template operator()<std::uint8_t>());
    if (dtype == "bool") return as_t(static_cast<std::uint8_t>(bytes[i] != 0));
    if (dtype == "complex128") return as_t(read.template operator()<std::complex<double>>());
    if (dtype == "complex64") return as_t(read.template operator()<std::complex<float>>());
    throw ValueError("cannot fetch dtype '" + std::string(dtype) + "'");
}

/// The element types the server stores and `asarray` uploads as they are.
template <class T>
inline constexpr bool is_stored_v = std::is_same_v<T, double> || std::is_same_v<T, float> ||
                                    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::int32_t> ||
                                    std::is_same_v<T, std::complex<double>>;

/// The dtype name of a C++ element type, for uploads.
template <class T>
constexpr std::string_view dtype_name() {
    if constexpr (std::is_same_v<T, double>) return "float64";
    else if constexpr (std::is_same_v<T, float>) return "float32";
    else if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
    else if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
    else if constexpr (std::is_same_v<T, bool>) return "bool";
    else if constexpr (std::is_same_v<T, std::complex<double>>) return "complex128";
    else static_assert(sizeof(T) == 0, "me::remote uploads float64, float32, int64, int32, bool and complex128");
}

inline array array_of(const msgpack::object& result);
inline std::vector<array> arrays_of(const msgpack::object& result);
inline value to_value(const array& a);

}  // namespace detail

/// An array held by the server: its handle, with the shape and dtype cached here, or a
/// 0-d result the server sent inline. Immutable, as in the original client; copies share
/// the handle, and the server frees it once the last copy is gone.
class array {
public:
    /// A 0-d float64 zero (held here, not on the server).
    array() = default;
    /// A Python-style scalar argument, held here and sent inline (so it promotes weakly,
    /// as a Python number does in NumPy 1.24).
    template <class T>
        requires std::is_arithmetic_v<T>
    explicit array(T v) : dtype_(std::is_same_v<T, bool> ? "bool" : std::is_integral_v<T> ? "int64" : "float64") {
        if constexpr (std::is_same_v<T, bool>) scalar_ = v;
        else if constexpr (std::is_integral_v<T>) scalar_ = static_cast<std::int64_t>(v);
        else scalar_ = static_cast<double>(v);
    }
    explicit array(std::complex<double> v) : dtype_("complex128"), scalar_(v) {}

    const shape_t& shape() const noexcept { return shape_; }
    std::size_t ndim() const noexcept { return shape_.size(); }
    std::size_t size() const noexcept {
        std::size_t n = 1;
        for (auto d : shape_) n *= d;
        return n;
    }
    const std::string& dtype() const noexcept { return dtype_; }
    std::size_t itemsize() const { return detail::itemsize_of(dtype_); }
    std::size_t nbytes() const { return size() * itemsize(); }
    /// The server's handle ("a7"), or empty for a value held here.
    std::string_view id() const noexcept { return handle_ ? std::string_view(handle_->id) : std::string_view(); }
    /// True when the value is held here (a 0-d result or a scalar), not on the server.
    bool is_local() const noexcept { return handle_ == nullptr; }
    /// The symmetric axis groups the server reported (empty when none).
    const std::vector<std::vector<std::size_t>>& symmetric_axes() const noexcept { return symmetric_axes_; }

    /// Every element in C order, converted to T (a complex array only to a complex T).
    /// FLOPs: 0 (a fetch is free; it is counted in the comms summary).
    template <class T = double>
    std::vector<T> fetch() const {
        if (!handle_)
            return {std::visit([](auto v) { return detail::value_as<T>(v); }, scalar_)};
        auto answer = detail::current_session().request("fetch", {detail::to_value(*this)});
        return decode<T>(answer.get());
    }

    /// The only element of a size-1 array (NumPy's `item()`); ValueError otherwise.
    /// FLOPs: 0.
    template <class T = double>
    T item() const {
        if (size() != 1) throw ValueError("can only convert an array of size 1 to a Python scalar");
        return fetch<T>()[0];
    }
    /// `float(a)`: size 1 only. FLOPs: 0.
    explicit operator double() const { return item<double>(); }

    /// `a[i]` on the server (NumPy's basic indexing; the copy is charged as the library
    /// charges it). FLOPs: as the server's `__getitem__`.
    array operator[](std::int64_t i) const { return subscript({index_item(i)}); }
    /// `a[items...]`, e.g. `a.subscript({me::remote::slice{0, 2}, 1})`. FLOPs: as `__getitem__`.
    array subscript(const std::vector<index_item>& items) const {
        detail::value_list key;
        for (const auto& it : items)
            std::visit([&](const auto& x) {
                using X = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<X, newaxis_t>) key.push_back(detail::value{});
                else key.push_back(detail::value{x});
            }, it);
        auto answer = detail::current_session().request("__getitem__", {detail::to_value(*this), detail::value{std::move(key)}});
        return detail::array_of(*detail::field(answer.get(), "result"));
    }
    /// A copy with another dtype ("float32", "int64", ...). FLOPs: as the server's `astype`.
    array astype(std::string_view dtype) const {
        auto answer = detail::current_session().request("astype", {detail::to_value(*this), detail::value{std::string(dtype)}});
        return detail::array_of(*detail::field(answer.get(), "result"));
    }

private:
    friend array detail::array_of(const msgpack::object&);
    friend detail::value detail::to_value(const array&);

    template <class T>
    static std::vector<T> decode(const msgpack::object& answer) {
        const msgpack::object* data = detail::field(answer, "data");
        const msgpack::object* shape = detail::field(answer, "shape");
        if (data == nullptr || shape == nullptr || shape->type != msgpack::type::ARRAY) detail::protocol_error("fetch without data/shape");
        auto bytes = detail::text_of(*data);
        if (!bytes) detail::protocol_error("fetch data is not bytes");
        const std::string dtype = detail::text_field(answer, "dtype");
        std::size_t count = 1;
        for (std::uint32_t k = 0; k < shape->via.array.size; ++k) count *= static_cast<std::size_t>(detail::integer_of(shape->via.array.ptr[k]));
        if (count * detail::itemsize_of(dtype) != bytes->size()) detail::protocol_error("fetch payload does not match its shape");
        if constexpr (detail::is_stored_v<T>) {
            if (dtype == detail::dtype_name<T>()) {  // the stored type: one copy
                std::vector<T> out(count);
                if (count != 0) std::memcpy(out.data(), bytes->data(), bytes->size());
                return out;
            }
        }
        std::vector<T> out;
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) out.push_back(detail::element<T>(bytes->data(), i, dtype));
        return out;
    }

    std::shared_ptr<detail::handle> handle_{};
    shape_t shape_{};
    std::string dtype_ = "float64";
    detail::scalar scalar_{0.0};
    std::vector<std::vector<std::size_t>> symmetric_axes_{};
};

namespace detail {

inline std::vector<std::size_t> sizes_of(const msgpack::object& o) {
    if (o.type != msgpack::type::ARRAY) protocol_error("a shape is not a list");
    std::vector<std::size_t> out;
    for (std::uint32_t k = 0; k < o.via.array.size; ++k) out.push_back(static_cast<std::size_t>(integer_of(o.via.array.ptr[k])));
    return out;
}

/// An op's `result` as an array: a stored handle, an inline 0-d value, or a plain number.
inline array array_of(const msgpack::object& r) {
    array a;
    if (const msgpack::object* id = field(r, "id")) {
        auto name = text_of(*id);
        const msgpack::object* shape = field(r, "shape");
        if (!name || shape == nullptr) protocol_error("an array result without id/shape");
        a.shape_ = sizes_of(*shape);
        a.dtype_ = text_field(r, "dtype");
        a.handle_ = std::make_shared<handle>(std::string(*name), a.size() * itemsize_of(a.dtype_), active_session);
        if (const msgpack::object* sym = field(r, "symmetry_info"))
            if (const msgpack::object* groups = field(*sym, "symmetric_axes"); groups && groups->type == msgpack::type::ARRAY)
                for (std::uint32_t k = 0; k < groups->via.array.size; ++k) a.symmetric_axes_.push_back(sizes_of(groups->via.array.ptr[k]));
        return a;
    }
    const msgpack::object* v = &r;
    if (const msgpack::object* inline_value = field(r, "value")) {
        v = inline_value;
        a.dtype_ = text_field(r, "dtype");
    } else if (field(r, "multi")) {
        throw ValueError("the op returned a tuple: call it through a tuple function (me::remote::call_multi)");
    }
    switch (v->type) {
        case msgpack::type::BOOLEAN:
            a.scalar_ = v->via.boolean;
            if (v == &r) a.dtype_ = "bool";
            break;
        case msgpack::type::POSITIVE_INTEGER:
        case msgpack::type::NEGATIVE_INTEGER:
            a.scalar_ = integer_of(*v);
            if (v == &r) a.dtype_ = "int64";
            break;
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64:
            a.scalar_ = v->via.f64;
            if (v == &r) a.dtype_ = "float64";
            break;
        case msgpack::type::ARRAY:  // a complex 0-d value as [re, im]
            if (v->via.array.size != 2) protocol_error("a complex value is not [re, im]");
            a.scalar_ = std::complex<double>(number_of(v->via.array.ptr[0]), number_of(v->via.array.ptr[1]));
            if (v == &r) a.dtype_ = "complex128";
            break;
        default: protocol_error("a result that is not an array or a number");
    }
    return a;
}

inline std::vector<array> arrays_of(const msgpack::object& r) {
    const msgpack::object* multi = field(r, "multi");
    if (multi == nullptr || multi->type != msgpack::type::ARRAY) return {array_of(r)};
    std::vector<array> out;
    for (std::uint32_t k = 0; k < multi->via.array.size; ++k) out.push_back(array_of(multi->via.array.ptr[k]));
    return out;
}

/// A handle must belong to the session it is sent to: a closed session's arrays are gone.
inline value to_value(const array& a) {
    if (a.handle_) {
        if (a.handle_->owner.lock() != active_session)
            throw ServerError("KeyError", "Array handle '" + a.handle_->id + "' belongs to a session that is closed");
        return value{handle_ref{a.handle_->id}};
    }
    return std::visit([](auto v) -> value {
        if constexpr (is_complex_v<decltype(v)>) {
            // The protocol's inline numbers are real, and the server sends 0-d results
            // inline, so it can hold no 0-d array: a shape (1,) upload would silently
            // change result shapes, so the caller chooses it.
            throw ValueError("me::remote: a complex scalar has no wire form (inline numbers are real); upload it as "
                             "me::remote::asarray(std::vector<std::complex<double>>{z}), an array of shape (1,)");
        } else {
            return value{v};
        }
    }, a.scalar_);
}

template <class T>
concept operand = std::is_same_v<std::remove_cvref_t<T>, array> || std::is_arithmetic_v<std::remove_cvref_t<T>> ||
                  std::is_same_v<std::remove_cvref_t<T>, std::complex<double>>;

/// Any argument an op takes: arrays, numbers, text, lists (shapes, axes, operand lists), None.
inline value argument(const array& a) { return to_value(a); }
inline value argument(std::nullopt_t) { return value{}; }
inline value argument(std::string_view s) { return value{std::string(s)}; }
inline value argument(const char* s) { return value{std::string(s)}; }
inline value argument(const std::string& s) { return value{s}; }
inline value argument(std::complex<double> z) { return to_value(array(z)); }
template <class T>
    requires std::is_arithmetic_v<T>
value argument(T v) {
    if constexpr (std::is_same_v<T, bool>) return value{v};
    else if constexpr (std::is_integral_v<T>) return value{static_cast<std::int64_t>(v)};
    else return value{static_cast<double>(v)};
}
template <class T>
value argument(const std::vector<T>& items) {
    value_list out;
    for (const auto& x : items) out.push_back(argument(x));
    return value{std::move(out)};
}
template <class T>
value argument(const std::optional<T>& x) {
    return x ? argument(*x) : value{};
}

inline reply invoke(std::string_view name, value_list args, const keywords& kwargs = {}) {
    return current_session().request(name, args, kwargs);
}

/// An op of the registry by its name: every one-array and many-array function.
struct function {
    std::string_view name;
    /// FLOPs: as the library charges the op of this name (the server runs it).
    template <class... A>
    array operator()(const A&... a) const {
        auto answer = invoke(name, {argument(a)...});
        return array_of(*field(answer.get(), "result"));
    }
};

/// An op that returns a tuple (linalg.eigh, linalg.svd, divmod, unique_counts, ...).
struct tuple_function {
    std::string_view name;
    /// FLOPs: as the library charges the op of this name.
    template <class... A>
    std::vector<array> operator()(const A&... a) const {
        auto answer = invoke(name, {argument(a)...});
        return arrays_of(*field(answer.get(), "result"));
    }
};

}  // namespace detail

/// The axes a reduction runs over: one, several, or (left out) all of them.
class axes {
public:
    axes() = default;
    axes(int axis) : list_{axis}, all_(false), single_(true) {}
    axes(std::initializer_list<int> list) : list_(list), all_(false) {}
    axes(std::vector<int> list) : list_(std::move(list)), all_(false) {}
    bool is_all() const noexcept { return all_; }
    detail::value wire() const {
        if (all_) return detail::value{};
        if (single_) return detail::value{static_cast<std::int64_t>(list_[0])};
        return detail::argument(list_);
    }

private:
    std::vector<int> list_{};
    bool all_ = true, single_ = false;
};

/// A reduction's options, as the local library's `reduce_options` / `var_options`.
struct reduce_options {
    remote::axes axis{};
    bool keepdims = false;
    std::optional<double> ddof{};  ///< var, std, nanvar, nanstd only
};

namespace detail {
struct reduction {
    std::string_view name;
    /// FLOPs: as the library's reduction of this name (e.g. `sum`: numel(a)).
    array operator()(const array& a, const reduce_options& o = {}) const {
        keywords kw;
        if (!o.axis.is_all()) kw.emplace_back("axis", o.axis.wire());
        if (o.keepdims) kw.emplace_back("keepdims", value{true});
        if (o.ddof) kw.emplace_back("ddof", value{*o.ddof});
        auto answer = invoke(name, {argument(a)}, kw);
        return array_of(*field(answer.get(), "result"));
    }
};
}  // namespace detail

/// The session: `budget_open` on construction, `budget_close` when it ends. One per
/// thread at a time (the server holds one session); the thread's ops go to it.
class BudgetContext {
public:
    /// Opens a session with `flop_budget` FLOPs on the server at `options.url`.
    /// FLOPs: 0.
    explicit BudgetContext(double flop_budget = 1e6, const SessionOptions& options = {}) {
        if (detail::active_session)
            throw MechEstimError("Nested BudgetContext is not supported. Only one context can be active at a time.");
        auto s = std::make_shared<detail::session>(options);
        s->request("budget_open", {}, {{"flop_budget", detail::value{flop_budget}}, {"flop_multiplier", detail::value{options.flop_multiplier}}});
        session_ = s;
        detail::active_session = std::move(s);
    }
    BudgetContext(const BudgetContext&) = delete;
    BudgetContext& operator=(const BudgetContext&) = delete;
    /// Closes the session if `close()` was not called (errors are swallowed: a destructor
    /// must not throw; the server reaps a session it never hears from again).
    ~BudgetContext() {
        try {
            close();
        } catch (...) {
        }
    }

    /// The budget, as of the server's last answer. FLOPs: 0.
    std::int64_t flop_budget() const { return session_->budget().flop_budget; }
    /// FLOPs used, as of the server's last answer. FLOPs: 0.
    std::int64_t flops_used() const { return session_->budget().flops_used; }
    /// `flop_budget() - flops_used()`. FLOPs: 0.
    std::int64_t flops_remaining() const { return session_->budget().flops_remaining; }
    /// Asks the server for the numbers afresh (`budget_status`). FLOPs: 0.
    void refresh() { session_->request("budget_status"); }
    /// The original client's one-line summary, from the cached numbers. FLOPs: 0.
    std::string summary() const {
        return "BudgetContext: " + std::to_string(flops_used()) + "/" + std::to_string(flop_budget()) + " FLOPs used (" +
               std::to_string(flops_remaining()) + " remaining)";
    }
    /// The server's per-op summary text, set by `close()` (empty before). FLOPs: 0.
    const std::string& budget_summary() const noexcept { return budget_summary_; }
    const std::string& url() const { return session_->url(); }

    /// Sends `budget_close` (once) and returns the server's summary text; the session's
    /// arrays are gone afterwards. FLOPs: 0.
    const std::string& close() {
        if (!session_->is_open()) return budget_summary_;
        session_->mark_closed();
        struct release {
            std::shared_ptr<detail::session>& active;
            ~release() { active.reset(); }
        } done{detail::active_session};
        auto answer = session_->request("budget_close");
        if (const msgpack::object* r = detail::field(answer.get(), "result"))
            if (const msgpack::object* text = detail::field(*r, "budget_summary"); text && detail::text_of(*text))
                budget_summary_ = std::string(*detail::text_of(*text));
        return budget_summary_;
    }

private:
    std::shared_ptr<detail::session> session_;
    std::string budget_summary_;
};

/// Any op of the registry by name, for the ones without a function object here:
/// `me::remote::call("fliplr", a)`. FLOPs: as the library charges that op.
template <class... A>
array call(std::string_view name, const A&... a) {
    return detail::function{name}(a...);
}
/// A tuple-returning op by name. FLOPs: as the library charges that op.
template <class... A>
std::vector<array> call_multi(std::string_view name, const A&... a) {
    return detail::tuple_function{name}(a...);
}

/// Uploads `data` (C order) as an array of `shape` (default: 1-d) with `create_from_data`.
/// FLOPs: 0.
template <class T>
array asarray(const std::vector<T>& data, std::optional<shape_t> shape = std::nullopt) {
    const shape_t s = shape ? *shape : shape_t{data.size()};
    std::string bytes;
    if constexpr (std::is_same_v<T, bool>) {
        for (bool b : data) bytes.push_back(b ? '\1' : '\0');
    } else {
        bytes.resize(data.size() * sizeof(T));
        if (!data.empty()) std::memcpy(bytes.data(), data.data(), bytes.size());
    }
    auto answer = detail::invoke("create_from_data", {detail::value{detail::bytes_ref{std::move(bytes)}}, detail::argument(s),
                                                      detail::value{std::string(detail::dtype_name<T>())}});
    return detail::array_of(*detail::field(answer.get(), "result"));
}

/// `zeros(shape, dtype)`. FLOPs: 0 (creation is free).
inline array zeros(const shape_t& shape, std::string_view dtype = "float64") { return call("zeros", shape, dtype); }
/// `ones(shape, dtype)`. FLOPs: 0.
inline array ones(const shape_t& shape, std::string_view dtype = "float64") { return call("ones", shape, dtype); }
/// `full(shape, value)`. FLOPs: 0.
inline array full(const shape_t& shape, double value) { return call("full", shape, value); }
/// `eye(n)`. FLOPs: 0.
inline array eye(std::size_t n) { return call("eye", static_cast<std::int64_t>(n)); }
/// `arange(start, stop, step)` (float64 unless all three are integers). FLOPs: 0.
template <class T>
    requires std::is_arithmetic_v<T>
array arange(T start, T stop, T step = T{1}) {
    return call("arange", start, stop, step);
}
/// `linspace(start, stop, num)`. FLOPs: 0.
inline array linspace(double start, double stop, std::int64_t num = 50) { return call("linspace", start, stop, num); }
/// `reshape(a, shape)`. FLOPs: 0.
inline array reshape(const array& a, const shape_t& shape) { return call("reshape", a, shape); }
/// `transpose(a)` (all axes reversed). FLOPs: 0.
inline array transpose(const array& a) { return call("transpose", a); }
/// `concatenate(arrays, axis)`. FLOPs: 0.
inline array concatenate(const std::vector<array>& arrays, std::int64_t axis = 0) { return call("concatenate", arrays, axis); }
/// `stack(arrays, axis)`. FLOPs: 0.
inline array stack(const std::vector<array>& arrays, std::int64_t axis = 0) { return call("stack", arrays, axis); }
/// `einsum(subscripts, operands...)`. FLOPs: the einsum cost of the path the server takes.
template <class... A>
array einsum(std::string_view subscripts, const A&... operands) {
    return call("einsum", subscripts, operands...);
}

// The function objects: one line per op, each forwarding by its registry name.
// Pointwise: FLOPs = output size (as the library's pointwise formula).
inline constexpr detail::function abs{"abs"}, negative{"negative"}, exp{"exp"}, expm1{"expm1"}, exp2{"exp2"}, log{"log"},
    log1p{"log1p"}, log2{"log2"}, log10{"log10"}, sqrt{"sqrt"}, cbrt{"cbrt"}, square{"square"}, reciprocal{"reciprocal"},
    sin{"sin"}, cos{"cos"}, tan{"tan"}, arcsin{"arcsin"}, arccos{"arccos"}, arctan{"arctan"}, sinh{"sinh"}, cosh{"cosh"},
    tanh{"tanh"}, arcsinh{"arcsinh"}, arccosh{"arccosh"}, arctanh{"arctanh"}, floor{"floor"}, ceil{"ceil"}, sign{"sign"},
    isnan{"isnan"}, isinf{"isinf"}, isfinite{"isfinite"}, real{"real"}, imag{"imag"}, conj{"conj"}, logical_not{"logical_not"};
inline constexpr detail::function add{"add"}, subtract{"subtract"}, multiply{"multiply"}, divide{"divide"},
    true_divide{"true_divide"}, floor_divide{"floor_divide"}, remainder{"remainder"}, mod{"mod"}, power{"power"},
    maximum{"maximum"}, minimum{"minimum"}, fmax{"fmax"}, fmin{"fmin"}, arctan2{"arctan2"}, hypot{"hypot"},
    logaddexp{"logaddexp"}, equal{"equal"}, not_equal{"not_equal"}, less{"less"}, less_equal{"less_equal"},
    greater{"greater"}, greater_equal{"greater_equal"}, logical_and{"logical_and"}, logical_or{"logical_or"},
    where{"where"}, clip{"clip"}, isclose{"isclose"}, allclose{"allclose"};
// Contractions: FLOPs as the library's matmul / dot / outer formulas.
inline constexpr detail::function matmul{"matmul"}, dot{"dot"}, inner{"inner"}, outer{"outer"}, tensordot{"tensordot"},
    kron{"kron"}, trace{"trace"};
// Sorting and the rest: FLOPs as the library's formulas for each.
inline constexpr detail::function sort{"sort"}, argsort{"argsort"}, cumsum{"cumsum"}, cumprod{"cumprod"}, diff{"diff"},
    unique{"unique"}, searchsorted{"searchsorted"}, take{"take"}, diag{"diag"}, ravel{"ravel"}, squeeze{"squeeze"},
    broadcast_to{"broadcast_to"}, copy{"copy"};
namespace linalg {
/// FLOPs: as the library's linalg formula of each.
inline constexpr detail::function inv{"linalg.inv"}, solve{"linalg.solve"}, det{"linalg.det"},
    cholesky{"linalg.cholesky"}, norm{"linalg.norm"}, pinv{"linalg.pinv"}, matrix_power{"linalg.matrix_power"},
    eigvalsh{"linalg.eigvalsh"}, eigvals{"linalg.eigvals"}, svdvals{"linalg.svdvals"}, cond{"linalg.cond"},
    matrix_rank{"linalg.matrix_rank"};
inline constexpr detail::tuple_function eigh{"linalg.eigh"}, eig{"linalg.eig"}, svd{"linalg.svd"}, qr{"linalg.qr"},
    slogdet{"linalg.slogdet"}, lstsq{"linalg.lstsq"};
}  // namespace linalg

namespace fft {
/// FLOPs: as the library's FFT formulas.
inline constexpr detail::function fft{"fft.fft"}, ifft{"fft.ifft"}, rfft{"fft.rfft"}, irfft{"fft.irfft"},
    fft2{"fft.fft2"}, ifft2{"fft.ifft2"}, fftn{"fft.fftn"}, ifftn{"fft.ifftn"};
}  // namespace fft

namespace random {
/// `random.seed(s)`: the server's legacy global stream. FLOPs: 0.
inline void seed(std::uint32_t s) { detail::invoke("random.seed", {detail::argument(static_cast<std::int64_t>(s))}); }
/// Samplers with NumPy's legacy signatures; a `shape_t` argument is the `size`.
/// FLOPs: as the library's sampler formulas (one per element drawn, and more for some).
inline constexpr detail::function randn{"random.randn"}, rand{"random.rand"}, random{"random.random"},
    standard_normal{"random.standard_normal"}, normal{"random.normal"}, uniform{"random.uniform"},
    randint{"random.randint"}, choice{"random.choice"}, permutation{"random.permutation"},
    exponential{"random.exponential"}, gamma{"random.gamma"}, beta{"random.beta"}, binomial{"random.binomial"},
    poisson{"random.poisson"}, multivariate_normal{"random.multivariate_normal"};
}  // namespace random

// Operators, forwarded as the original client forwards Python's.
namespace detail {
template <class L, class R>
concept mixed = (std::is_same_v<std::remove_cvref_t<L>, array> || std::is_same_v<std::remove_cvref_t<R>, array>) &&
                operand<L> && operand<R>;
}  // namespace detail

/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator+(const L& l, const R& r) { return add(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator-(const L& l, const R& r) { return subtract(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator*(const L& l, const R& r) { return multiply(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator/(const L& l, const R& r) { return true_divide(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator%(const L& l, const R& r) { return remainder(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator==(const L& l, const R& r) { return equal(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator!=(const L& l, const R& r) { return not_equal(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator<(const L& l, const R& r) { return less(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator<=(const L& l, const R& r) { return less_equal(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator>(const L& l, const R& r) { return greater(l, r); }
/// FLOPs: output size.
template <class L, class R> requires detail::mixed<L, R> array operator>=(const L& l, const R& r) { return greater_equal(l, r); }
/// FLOPs: output size.
inline array operator-(const array& a) { return negative(a); }

// Reductions: FLOPs as the library's reduction formula of each. Last in the file, as in
// reductions.hpp: once `me::remote::std` is declared, `std::` here would name it.
inline constexpr detail::reduction sum{"sum"}, prod{"prod"}, mean{"mean"}, max{"max"}, min{"min"}, amax{"amax"},
    amin{"amin"}, argmax{"argmax"}, argmin{"argmin"}, any{"any"}, all{"all"}, var{"var"}, std{"std"}, median{"median"},
    ptp{"ptp"}, count_nonzero{"count_nonzero"}, nansum{"nansum"}, nanmean{"nanmean"}, nanmax{"nanmax"},
    nanmin{"nanmin"}, nanvar{"nanvar"}, nanstd{"nanstd"};

}  // namespace me::remote
