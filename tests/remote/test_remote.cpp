// me::remote against a real mechestim-server: the same values and the same charges as
// the local library, errors re-raised as the same me:: types, the session's rules.
#include <mechestim/remote.hpp>

#include "support.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <complex>
#include <thread>

extern char** environ;

namespace {

namespace r = me::remote;

/// One server for the whole program, started on first use on a socket of its own and
/// stopped at exit.
class server_process {
public:
    server_process() {
        path_ = "/tmp/mechestim-remote-test-" + std::to_string(::getpid()) + ".sock";
        url_ = "ipc://" + path_;
        ::unlink(path_.c_str());
        // A small session store, so that the freeing test need not upload gigabytes.
        ::setenv("MECHESTIM_MAX_STORE_BYTES", "67108864", 1);
        std::string bin = MECHESTIM_SERVER_BIN;
        std::vector<std::string> argv_text{bin, "--url", url_, "--timeout", "60"};
        std::vector<char*> argv;
        for (auto& a : argv_text) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, bin.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start " + bin);
        struct stat st{};
        for (int i = 0; i < 200 && ::stat(path_.c_str(), &st) != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        ::setenv("MECHESTIM_SERVER_URL", url_.c_str(), 1);
    }
    ~server_process() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::unlink(path_.c_str());
    }
    const std::string& url() const { return url_; }

private:
    pid_t pid_ = 0;
    std::string path_, url_;
};

const server_process& server() {
    static server_process s;
    return s;
}

std::vector<double> values_of(const me::array<double>& a) { return {a.begin(), a.end()}; }

me::array<double> local_of(const std::vector<double>& v, const me::shape_t& shape) {
    auto a = me::array<double>::uninitialized(shape);
    std::copy(v.begin(), v.end(), a.begin());
    return a;
}

const std::vector<double> data{0.5, -1.25, 2.0, 3.5, -0.75, 1.5, 0.25, 4.0, -2.5, 1.0, 0.125, 2.25};
const me::shape_t shape34{3, 4};

/// Runs `remote_op` in a remote session and `local_op` in a local one and checks that
/// the values and the FLOPs used agree exactly (the server runs the same library).
template <class R, class L>
void same_as_local(R&& remote_op, L&& local_op) {
    (void)server();
    std::vector<double> got;
    std::int64_t remote_used = 0;
    {
        r::BudgetContext budget(1e9);
        auto x = r::asarray(data, shape34);
        auto result = remote_op(x);
        got = result.template fetch<double>();
        remote_used = budget.flops_used();
    }
    me::BudgetContext budget(1e9);
    auto expected = local_op(local_of(data, shape34));
    const std::vector<double> want = values_of(me::array<double>(expected));
    CHECK(got == want);
    CHECK(remote_used == budget.flops_used());
}

}  // namespace

TEST_CASE("remote: pointwise ops, operators and reductions give the local values and charges") {
    same_as_local([](const r::array& x) { return r::exp(x); }, [](const auto& x) { return me::exp(x); });
    same_as_local([](const r::array& x) { return r::tanh(x) * 2.0 + 1; }, [](const auto& x) { return me::tanh(x) * 2.0 + 1.0; });
    same_as_local([](const r::array& x) { return (x - 0.5) / x % 0.75; }, [](const auto& x) { return me::remainder((x - 0.5) / x, 0.75); });
    same_as_local([](const r::array& x) { return -x; }, [](const auto& x) { return me::negative(x); });
    same_as_local([](const r::array& x) { return r::maximum(x, 0.0); }, [](const auto& x) { return me::maximum(x, 0.0); });
    same_as_local([](const r::array& x) { return r::sum(x, {.axis = 0}); }, [](const auto& x) { return me::sum(x, {.axis = 0}); });
    same_as_local([](const r::array& x) { return r::mean(x, {.axis = 1, .keepdims = true}); },
                  [](const auto& x) { return me::mean(x, {.axis = 1, .keepdims = true}); });
    same_as_local([](const r::array& x) { return r::var(x, {.axis = 0, .ddof = 1}); },
                  [](const auto& x) { return me::var(x, {.axis = 0, .ddof = 1}); });
    same_as_local([](const r::array& x) { return r::std(x); }, [](const auto& x) { return me::std(x); });
}

TEST_CASE("remote: comparisons come back as bool arrays") {
    (void)server();
    r::BudgetContext budget(1e6);
    auto x = r::asarray(std::vector<double>{1, 2, 3});
    CHECK((x == 2.0).dtype() == "bool");
    CHECK((x == 2.0).fetch<bool>() == std::vector<bool>{false, true, false});
    CHECK((x != 2.0).fetch<bool>() == std::vector<bool>{true, false, true});
    CHECK((x < 2.0).fetch<bool>() == std::vector<bool>{true, false, false});
    CHECK((2.0 <= x).fetch<bool>() == std::vector<bool>{false, true, true});
    CHECK((x > 2.0).fetch<bool>() == std::vector<bool>{false, false, true});
    CHECK((x >= 2.0).fetch<bool>() == std::vector<bool>{false, true, true});
    CHECK(budget.flops_used() == 21);  // seven comparisons of three elements
}

