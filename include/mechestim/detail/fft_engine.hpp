/// @file detail/fft_engine.hpp
/// @brief The FFT kernels behind `me::fft`: complex transforms of any length, real-input
/// and real-output transforms, and the loop that applies them along one axis of a
/// row-major buffer. No xtensor, no budget: fft.hpp charges, then calls these.
///
/// Why our own kernels rather than kissfft: kissfft handles a prime factor p in O(n*p), so a
/// prime length near 1e5 takes ~1e10 operations (NumPy's pocketfft uses Bluestein there),
/// and it has no real-input transform. What is here:
/// - a Stockham (self-sorting) mixed-radix complex FFT with radix-4, 2, 3 and 5 butterflies
///   and a generic odd-radix pass, ping-ponging between the data and one scratch buffer;
///   twiddles precomputed per length, each from the exact angle (long double sin/cos of
///   2*pi*m/n), never by repeated multiplication, so errors do not grow with n;
/// - Bluestein's chirp-z algorithm for lengths whose prime factors make the direct passes
///   dearer than two FFTs of a 2,3,5-smooth length >= 2n-1 (the chirp's phase k^2 is
///   reduced mod 2n in integers, so it stays exact for large k);
/// - rfft of an even length n as one complex FFT of n/2 (the even and odd samples packed as
///   real and imaginary parts) and a twiddled split; irfft as the reverse. rfft of an odd n
///   with a factor 3 or 5 splits the signal into 3 or 5 decimated real sequences, packed in
///   pairs into complex FFTs of n/3 or n/5 (2/3 of the work of a complex FFT of n for 3);
///   other odd lengths, and irfft of odd lengths, use a complex FFT of n.
/// - radix-9 passes (two radix-3 steps in registers) for 3^k factors: a pass costs its
///   trip over memory, and 3^10 has 5 of them instead of 10.
/// Plans are cached per length (a few recent ones, as NumPy keeps), behind a mutex.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "allocator.hpp"
#include "types.hpp"

