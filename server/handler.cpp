// One request, bytes to bytes: decode (bounded), resolve handles, run the protocol op or
// the registry op, encode the envelope. Every failure becomes the original's error
// envelope; nothing here may throw past handle().
#include "handler.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "bindings.hpp"
#include "wire.hpp"

namespace me::server {

namespace {

using steady = std::chrono::steady_clock;

[[noreturn]] void invalid_request(const std::string& message) { throw wire_error("InvalidRequestError", message); }
[[noreturn]] void key_error(const std::string& message) { throw wire_error("KeyError", message); }

bool is_handle_name(std::string_view s) {
    if (s.size() < 2 || s.size() > 21 || s[0] != 'a') return false;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/// The element count of a nested list of numbers, with its shape and kind, or nullopt
/// when the list is ragged or holds anything else (then it stays a plain value).
struct list_shape {
    std::vector<std::size_t> shape;
    bool any_float = false, any_int = false, any_bool = false;
    static constexpr std::size_t unset = SIZE_MAX;
    std::size_t leaf_depth = unset;
};

bool scan_list(const msgpack::object& o, std::size_t depth, list_shape& out) {
    if (o.type != msgpack::type::ARRAY) {
        // Every number sits at the same depth, below the last list level (not ragged).
        if (out.leaf_depth == list_shape::unset) out.leaf_depth = depth;
        if (depth != out.leaf_depth || depth != out.shape.size()) return false;
        switch (o.type) {
            case msgpack::type::BOOLEAN: out.any_bool = true; return true;
            case msgpack::type::POSITIVE_INTEGER:
                if (o.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) out.any_float = true;
                else out.any_int = true;
                return true;
            case msgpack::type::NEGATIVE_INTEGER: out.any_int = true; return true;
            case msgpack::type::FLOAT32:
            case msgpack::type::FLOAT64: out.any_float = true; return true;
            default: return false;
        }
    }
    if (out.leaf_depth != list_shape::unset && depth >= out.leaf_depth) return false;
    if (depth == out.shape.size()) {
        if (depth >= 32) return false;
        out.shape.push_back(o.via.array.size);
    } else if (depth > out.shape.size() || out.shape[depth] != o.via.array.size) {
        return false;
    }
    for (std::uint32_t k = 0; k < o.via.array.size; ++k)
        if (!scan_list(o.via.array.ptr[k], depth + 1, out)) return false;
    return true;
}

template <class T>
T scalar_as(const msgpack::object& o) {
    switch (o.type) {
        case msgpack::type::BOOLEAN: return static_cast<T>(o.via.boolean);
        case msgpack::type::POSITIVE_INTEGER: return static_cast<T>(o.via.u64);
        case msgpack::type::NEGATIVE_INTEGER: return static_cast<T>(o.via.i64);
        default: return static_cast<T>(o.via.f64);
    }
}

template <class T>
void fill_flat(const msgpack::object& o, T*& out) {
    if (o.type != msgpack::type::ARRAY) {
        *out++ = scalar_as<T>(o);
        return;
    }
    for (std::uint32_t k = 0; k < o.via.array.size; ++k) fill_flat(o.via.array.ptr[k], out);
}

template <class T>
any_array inline_array_of(const msgpack::object& o, const std::vector<std::size_t>& shape) {
    auto a = me::array<T>::uninitialized(shape, "array");
    T* p = a.data();
    fill_flat(o, p);
    return a;
}

/// A scalar or a rectangular list of numbers as an array: NumPy's default dtypes (bool,
/// int64, float64), as np.asarray would make them.
std::optional<any_array> as_inline_array(const msgpack::object& o) {
    list_shape ls;
    if (!scan_list(o, 0, ls)) return std::nullopt;
    if (ls.any_float) return inline_array_of<double>(o, ls.shape);
    if (ls.any_int) return inline_array_of<std::int64_t>(o, ls.shape);
    if (ls.any_bool || !ls.shape.empty()) return ls.any_bool ? inline_array_of<bool>(o, ls.shape)
                                                             : inline_array_of<double>(o, ls.shape);
    return std::nullopt;
}

const msgpack::object* map_value(const msgpack::object& o, std::string_view key) {
    if (o.type != msgpack::type::MAP) return nullptr;
    for (std::uint32_t k = 0; k < o.via.map.size; ++k)
        if (auto name = wire::text_of(o.via.map.ptr[k].key); name && *name == key) return &o.via.map.ptr[k].val;
    return nullptr;
}

std::size_t nbytes_of(const any_array& a) {
    return std::visit([](const auto& x) { return x.size() * sizeof(typename std::decay_t<decltype(x)>::value_type); }, a);
}

}  // namespace

/// An inline value's `array` points into the argument itself, so it is set once the
/// argument has stopped moving.
void anchor(argument& a) {
    if (a.inline_array) a.array = &*a.inline_array;
    for (auto& item : a.items) anchor(item);
}

/// What one request needs while it runs: the session, and the handles it resolves.
struct request_context {
    handler& h;
    session& s;