TEST_CASE("remote: contractions, einsum and linalg agree with the local library") {
    same_as_local([](const r::array& x) { return r::matmul(x, r::ones({4, 2})); },
                  [](const auto& x) { return me::matmul(x, me::ones<double>({4, 2})); });
    same_as_local([](const r::array& x) { return r::einsum("ij,kj->ik", x, x); },
                  [](const auto& x) { return me::einsum("ij,kj->ik", x, x); });
    same_as_local([](const r::array& x) { return r::linalg::inv(r::matmul(x, r::transpose(x))); },
                  [](const auto& x) { return me::linalg::inv(me::matmul(x, me::transpose(x))); });
    (void)server();
    r::BudgetContext budget(1e6);
    auto m = r::asarray(std::vector<double>{2, 1, 1, 3}, r::shape_t{2, 2});
    auto eigh = r::linalg::eigh(m);
    REQUIRE(eigh.size() == 2);
    CHECK(eigh[0].shape() == r::shape_t{2});
    CHECK(eigh[1].shape() == r::shape_t{2, 2});
    me::BudgetContext local(1e6);
    auto [w, v] = me::linalg::eigh(local_of({2, 1, 1, 3}, {2, 2}));
    CHECK(eigh[0].fetch<double>() == values_of(w));
    CHECK(budget.flops_used() == local.flops_used());
}

TEST_CASE("remote: dtypes, 0-d results, complex values and indexing") {
    (void)server();
    r::BudgetContext budget(1e6);
    auto f = r::asarray(std::vector<float>{1.5f, 2.5f});
    CHECK(f.dtype() == "float32");
    CHECK((f + 2.5).dtype() == "float32");  // a Python-style scalar promotes weakly
    auto i = r::asarray(std::vector<std::int32_t>{1, 2, 3});
    CHECK((i + 2.5).dtype() == "float64");
    CHECK(f.fetch<float>() == std::vector<float>{1.5f, 2.5f});    // the stored type: one copy
    CHECK(f.fetch<double>() == std::vector<double>{1.5, 2.5});    // converted element by element
    CHECK(i.fetch<std::int32_t>() == std::vector<std::int32_t>{1, 2, 3});
    CHECK(i.fetch<double>() == std::vector<double>{1, 2, 3});
    CHECK(r::asarray(std::vector<bool>{true, false}).fetch<int>() == std::vector<int>{1, 0});
    CHECK(r::sum(i).is_local());
    CHECK(r::sum(i).item<std::int64_t>() == 6);
    CHECK(double(r::sum(f)) == 4.0);
    auto spectrum = r::fft::fft(r::asarray(std::vector<double>{1, 0, 0, 0}));
    CHECK(spectrum.dtype() == "complex128");
    CHECK(spectrum.fetch<std::complex<double>>() == std::vector<std::complex<double>>(4, {1.0, 0.0}));
    CHECK_THROWS_AS(spectrum.fetch<double>(), me::ValueError);
    // The protocol's inline numbers are real: a complex scalar must be uploaded explicitly.
    CHECK_THROWS_AS(r::multiply(r::asarray(std::vector<double>{1, 2}), std::complex<double>(0, 1)), me::ValueError);
    auto z = r::multiply(r::asarray(std::vector<double>{1, 2}), r::asarray(std::vector<std::complex<double>>{{0, 1}}));
    CHECK(z.fetch<std::complex<double>>() == std::vector<std::complex<double>>{{0, 1}, {0, 2}});
    CHECK_THROWS_AS(r::add(r::sum(z), 1.0), me::ValueError);  // a complex 0-d result cannot go back either
    auto m = r::reshape(r::arange<std::int64_t>(0, 12), {3, 4});
    CHECK(m.shape() == r::shape_t{3, 4});
    CHECK(m[1].fetch<std::int64_t>() == std::vector<std::int64_t>{4, 5, 6, 7});
    CHECK(m.subscript({r::slice{}, std::int64_t{2}}).fetch<std::int64_t>() == std::vector<std::int64_t>{2, 6, 10});
    CHECK(m.subscript({r::slice{0, 3, 2}, r::ellipsis}).shape() == r::shape_t{2, 4});
    CHECK(m.astype("float32").dtype() == "float32");
    CHECK(r::concatenate({m, m}).shape() == r::shape_t{6, 4});
    CHECK_THROWS_AS(r::asarray(std::vector<double>{1, 2, 3}).item(), me::ValueError);
}