namespace me::detail::fftk {

using cplx = std::complex<double>;

/// Buffers from the huge-page allocator (a fresh 4 KiB page costs ~12 us to touch on our
/// VMs; a 2^20-point transform's scratch is 4096 of them).
template <class T>
using buffer = std::vector<T, huge_page_allocator<T>>;

/// Uninitialised storage for n elements from the huge-page allocator.
template <class T>
class raw_buffer {
public:
    raw_buffer() noexcept = default;
    explicit raw_buffer(std::size_t n) : p_(n ? huge_page_allocator<T>{}.allocate(n) : nullptr), n_(n) {}
    raw_buffer(raw_buffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
    raw_buffer& operator=(raw_buffer&& o) noexcept {
        std::swap(p_, o.p_);
        std::swap(n_, o.n_);
        return *this;
    }
    raw_buffer(const raw_buffer&) = delete;
    raw_buffer& operator=(const raw_buffer&) = delete;
    ~raw_buffer() {
        if (p_) huge_page_allocator<T>{}.deallocate(p_, n_);
    }
    T* data() const noexcept { return p_; }
    std::size_t size() const noexcept { return n_; }

private:
    T* p_ = nullptr;
    std::size_t n_ = 0;
};

/// Scratch space of n elements for one call, in one of four slots (a call uses each slot
/// for one purpose). Below the huge-page threshold the space is kept per thread and
/// reused: allocating (and zeroing) a fresh megabyte per call took longer than a
/// 59049-point transform. Larger buffers come from the allocator's own cache of huge pages.
template <class T>
class scratch {
public:
    scratch(std::size_t n, std::size_t slot) {
        if (n * sizeof(T) >= huge_page_allocator<T>::threshold) {
            own_ = raw_buffer<T>(n);
            p_ = own_.data();
            return;
        }
        thread_local raw_buffer<T> kept[4];
        raw_buffer<T>& b = kept[slot];
        if (b.size() < n) b = raw_buffer<T>(n);
        p_ = b.data();
    }
    T* data() const noexcept { return p_; }
    T& operator[](std::size_t i) const noexcept { return p_[i]; }

private:
    raw_buffer<T> own_;
    T* p_ = nullptr;
};

/// The slots of `scratch`.
enum scratch_slot : std::size_t { plan_slot, work_slot, src_slot, dst_slot };

/// A twiddle as two doubles: tables of std::complex made GCC 12 move each one through the
/// stack as two 8-byte stores and a 16-byte load (a store-forwarding stall that tripled
/// the time of a pass); plain doubles are loaded straight into registers.
struct twiddle_t {
    double r, i;
};
inline twiddle_t as_twiddle(cplx w) noexcept { return {w.real(), w.imag()}; }

/// a * w (forward) or a * conj(w) (backward), without the NaN/inf recovery of
/// std::complex's operator* (a call to __muldc3 per product).
template <bool Fwd>
inline cplx mul_tw(cplx a, const twiddle_t& w) noexcept {
    const double ar = a.real(), ai = a.imag(), wr = w.r, wi = Fwd ? w.i : -w.i;
    return {ar * wr - ai * wi, ar * wi + ai * wr};
}

/// -i * a (forward) or +i * a (backward)
template <bool Fwd>
inline cplx rot90(cplx a) noexcept {
    if constexpr (Fwd) return {a.imag(), -a.real()};
    else return {-a.imag(), a.real()};
}

/// exp(-2*pi*i*m/n), from the exact angle in long double (64-bit mantissa), so each
/// twiddle is within an ulp of the true value whatever m and n.
inline cplx root(std::uint64_t m, std::uint64_t n) noexcept {
    m %= n;
    const long double a = 2.0L * 3.141592653589793238462643383279502884L * static_cast<long double>(m) /
                          static_cast<long double>(n);
    return {static_cast<double>(std::cos(a)), static_cast<double>(-std::sin(a))};
}

/// The smallest 2^a 3^b 5^c >= n: Bluestein's convolution length.
inline std::size_t good_size(std::size_t n) {
    std::size_t best = 1;
    while (best < n) best *= 2;
    for (std::size_t f5 = 1; f5 < best; f5 *= 5)
        for (std::size_t f35 = f5; f35 < best; f35 *= 3) {
            std::size_t x = f35;
            while (x < n) x *= 2;
            best = std::min(best, x);
        }
    return best;
}

class cplan;
std::shared_ptr<const cplan> complex_plan(std::size_t n);

/// A complex FFT of one length: its passes and twiddles, or a Bluestein convolution.
class cplan {
public:
    explicit cplan(std::size_t n) : n_(n) {
        if (n <= 1) return;
        std::vector<std::size_t> f = factorize(n);
        if (direct_cost(n, f) > bluestein_cost(n)) {
            build_bluestein();
            return;
        }
        std::size_t l1 = 1;
        for (std::size_t ip : f) {
            pass p{ip, l1, n / (l1 * ip), tw_.size(), roots_.size()};
            // Twiddles of one column i side by side (j fastest): a pass reads one stream
            // of them, not ip - 1 (fewer streams for the prefetcher and the TLB).
            for (std::size_t i = 1; i < p.ido; ++i)
                for (std::size_t j = 1; j < ip; ++j)
                    tw_.push_back(as_twiddle(root(static_cast<std::uint64_t>(j * l1 * i), n)));
            if (ip > 5)
                for (std::size_t k = 0; k < ip; ++k) roots_.push_back(as_twiddle(root(k, ip)));
            passes_.push_back(p);
            l1 *= ip;
        }
    }

    std::size_t size() const noexcept { return n_; }

    /// The unnormalised transform of data[0..n) in place (forward: exp(-2 pi i jk/n));
    /// `scratch` holds at least scratch_size() elements.
    template <bool Fwd>
    void run(cplx* data, cplx* scratch) const {
        if (n_ <= 1) return;
        if (sub_) {
            bluestein<Fwd>(data, scratch);
            return;
        }
        cplx* in = data;
        cplx* out = scratch;
        for (const pass& p : passes_) {
            switch (p.ip) {
                case 4: pass_fixed<4, Fwd, butterfly4<Fwd>>(p, in, out); break;
                case 2: pass_fixed<2, Fwd, butterfly2<Fwd>>(p, in, out); break;
                case 3: pass_fixed<3, Fwd, butterfly3<Fwd>>(p, in, out); break;
                case 5: pass_fixed<5, Fwd, butterfly5<Fwd>>(p, in, out); break;
                case 9: pass_fixed<9, Fwd, butterfly9<Fwd>>(p, in, out); break;
                default: passg<Fwd>(p, in, out); break;
            }
            std::swap(in, out);
        }
        if (in != data) std::copy(in, in + n_, data);
    }

