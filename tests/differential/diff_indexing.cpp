// Differential tests of NumPy's indexing and of writes through views (issue 8):
// cases_indexing.py generates the cases, NumPy answers them at test time.
//
// Read cases walk their steps (subscript, a[i], a(i, ...), a[mask], a[indices]) from the
// base array, once from a mutable array and once from a const one (read-only views), and
// compare the final result exactly. Every view met on the way is checked against its own
// copy (shape, size, iteration, conversion, item(), T()), and every subscript against the
// variadic form a(i0, i1, ...). Assignment cases write through the view the steps give
// and compare the base array afterwards. Error cases must raise the me:: error of NumPy's
// type (kwargs["error"]); a failed write must leave the base as it was.
#include "harness.hpp"

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace {

using diff::json;
using diff::result;

// The corpus's element types: a smaller variant than the harness's keeps the
// instantiations (and the build) small.
using base_array = std::variant<me::array<double>, me::array<std::int64_t>>;

base_array decode_base(const json& j) {
    const auto dtype = j.at("dtype").get<std::string>();
    if (dtype == "float64") return diff::decode_as<double>(j);
    if (dtype == "int64") return diff::decode_as<std::int64_t>(j);
    throw std::runtime_error("diff_indexing: unsupported base dtype " + dtype);
}

template <class A>
using value_t = typename std::remove_cvref_t<A>::value_type;

// ---------------------------------------------------------------------------------------
// Index items

me::slice_bound bound(const json& v) {
    return v.is_null() ? me::slice_bound(me::none) : me::slice_bound(v.get<std::int64_t>());
}

me::slice slice_of(const json& parts) {
    switch (parts.size()) {
    case 0: return me::slice();
    case 1: return me::slice(bound(parts[0]));
    case 2: return me::slice(bound(parts[0]), bound(parts[1]));
    case 3: return me::slice(bound(parts[0]), bound(parts[1]), bound(parts[2]));
    default: throw std::runtime_error("diff_indexing: a slice has at most three parts");
    }
}

std::vector<me::index_item> items_of(const json& j) {
    std::vector<me::index_item> items;
    for (const auto& e : j) {
        if (e.is_number_integer()) items.emplace_back(e.get<std::int64_t>());
        else if (e == "newaxis") items.emplace_back(me::newaxis);
        else if (e == "none") items.emplace_back(me::none);
        else if (e == "...") items.emplace_back(me::ellipsis);
        else if (e.is_object() && e.contains("slice")) items.emplace_back(slice_of(e.at("slice")));
        else throw std::runtime_error("diff_indexing: bad index item " + e.dump());
    }
    return items;
}

// ---------------------------------------------------------------------------------------
// Error kinds

bool is_error_kind(const me::MechEstimError& e, const std::string& name) {
    if (name == "IndexError") return dynamic_cast<const me::IndexError*>(&e) != nullptr;
    if (name == "ValueError") return dynamic_cast<const me::ValueError*>(&e) != nullptr;
    return false;
}

/// Runs f; a me:: error it raises in a case NumPy rejects must be of NumPy's type. The
/// error goes on to the harness, which checks that one was raised and nothing charged.
template <class F>
auto guarded(const json& kw, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const me::MechEstimError& e) {
        if (kw.contains("error")) {
            const auto want = kw.at("error").get<std::string>();
            INFO("NumPy raises " << want << " (" << kw.value("numpy_message", std::string()) << "); mechestim raised: "
                                 << e.what());
            CHECK(is_error_kind(e, want));
        }
        throw;
    }
}

bool same_result(const result& a, const result& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k].index() != b[k].index()) return false;
        const bool same = std::visit(
            [&](const auto& x) {
                using A = std::decay_t<decltype(x)>;
                return me::identical(x, std::get<A>(b[k]));
            },
            a[k]);
        if (!same) return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// The read path

/// a(i0, i1, ...) with integers only: one element.
template <class X>
auto element_of(X& x, const std::vector<std::ptrdiff_t>& i) -> value_t<X> {
    switch (i.size()) {
    case 0: return x();
    case 1: return x(i[0]);
    case 2: return x(i[0], i[1]);
    case 3: return x(i[0], i[1], i[2]);
    case 4: return x(i[0], i[1], i[2], i[3]);
    case 5: return x(i[0], i[1], i[2], i[3], i[4]);
    default: throw std::runtime_error("diff_indexing: more than 5 element indices are not generated");
    }
}

