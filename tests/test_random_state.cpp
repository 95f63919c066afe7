// me::random::RandomState and the samplers added with it: the exact charge of every name
// and its tally, a too-small budget that leaves the generator untouched, bad parameters
// (NumPy's checks) that charge and draw nothing, broadcasting of array parameters, and
// RandomState objects that are independent of each other and of the global generator.
// Values against NumPy are in differential/diff_random_state.cpp.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace rnd = me::random;

namespace {

struct sampler_case {
    std::string name;       // the registry name after "random."
    me::flops_t cost;       // what the call must charge
    std::function<void(rnd::RandomState&)> call;
};

// Every sampler with a shape of 2 x 3 (or its own output): the charge is numel(output).
std::vector<sampler_case> samplers() {
    const me::shape_t z{2, 3};
    const me::array<double> mean{0.0, 1.0};
    const me::array<double> cov{{2.0, 0.5}, {0.5, 1.0}};
    return {
        {"standard_gamma", 6, [=](rnd::RandomState& s) { (void)s.standard_gamma(2.0, z); }},
        {"gamma", 6, [=](rnd::RandomState& s) { (void)s.gamma(2.0, 3.0, z); }},
        {"beta", 6, [=](rnd::RandomState& s) { (void)s.beta(0.5, 2.0, z); }},
        {"chisquare", 6, [=](rnd::RandomState& s) { (void)s.chisquare(3.0, z); }},
        {"noncentral_chisquare", 6, [=](rnd::RandomState& s) { (void)s.noncentral_chisquare(3.0, 1.0, z); }},
        {"f", 6, [=](rnd::RandomState& s) { (void)s.f(3.0, 4.0, z); }},
        {"noncentral_f", 6, [=](rnd::RandomState& s) { (void)s.noncentral_f(3.0, 4.0, 1.0, z); }},
        {"standard_t", 6, [=](rnd::RandomState& s) { (void)s.standard_t(3.0, z); }},
        {"pareto", 6, [=](rnd::RandomState& s) { (void)s.pareto(3.0, z); }},
        {"weibull", 6, [=](rnd::RandomState& s) { (void)s.weibull(1.5, z); }},
        {"power", 6, [=](rnd::RandomState& s) { (void)s.power(2.0, z); }},
        {"rayleigh", 6, [=](rnd::RandomState& s) { (void)s.rayleigh(2.0, z); }},
        {"laplace", 6, [=](rnd::RandomState& s) { (void)s.laplace(0.0, 1.0, z); }},
        {"gumbel", 6, [=](rnd::RandomState& s) { (void)s.gumbel(0.0, 1.0, z); }},
        {"logistic", 6, [=](rnd::RandomState& s) { (void)s.logistic(0.0, 1.0, z); }},
        {"wald", 6, [=](rnd::RandomState& s) { (void)s.wald(1.0, 2.0, z); }},
        {"vonmises", 6, [=](rnd::RandomState& s) { (void)s.vonmises(0.0, 2.0, z); }},
        {"triangular", 6, [=](rnd::RandomState& s) { (void)s.triangular(0.0, 0.5, 1.0, z); }},
        {"binomial", 6, [=](rnd::RandomState& s) { (void)s.binomial(10, 0.3, z); }},
        {"negative_binomial", 6, [=](rnd::RandomState& s) { (void)s.negative_binomial(5.0, 0.5, z); }},
        {"poisson", 6, [=](rnd::RandomState& s) { (void)s.poisson(3.0, z); }},
        {"zipf", 6, [=](rnd::RandomState& s) { (void)s.zipf(2.0, z); }},
        {"geometric", 6, [=](rnd::RandomState& s) { (void)s.geometric(0.3, z); }},
        {"logseries", 6, [=](rnd::RandomState& s) { (void)s.logseries(0.5, z); }},
        {"hypergeometric", 6, [=](rnd::RandomState& s) { (void)s.hypergeometric(10, 5, 7, z); }},
        // Multivariate samplers: numel(output) = size x k (the reference charged size only).
        {"multinomial", 18, [=](rnd::RandomState& s) { (void)s.multinomial(10, {0.2, 0.3, 0.5}, z); }},
        {"dirichlet", 12, [=](rnd::RandomState& s) { (void)s.dirichlet({1.0, 2.0}, z); }},
        // numel(output) + k^3 for the SVD of cov: 12 + 8.
        {"multivariate_normal", 20, [=](rnd::RandomState& s) { (void)s.multivariate_normal(mean, cov, z); }},
        {"bytes", 13, [](rnd::RandomState& s) { (void)s.bytes(13); }},
    };
}

}  // namespace

TEST_CASE("RandomState: every sampler charges numel(output) and is tallied under its name", "[random][flops]") {
    for (const auto& c : samplers()) {
        INFO(c.name);
        rnd::RandomState s(1);
        me::BudgetContext budget(1e9);
        c.call(s);
        CHECK(budget.flops_used() == c.cost);
        CHECK(budget.operation("random." + c.name).calls == 1);
        CHECK(budget.operation("random." + c.name).flop_cost == c.cost);
    }
    CHECK(me::flops::multivariate_normal_cost(me::shape_t{2, 3, 2}, 2) == 20);
    CHECK(me::flops::bytes_cost(13) == 13);
    CHECK(me::flops::random_cost(me::shape_t{}) == 1);
}

TEST_CASE("RandomState: a too-small budget raises before drawing and leaves the state", "[random][budget]") {
    for (const auto& c : samplers()) {
        INFO(c.name);
        rnd::RandomState s(5);
        rnd::RandomState twin(5);
        const auto before = s.get_state();
        {
            me::BudgetContext tight(static_cast<double>(c.cost) - 1.0);
            CHECK_THROWS_AS(c.call(s), me::BudgetExhaustedError);
            CHECK(tight.flops_used() == 0);
        }
        CHECK(s.get_state() == before);
        me::BudgetContext budget(1e9);
        CHECK(s.random_sample({4}).data()[3] == twin.random_sample({4}).data()[3]);
    }
}