    const any_array& lookup(std::string_view name) const {
        auto it = s.store.find(std::string(name));
        if (it == s.store.end()) key_error(fmt::format("Array handle '{}' not found in store", name));
        return it->second;
    }

    /// A `{"__handle__": name}` tag or a bare `a<digits>` string, as a handle name.
    static std::optional<std::string_view> handle_name(const msgpack::object& o) {
        if (const msgpack::object* v = map_value(o, "__handle__")) {
            auto name = wire::text_of(*v);
            if (!name) type_error(fmt::format("__handle__ must be a str, not {}", wire::kind_name(*v)));
            return name;
        }
        if (auto s = wire::text_of(o); s && is_handle_name(*s)) return s;
        return std::nullopt;
    }

    argument resolve(const msgpack::object& o) const {
        argument a;
        a.raw = &o;
        if (auto name = handle_name(o)) {
            a.array = &lookup(*name);
            return a;
        }
        if (o.type == msgpack::type::ARRAY) {
            // A list of handles (concatenate([a, b]), einsum's operands in a list) or of numbers.
            bool has_handle = false;
            for (std::uint32_t k = 0; k < o.via.array.size && !has_handle; ++k)
                has_handle = handle_name(o.via.array.ptr[k]).has_value();
            if (has_handle) {
                for (std::uint32_t k = 0; k < o.via.array.size; ++k) a.items.push_back(resolve(o.via.array.ptr[k]));
                return a;
            }
        }
        if (auto inline_value = as_inline_array(o)) {
            a.weak = o.type != msgpack::type::ARRAY;
            a.inline_array = std::move(inline_value);  // `array` is set by anchor() once `a` is in place
        }
        return a;
    }

    std::string store_array(any_array&& a) {
        const std::size_t bytes = nbytes_of(a);
        if (bytes > h.options_.max_array_bytes)
            throw me::ValueError(fmt::format("result array too large ({} bytes, limit {})", bytes, h.options_.max_array_bytes));
        if (s.stored_bytes + bytes > h.options_.max_store_bytes)
            throw wire_error("MemoryError", fmt::format("session store full ({} bytes held, limit {}); free handles first",
                                                        s.stored_bytes, h.options_.max_store_bytes));
        std::string name = fmt::format("a{}", h.next_handle_++);
        s.stored_bytes += bytes;
        s.store.emplace(name, std::move(a));
        return name;
    }

    void free_handle(std::string_view name) {
        auto it = s.store.find(std::string(name));
        if (it == s.store.end()) return;
        s.stored_bytes -= nbytes_of(it->second);
        s.store.erase(it);
    }