    std::size_t scratch_size() const noexcept { return sub_ ? 2 * m_ : n_; }

private:
    struct pass {
        std::size_t ip, l1, ido, tw, roots;
    };

    static std::vector<std::size_t> factorize(std::size_t n) {
        std::vector<std::size_t> f;
        while (n % 4 == 0) {
            f.push_back(4);
            n /= 4;
        }
        if (n % 2 == 0) {
            f.push_back(2);
            n /= 2;
        }
        // Radix 9 (two radix-3 steps in registers) halves the passes over memory, which
        // is what a pass costs at these sizes: 3^10 went from 10 passes to 5.
        while (n % 9 == 0) {
            f.push_back(9);
            n /= 9;
        }
        for (std::size_t d = 3; d * d <= n; d += 2)
            while (n % d == 0) {
                f.push_back(d);
                n /= d;
            }
        if (n > 1) f.push_back(n);
        return f;
    }

    // Rough operation counts per element: a radix-p pass does about p complex
    // multiply-adds per element for a generic p, fewer for 2..5.
    static double direct_cost(std::size_t n, const std::vector<std::size_t>& f) {
        double c = 0;
        for (std::size_t p : f) c += p == 9 ? 6.0 : p <= 5 ? static_cast<double>(p) : 2.0 * static_cast<double>(p);
        return c * static_cast<double>(n);
    }
    static double bluestein_cost(std::size_t n) {
        if (n < 50) return 1e300;
        const std::size_t m = good_size(2 * n - 1);
        return 2.5 * direct_cost(m, factorize(m)) + 6.0 * static_cast<double>(n);
    }

    void build_bluestein() {
        m_ = good_size(2 * n_ - 1);
        sub_ = complex_plan(m_);
        chirp_.resize(n_);
        // b_k = exp(i pi k^2 / n) = conj(root(k^2 mod 2n, 2n)); k^2 mod 2n kept exact.
        const std::uint64_t two_n = 2 * static_cast<std::uint64_t>(n_);
        std::uint64_t sq = 0;  // k^2 mod 2n
        for (std::size_t k = 0; k < n_; ++k) {
            chirp_[k] = as_twiddle(std::conj(root(sq, two_n)));
            sq = (sq + 2 * static_cast<std::uint64_t>(k) + 1) % two_n;
        }
        buffer<cplx> kernel(m_, cplx{});
        const double scale = 1.0 / static_cast<double>(m_);
        for (std::size_t k = 0; k < n_; ++k) kernel[k] = kernel[(m_ - k) % m_] = cplx{chirp_[k].r, chirp_[k].i} * scale;
        buffer<cplx> s(sub_->scratch_size());
        sub_->run<true>(kernel.data(), s.data());
        kernel_.resize(m_);
        for (std::size_t k = 0; k < m_; ++k) kernel_[k] = as_twiddle(kernel[k]);
    }

    // X[k] = conj(b_k) * sum_j (x_j conj(b_j)) b_{k-j}: a convolution of length m by FFTs.
    // The backward transform is conj(forward(conj(x))).
    template <bool Fwd>
    void bluestein(cplx* data, cplx* scratch) const {
        cplx* a = scratch;
        cplx* s = scratch + m_;
        for (std::size_t k = 0; k < n_; ++k) a[k] = mul_tw<false>(Fwd ? data[k] : std::conj(data[k]), chirp_[k]);
        std::fill(a + n_, a + m_, cplx{});
        sub_->run<true>(a, s);
        for (std::size_t k = 0; k < m_; ++k) a[k] = mul_tw<true>(a[k], kernel_[k]);
        sub_->run<false>(a, s);
        for (std::size_t k = 0; k < n_; ++k) {
            const cplx y = mul_tw<false>(a[k], chirp_[k]);
            data[k] = Fwd ? y : std::conj(y);
        }
    }