TEST_CASE("RandomState: bad parameters raise NumPy's error, charge nothing, draw nothing", "[random][errors]") {
    rnd::RandomState s(9);
    const auto before = s.get_state();
    me::BudgetContext budget(1e9);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const me::array<double> bad_scale{1.0, -1.0};
    const std::vector<std::function<void()>> calls = {
        [&] { (void)s.gamma(-1.0); },
        [&] { (void)s.gamma(1.0, bad_scale); },
        [&] { (void)s.beta(0.0, 1.0); },
        [&] { (void)s.normal(0.0, -0.0); },
        [&] { (void)s.binomial(10, 1.5); },
        [&] { (void)s.binomial(-1, 0.5); },
        [&] { (void)s.binomial(10, nan); },
        [&] { (void)s.poisson(-1.0); },
        [&] { (void)s.poisson(1e19); },
        [&] { (void)s.geometric(0.0); },
        [&] { (void)s.zipf(1.0); },
        [&] { (void)s.logseries(1.0); },
        [&] { (void)s.hypergeometric(2, 2, 5); },
        [&] { (void)s.hypergeometric(5, 5, 0); },
        [&] { (void)s.triangular(1.0, 0.0, 2.0); },
        [&] { (void)s.triangular(1.0, 1.0, 1.0); },
        [&] { (void)s.vonmises(0.0, -1.0); },
        [&] { (void)s.wald(0.0, 1.0); },
        [&] { (void)s.multinomial(5, {0.7, 0.6, 0.1}); },
        [&] { (void)s.multinomial(-1, {0.5, 0.5}); },
        [&] { (void)s.dirichlet({1.0, 0.0}); },
        [&] { (void)s.multivariate_normal(me::array<double>{0.0, 0.0}, me::array<double>{{1.0, 2.0}, {2.0, 1.0}}, {},
                                          rnd::check_valid::raise); },
        [&] { (void)s.multivariate_normal(me::array<double>{0.0, 0.0}, me::array<double>{{1.0, 0.0, 0.0}}); },
        [&] { (void)s.normal(me::array<double>{0.0, 1.0, 2.0}, 1.0, {2}); },       // does not broadcast to size
        [&] { (void)s.normal(me::array<double>{0.0, 1.0, 2.0}, 1.0, {2, 3, 1}); },  // broadcasts past size
        [&] { (void)s.uniform(0.0, std::numeric_limits<double>::infinity()); },
        [&] { (void)s.bytes(-1); },
        [&] { (void)s.standard_gamma(1.0, {std::size_t{1} << 62, 4}); },  // too big: no bad_alloc
    };
    for (std::size_t i = 0; i < calls.size(); ++i) {
        INFO("call " << i);
        CHECK_THROWS_AS(calls[i](), me::ValueError);
    }
    CHECK(budget.flops_used() == 0);
    CHECK(s.get_state() == before);
    // The messages are NumPy's, named by op.
    CHECK_THROWS_WITH(s.binomial(10, 1.5), "random.binomial: p < 0, p > 1 or p is NaN");
    CHECK_THROWS_WITH(s.gamma(1.0, bad_scale), "random.gamma: scale < 0");
    CHECK_THROWS_WITH(s.poisson(me::array<double>{1.0, nan}), "random.poisson: lam value too large");
}

TEST_CASE("RandomState: array parameters broadcast against each other and against size", "[random]") {
    me::BudgetContext budget(1e9);
    rnd::RandomState s(3);
    const auto a = s.normal(me::array<double>{0.0, 100.0, 200.0}, me::reshape(me::array<double>{1e-9, 1e-9}, {2, 1}));
    CHECK(a.shape() == me::shape_t{2, 3});
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK(std::fabs(a(i, j) - 100.0 * static_cast<double>(j)) < 1e-6);
    const auto b = s.poisson(me::array<double>{0.0, 0.0}, {3, 2});
    CHECK(b.shape() == me::shape_t{3, 2});
    for (auto v : b) CHECK(v == 0);
    const auto c = s.binomial(me::array<std::int64_t>{0, 5}, 1.0, {2, 2});
    CHECK(c(1, 0) == 0);
    CHECK(c(1, 1) == 5);
    CHECK(s.gamma(2.0).ndim() == 0);  // scalars and no size: a 0-d array
}

TEST_CASE("RandomState: objects are independent streams, the module functions the global one", "[random]") {
    me::BudgetContext budget(1e9);
    rnd::RandomState a(11), b(11);
    rnd::seed(11);
    const double first = a.standard_normal().item();
    CHECK(b.standard_normal().item() == first);
    CHECK(rnd::standard_normal().item() == first);
    (void)a.random_sample({10});  // moves a only
    CHECK(b.get_state() == rnd::get_state());
    CHECK(!(a.get_state() == b.get_state()));
    rnd::RandomState moved = std::move(a);
    CHECK(!(moved.get_state() == b.get_state()));
}

TEST_CASE("RandomState: one object shared by threads serialises whole calls", "[random][threads]") {
    rnd::RandomState shared(21), serial(21);
    constexpr int threads = 4, calls = 200;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            me::BudgetContext budget(1e9);
            for (int i = 0; i < calls; ++i) (void)shared.gamma(2.0, 1.0, {3});
        });
    for (auto& th : pool) th.join();
    me::BudgetContext budget(1e9);
    for (int i = 0; i < threads * calls; ++i) (void)serial.gamma(2.0, 1.0, {3});
    CHECK(shared.get_state() == serial.get_state());
}