/// The variadic form a(item0, item1, ...) of a subscript (up to 6 items).
template <class X>
auto variadic(X& x, const std::vector<me::index_item>& it) -> std::optional<decltype(x.subscript(it))> {
    switch (it.size()) {
    case 1: return x(it[0]);
    case 2: return x(it[0], it[1]);
    case 3: return x(it[0], it[1], it[2]);
    case 4: return x(it[0], it[1], it[2], it[3]);
    case 5: return x(it[0], it[1], it[2], it[3], it[4]);
    case 6: return x(it[0], it[1], it[2], it[3], it[4], it[5]);
    default: return std::nullopt;
    }
}

/// A view agrees with its own copy in every way of reading it.
template <class E>
void check_view(const me::array_view<E>& v) {
    using T = std::remove_const_t<E>;
    const me::array<T> c = v.copy();
    CHECK(v.shape() == c.shape());
    CHECK(v.size() == c.size());
    CHECK(v.ndim() == c.ndim());
    CHECK(v.dtype() == c.dtype());
    CHECK(v.strides().size() == v.ndim());
    CHECK(std::equal(v.begin(), v.end(), c.begin(), c.end()));
    const me::array<T> converted = v;
    CHECK(me::identical(converted, c));
    if (v.size() == 1) {
        CHECK(v.item() == *c.begin());
        CHECK(static_cast<double>(v) == static_cast<double>(*c.begin()));
    }
    const auto t = v.T();
    const me::shape_t shape = c.shape();
    const me::shape_t reversed(shape.rbegin(), shape.rend());
    CHECK(t.shape() == reversed);
    CHECK(me::identical(t.T().copy(), c));
}

template <class X>
result walk(X& x, const json& steps, std::size_t k);

template <class X>
result step_on(X& x, const json& steps, std::size_t k) {
    using T = value_t<X>;
    const auto& step = steps[k];
    if (!step.is_object() || step.size() != 1) throw std::runtime_error("diff_indexing: bad step " + step.dump());
    const std::string kind = step.begin().key();
    const json& arg = step.begin().value();
    if (kind == "subscript") {
        const auto items = items_of(arg);
        auto v = x.subscript(items);
        if (auto w = variadic(x, items)) {
            INFO("a(items...) and a.subscript(items) differ");
            CHECK(w->shape() == v.shape());
            CHECK(w->strides() == v.strides());
            CHECK(me::identical(w->copy(), v.copy()));
        }
        return walk(v, steps, k + 1);
    }
    if (kind == "getitem") {
        auto v = x[arg.get<std::ptrdiff_t>()];
        return walk(v, steps, k + 1);
    }
    if (kind == "element") {
        if (k + 1 != steps.size()) throw std::runtime_error("diff_indexing: an element step must be the last");
        const T value = element_of(x, arg.get<std::vector<std::ptrdiff_t>>());
        return result{diff::any_array(me::array<T>(value))};
    }
    if (kind == "mask") {
        const auto mask = diff::decode_as<bool>(arg);
        auto r = x[mask];
        static_assert(std::is_same_v<decltype(r), me::array<T>>, "a[mask] is a copy");
        return walk(r, steps, k + 1);
    }
    if (kind == "take") {
        const auto dtype = arg.at("dtype").get<std::string>();
        auto take = [&](const auto& indices) {
            auto r = x[indices];
            static_assert(std::is_same_v<decltype(r), me::array<T>>, "a[indices] is a copy");
            return walk(r, steps, k + 1);
        };
        if (dtype == "int64") return take(diff::decode_as<std::int64_t>(arg));
        if (dtype == "int32") return take(diff::decode_as<std::int32_t>(arg));
        if (dtype == "uint8") return take(diff::decode_as<std::uint8_t>(arg));
        throw std::runtime_error("diff_indexing: unsupported index dtype " + dtype);
    }
    throw std::runtime_error("diff_indexing: unknown step " + kind);
}

template <class X>
result walk(X& x, const json& steps, std::size_t k) {
    using T = value_t<X>;
    if (k < steps.size()) return step_on(x, steps, k);
    if constexpr (me::is_view_v<X>) {
        check_view(x);
        return result{diff::any_array(x.copy())};
    } else {
        return result{diff::any_array(me::array<T>(x))};
    }
}

/// Every read case: from a mutable base (writeable views) and from a const one
/// (read-only views); both must agree.
result read_runner(const json& args, const json& kw) {
    return guarded(kw, [&]() -> result {
        auto base = decode_base(args.at(0));
        return std::visit(
            [&](auto& a) -> result {
                result got = walk(a, args.at(1), 0);
                const auto& ca = a;
                const result again = walk(ca, args.at(1), 0);
                INFO("the same index on a const array gives another result");
                CHECK(same_result(got, again));
                return got;
            },
            base);
    });
}