    // Stockham pass of radix P: in is (ido, P, l1) [i fastest], out is (ido, l1, P);
    // out(i, k, j) = w^(j*l1*i) * DFT_P(in(i, ., k))_j, the twiddle at (i-1)*(P-1) + j-1. The first column (i = 0) has no
    // twiddles and is done apart, so the inner loop carries no branch.
    // The butterfly is a template argument (a constant), so it is inlined: passed as a
    // function pointer it was an indirect call per butterfly.
    template <std::size_t P, bool Fwd, auto Butterfly>
    void pass_fixed(const pass& p, const cplx* in, cplx* out) const {
        const std::size_t ido = p.ido, l1 = p.l1, st = ido * l1;
        const twiddle_t* w = tw_.data() + p.tw;
        for (std::size_t k = 0; k < l1; ++k) {
            const cplx* x = in + ido * P * k;
            cplx* y = out + ido * k;
            cplx u[P], v[P];
            for (std::size_t j = 0; j < P; ++j) u[j] = x[j * ido];
            Butterfly(u, v);
            for (std::size_t j = 0; j < P; ++j) y[j * st] = v[j];
            for (std::size_t i = 1; i < ido; ++i) {
                for (std::size_t j = 0; j < P; ++j) u[j] = x[i + j * ido];
                Butterfly(u, v);
                y[i] = v[0];
                const twiddle_t* wi = w + (i - 1) * (P - 1);
                for (std::size_t j = 1; j < P; ++j) y[i + j * st] = mul_tw<Fwd>(v[j], wi[j - 1]);
            }
        }
    }

    template <bool Fwd>
    static void butterfly2(const cplx* x, cplx* y) noexcept {
        y[0] = x[0] + x[1];
        y[1] = x[0] - x[1];
    }

    template <bool Fwd>
    static void butterfly3(const cplx* x, cplx* y) noexcept {
        constexpr double c = -0.5, s0 = 0.86602540378443864676372317075294;
        constexpr double s = Fwd ? -s0 : s0;  // Im of exp(-+2 pi i / 3)
        const cplx t = x[1] + x[2], d = x[1] - x[2];
        const cplx ca = x[0] + c * t, cb{-s * d.imag(), s * d.real()};
        y[0] = x[0] + t;
        y[1] = ca + cb;
        y[2] = ca - cb;
    }

    template <bool Fwd>
    static void butterfly4(const cplx* x, cplx* y) noexcept {
        const cplx t1 = x[0] + x[2], t2 = x[0] - x[2], t3 = x[1] + x[3], t4 = rot90<Fwd>(x[1] - x[3]);
        y[0] = t1 + t3;
        y[1] = t2 + t4;
        y[2] = t1 - t3;
        y[3] = t2 - t4;
    }

    // DFT-9 as 3 x 3: n = 3 n1 + n2, k = k1 + 3 k2; radix-3 over n1, the twiddles
    // w9^(n2 k1), radix-3 over n2.
    template <bool Fwd>
    static void butterfly9(const cplx* x, cplx* y) noexcept {
        constexpr twiddle_t w1{0.76604444311897803520239265055541667, -0.64278760968653932632264340990726344};
        constexpr twiddle_t w2{0.17364817766693034885171662676931479, -0.98480775301220805936674302458952301};
        constexpr twiddle_t w4{-0.93969262078590838405410927732473146, -0.34202014332566873304409961468225958};
        cplx a[3][3];
        for (std::size_t n2 = 0; n2 < 3; ++n2) {
            const cplx in[3] = {x[n2], x[n2 + 3], x[n2 + 6]};
            butterfly3<Fwd>(in, a[n2]);
        }
        a[1][1] = mul_tw<Fwd>(a[1][1], w1);
        a[1][2] = mul_tw<Fwd>(a[1][2], w2);
        a[2][1] = mul_tw<Fwd>(a[2][1], w2);
        a[2][2] = mul_tw<Fwd>(a[2][2], w4);
        for (std::size_t k1 = 0; k1 < 3; ++k1) {
            const cplx in[3] = {a[0][k1], a[1][k1], a[2][k1]};
            cplx out[3];
            butterfly3<Fwd>(in, out);
            y[k1] = out[0];
            y[k1 + 3] = out[1];
            y[k1 + 6] = out[2];
        }
    }