    /// Packs an op's answer: 0-d arrays and scalars inline, arrays as stored handles,
    /// tuples as {"multi": [...]}.
    void pack_result(wire::writer& w, result&& r) {
        std::visit(
            [&](auto&& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, any_array>) {
                    if (std::visit([](const auto& x) { return x.ndim() == 0; }, v)) {
                        w.inline_scalar(v);
                    } else {
                        auto shape = std::visit([](const auto& x) { return x.shape(); }, v);
                        auto groups = std::visit([](const auto& x) { return x.symmetric_axes(); }, v);
                        const std::string dtype(dtype_of(v));
                        const std::string name = store_array(std::move(v));
                        w.array_reference(name, shape, dtype, groups);
                    }
                } else if constexpr (std::is_same_v<V, result_list>) {
                    w.map(1);
                    w.str("multi");
                    w.list(v.size());
                    for (auto& item : v) pack_result(w, std::move(item));
                } else {
                    w.python_scalar(v);
                }
            },
            std::move(r.value));
    }
};


namespace {

/// One index of a `__getitem__` key or a fetch_slice list: an int, a `{"__slice__"}`
/// tag, None (a new axis) or "..." (Ellipsis).
me::index_item index_item_of(const msgpack::object& o) {
    if (o.type == msgpack::type::POSITIVE_INTEGER || o.type == msgpack::type::NEGATIVE_INTEGER) {
        if (o.type == msgpack::type::POSITIVE_INTEGER && o.via.u64 > static_cast<std::uint64_t>(INT64_MAX))
            throw me::IndexError("index out of range");
        return me::index_item(static_cast<std::int64_t>(o.type == msgpack::type::POSITIVE_INTEGER ? static_cast<std::int64_t>(o.via.u64) : o.via.i64));
    }
    if (o.type == msgpack::type::NIL) return me::index_item(me::newaxis);
    if (auto t = wire::text_of(o); t && (*t == "..." || *t == "Ellipsis")) return me::index_item(me::ellipsis);
    if (const msgpack::object* s = map_value(o, "__slice__")) {
        if (s->type != msgpack::type::ARRAY || s->via.array.size != 3)
            type_error("__slice__ must be [start, stop, step]");
        auto bound = [&](const msgpack::object& b) -> me::slice_bound {
            if (b.type == msgpack::type::NIL) return me::none;
            if (b.type == msgpack::type::NEGATIVE_INTEGER) return me::slice_bound(b.via.i64);
            if (b.type == msgpack::type::POSITIVE_INTEGER)
                return me::slice_bound(b.via.u64 > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(b.via.u64));
            type_error(fmt::format("slice indices must be integers or None, not {}", wire::kind_name(b)));
        };
        const me::slice sl(bound(s->via.array.ptr[0]), bound(s->via.array.ptr[1]), bound(s->via.array.ptr[2]));
        return me::index_item(sl);
    }
    throw me::IndexError(fmt::format("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices, not {}", wire::kind_name(o)));
}

}  // namespace

any_array handler::index_array(request_context& ctx, const any_array& target, const msgpack::object* key) {
    if (key == nullptr) type_error("missing the index");
    // An array key (a handle, or an inline list of ints or bools): NumPy's advanced
    // indexing along the first axis, or a boolean mask.
    const bool is_list = key->type == msgpack::type::ARRAY;
    bool list_of_indices = false;
    if (is_list) {
        list_of_indices = true;
        for (std::uint32_t k = 0; k < key->via.array.size && list_of_indices; ++k) {
            const auto t = key->via.array.ptr[k].type;
            list_of_indices = t == msgpack::type::POSITIVE_INTEGER || t == msgpack::type::NEGATIVE_INTEGER ||
                              t == msgpack::type::BOOLEAN || t == msgpack::type::ARRAY;
        }
        // A plain list of ints is a tuple of indices for fetch_slice, as the original sends it.
        if (list_of_indices && key->via.array.size > 0 && key->via.array.ptr[0].type != msgpack::type::ARRAY &&
            key->via.array.ptr[0].type != msgpack::type::BOOLEAN)
            list_of_indices = false;
    }
    if (request_context::handle_name(*key) || list_of_indices) {
        argument k = ctx.resolve(*key);
        anchor(k);
        if (k.array == nullptr) type_error("the index array must be numeric");
        return std::visit(
            [&](const auto& x, const auto& index) -> any_array {
                using I = typename std::decay_t<decltype(index)>::value_type;
                if constexpr (std::is_same_v<I, bool> || std::is_same_v<I, std::int64_t> || std::is_same_v<I, std::int32_t>)
                    return x[index];
                else throw me::IndexError("arrays used as indices must be of integer (or boolean) type");
            },
            target, *k.array);
    }
    std::vector<me::index_item> items;
    if (is_list) {
        for (std::uint32_t k = 0; k < key->via.array.size; ++k) items.push_back(index_item_of(key->via.array.ptr[k]));
    } else {
        items.push_back(index_item_of(*key));
    }
    return std::visit([&](const auto& x) -> any_array { return x.subscript(items).copy(); }, target);
}

std::string handler::handle(const char* data, std::size_t size) {
    const auto t0 = steady::now();
    last_activity_ = t0;
    wire::writer w;
    std::int64_t decode_ns = 0;
    try {
        msgpack::object_handle oh = wire::decode(data, size, size);
        const msgpack::object& request = oh.get();
        if (request.type != msgpack::type::MAP) invalid_request("request must be a map {op, args, kwargs}");
        const msgpack::object* op_object = map_value(request, "op");
        if (op_object == nullptr) invalid_request("request has no 'op'");
        auto op_text = wire::text_of(*op_object);
        if (!op_text) invalid_request(fmt::format("'op' must be a str, not {}", wire::kind_name(*op_object)));
        if (!me::detail::is_valid_utf8(*op_text)) invalid_request("'op' is not valid UTF-8");
        const std::string op(*op_text);
        const msgpack::object* args_object = map_value(request, "args");
        const msgpack::object* kwargs_object = map_value(request, "kwargs");
        if (args_object && args_object->type != msgpack::type::ARRAY && args_object->type != msgpack::type::NIL)
            invalid_request(fmt::format("'args' must be a list, not {}", wire::kind_name(*args_object)));
        if (kwargs_object && kwargs_object->type != msgpack::type::MAP && kwargs_object->type != msgpack::type::NIL)
            invalid_request(fmt::format("'kwargs' must be a dict, not {}", wire::kind_name(*kwargs_object)));
        decode_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now() - t0).count();

        const bool has_args = args_object && args_object->type == msgpack::type::ARRAY;
        const bool has_kwargs = kwargs_object && kwargs_object->type == msgpack::type::MAP;
        std::span<const msgpack::object> raw_args;
        if (has_args) raw_args = {args_object->via.array.ptr, args_object->via.array.size};
        std::vector<std::pair<std::string, const msgpack::object*>> raw_kwargs;
        if (has_kwargs)
            for (std::uint32_t k = 0; k < kwargs_object->via.map.size; ++k) {
                auto key = wire::text_of(kwargs_object->via.map.ptr[k].key);
                if (!key || !me::detail::is_valid_utf8(*key)) invalid_request("kwargs keys must be UTF-8 strings");
                raw_kwargs.emplace_back(std::string(*key), &kwargs_object->via.map.ptr[k].val);
            }

        run(w, op, raw_args, raw_kwargs, size);
    } catch (...) {
        auto [type, message] = wire::describe_current_exception();
        w.error(type, message);
    }
    const auto t2 = steady::now();
    std::string out = w.finish(budget_block(), decode_ns);
    const auto t3 = steady::now();
    if (session_) {
        auto& c = session_->comms;
        ++c.request_count;
        c.bytes_in += static_cast<std::int64_t>(size);
        c.bytes_out += static_cast<std::int64_t>(out.size());
        c.overhead_ns += decode_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(t3 - t2).count();
        c.compute_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(t2 - t0).count() - decode_ns;
    }
    return out;
}