// ---------------------------------------------------------------------------------------
// The write path

/// A view of x after one subscript or a[i] step.
template <class X>
auto view_step(X& x, const json& step) {
    const std::string kind = step.begin().key();
    const json& arg = step.begin().value();
    if (kind == "subscript") return x.subscript(items_of(arg));
    if (kind == "getitem") return x[arg.get<std::ptrdiff_t>()];
    throw std::runtime_error("diff_indexing: a write target takes subscript and getitem steps only, not " + kind);
}

/// Calls f with the array itself (steps null or empty) or the view its steps give.
/// Views are never assigned to here: `v = other` writes v's elements, it does not rebind
/// v, so each step's view is constructed anew in the optional.
template <class X, class F>
void with_target(X& x, const json& steps, F&& f) {
    if (steps.is_null() || steps.empty()) {
        f(x);
        return;
    }
    std::optional<decltype(view_step(x, steps[0]))> v;
    v.emplace(view_step(x, steps[0]));
    for (std::size_t k = 1; k < steps.size(); ++k) {
        auto next = view_step(*v, steps[k]);
        v.emplace(std::move(next));
    }
    f(*v);
}

/// Calls f with the case's value: a C++ scalar, an array, or a view of the base itself.
template <class T, class F>
void with_value(me::array<T>& base, const json& value, F&& f) {
    if (value.contains("scalar")) {
        const auto& s = value.at("scalar");
        if (s.is_number_integer()) f(s.get<std::int64_t>());
        else f(s.get<double>());
    } else if (value.contains("self") || value.contains("view_of")) {
        // A view of the base itself (reads that overlap the write) or of another array.
        auto view_of = [&](auto& source, const json& steps) {
            with_target(source, steps, [&](auto& v) {
                if constexpr (me::is_view_v<decltype(v)>) f(v);
                else throw std::runtime_error("diff_indexing: a view value has steps");
            });
        };
        if (value.contains("self")) {
            view_of(base, value.at("self"));
        } else {
            auto other = decode_base(value.at("view_of"));
            std::visit([&](auto& source) { view_of(source, value.at("steps")); }, other);
        }
    } else {
        const auto dtype = value.at("dtype").get<std::string>();
        if (dtype == "float64") f(diff::decode_as<double>(value));
        else if (dtype == "int64") f(diff::decode_as<std::int64_t>(value));
        else throw std::runtime_error("diff_indexing: unsupported value dtype " + dtype);
    }
}

[[noreturn]] void not_generated(const std::string& op) {
    throw std::runtime_error("diff_indexing: " + op + " with these types is not generated (it does not compile)");
}

// `target op= value` where the types allow it (NumPy's same_kind casting: no float into
// an int view in place, so those are not generated).
#define ME_DIFF_COMPOUND(name, symbol)                                                      \
    if (op == name) {                                                                       \
        if constexpr (requires { target symbol value; }) target symbol value;               \
        else not_generated(op);                                                              \
        return;                                                                              \
    }

template <class Target, class V>
void write(const std::string& op, Target& target, const V& value) {
    if constexpr (!me::is_view_v<Target> && std::is_const_v<Target>) {
        // A const array itself: written through its (read-only) whole view.
        auto whole = target.view();
        write(op, whole, value);
        return;
    } else {
        if (op == "assign" || op == "assign_scalar") {
            // NumPy's `v[...] = value`; on an array itself, its whole view. Through a
            // read-only view it does not compile: not generated.
            if constexpr (me::is_view_v<Target>) {
                if constexpr (std::is_const_v<typename Target::element_type>) not_generated(op);
                else target = value;
            } else {
                target.view() = value;
            }
            return;
        }
        ME_DIFF_COMPOUND("iadd", +=)
        ME_DIFF_COMPOUND("isub", -=)
        ME_DIFF_COMPOUND("imul", *=)
        ME_DIFF_COMPOUND("idiv", /=)
        throw std::runtime_error("diff_indexing: unknown op " + op);
    }
}
#undef ME_DIFF_COMPOUND