    // With w = exp(-+2 pi i/5): y1 = x0 + Re(w) t1 + Re(w^2) t2 + i (Im(w) d1 + Im(w^2) d2) for
    // t1 = x1 + x4, d1 = x1 - x4, t2 = x2 + x3, d2 = x2 - x3, and so on by symmetry.
    template <bool Fwd>
    static void butterfly5(const cplx* x, cplx* y) noexcept {
        constexpr double c1 = 0.3090169943749474241022934171828191, c2 = -0.8090169943749474241022934171828191;
        constexpr double s1f = 0.9510565162951535721164393333793821, s2f = 0.5877852522924731291687059546390728;
        constexpr double s1 = Fwd ? -s1f : s1f, s2 = Fwd ? -s2f : s2f;
        const cplx t1 = x[1] + x[4], d1 = x[1] - x[4], t2 = x[2] + x[3], d2 = x[2] - x[3];
        const cplx ca1 = x[0] + c1 * t1 + c2 * t2, ca2 = x[0] + c2 * t1 + c1 * t2;
        const cplx u1 = s1 * d1 + s2 * d2, u2 = s2 * d1 - s1 * d2;
        const cplx cb1{-u1.imag(), u1.real()}, cb2{-u2.imag(), u2.real()};  // i * u
        y[0] = x[0] + t1 + t2;
        y[1] = ca1 + cb1;
        y[2] = ca2 + cb2;
        y[3] = ca2 - cb2;
        y[4] = ca1 - cb1;
    }

    // Any odd radix: the DFT of ip points directly, O(ip^2) per butterfly.
    template <bool Fwd>
    void passg(const pass& p, const cplx* in, cplx* out) const {
        const std::size_t ip = p.ip, ido = p.ido, l1 = p.l1, st = ido * l1;
        const twiddle_t* r = roots_.data() + p.roots;
        std::vector<cplx> x(ip);
        for (std::size_t k = 0; k < l1; ++k)
            for (std::size_t i = 0; i < ido; ++i) {
                for (std::size_t j = 0; j < ip; ++j) x[j] = in[i + ido * (j + ip * k)];
                cplx* y = out + i + ido * k;
                for (std::size_t j = 0; j < ip; ++j) {
                    cplx acc = x[0];
                    std::size_t e = 0;
                    for (std::size_t q = 1; q < ip; ++q) {
                        e += j;
                        if (e >= ip) e -= ip;
                        acc += mul_tw<Fwd>(x[q], r[e]);
                    }
                    y[j * st] = (i == 0 || j == 0) ? acc : mul_tw<Fwd>(acc, tw_[p.tw + (i - 1) * (ip - 1) + j - 1]);
                }
            }
    }

