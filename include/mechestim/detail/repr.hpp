/// @file detail/repr.hpp
/// @brief `operator<<` and `me::to_string` for `me::array`: exactly NumPy 1.24's `repr(a)`
/// under the default print options.
///
/// The rules are those of numpy/core/arrayprint.py (FloatingFormat, IntegerFormat,
/// BoolFormat, ComplexFloatingFormat, _formatArray, _array_repr_implementation),
/// re-implemented here. The defaults they fix: precision 8 in 'maxprec' mode, line width
/// 75, summarisation above 1000 elements keeping 3 edge items per axis, no small-number
/// suppression. Printing is free (no FLOPs charged, no budget touched).
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "../array.hpp"  // array.hpp includes this file at its end; this include makes it stand alone
#include "format.hpp"
#include "types.hpp"

namespace me {

namespace detail::repr {

// NumPy's default print options (np.get_printoptions()).
inline constexpr std::size_t edgeitems = 3;
inline constexpr std::size_t threshold = 1000;
inline constexpr int precision = 8;
inline constexpr std::size_t linewidth = 75;
inline constexpr std::string_view prefix = "array(";

// ---------------------------------------------------------------- float digits

/// A finite value as decimal digits: value = 0.d1d2d3... * 10^(point), sign apart.
struct decimal {
    bool negative = false;
    std::string digits;  // no trailing zeros, at least one digit ("0" for zero)
    int point = 0;       // position of the decimal point relative to the first digit
};

/// std::to_chars as a string: the shortest round-trip text in x's own type when `digits`
/// is negative (so a float32 prints from its float32 repr), else the exact binary value
/// rounded half-to-even to `digits` digits after the point, as NumPy's Dragon4 rounds.
/// Used rather than fmt because its layouts are fixed and locale-free, hence easy to split.
template <class R>
std::string chars(R x, std::chars_format format, int digits = -1) {
    char buf[400];  // the longest fixed double with 8 decimals is ~320 characters
    const auto r = digits < 0 ? std::to_chars(buf, buf + sizeof buf, x, format)
                              : std::to_chars(buf, buf + sizeof buf, x, format, digits);
    return std::string(buf, r.ptr);
}

inline void trim_zeros(decimal& d) {
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
}

/// Parses scientific text ("-1.25e-05") into a `decimal`.
inline decimal parse_scientific(std::string_view s) {
    decimal d;
    if (s.front() == '-') {
        d.negative = true;
        s.remove_prefix(1);
    }
    const auto e = s.find('e');
    for (char c : s.substr(0, e))
        if (c != '.') d.digits += c;
    std::string_view ex = s.substr(e + 1);
    if (ex.front() == '+') ex.remove_prefix(1);
    int exponent = 0;
    std::from_chars(ex.data(), ex.data() + ex.size(), exponent);
    trim_zeros(d);
    d.point = d.digits == "0" ? 1 : exponent + 1;
    return d;
}

/// Parses fixed text ("-0.00012346") into a `decimal`.
inline decimal parse_fixed(std::string_view s) {
    decimal d;
    if (s.front() == '-') {
        d.negative = true;
        s.remove_prefix(1);
    }
    const auto dot = std::min(s.find('.'), s.size());
    std::string all(s.substr(0, dot));
    if (dot < s.size()) all += s.substr(dot + 1);
    const auto first = all.find_first_not_of('0');
    if (first == std::string::npos) return decimal{d.negative, "0", 1};
    d.digits = all.substr(first);
    d.point = static_cast<int>(dot) - static_cast<int>(first);
    trim_zeros(d);
    return d;
}

/// NumPy's Dragon4 in 'unique' mode with a cutoff stops at the shortest unique digits or
/// at the cutoff, whichever comes first, rounding the exact value at the cutoff. These
/// two give that, with the cutoff `frac_digits` after the first digit / after the point.
template <class R>
decimal scientific_digits(R x, int frac_digits) {
    decimal d = parse_scientific(chars(x, std::chars_format::scientific));
    if (static_cast<int>(d.digits.size()) - 1 > frac_digits)
        d = parse_scientific(chars(x, std::chars_format::scientific, frac_digits));
    return d;
}

template <class R>
decimal positional_digits(R x, int frac_digits) {
    decimal d = parse_scientific(chars(x, std::chars_format::scientific));
    if (static_cast<int>(d.digits.size()) - d.point > frac_digits)
        d = parse_fixed(chars(x, std::chars_format::fixed, frac_digits));
    return d;
}

/// The pieces NumPy pads separately: sign and integer part, fraction, exponent.
struct float_text {
    std::string int_part;   // with its sign
    std::string frac_part;  // trailing zeros trimmed (NumPy's trim='.')
    std::string exp_sign;   // scientific only
    std::string exp_digits; // scientific only, at least two digits
};

inline std::string sign_text(bool negative, bool plus) { return negative ? "-" : plus ? "+" : ""; }

/// `x` in scientific notation, rounded as NumPy's Dragon4 does with `frac_digits` as the
/// cutoff and, when `exact_digits`, also as the minimum (min_digits): then the digits past
/// the shortest repr are the exact value's, not zeros (float32 8.318793e-06 shows as
/// 8.3187933e-06 beside a longer neighbour).
template <class R>
float_text scientific_text(R x, bool plus, int frac_digits = precision, bool exact_digits = false) {
    decimal d = scientific_digits(x, frac_digits);
    if (exact_digits && d.digits != "0" && static_cast<int>(d.digits.size()) - 1 < frac_digits)
        d = parse_scientific(chars(x, std::chars_format::scientific, frac_digits));
    const int e = d.digits == "0" ? 0 : d.point - 1;
    return {sign_text(d.negative, plus) + d.digits.substr(0, 1), d.digits.substr(1), e < 0 ? "-" : "+",
            fmt::format("{:02d}", e < 0 ? -e : e)};
}

/// `x` in positional notation. With `exact_integer` (NumPy's min_digits=0, which the
/// array printer passes), Dragon4 keeps generating digits down to the ones place, so a
/// float32 like 89147672 prints exactly rather than as its shortest repr 89147670.
template <class R>
float_text positional_text(R x, bool plus, bool exact_integer = false) {
    const decimal d = positional_digits(x, precision);
    const int n = static_cast<int>(d.digits.size());
    std::string int_part, frac_part;
    if (d.point <= 0) {
        int_part = "0";
        frac_part = std::string(static_cast<std::size_t>(-d.point), '0') + d.digits;
    } else if (d.point > n && exact_integer) {
        int_part = chars(std::fabs(x), std::chars_format::fixed, 0);
    } else if (d.point >= n) {
        int_part = d.digits + std::string(static_cast<std::size_t>(d.point - n), '0');
    } else {
        int_part = d.digits.substr(0, static_cast<std::size_t>(d.point));
        frac_part = d.digits.substr(static_cast<std::size_t>(d.point));
    }
    return {sign_text(d.negative, plus) + int_part, frac_part, "", ""};
}

inline std::string pad_left(std::string s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

/// NumPy's FloatingFormat (maxprec, precision 8): one layout shared by all the printed
/// values so that decimal points align. `plus` is sign='+' (imaginary parts).
template <class R>
class float_format {
public:
    float_format(const std::vector<R>& values, bool plus) : plus_(plus) {
        std::vector<R> finite;
        for (R v : values)
            if (std::isfinite(v)) finite.push_back(v);
        choose_notation(finite);
        measure(finite);
        bool neginf = plus_;
        for (R v : values) neginf = neginf || (std::isinf(v) && v < 0);
        if (finite.size() != values.size()) {
            // Room for "nan" / "inf" / "-inf" in the same width as the numbers.
            const std::size_t offset = pad_right_ + 1;
            const std::size_t inflen = 3 + (neginf ? 1 : 0);
            if (inflen > offset) pad_left_ = std::max(pad_left_, inflen - offset);
            if (3 > offset) pad_left_ = std::max(pad_left_, 3 - offset);
        }
    }

    std::string operator()(R x) const {
        if (!std::isfinite(x)) {
            const std::string s = std::isnan(x) ? sign_text(false, plus_) + "nan" : sign_text(x < 0, plus_) + "inf";
            return pad_left(s, pad_left_ + pad_right_ + 1);
        }
        if (exp_format_) {
            const float_text t = scientific_text(x, plus_, static_cast<int>(exp_precision_), true);
            return pad_left(t.int_part, pad_left_) + '.' + t.frac_part +
                   std::string(exp_precision_ - t.frac_part.size(), '0') + 'e' + t.exp_sign +
                   std::string(exp_size_ - std::min(exp_size_, t.exp_digits.size()), '0') + t.exp_digits;
        }
        const float_text t = positional_text(x, plus_, true);
        return pad_left(t.int_part, pad_left_) + '.' + t.frac_part + std::string(pad_right_ - t.frac_part.size(), ' ');
    }

private:
    // NumPy's rule: scientific when the largest |x| >= 1e8, the smallest nonzero |x| < 1e-4,
    // or their ratio > 1e3. The thresholds compare in double, but the ratio is computed
    // in R (float32 for float32 arrays), as NumPy's scalar arithmetic does.
    void choose_notation(const std::vector<R>& finite) {
        bool any = false;
        R max_val = 0, min_val = 0;
        for (R v : finite) {
            const R a = std::fabs(v);
            if (a == 0) continue;
            if (!any || a > max_val) max_val = a;
            if (!any || a < min_val) min_val = a;
            any = true;
        }
        if (!any) return;
        const R ratio = max_val / min_val;
        exp_format_ = static_cast<double>(max_val) >= 1e8 || static_cast<double>(min_val) < 1e-4 ||
                      static_cast<double>(ratio) > 1000.0;
    }

    void measure(const std::vector<R>& finite) {
        for (R v : finite) {
            const float_text t = exp_format_ ? scientific_text(v, plus_) : positional_text(v, plus_);
            pad_left_ = std::max(pad_left_, t.int_part.size());
            if (exp_format_) {
                exp_precision_ = std::max(exp_precision_, t.frac_part.size());
                exp_size_ = std::max(exp_size_, t.exp_digits.size());
            } else {
                pad_right_ = std::max(pad_right_, t.frac_part.size());
            }
        }
        // In scientific notation every mantissa shows the same number of digits, and
        // pad_right (used to size nan/inf) covers the fraction and the exponent.
        if (exp_format_ && !finite.empty()) pad_right_ = exp_size_ + 2 + exp_precision_;
    }

    bool plus_;
    bool exp_format_ = false;
    std::size_t pad_left_ = 0, pad_right_ = 0, exp_precision_ = 0, exp_size_ = 0;
};

/// NumPy's ComplexFloatingFormat: real and imaginary parts formatted as two float columns,
/// the imaginary one always signed, 'j' placed before its right padding.
template <class R>
class complex_format {
public:
    explicit complex_format(const std::vector<std::complex<R>>& values)
        : real_(parts(values, false), false), imag_(parts(values, true), true) {}

    std::string operator()(const std::complex<R>& z) const {
        std::string i = imag_(z.imag());
        const auto end = i.find_last_not_of(' ') + 1;
        i.insert(end, 1, 'j');
        return real_(z.real()) + i;
    }

private:
    static std::vector<R> parts(const std::vector<std::complex<R>>& values, bool imag) {
        std::vector<R> out;
        out.reserve(values.size());
        for (const auto& z : values) out.push_back(imag ? z.imag() : z.real());
        return out;
    }
    float_format<R> real_, imag_;
};

/// NumPy's IntegerFormat: right-aligned to the widest of max and min.
template <class T>
class int_format {
public:
    explicit int_format(const std::vector<T>& values) {
        if (values.empty()) return;
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        width_ = std::max(fmt::formatted_size("{}", *lo), fmt::formatted_size("{}", *hi));
    }
    std::string operator()(T v) const { return fmt::format("{:>{}}", v, width_); }

private:
    std::size_t width_ = 0;
};

/// NumPy's BoolFormat: " True" so that it lines up with "False", except in a 0-d array.
class bool_format {
public:
    explicit bool_format(bool zero_d) : true_(zero_d ? "True" : " True") {}
    std::string operator()(bool v) const { return v ? true_ : "False"; }

private:
    std::string true_;
};

template <class T>
auto make_format(const std::vector<T>& values, bool zero_d) {
    if constexpr (std::is_same_v<T, bool>) return bool_format(zero_d);
    else if constexpr (std::is_integral_v<T>) return int_format<T>(values);
    else if constexpr (is_complex_v<T>) return complex_format<typename T::value_type>(values);
    else return float_format<T>(values, false);
}

// ---------------------------------------------------------------- layout

/// Flat indices of the elements NumPy prints, in printing order: all of them, or when
/// summarising, the first and last `edgeitems` along every axis longer than 2*edgeitems
/// (NumPy's _leading_trailing). The formats are fitted to these elements only.
inline void shown_indices(const shape_t& shape, bool summarise, std::size_t axis, std::size_t base,
                          std::vector<std::size_t>& out) {
    if (axis == shape.size()) {
        out.push_back(base);
        return;
    }
    std::size_t stride = 1;
    for (std::size_t d = axis + 1; d < shape.size(); ++d) stride *= shape[d];
    const std::size_t n = shape[axis];
    const bool cut = summarise && n > 2 * edgeitems;
    for (std::size_t i = 0; i < n; ++i) {
        if (cut && i == edgeitems) i = n - edgeitems;
        shown_indices(shape, summarise, axis + 1, base + i * stride, out);
    }
}

inline std::string rstrip(const std::string& s) { return s.substr(0, s.find_last_not_of(' ') + 1); }

/// NumPy's _formatArray: nested brackets, ", " between elements, rows wrapped before
/// `width`, one blank line per extra dimension between blocks, "..." for skipped items.
class layout {
public:
    layout(const std::vector<std::string>& words, const shape_t& shape, bool summarise)
        : words_(words), shape_(shape), summarise_(summarise) {}

    std::string block(std::size_t axis, const std::string& indent, std::size_t width) {
        if (axis == shape_.size()) return words_[next_++];
        const std::size_t n = shape_[axis];
        const bool cut = summarise_ && n > 2 * edgeitems;
        const std::size_t count = cut ? 2 * edgeitems + 1 : n;  // the "..." counts as an item
        std::string s;
        if (axis + 1 == shape_.size()) {
            // The separator's "," or the closing "]" must fit too, hence width - 1.
            std::string line = indent;
            for (std::size_t k = 0; k < count; ++k) {
                const std::string word = cut && k == edgeitems ? "..." : block(axis + 1, indent + ' ', width - 1);
                extend(s, line, word, width - 1, indent);
                if (k + 1 < count) line += ", ";
            }
            s += line;
        } else {
            const std::string separator = "," + std::string(shape_.size() - axis - 1, '\n');
            for (std::size_t k = 0; k < count; ++k) {
                s += indent;
                s += cut && k == edgeitems ? "..." : block(axis + 1, indent + ' ', width - 1);
                if (k + 1 < count) s += separator;
            }
        }
        return '[' + s.substr(indent.size()) + ']';
    }

private:
    // NumPy's _extendLine: wrap unless the line holds nothing but its indent.
    static void extend(std::string& s, std::string& line, const std::string& word, std::size_t width,
                       const std::string& indent) {
        if (line.size() + word.size() > width && line.size() > indent.size()) {
            s += rstrip(line) + '\n';
            line = indent;
        }
        line += word;
    }

    const std::vector<std::string>& words_;
    const shape_t& shape_;
    bool summarise_;
    std::size_t next_ = 0;
};

/// The dtypes NumPy's repr leaves implicit (numpy.core.arrayprint._typelessdata on LP64).
inline bool dtype_is_implied(std::string_view name) {
    return name == "bool" || name == "int64" || name == "float64" || name == "complex128";
}

template <class T>
std::string body(const T* data, const shape_t& shape, std::size_t size) {
    const bool summarise = size > threshold;
    std::vector<std::size_t> shown;
    shown_indices(shape, summarise, 0, 0, shown);
    std::vector<T> values;
    values.reserve(shown.size());
    for (std::size_t i : shown) values.push_back(data[i]);
    const auto format = make_format(values, shape.empty());
    std::vector<std::string> words;
    words.reserve(values.size());
    for (const T& v : values) words.push_back(format(v));
    // The hanging indent skips "array(" and "["; the width keeps room for the closing
    // ")" or "," (NumPy subtracts len(suffix) from the line width).
    const std::string indent(prefix.size() + 1, ' ');
    return layout(words, shape, summarise).block(0, indent, linewidth - 1);
}

}  // namespace detail::repr

/// The text NumPy 1.24 prints for `repr(a)` with default print options, e.g.
/// `array([1.5, 2. , 3. ])`, `array([1, 2], dtype=int32)`, `array([], shape=(0, 3), dtype=float64)`.
/// Arrays above 1000 elements are summarised with "..." (3 items kept at each edge).
/// FLOPs: 0 (printing is free and never touches a budget).
template <class T>
std::string to_string(const array<T>& a) {
    namespace r = detail::repr;
    const auto& xshape = a.xt().shape();
    const shape_t shape(xshape.begin(), xshape.end());
    const std::string_view dtype = detail::dtype_name<T>();
    std::string out(r::prefix);
    if (a.size() > 0) out += r::body(a.data(), shape, a.size());
    else if (shape.size() == 1) out += "[]";
    else out += "[], shape=" + detail::tuple_string(shape);
    if (a.size() > 0 && r::dtype_is_implied(dtype)) return out + ')';
    out += ',';
    const std::string dtype_text = fmt::format("dtype={})", dtype);
    // NumPy moves the dtype to its own line when it would overflow the last one.
    const std::size_t last_line = out.size() - (out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
    if (last_line + dtype_text.size() + 1 > r::linewidth) out += '\n' + std::string(r::prefix.size(), ' ');
    else out += ' ';
    return out + dtype_text;
}

/// Prints `a` as NumPy's `repr(a)` does (see `me::to_string`).
/// FLOPs: 0.
template <class T>
std::ostream& operator<<(std::ostream& os, const array<T>& a) {
    return os << to_string(a);
}

}  // namespace me
