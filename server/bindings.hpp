/// @file server/bindings.hpp
/// @brief How a registry name becomes a call into the library: a `call` gives an op its
/// arguments with typed accessors (each raising the original's TypeError on a wrong
/// wire type), and each family file registers one binding per registry name.
///
/// The set of names served is the registry's (find_op); a binding is only the glue from
/// wire arguments to the typed C++ call. Families with one call shape (unary ufuncs,
/// binary ufuncs, reductions) are bound by one template over a generated list of names.
#pragma once

#include <functional>
#include <list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "values.hpp"

namespace me::server {

class call {
public:
    call(std::string_view op, std::vector<argument>& args, std::map<std::string, argument, std::less<>>& kwargs)
        : op_(op), args_(args), kwargs_(kwargs) {}

    std::string_view op() const { return op_; }
    std::size_t positional_count() const { return args_.size(); }
    bool has(std::string_view key) const { return kwargs_.count(key) != 0; }

    /// Positional `i` (or keyword `key`) as an array; missing → TypeError.
    const any_array& array(std::size_t i, std::string_view key = {}) const;
    /// True when the array argument came inline as a Python scalar.
    bool weak(std::size_t i) const { return i < args_.size() && args_[i].weak; }
    /// An optional integer (None and absent give nullopt).
    std::optional<std::int64_t> integer(std::size_t i, std::string_view key) const;
    std::optional<double> number(std::size_t i, std::string_view key) const;
    std::optional<bool> flag(std::size_t i, std::string_view key) const;
    std::optional<std::string> text(std::size_t i, std::string_view key) const;
    /// An int or a list of ints (an axis or a shape); None/absent → nullopt.
    std::optional<std::vector<std::int64_t>> integers(std::size_t i, std::string_view key) const;
    /// Every positional argument from `first` on, as arrays (concatenate([a, b]) and einsum's operands).
    std::vector<const any_array*> arrays_from(std::size_t first) const;
    /// A list argument of arrays (handles or inline values), as concatenate's first.
    std::vector<const any_array*> array_list(std::size_t i, std::string_view key) const;
    /// Rejects keywords outside `allowed` with NumPy's TypeError text.
    void only_keywords(std::initializer_list<std::string_view> allowed) const;
    /// Rejects more than `n` positional arguments.
    void at_most(std::size_t n) const;

private:
    const argument* find(std::size_t i, std::string_view key) const;
    std::string_view op_;
    std::vector<argument>& args_;
    std::map<std::string, argument, std::less<>>& kwargs_;
    mutable std::list<std::vector<any_array>> list_rows_;  // rows split from an inline list, kept for the call
};

using binding = std::function<result(const call&)>;
using binding_table = std::unordered_map<std::string_view, binding>;

/// Each family file adds its bindings (names must be registry names: checked at startup).
void bind_ufuncs(binding_table& table);
void bind_reductions(binding_table& table);
void bind_others(binding_table& table);
void bind_generic(binding_table& table);

/// Every binding, built once.
const binding_table& bindings();

/// Converts an array to the dtype of alternative `Index` (a free, uncounted copy: the
/// library's mixed-type ops would convert the same way).
any_array convert(const any_array& a, std::size_t index);
/// The alternative both operands promote to (NumPy's table; weak operands yield to the
/// other's kind when it is at least as wide a kind).
std::size_t promoted_index(std::size_t a, bool a_weak, std::size_t b, bool b_weak);

}  // namespace me::server