    std::size_t n_;
    std::vector<pass> passes_;
    std::vector<twiddle_t> tw_, roots_;
    // Bluestein
    std::size_t m_ = 0;
    std::shared_ptr<const cplan> sub_;
    std::vector<twiddle_t> chirp_;
    buffer<twiddle_t> kernel_;
};

/// A real FFT of length n. Even n: a complex plan of n/2 and the split twiddles
/// exp(-2 pi i k/n), k < n/2. Odd n with a factor p of 3 or 5: the p decimated real
/// sequences x[p j + r], packed in pairs as real and imaginary parts into (p+1)/2 complex
/// FFTs of n/p, and the twiddles exp(-2 pi i j/n), j < n, that recombine them (2/3 of a
/// complex FFT of n for p = 3). Other odd n: a complex FFT of n (see `complex_plan`).
class rplan {
public:
    explicit rplan(std::size_t n) : n_(n) {
        if (n % 2 == 0) {
            c_ = complex_plan(n / 2);
            for (std::size_t k = 0; k < n / 2; ++k) tw_.push_back(as_twiddle(root(k, n)));
            return;
        }
        p_ = n % 3 == 0 ? 3 : n % 5 == 0 ? 5 : 0;
        if (p_ == 0 || n / p_ < 2) {
            p_ = 0;
            return;
        }
        c_ = complex_plan(n / p_);
        for (std::size_t j = 0; j < n; ++j) tw_.push_back(as_twiddle(root(j, n)));
    }
    std::size_t size() const noexcept { return n_; }
    /// The half-length plan (even n) or the plan of n/p (odd n split by p).
    const cplan& complex() const noexcept { return *c_; }
    const twiddle_t& twiddle(std::size_t k) const noexcept { return tw_[k]; }
    /// p for an odd n split into p sequences, else 0.
    std::size_t split() const noexcept { return p_; }

private:
    std::size_t n_, p_ = 0;
    std::shared_ptr<const cplan> c_;
    std::vector<twiddle_t> tw_;
};

/// The few most recently used plans of one kind, shared by every thread.
template <class Plan>
std::shared_ptr<const Plan> cached_plan(std::size_t n) {
    static constexpr std::size_t keep = 16;
    static std::mutex mutex;
    static std::list<std::shared_ptr<const Plan>> recent;  // most recent first
    {
        std::lock_guard lock(mutex);
        for (auto it = recent.begin(); it != recent.end(); ++it)
            if ((*it)->size() == n) {
                recent.splice(recent.begin(), recent, it);
                return recent.front();
            }
    }
    auto plan = std::make_shared<const Plan>(n);  // built outside the lock: may take a while
    std::lock_guard lock(mutex);
    recent.push_front(plan);
    if (recent.size() > keep) recent.pop_back();
    return plan;
}

inline std::shared_ptr<const cplan> complex_plan(std::size_t n) { return cached_plan<cplan>(n); }
inline std::shared_ptr<const rplan> real_plan(std::size_t n) { return cached_plan<rplan>(n); }

template <class T>
cplx to_cplx(const T& v) {
    if constexpr (is_complex_v<T>) return {static_cast<double>(v.real()), static_cast<double>(v.imag())};
    else return {static_cast<double>(v), 0.0};
}
template <class T>
double to_real(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? 1.0 : 0.0;
    else return static_cast<double>(v);
}

/// A buffer of shape `shape` seen as (outer, len, inner) around `axis`.
struct axis_geometry {
    std::size_t outer = 1, len = 1, inner = 1;
    axis_geometry(const std::vector<std::size_t>& shape, std::size_t axis) {
        for (std::size_t d = 0; d < shape.size(); ++d) {
            if (d < axis) outer *= shape[d];
            else if (d > axis) inner *= shape[d];
        }
        len = shape[axis];
    }
};

/// Runs line(src, dst) for every line along `axis`: src is the input line (len_in
/// contiguous elements of In), dst the output line (len_out of Out). Lines along the last
/// axis are used in place; others are gathered in blocks of adjacent lines (so each cache
/// line read serves several) into contiguous buffers, and scattered back.
template <class In, class Out, class Line>
void along_axis(const In* in, const std::vector<std::size_t>& shape, std::size_t axis, Out* out, std::size_t len_out,
                Line&& line) {
    const axis_geometry g(shape, axis);
    if (g.outer * g.inner == 0) return;
    if (g.inner == 1) {
        for (std::size_t o = 0; o < g.outer; ++o) line(in + o * g.len, out + o * len_out);
        return;
    }
    constexpr std::size_t block = 8;
    const scratch<In> src(block * g.len, src_slot);
    const scratch<Out> dst(block * len_out, dst_slot);
    for (std::size_t o = 0; o < g.outer; ++o) {
        const In* base_in = in + o * g.len * g.inner;
        Out* base_out = out + o * len_out * g.inner;
        for (std::size_t j0 = 0; j0 < g.inner; j0 += block) {
            const std::size_t b = std::min(block, g.inner - j0);
            for (std::size_t k = 0; k < g.len; ++k)
                for (std::size_t t = 0; t < b; ++t) src[t * g.len + k] = base_in[k * g.inner + j0 + t];
            for (std::size_t t = 0; t < b; ++t) line(src.data() + t * g.len, dst.data() + t * len_out);
            for (std::size_t k = 0; k < len_out; ++k)
                for (std::size_t t = 0; t < b; ++t) base_out[k * g.inner + j0 + t] = dst[t * len_out + k];
        }
    }
}

inline void scale(cplx* x, std::size_t n, double f) {
    if (f != 1.0)
        for (std::size_t k = 0; k < n; ++k) x[k] *= f;
}

/// Complex transform of length n along `axis`: each input line cropped or zero-padded to
/// n, transformed, scaled by fct. `out` has shape `shape` with the axis of length n.
template <class In>
void c2c(const In* in, const std::vector<std::size_t>& shape, std::size_t axis, std::size_t n, bool forward,
         double fct, cplx* out) {
    const auto plan = complex_plan(n);
    const scratch<cplx> space(plan->scratch_size(), plan_slot);
    const std::size_t len = shape[axis], m = std::min(len, n);
    along_axis(in, shape, axis, out, n, [&](const In* x, cplx* y) {
        for (std::size_t k = 0; k < m; ++k) y[k] = to_cplx(x[k]);
        std::fill(y + m, y + n, cplx{});
        if (forward) plan->run<true>(y, space.data());
        else plan->run<false>(y, space.data());
        scale(y, n, fct);
    });
}

/// rfft of an odd n = p * mm (rplan's split): the p sequences x[p j + r] in pairs as one
/// complex FFT of mm each; S_r[k] unpacked from the pair's spectrum by conjugate symmetry;
/// X[k] = sum_r w_n^(r k) S_r[k mod mm].
template <class In>
void r2c_split(const rplan& plan, const In* in, const std::vector<std::size_t>& shape, std::size_t axis,
               std::size_t m, double fct, cplx* out) {
    const std::size_t n = plan.size(), p = plan.split(), mm = n / p, pairs = (p + 1) / 2, nout = n / 2 + 1;
    const cplan& cp = plan.complex();
    const scratch<cplx> space(cp.scratch_size(), plan_slot);
    const scratch<cplx> work(pairs * mm, work_slot);
    along_axis(in, shape, axis, out, nout, [&](const In* x, cplx* y) {
        auto sample = [&](std::size_t i) { return i < m ? to_real(x[i]) : 0.0; };
        for (std::size_t g = 0; g < pairs; ++g) {
            cplx* z = work.data() + g * mm;
            const std::size_t r0 = 2 * g, r1 = 2 * g + 1;
            if (m == n && r1 < p) {  // the whole line, no padding: no bounds checks
                for (std::size_t j = 0; j < mm; ++j) z[j] = {to_real(x[p * j + r0]), to_real(x[p * j + r1])};
            } else {
                for (std::size_t j = 0; j < mm; ++j) z[j] = {sample(p * j + r0), r1 < p ? sample(p * j + r1) : 0.0};
            }
            cp.run<true>(z, space.data());
        }
        for (std::size_t k = 0, a = 0; k < nout; ++k, a = a + 1 == mm ? 0 : a + 1) {  // a = k mod mm
            const std::size_t b = a == 0 ? 0 : mm - a;
            cplx acc{};
            std::size_t e = 0;  // r * k mod n
            for (std::size_t g = 0; g < pairs; ++g) {
                const cplx z = work[g * mm + a], zc = std::conj(work[g * mm + b]);
                const cplx even = 0.5 * (z + zc), d = 0.5 * (z - zc);
                acc += mul_tw<true>(even, plan.twiddle(e));
                if (e += k; e >= n) e -= n;
                if (2 * g + 1 < p) {
                    acc += mul_tw<true>(cplx{d.imag(), -d.real()}, plan.twiddle(e));  // -i d
                    if (e += k; e >= n) e -= n;
                }
            }
            y[k] = acc * fct;
        }
    });
}

/// Real-input forward transform of length n along `axis`: n/2+1 outputs per line.
template <class In>
void r2c(const In* in, const std::vector<std::size_t>& shape, std::size_t axis, std::size_t n, double fct,
         cplx* out) {
    const auto plan = real_plan(n);
    const std::size_t len = shape[axis], m = std::min(len, n), nout = n / 2 + 1;
    if (plan->split()) {
        r2c_split(*plan, in, shape, axis, m, fct, out);
        return;
    }
    if (n % 2 == 1) {
        const auto cp = complex_plan(n);
        const scratch<cplx> space(cp->scratch_size(), plan_slot);
        const scratch<cplx> work(n, work_slot);
        along_axis(in, shape, axis, out, nout, [&](const In* x, cplx* y) {
            for (std::size_t k = 0; k < m; ++k) work[k] = {to_real(x[k]), 0.0};
            std::fill(work.data() + m, work.data() + n, cplx{});
            cp->run<true>(work.data(), space.data());
            for (std::size_t k = 0; k < nout; ++k) y[k] = work[k] * fct;
        });
        return;
    }
    const cplan& cp = plan->complex();
    const scratch<cplx> space(cp.scratch_size(), plan_slot);
    const std::size_t h = n / 2;
    along_axis(in, shape, axis, out, nout, [&](const In* x, cplx* y) {
        // z[k] = x[2k] + i x[2k+1], packed into the output line itself
        for (std::size_t k = 0; k < h; ++k) {
            const double re = 2 * k < m ? to_real(x[2 * k]) : 0.0;
            const double im = 2 * k + 1 < m ? to_real(x[2 * k + 1]) : 0.0;
            y[k] = {re, im};
        }
        cp.run<true>(y, space.data());
        // E[k] = (Z[k] + conj Z[h-k]) / 2, O[k] = (Z[k] - conj Z[h-k]) / 2i, X[k] = E[k] + w^k O[k].
        const cplx z0 = y[0];
        y[0] = {(z0.real() + z0.imag()) * fct, 0.0};
        y[h] = {(z0.real() - z0.imag()) * fct, 0.0};
        for (std::size_t k = 1; 2 * k <= h; ++k) {
            const std::size_t q = h - k;
            const cplx a = y[k], b = y[q];
            const cplx e1 = 0.5 * (a + std::conj(b)), o1 = 0.5 * (a - std::conj(b));  // O[k] = -i * o1
            const cplx e2 = 0.5 * (b + std::conj(a)), o2 = 0.5 * (b - std::conj(a));
            const cplx ok{o1.imag(), -o1.real()}, oq{o2.imag(), -o2.real()};
            y[k] = (e1 + mul_tw<true>(ok, plan->twiddle(k))) * fct;
            if (q != k) y[q] = (e2 + mul_tw<true>(oq, plan->twiddle(q))) * fct;
        }
    });
}

/// Real-output backward transform of length n along `axis`: each input line of complex
/// values (the first n/2+1 used, zero-padded) read as a Hermitian spectrum; imaginary parts
/// of X[0] (and of X[n/2] for even n) are ignored, as NumPy's pocketfft does. With
/// `conjugate` the spectrum is conjugated first (hfft).
template <class In>
void c2r(const In* in, const std::vector<std::size_t>& shape, std::size_t axis, std::size_t n, double fct,
         double* out, bool conjugate = false) {
    const std::size_t len = shape[axis], h = n / 2, m = std::min(len, h + 1);
    auto spectrum = [&](const In* x, std::size_t k) {
        const cplx v = k < m ? to_cplx(x[k]) : cplx{};
        return conjugate ? std::conj(v) : v;
    };
    if (n % 2 == 1) {
        const auto cp = complex_plan(n);
        const scratch<cplx> space(cp->scratch_size(), plan_slot);
        const scratch<cplx> work(n, work_slot);
        along_axis(in, shape, axis, out, n, [&](const In* x, double* y) {
            work[0] = {spectrum(x, 0).real(), 0.0};
            for (std::size_t k = 1; k <= h; ++k) {
                work[k] = spectrum(x, k);
                work[n - k] = std::conj(work[k]);
            }
            cp->run<false>(work.data(), space.data());
            for (std::size_t k = 0; k < n; ++k) y[k] = work[k].real() * fct;
        });
        return;
    }
    const auto plan = real_plan(n);
    const cplan& cp = plan->complex();
    const scratch<cplx> space(cp.scratch_size(), plan_slot);
    const scratch<cplx> work(h + 1, work_slot);
    along_axis(in, shape, axis, out, n, [&](const In* x, double* y) {
        for (std::size_t k = 0; k <= h; ++k) work[k] = spectrum(x, k);
        work[0] = {work[0].real(), 0.0};
        work[h] = {work[h].real(), 0.0};
        // Z[k] = 2E[k] + i 2O[k] with 2E[k] = X[k] + conj X[h-k], 2O[k] = (X[k] - conj X[h-k]) w^-k.
        for (std::size_t k = 0; 2 * k <= h; ++k) {
            const std::size_t q = h - k;
            const cplx a = work[k], b = work[q];
            const cplx ek = a + std::conj(b), eq = b + std::conj(a);
            const cplx ok = mul_tw<false>(a - std::conj(b), plan->twiddle(k));
            const cplx oq = q < h ? mul_tw<false>(b - std::conj(a), plan->twiddle(q)) : cplx{};
            work[k] = ek + cplx{-ok.imag(), ok.real()};
            if (q != k && q < h) work[q] = eq + cplx{-oq.imag(), oq.real()};
        }
        cp.run<false>(work.data(), space.data());
        for (std::size_t k = 0; k < h; ++k) {
            y[2 * k] = work[k].real() * fct;
            y[2 * k + 1] = work[k].imag() * fct;
        }
    });
}

}  // namespace me::detail::fftk