TEST_CASE("remote: an op that would overspend raises BudgetExhaustedError and charges nothing") {
    (void)server();
    r::BudgetContext budget(10);
    auto x = r::asarray(std::vector<double>(8, 1.0));
    auto y = r::exp(x);
    CHECK(budget.flops_used() == 8);
    try {
        (void)r::exp(x);
        FAIL("no BudgetExhaustedError");
    } catch (const me::BudgetExhaustedError& e) {
        CHECK(e.op_name == "exp");
        CHECK(e.flop_cost == 8);
        CHECK(e.flops_remaining == 2);
        CHECK(std::string(e.what()) == "exp would cost 8 FLOPs but only 2 remain");
    }
    budget.refresh();
    CHECK(budget.flops_used() == 8);
    // The local library's exp (SLEEF's kernels, the server's too), not glibc's.
    const auto local = me::detail::vector_math::scalar<me::detail::vector_math::kernels_exp>(1.0);
    CHECK(y.fetch<double>() == std::vector<double>(8, local));
}

TEST_CASE("remote: server errors come back as the local me:: types") {
    (void)server();
    r::BudgetContext budget(1e6);
    auto a = r::asarray(std::vector<double>{1, 2, 3});
    auto b = r::asarray(std::vector<double>{1, 2});
    CHECK_THROWS_AS(a + b, me::ValueError);
    CHECK_THROWS_AS(r::sum(a, {.axis = 3}), me::AxisError);
    CHECK_THROWS_AS(r::linalg::inv(r::zeros({2, 2})), me::LinAlgError);
    CHECK_THROWS_AS(a[7], me::IndexError);
    try {
        (void)r::call("no_such_op", a);
        FAIL("unknown op accepted");
    } catch (const r::ServerError& e) {
        CHECK(e.error_type == "InvalidRequestError");
    }
    try {
        (void)r::call("save", a);
        FAIL("blocked op accepted");
    } catch (const r::ServerError& e) {
        CHECK(e.error_type == "AttributeError");
        CHECK(std::string(e.what()).find("blacklisted") != std::string::npos);
    }
    // Only inv ran: it is charged before LAPACK finds the matrix singular, as locally.
    me::BudgetContext local(1e6);
    CHECK_THROWS_AS(me::linalg::inv(me::zeros<double>({2, 2})), me::LinAlgError);
    CHECK(budget.flops_used() == local.flops_used());
    CHECK(budget.flops_used() > 0);
}

TEST_CASE("remote: sessions: none, nested, closed, and their handles") {
    (void)server();
    CHECK_THROWS_AS(r::exp(r::array(1.0)), me::NoBudgetContextError);
    r::array kept;
    {
        r::BudgetContext budget(1e6);
        CHECK_THROWS_AS(r::BudgetContext(1e6), me::MechEstimError);
        kept = r::exp(r::asarray(std::vector<double>{1, 2}));
        CHECK(!kept.is_local());
        const std::string text = budget.close();
        CHECK(text.find("exp") != std::string::npos);
        CHECK(budget.close() == text);  // closing twice is a no-op
    }
    r::BudgetContext next(1e6);
    try {
        (void)kept.fetch<double>();
        FAIL("a closed session's handle was accepted");
    } catch (const r::ServerError& e) {
        CHECK(e.error_type == "KeyError");
    }
    CHECK(next.flops_used() == 0);
}

TEST_CASE("remote: arrays that go out of scope are freed on the server") {
    (void)server();
    r::BudgetContext budget(1e9);
    // 300 uploads of 1 MiB: more than the 64 MiB this server lets one session hold, so
    // this passes only if dropped handles are freed (in batches of 64, or of 16 MiB).
    const std::vector<double> block(std::size_t{1} << 17, 1.0);
    for (int i = 0; i < 300; ++i) {
        auto a = r::asarray(block);
        CHECK(a.size() == block.size());
    }
    // Held, they hit the limit: MemoryError, and the server keeps serving.
    std::vector<r::array> held;
    try {
        for (int i = 0; i < 80; ++i) held.push_back(r::asarray(block));
        FAIL("the session store limit was not enforced");
    } catch (const r::ServerError& e) {
        CHECK(e.error_type == "MemoryError");
    }
    CHECK(held.size() >= 40);  // at most 16 MiB of dropped arrays were still held
    CHECK(held.size() < 64);
    held.clear();
    CHECK(r::exp(r::asarray(std::vector<double>{0.0})).fetch<double>() == std::vector<double>{1.0});
}

TEST_CASE("remote: a server that does not answer is a timeout, and the session can be retried") {
    const std::string nowhere = "ipc:///tmp/mechestim-remote-nobody-" + std::to_string(::getpid()) + ".sock";
    try {
        r::BudgetContext budget(1e6, {.url = nowhere, .timeout = std::chrono::milliseconds(200)});
        FAIL("no timeout");
    } catch (const r::ServerError& e) {
        CHECK(e.error_type == "timeout");
    }
    (void)server();
    r::BudgetContext budget(1e6);  // the failed context left nothing active on this thread
    CHECK(budget.flop_budget() == 1000000);
}