std::optional<wire::budget_numbers> handler::budget_block() const {
    if (!session_) return std::nullopt;
    const auto& b = session_->budget;
    return wire::budget_numbers{b.flop_budget(), b.flops_used(), b.flops_remaining()};
}

void handler::run(wire::writer& w, const std::string& op, std::span<const msgpack::object> raw_args,
                  const std::vector<std::pair<std::string, const msgpack::object*>>& raw_kwargs, std::size_t request_bytes) {
    auto kwarg = [&](std::string_view key) -> const msgpack::object* {
        for (const auto& [k, v] : raw_kwargs)
            if (k == key) return v;
        return nullptr;
    };
    auto positional_or = [&](std::size_t i, std::string_view key) -> const msgpack::object* {
        if (i < raw_args.size()) return &raw_args[i];
        return kwarg(key);
    };

    if (op == "budget_open") {
        if (session_) throw wire_error("RuntimeError", "session already open -- send budget_close first");
        auto read = [&](std::size_t i, std::string_view key, double fallback) {
            const msgpack::object* o = positional_or(i, key);
            if (o == nullptr || o->type == msgpack::type::NIL) return fallback;
            auto v = wire::number_of(*o);
            if (!v) type_error(fmt::format("budget_open(): {} must be a number, not {}", key, wire::kind_name(*o)));
            return *v;
        };
        const double budget = read(0, "flop_budget", 1e6);
        const double multiplier = read(1, "flop_multiplier", 1.0);
        session_ = std::make_unique<session>(budget, multiplier);
        w.ok_map(1);
        w.str("result");
        w.budget_map(*budget_block());
        return;
    }
    if (!session_) throw me::NoBudgetContextError("no active session -- send budget_open first");
    request_context ctx{*this, *session_};

    if (op == "budget_close") {
        const std::string summary = session_->budget.summary();
        comms_tally c = session_->comms;
        c.request_count += 1;
        c.bytes_in += static_cast<std::int64_t>(request_bytes);
        const auto final_budget = *budget_block();
        session_.reset();
        w.ok_map(1);
        w.str("result");
        w.map(2);
        w.str("budget_summary");
        w.str(summary);
        w.str("comms_summary");
        w.comms(c);
        w.keep_budget(final_budget);
        return;
    }
    if (op == "budget_status") {
        w.ok_map(1);
        w.str("result");
        w.budget_map(*budget_block());
        return;
    }
    if (op == "fetch" || op == "fetch_slice") {
        const msgpack::object* id = positional_or(0, op == "fetch" ? "handle_id" : "id");
        if (id == nullptr) type_error(fmt::format("{}() missing the handle id", op));
        auto name = request_context::handle_name(*id);
        if (!name) {
            auto text = wire::text_of(*id);
            if (!text) type_error(fmt::format("{}(): the handle id must be a str, not {}", op, wire::kind_name(*id)));
            key_error(fmt::format("Array handle '{}' not found in store", *text));
        }
        const any_array& stored = ctx.lookup(*name);
        ++session_->comms.fetch_count;
        if (op == "fetch") {
            w.fetch_payload(stored);
            return;
        }
        const msgpack::object* slices = positional_or(1, "slices");
        any_array piece = index_array(ctx, stored, slices);
        w.fetch_payload(piece);
        return;
    }
    if (op == "free") {
        const msgpack::object* ids = positional_or(0, "handles");
        if (ids == nullptr) ids = kwarg("ids");
        std::vector<const msgpack::object*> names;
        if (ids && ids->type == msgpack::type::ARRAY)
            for (std::uint32_t k = 0; k < ids->via.array.size; ++k) names.push_back(&ids->via.array.ptr[k]);
        else if (ids)
            for (const auto& o : raw_args) names.push_back(&o);
        std::int64_t freed = 0;
        for (const msgpack::object* o : names) {
            auto name = request_context::handle_name(*o);
            if (!name) name = wire::text_of(*o);
            if (!name) continue;  // the original ignores what it cannot free
            const bool held = session_->store.count(std::string(*name)) != 0;
            ctx.free_handle(*name);
            freed += held;
        }
        w.ok_map(1);
        w.str("result");
        w.map(1);
        w.str("freed");
        w.integer(freed);
        return;
    }
    if (op == "create_from_data") {
        if (raw_args.size() < 3) type_error("create_from_data() takes [data, shape, dtype]");
        auto bytes = wire::bytes_of(raw_args[0]);
        if (!bytes) type_error(fmt::format("create_from_data(): data must be bytes, not {}", wire::kind_name(raw_args[0])));
        auto dtype = wire::text_of(raw_args[2]);
        if (!dtype) type_error(fmt::format("create_from_data(): dtype must be a str, not {}", wire::kind_name(raw_args[2])));
        const std::vector<std::size_t> shape = wire::shape_of(raw_args[1], "create_from_data");
        if (bytes->size() > options_.max_array_bytes)
            throw me::ValueError(fmt::format("array too large ({} bytes, limit {})", bytes->size(), options_.max_array_bytes));
        any_array a = wire::from_bytes(*bytes, shape, *dtype);
        w.ok_map(1);
        w.str("result");
        ctx.pack_result(w, result{std::move(a)});
        return;
    }
    if (op == "__getitem__") {
        if (raw_args.size() < 2) type_error("__getitem__() takes [array, key]");
        argument target = ctx.resolve(raw_args[0]);
        anchor(target);
        if (target.array == nullptr) type_error(fmt::format("__getitem__(): the target must be an array, not {}", wire::kind_name(raw_args[0])));
        any_array piece = index_array(ctx, *target.array, &raw_args[1]);
        w.ok_map(1);
        w.str("result");
        ctx.pack_result(w, result{std::move(piece)});
        return;
    }

    // A registry op: refused by name when blocked or unknown, else through its binding.
    const me::OpInfo* info = me::find_op(op);
    if (info == nullptr) invalid_request(fmt::format("unknown op: '{}'", op));
    if (info->category == me::Category::blocked)
        throw wire_error("AttributeError", fmt::format("mechestim does not support '{}' (blacklisted). {}", op, info->notes));
    if (!info->implemented)
        throw wire_error("AttributeError",
                         fmt::format("'{}' is registered but not yet implemented in mechestim. {}", op, info->notes));
    const auto& table = bindings();
    auto it = table.find(info->name);
    if (it == table.end())
        throw wire_error("NotImplementedError", fmt::format("'{}' is implemented by the library but not yet served by mechestim-server", op));

    std::vector<argument> args;
    args.reserve(raw_args.size());
    for (const auto& o : raw_args) args.push_back(ctx.resolve(o));
    std::map<std::string, argument, std::less<>> kwargs;
    for (const auto& [k, v] : raw_kwargs) kwargs.emplace(k, ctx.resolve(*v));
    // Arguments were moved into place: point inline values at where they now live.
    for (auto& a : args) anchor(a);
    for (auto& [k, a] : kwargs) anchor(a);
    call c(info->name, args, kwargs);
    result r = it->second(c);
    w.ok_map(1);
    w.str("result");
    ctx.pack_result(w, std::move(r));
}

bool handler::reap_idle(std::chrono::steady_clock::time_point now) {
    if (!session_ || now - last_activity_ <= options_.session_timeout) return false;
    session_.reset();
    return true;
}

namespace {

std::size_t bytes_from_environment(const char* name, std::size_t fallback) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') return fallback;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || v == 0 || text[0] == '-')
        throw me::ValueError(fmt::format("{} must be a positive integer, not '{}'", name, text));
    return static_cast<std::size_t>(v);
}

}  // namespace

std::size_t max_array_bytes_from_environment() {
    return bytes_from_environment("MECHESTIM_MAX_ARRAY_BYTES", server_options{}.max_array_bytes);
}

std::size_t max_store_bytes_from_environment() {
    return bytes_from_environment("MECHESTIM_MAX_STORE_BYTES", server_options{}.max_store_bytes);
}

}  // namespace me::server