/// Every assignment case: writes, then returns the base. A write that raises (a NumPy
/// error case, or a budget too small) must leave the base as it was. With
/// kwargs["read_only"] the target is a view of the base as a const array.
result assign_runner(const std::string& op, const json& args, const json& kw) {
    auto base = decode_base(args.at(0));
    return std::visit(
        [&](auto& a) -> result {
            using T = value_t<decltype(a)>;
            const me::array<T> original = diff::decode_as<T>(args.at(0));
            const auto whole = a.view();  // made before the write: it must see it
            auto write_to = [&](auto& target) {
                with_value(a, args.at(2), [&](const auto& value) { write(op, target, value); });
            };
            try {
                guarded(kw, [&] {
                    if (kw.value("read_only", false)) with_target(std::as_const(a), args.at(1), write_to);
                    else with_target(a, args.at(1), write_to);
                });
            } catch (const me::MechEstimError& e) {
                INFO("a write that raised (" << e.what() << ") changed the base array");
                CHECK(me::identical(a, original));
                throw;
            }
            INFO("a view of the whole base made before the write does not see it");
            CHECK(me::identical(whole.copy(), a));
            return result{diff::any_array(a)};
        },
        base);
}

const std::vector<std::string> read_ops = {"element", "subscript", "getitem", "mask", "take", "chain"};
const std::vector<std::string> write_ops = {"assign_scalar", "assign", "iadd", "isub", "imul", "idiv"};
const std::vector<std::string> compound_ops = {"iadd", "isub", "imul", "idiv"};

std::map<std::string, diff::runner> runners() {
    std::map<std::string, diff::runner> table;
    for (const auto& op : read_ops) table[op] = read_runner;
    for (const auto& op : write_ops)
        table[op] = [op](const json& args, const json& kw) { return assign_runner(op, args, kw); };
    return table;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("indexing and writes through views agree with NumPy", "[differential][indexing]") {
    diff::run_family("indexing", runners());
}

TEST_CASE("the indexing corpus covers every index kind", "[differential][indexing]") {
    const json data = diff::load_family("indexing");
    std::size_t reads = 0, writes = 0, read_errors = 0, write_errors = 0;
    std::map<std::string, std::size_t> tags;
    for (const auto& c : data.at("cases")) {
        const auto op = c.at("op").get<std::string>();
        const bool error = c.at("expected").contains("error");
        if (contains(read_ops, op)) ++(error ? read_errors : reads);
        else ++(error ? write_errors : writes);
        for (const auto& t : c.value("tags", json::array())) ++tags[t.get<std::string>()];
    }
    CHECK(reads + read_errors >= 300);
    CHECK(writes + write_errors >= 100);
    CHECK(read_errors >= 20);
    CHECK(write_errors >= 10);
    for (const char* t : {"int", "negative-int", "slice", "negative-step", "clipped-bound", "newaxis", "ellipsis-front",
                          "ellipsis-middle", "ellipsis-end", "mixed", "view-of-view", "full-mask", "leading-mask", "take",
                          "repeated", "empty", "out-of-range", "too-many", "two-ellipses", "step-0", "wrong-mask-shape",
                          "index-array-out-of-range", "broadcast", "overlap", "whole-array", "strided-source",
                          "read-only", "iadd", "isub", "imul", "idiv"}) {
        INFO("no case tagged " << t);
        CHECK(tags[t] > 0);
    }
}

TEST_CASE("compound assignment through a view: its charge suffices, one FLOP less changes nothing",
          "[differential][indexing][budget]") {
    const json data = diff::load_family("indexing");
    std::size_t checked = 0;
    for (const auto& c : data.at("cases")) {
        const auto op = c.at("op").get<std::string>();
        if (!contains(compound_ops, op) || c.at("expected").contains("error")) continue;
        INFO("case: " << c.dump().substr(0, 400));
        const auto want = diff::case_flops(c);
        REQUIRE(want >= 1);
        const json kw = json::object();
        {
            me::BudgetContext exact(static_cast<double>(want), "indexing-exact");
            const result got = assign_runner(op, c.at("args"), kw);
            CHECK(exact.flops_used() == want);
            CHECK(diff::compare(got[0], c.at("expected"), 0.0, 0.0, true).empty());
        }
        {
            // Budget `want`, one FLOP spent first: one FLOP short. assign_runner checks
            // that the base is unchanged when the write raises.
            me::BudgetContext short_by_one(static_cast<double>(want), "indexing-short");
            (void)me::negative(1.0);
            REQUIRE(short_by_one.flops_used() == 1);
            CHECK_THROWS_AS(assign_runner(op, c.at("args"), kw), me::BudgetExhaustedError);
            CHECK(short_by_one.flops_used() == 1);
        }
        ++checked;
    }
    CHECK(checked >= 50);
}
