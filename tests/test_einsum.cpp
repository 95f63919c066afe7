// me::einsum and me::flops::einsum_cost: exact charges, budget checks before running,
// errors that charge nothing, the log, promotion. Values against NumPy are in
// tests/differential (cases_einsum.py).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include "support.hpp"

#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

template <class T = double>
me::array<T> iota(const me::shape_t& shape, T start = T(1)) {
    auto a = me::array<T>::uninitialized(shape);
    T v = start;
    for (auto& x : a) {
        x = v;
        v = static_cast<T>(v + T(1));
    }
    return a;
}

template <class T = double>
me::array<T> filled(const me::shape_t& shape, T value) {
    auto a = me::array<T>::uninitialized(shape);
    for (auto& x : a) x = value;
    return a;
}

}  // namespace

TEST_CASE("einsum charges opt_einsum's count: the reference's examples", "[einsum][cost]") {
    me::BudgetContext budget(1e12);
    const auto w = filled({256, 256}, 1.0);
    const auto x = filled({256}, 1.0);
    me::einsum("ij,j->i", w, x);
    CHECK(budget.flops_used() == 131'072);  // 2 * 256 * 256
    CHECK(me::flops::einsum_cost("ij,j->i", {{256, 256}, {256}}) == 131'072);

    const auto before = budget.flops_used();
    const auto c = me::einsum("ij,jk->ik", w, w);
    CHECK(budget.flops_used() - before == 33'554'432);  // 2 * 256^3
    CHECK(me::flops::einsum_cost("ij,jk->ik", {{256, 256}, {256, 256}}) == 33'554'432);
    CHECK(c(7, 9) == 256.0);

    CHECK(me::flops::einsum_cost("ij,jk->ik", {{3, 4}, {4, 5}}) == 120);  // 2 * 3 * 4 * 5
    CHECK(budget.operation("einsum").calls == 2);
    CHECK(budget.operation("einsum").flop_cost == 131'072 + 33'554'432);
}

TEST_CASE("einsum_cost: hand-computed step costs", "[einsum][cost]") {
    using me::flops::einsum_cost;
    // Outer and Hadamard products sum nothing: op_factor 1.
    CHECK(einsum_cost("i,j->ij", {{7}, {11}}) == 77);
    CHECK(einsum_cost("i,j", {{7}, {11}}) == 77);
    CHECK(einsum_cost("ij,ij->ij", {{3, 4}, {3, 4}}) == 12);
    CHECK(einsum_cost("i,i->", {{8}, {8}}) == 16);
    // One operand: one step with num_terms 1, plus 1 when something is summed away.
    CHECK(einsum_cost("ij->ji", {{3, 4}}) == 12);
    CHECK(einsum_cost("ij->i", {{256, 256}}) == 131'072);
    CHECK(einsum_cost("ii->", {{5, 5}}) == 10);
    CHECK(einsum_cost("ii->i", {{5, 5}}) == 5);
    CHECK(einsum_cost("ii", {{5, 5}}) == 10);  // implicit: the trace
    // Three operands, left to right: (ij,jk->ik) = 2*2*3*4 = 48, then (ik,kl->il) = 2*2*4*5 = 80.
    CHECK(einsum_cost("ij,jk,kl->il", {{2, 3}, {3, 4}, {4, 5}}) == 128);
    // i survives the first step because the third operand needs it: 4 + 4.
    CHECK(einsum_cost("i,i,i->i", {{4}, {4}, {4}}) == 8);
    // x x^T then against A: 2*10*256*10 + 2*10*10.
    CHECK(einsum_cost("ai,bi,ab->", {{10, 256}, {10, 256}, {10, 10}}) == 51'400);
    // Broadcast dimensions count at their broadcast size: (4,2,3) -> 2*4*2*3.
    CHECK(einsum_cost("...i,...i->...", {{2, 3}, {4, 1, 3}}) == 48);
    // A size-1 dimension broadcasts: j counts as 4.
    CHECK(einsum_cost("ij,jk->ik", {{3, 1}, {4, 5}}) == 120);
    // Empty and 0-d operands still cost at least 1.
    CHECK(einsum_cost("ij,jk->ik", {{0, 4}, {4, 5}}) == 1);
    CHECK(einsum_cost("->", {{}}) == 1);
    CHECK(einsum_cost("", {{}}) == 1);
    // Costs saturate instead of wrapping.
    CHECK(einsum_cost("i,j,k->ijk", {{10'000'000}, {10'000'000}, {10'000'000}}) ==
          std::numeric_limits<me::flops_t>::max());
}

TEST_CASE("einsum charges exactly einsum_cost", "[einsum][cost]") {
    struct Case {
        std::string subscripts;
        std::vector<me::shape_t> shapes;
    };
    const std::vector<Case> cases = {
        {"ij,jk->ik", {{3, 4}, {4, 5}}},  {"ij->", {{3, 4}}},           {"ii->i", {{4, 4}}},
        {"i,j->ij", {{3}, {4}}},          {"bij,bjk->bik", {{2, 3, 4}, {2, 4, 5}}},
        {"...ij,...jk", {{2, 3, 4}, {4, 5}}}, {"ij,jk,kl,lm->im", {{2, 3}, {3, 4}, {4, 5}, {5, 2}}},
        {"ai,bi,ab->", {{4, 6}, {5, 6}, {4, 5}}}, {"ij,jk->ik", {{3, 0}, {0, 5}}}, {"", {{}}},
    };
    for (const auto& c : cases) {
        INFO(c.subscripts);
        std::vector<me::array<double>> ops;
        for (const auto& s : c.shapes) ops.push_back(iota(s));
        me::BudgetContext budget(1e9);
        me::einsum(c.subscripts, ops);
        CHECK(budget.flops_used() == me::flops::einsum_cost(c.subscripts, c.shapes));
    }
}

TEST_CASE("einsum values: traces, diagonals, products, broadcasting", "[einsum]") {
    me::BudgetContext budget(1e9);
    const me::array<double> a = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    CHECK(me::einsum("ii", a).item() == 15.0);
    CHECK(me::identical(me::einsum("ii->i", a), me::array<double>{1, 5, 9}));
    CHECK(me::identical(me::einsum("ij->ji", a), me::array<double>{{1, 4, 7}, {2, 5, 8}, {3, 6, 9}}));
    CHECK(me::identical(me::einsum("ij->j", a), me::array<double>{12, 15, 18}));
    CHECK(me::identical(me::einsum("ij,jk->ik", a, a),
                        me::array<double>{{30, 36, 42}, {66, 81, 96}, {102, 126, 150}}));
    const me::array<double> v = {1, 0, -1};
    CHECK(me::identical(me::einsum("ij,j->i", a, v), me::array<double>{-2, -2, -2}));
    CHECK(me::identical(me::einsum("i,j->ij", v, me::array<double>{2, 3}),
                        me::array<double>{{2, 3}, {0, 0}, {-2, -3}}));
    // Implicit output sorts by character code: 'A' before 'b'.
    CHECK(me::einsum("bA", me::array<double>{{1, 2, 3}, {4, 5, 6}}).shape() == me::shape_t{3, 2});
    // '...' broadcasts: (2,3) against (4,1,3) gives (4,2).
    const auto r = me::einsum("...i,...i", iota({2, 3}), filled({4, 1, 3}, 1.0));
    CHECK(r.shape() == me::shape_t{4, 2});
    CHECK(r(3, 1) == 4.0 + 5.0 + 6.0);
    // A size-1 dimension broadcasts against the same label elsewhere.
    const auto s = me::einsum("ij,jk->ik", iota({2, 1}, 2.0), filled({4, 2}, 1.0));
    CHECK(me::identical(s, me::array<double>{{8, 8}, {12, 12}}));
    // 0-d operands and empty arrays.
    CHECK(me::einsum("->", me::array<double>(2.5)).item() == 2.5);
    const auto z = me::einsum("ij,jk->ik", filled({2, 0}, 1.0), filled({0, 3}, 1.0));
    CHECK(me::identical(z, filled({2, 3}, 0.0)));
    // More than two operands, in both forms.
    const auto m3 = me::einsum("ij,jk,kl->il", a, a, a);
    CHECK(m3(0, 0) == 468.0);
    CHECK(me::identical(me::einsum("ij,jk,kl->il", std::vector<me::array<double>>{a, a, a}), m3));
}

TEST_CASE("einsum returns a new array, never a view of an input", "[einsum]") {
    me::BudgetContext budget(1e6);
    me::array<double> a = {{1, 2}, {3, 4}};
    auto b = me::einsum("ij->ij", a);
    b(0, 0) = 100;
    CHECK(a(0, 0) == 1.0);
    auto c = me::einsum("ij", a);
    CHECK(c.data() != a.data());
}

TEST_CASE("einsum promotes element types like NumPy", "[einsum]") {
    me::BudgetContext budget(1e6);
    const me::array<std::int32_t> i32 = {{1, 2}, {3, 4}};
    const me::array<float> f32 = {1.5f, 2.0f};
    const me::array<bool> b = {true, false};
    auto r = me::einsum("ij,j->i", i32, f32);
    static_assert(std::is_same_v<decltype(r), me::array<double>>);
    CHECK(me::identical(r, me::array<double>{5.5, 12.5}));
    static_assert(std::is_same_v<decltype(me::einsum("ij->i", i32)), me::array<std::int32_t>>);
    static_assert(std::is_same_v<decltype(me::einsum("i,i", f32, f32)), me::array<float>>);
    static_assert(std::is_same_v<decltype(me::einsum("i,i", b, b)), me::array<bool>>);
    static_assert(std::is_same_v<decltype(me::einsum("i,i", b, f32)), me::array<float>>);
    static_assert(std::is_same_v<decltype(me::einsum("i,i", f32, me::array<std::complex<double>>{1.0, 2.0})),
                                 me::array<std::complex<double>>>);
    CHECK(me::einsum("i,i", b, b).item() == true);
    CHECK(me::einsum("i,i->", b, me::array<bool>{false, true}).item() == false);
    // int32 wraps like NumPy's (no undefined behaviour): 3 * 2^30 wraps.
    const me::array<std::int32_t> big = {1 << 30, 1 << 30, 1 << 30};
    CHECK(me::einsum("i->", big).item() == std::numeric_limits<std::int32_t>::min() + (1 << 30));
}

TEST_CASE("einsum: a budget too small raises before running", "[einsum][budget]") {
    const me::array<double> a = {{1, 2}, {3, 4}};
    const me::array<double> x = {1, 1};
    const auto a_copy = a;
    const me::flops_t cost = me::flops::einsum_cost("ij,j->i", {{2, 2}, {2}});
    REQUIRE(cost == 8);
    {
        me::BudgetContext budget(static_cast<double>(cost - 1));
        CHECK_THROWS_AS(me::einsum("ij,j->i", a, x), me::BudgetExhaustedError);
        CHECK(budget.flops_used() == 0);
        CHECK(budget.operation("einsum").calls == 0);
        CHECK(me::identical(a, a_copy));
        try {
            me::einsum("ij,j->i", a, x);
        } catch (const me::BudgetExhaustedError& e) {
            CHECK(e.op_name == "einsum");
            CHECK(e.flop_cost == 8);
            CHECK(e.flops_remaining == 7);
        }
    }
    {
        me::BudgetContext budget(static_cast<double>(cost));  // exactly enough
        CHECK(me::identical(me::einsum("ij,j->i", a, x), me::array<double>{3, 7}));
        CHECK(budget.flops_remaining() == 0);
    }
    {
        // Nested: the outer context lacks room, so nothing is charged to either.
        me::BudgetContext outer(5);
        me::BudgetContext inner(100);
        CHECK_THROWS_AS(me::einsum("ij,j->i", a, x), me::BudgetExhaustedError);
        CHECK(outer.flops_used() == 0);
        CHECK(inner.flops_used() == 0);
    }
}

TEST_CASE("einsum: bad subscripts and shapes raise ValueError and charge nothing", "[einsum][errors]") {
    me::BudgetContext budget(1e6);
    const auto m34 = iota({3, 4});
    const auto m56 = iota({5, 6});
    const auto v3 = iota({3});
    const auto sq = iota({2, 3});
    auto raises = [&](auto&& f, const std::string& needle) {
        try {
            f();
            FAIL("no error raised");
        } catch (const me::ValueError& e) {
            const std::string what = e.what();
            INFO(what);
            CHECK(what.find("einsum") != std::string::npos);
            CHECK(what.find(needle) != std::string::npos);
        }
    };
    raises([&] { return me::einsum("ij,jk->ik", m34, m56); }, "(3, 4), (5, 6)");  // j is 4 and 5
    raises([&] { return me::einsum("ij,jk->ik", m34, m56); }, "'j'");
    raises([&] { return me::einsum("ii->", sq); }, "collapsing");
    raises([&] { return me::einsum("ij->i", v3); }, "ij->i");
    raises([&] { return me::einsum("i->i", m34); }, "'...'");
    raises([&] { return me::einsum("i->ii", v3); }, "more than once");
    raises([&] { return me::einsum("i->j", v3); }, "'j'");
    raises([&] { return me::einsum("i,i", v3); }, "2 operand");
    raises([&] { return me::einsum("i", v3, v3); }, "1 operand");
    raises([&] { return me::einsum("i1", sq); }, "'1'");
    raises([&] { return me::einsum("i.j", sq); }, "'.'");
    raises([&] { return me::einsum("i->->", v3); }, "'-'");
    raises([&] { return me::einsum("...i,......i", sq, sq); }, "ellipsis");
    raises([&] { return me::einsum("i...->i", sq); }, "'...'");
    raises([&] { return me::einsum("...i,...i", sq, iota({4, 3})); }, "broadcast");
    raises([&] { return me::einsum("i", std::vector<me::array<double>>{}); }, "no operands");
    CHECK_THROWS_AS(me::flops::einsum_cost("ij,jk->ik", {{3, 4}, {5, 6}}), me::ValueError);
    CHECK(budget.flops_used() == 0);
    CHECK(budget.operation("einsum").calls == 0);
}

TEST_CASE("einsum: the log records subscripts and shapes", "[einsum][budget]") {
    me::BudgetContext budget(1e6, "log", {.keep_log = true});
    me::einsum("ij,jk->ik", iota({3, 4}), iota({4, 5}));
    const auto log = budget.op_log();
    REQUIRE(log.size() == 1);
    CHECK(log[0].op_name == "einsum");
    CHECK(log[0].subscripts == "ij,jk->ik");
    CHECK(log[0].shapes == std::vector<std::vector<std::size_t>>{{3, 4}, {4, 5}});
    CHECK(log[0].flop_cost == 120);
    CHECK(log[0].cumulative == 120);
}

// ---------------------------------------------------------------------------------------
// Path choice, explicit paths, einsum_path, symmetry.

TEST_CASE("einsum: a 3-operand chain where the order matters is charged along the cheapest path",
          "[einsum][cost][path]") {
    // (100,2)(2,100)(100,2): left to right costs 2*100*2*100 + 2*100*100*2 = 80,000;
    // contracting the last two first costs 2*2*100*2 + 2*100*2*2 = 1,600.
    const auto a = iota({100, 2}), b = iota({2, 100}), c = iota({100, 2});
    me::BudgetContext budget(1e9);
    const auto fast = me::einsum("ij,jk,kl->il", a, b, c);
    CHECK(budget.flops_used() == 1'600);
    const auto slow = me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 1}, {0, 1}}});
    CHECK(budget.flops_used() == 1'600 + 80'000);
    CHECK(identical(fast, slow));  // exact integers in double: the order cannot change them
    // One step over all three operands: 100*2*100*2 (labels i,j,k,l) * (max(1, 3 - 1) + 1).
    const auto one = me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 1, 2}}});
    CHECK(budget.flops_used() == 1'600 + 80'000 + 120'000);
    CHECK(identical(fast, one));
    CHECK(me::flops::einsum_cost("ij,jk,kl->il", {{100, 2}, {2, 100}, {100, 2}}) == 1'600);
    CHECK(me::flops::einsum_cost("ij,jk,kl->il", {{100, 2}, {2, 100}, {100, 2}},
                                 {.optimize = {{0, 1, 2}}}) == 120'000);
}

TEST_CASE("einsum: every optimiser charges what einsum_cost and einsum_path report", "[einsum][cost][path]") {
    const std::vector<me::shape_t> shapes = {{4, 5}, {5, 6}, {6, 3}, {3, 4}, {4, 2}, {2, 7}};
    std::vector<me::array<double>> ops;
    for (const auto& s : shapes) ops.push_back(iota(s));
    const std::string sub = "ab,bc,cd,da,ae,ef->f";
    me::BudgetContext reference_budget(1e12);
    const auto reference = me::einsum(sub, ops, {.optimize = {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}});
    const me::flops_t optimum = me::flops::einsum_cost(sub, shapes, {.optimize = "optimal"});
    for (const char* name : {"auto", "optimal", "greedy", "dp", "branch-all", "branch-2", "branch-1", "random-greedy",
                             "random-greedy-128"}) {
        INFO(name);
        me::BudgetContext budget(1e12);
        const me::einsum_options options{.optimize = name};
        const auto info = me::einsum_path(sub, ops, options);
        CHECK(budget.flops_used() == 0);  // einsum_path is free
        const auto r = me::einsum(sub, ops, options);
        CHECK(budget.flops_used() == me::flops::einsum_cost(sub, shapes, options));
        CHECK(budget.flops_used() == info.optimized_cost);
        CHECK(info.optimized_cost >= optimum);
        CHECK(info.path.size() == 5);
        CHECK(identical(r, reference));  // integer-valued: exact in any order
    }
}

TEST_CASE("einsum: unknown optimisers and invalid paths raise ValueError and charge nothing", "[einsum][errors][path]") {
    const auto a = iota({2, 3}), b = iota({3, 4}), c = iota({4, 5});
    me::BudgetContext budget(1e9);
    CHECK_THROWS_WITH(me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = "fastest"}),
                      Catch::Contains("unknown optimize 'fastest'"));
    CHECK_THROWS_AS(me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 3}}}), me::ValueError);
    CHECK_THROWS_AS(me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 1}}}), me::ValueError);
    CHECK_THROWS_AS(me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 0}, {0, 1}}}),
                    me::ValueError);
    CHECK_THROWS_WITH(me::einsum("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 1}}}),
                      Catch::Contains("einsum('ij,jk,kl->il')") && Catch::Contains("leaves 2 operands"));
    CHECK_THROWS_AS(me::einsum_path("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{5}}}), me::ValueError);
    CHECK_THROWS_AS(me::flops::einsum_cost("ij,jk->ik", {{2, 3}, {3, 4}}, {.optimize = "nope"}), me::ValueError);
    // 'optimal' is exhaustive: above 16 operands it refuses rather than running for hours.
    std::vector<me::array<double>> many(17, iota({2}));
    CHECK_THROWS_WITH(me::einsum("a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a->", many, {.optimize = "optimal"}),
                      Catch::Contains("too many"));
    CHECK(budget.flops_used() == 0);
    CHECK(budget.operation("einsum").calls == 0);
}

TEST_CASE("einsum: a budget too small for the chosen path raises before any step runs", "[einsum][budget][path]") {
    const auto a = iota({100, 2}), b = iota({2, 100}), c = iota({100, 2});
    {
        me::BudgetContext budget(1'599);
        CHECK_THROWS_AS(me::einsum("ij,jk,kl->il", a, b, c), me::BudgetExhaustedError);
        CHECK(budget.flops_used() == 0);
        CHECK(budget.operation("einsum").calls == 0);
        CHECK(a(0, 0) == 1.0);
    }
    me::BudgetContext enough(1'600);
    CHECK_NOTHROW(me::einsum("ij,jk,kl->il", a, b, c));
    CHECK(enough.flops_remaining() == 0);
}

TEST_CASE("einsum_path reports the path, its costs and its steps, and charges nothing", "[einsum][path]") {
    const auto a = iota({100, 2}), b = iota({2, 100}), c = iota({100, 2});
    me::BudgetContext budget(1e9);
    const me::PathInfo info = me::einsum_path("ij,jk,kl->il", a, b, c);
    CHECK(budget.flops_used() == 0);
    CHECK(info.path == std::vector<std::vector<int>>{{1, 2}, {0, 1}});
    CHECK(info.optimized_cost == 1'600);
    CHECK(info.naive_cost == 120'000);  // one step over i,j,k,l: 40,000 * 3
    CHECK(info.speedup == Approx(75.0));
    CHECK(info.largest_intermediate == 200);  // the output, 100 x 2; the intermediate jl is 2 x 2
    REQUIRE(info.steps.size() == 2);
    CHECK(info.steps[0].subscript == "jk,kl->jl");
    CHECK(info.steps[0].flop_cost == 800);
    CHECK(info.steps[0].dense_flop_cost == 800);
    CHECK(info.steps[0].symmetry_savings == 0.0);
    CHECK(info.steps[0].blas_type == "GEMM");
    CHECK(info.steps[0].input_shapes == std::vector<me::shape_t>{{2, 100}, {100, 2}});
    CHECK(info.steps[0].output_shape == me::shape_t{2, 2});
    CHECK(info.steps[1].subscript == "ij,jl->il");
    CHECK(info.input_subscripts == std::vector<std::string>{"ij", "jk", "kl"});
    CHECK(info.output_subscript == "il");
    CHECK(info.size_dict.at('k') == 100);
    CHECK(info.optimizer_used == "auto (optimal)");
    const std::string table = info.format_table();
    CHECK_THAT(table, Catch::Contains("Complete contraction:  ij,jk,kl->il"));
    CHECK_THAT(table, Catch::Contains("Optimized FLOP count:  1,600"));
    CHECK_THAT(table, Catch::Contains("Naive FLOP count:  120,000"));
    CHECK_THAT(table, Catch::Contains("jk,kl->jl"));
    // opt_einsum's BLAS kinds.
    CHECK(me::einsum_path("i,i->", iota({3}), iota({3})).steps[0].blas_type == "DOT");
    CHECK(me::einsum_path("ij,j->i", iota({3, 4}), iota({4})).steps[0].blas_type == "GEMM");
    CHECK(me::einsum_path("ijk,j->ik", iota({3, 4, 5}), iota({4})).steps[0].blas_type == "GEMV/EINSUM");
    CHECK(me::einsum_path("i,j->ij", iota({3}), iota({4})).steps[0].blas_type == "OUTER/EINSUM");
    CHECK(me::einsum_path("bij,bjk->bik", iota({2, 3, 4}), iota({2, 4, 5})).steps[0].blas_type.empty());
    CHECK(me::einsum_path("ijk,jkl->il", iota({2, 3, 4}), iota({3, 4, 5})).steps[0].blas_type == "GEMM");
    CHECK(me::einsum_path("ijk,kjl->il", iota({2, 3, 4}), iota({4, 3, 5})).steps[0].blas_type == "TDOT");
    // The path and the info of an explicit path.
    const auto given = me::einsum_path("ij,jk,kl->il", a, b, c, me::einsum_options{.optimize = {{0, 1}, {0, 1}}});
    CHECK(given.optimized_cost == 80'000);
    CHECK(given.optimizer_used == "explicit");
}

TEST_CASE("einsum: the same array passed twice makes the step result symmetric", "[einsum][symmetry]") {
    const auto x = iota({10, 256}), y = iota({10, 256});
    me::BudgetContext budget(1e9);
    // 'ai,bi->ab' of x with itself: ab is symmetric, 55 unique of 100 outputs,
    // each 2 * 256 FLOPs: 28,160 instead of 51,200.
    const auto xx = me::einsum("ai,bi->ab", x, x);
    CHECK(budget.flops_used() == 28'160);
    CHECK(xx.symmetric_axes() == me::symmetry_groups{{0, 1}});
    const auto xy = me::einsum("ai,bi->ab", x, y);  // equal values, different arrays: dense
    CHECK(budget.flops_used() == 28'160 + 51'200);
    CHECK(xy.symmetric_axes().empty());
    CHECK(identical(xx, xy));
    CHECK(me::flops::einsum_cost("ai,bi->ab", {{10, 256}, {10, 256}}, {}, {{}, {.same_as = 0}}) == 28'160);
    const auto info = me::einsum_path("ai,bi->ab", x, x);
    CHECK(info.steps[0].dense_flop_cost == 51'200);
    CHECK(info.steps[0].symmetry_savings == Approx(0.45));
    CHECK(info.steps[0].output_symmetry == me::symmetry_groups{{0, 1}});
    // The reference's example 'ai,bi,ab->' with A 10x10: 28,160 + 2 * 100 = 28,360.
    const auto A = iota({10, 10});
    budget.flops_used();
    const me::flops_t before = budget.flops_used();
    me::einsum("ai,bi,ab->", x, x, A);
    CHECK(budget.flops_used() - before == 28'360);
    CHECK(me::flops::einsum_cost("ai,bi,ab->", {{10, 256}, {10, 256}, {10, 10}}) == 51'400);
}

TEST_CASE("einsum: symmetric operands price each step on the unique elements of its result",
          "[einsum][symmetry]") {
    auto s_values = iota({10, 10});
    for (std::size_t i = 0; i < 10; ++i)
        for (std::size_t j = 0; j < 10; ++j) s_values(i, j) = s_values(j, i) = static_cast<double>(i + j);
    const auto S = me::as_symmetric(s_values, {{0, 1}});
    const auto B = iota({10, 10});
    me::BudgetContext budget(1e9);
    me::flops_t before = budget.flops_used();
    const auto copy = me::einsum("ij->ij", S);  // 55 unique of 100
    CHECK(budget.flops_used() - before == 55);
    CHECK(copy.symmetric_axes() == me::symmetry_groups{{0, 1}});
    before = budget.flops_used();
    const auto t = me::einsum("ij->ji", S);
    CHECK(budget.flops_used() - before == 55);
    before = budget.flops_used();
    me::einsum("ij,jk->ik", S, B);  // S B is not symmetric: dense 2,000
    CHECK(budget.flops_used() - before == 2'000);
    before = budget.flops_used();
    const auto outer = me::einsum("ij,kl->ijkl", S, S);  // two groups: 55 * 55
    CHECK(budget.flops_used() - before == 55 * 55);
    CHECK(outer.symmetric_axes() == me::symmetry_groups{{0, 1}, {2, 3}});
    before = budget.flops_used();
    me::einsum("ij,ij->ij", S, B);  // B breaks it
    CHECK(budget.flops_used() - before == 100);
    CHECK(me::flops::einsum_cost("ij,kl->ijkl", {{10, 10}, {10, 10}}, {}, {{.groups = {{0, 1}}}, {.same_as = 0}}) ==
          55 * 55);
    CHECK(me::flops::einsum_cost("ij->ij", {{10, 10}}, {}, {{.groups = {{0, 1}}}}) == 55);
}

TEST_CASE("einsum: symmetric_axes declares the output's symmetry and is checked", "[einsum][symmetry]") {
    const auto x = iota({4, 6}), y = iota({4, 6}, 2.0);
    me::BudgetContext budget(1e9);
    // x y^T is not symmetric: the FLOPs are spent, then SymmetryError names the axes.
    CHECK_THROWS_AS(me::einsum("ai,bi->ab", x, y, me::einsum_options{.symmetric_axes = {{0, 1}}}), me::SymmetryError);
    CHECK(budget.flops_used() == 2 * 4 * 4 * 6);
    auto plain = iota({3, 3});  // symmetric values, no declared symmetry
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < i; ++j) plain(i, j) = plain(j, i);
    REQUIRE(plain.symmetric_axes().empty());
    const auto declared = me::einsum("ij->ij", plain, me::einsum_options{.symmetric_axes = {{1, 0}}});
    CHECK(declared.symmetric_axes() == me::symmetry_groups{{0, 1}});
    // Impossible declarations are rejected before anything is charged.
    const me::flops_t before = budget.flops_used();
    CHECK_THROWS_AS(me::einsum("ai,bi->ab", x, x, me::einsum_options{.symmetric_axes = {{0, 2}}}), me::ValueError);
    CHECK_THROWS_AS(me::einsum("ai->ai", x, me::einsum_options{.symmetric_axes = {{0, 1}}}), me::ValueError);
    CHECK_THROWS_AS(me::einsum("ai->ai", x, me::einsum_options{.symmetric_axes = {{0}}}), me::ValueError);
    CHECK(budget.flops_used() == before);
}

// ---------------------------------------------------------------------------------------
// Issue 7: regressions from the adversarial review.

TEST_CASE("more than 64 dimensions are refused: broadcast labels never wrap into letters", "[einsum][errors][regression]") {
    // Defect 1: with 194 size-1 dimensions before A, the labels of '...' wrapped into
    // letters and "...A,...A->..." on length 1,000,000 was charged 1 FLOP.
    me::shape_t deep(194, 1);
    deep.push_back(1'000'000);
    CHECK_THROWS_AS(me::flops::einsum_cost("...A,...A->...", {deep, deep}), me::ValueError);
    CHECK_THROWS_AS(me::ones(deep), me::ValueError);  // nor can such an array be made
    // At the limit every label keeps its own size: 2 FLOPs per element of A.
    me::shape_t limit(63, 1);
    limit.push_back(1000);
    CHECK(me::flops::einsum_cost("...A,...A->...", {limit, limit}) == 2000);
    const auto a = me::ones(limit);
    me::BudgetContext budget(1e6);
    (void)me::einsum("...A,...A->...", a, me::ones(limit));
    CHECK(budget.flops_used() == 2000);
}

TEST_CASE("exhaustive path searches stop at a bounded amount of work", "[einsum][paths][regression]") {
    // Defect 7: branch-all had no bound (24 operands took over 10 s). Every operand here
    // shares labels with many others, the worst case for the exhaustive searches.
    std::string subscripts;
    std::vector<me::shape_t> shapes;
    for (int k = 0; k < 24; ++k) {
        if (k) subscripts += ',';
        subscripts += "abcdefgh"[(k * 5 + 1) % 8];
        subscripts += "abcdefgh"[(k * 3 + 2) % 8];
        shapes.push_back({2, 2});
    }
    for (const char* name : {"branch-all", "optimal"}) {
        INFO(name);
        CHECK_THROWS_AS(me::flops::einsum_cost(subscripts, shapes, {.optimize = name}), me::ValueError);
    }
    // dp's subsets must also be connected: 30 operands of three labels each, densely linked.
    std::string dense;
    std::vector<me::shape_t> dense_shapes;
    for (int k = 0; k < 30; ++k) {
        if (k) dense += ',';
        dense += "ABCDEFGHIJKLMNOPQRSTUVWXYZab"[k % 28];
        dense += "cdefghij"[(k * 5 + 1) % 8];
        dense += "cdefghij"[(k * 3 + 2) % 8];
        dense_shapes.push_back({3, 2, 2});
    }
    CHECK_THROWS_AS(me::flops::einsum_cost(dense, dense_shapes, {.optimize = "dp"}), me::ValueError);
    // The heuristics still answer, as does 'auto' (greedy above 14 operands).
    CHECK(me::flops::einsum_cost(subscripts, shapes, {.optimize = "greedy"}) >= 1);
    CHECK(me::flops::einsum_cost(subscripts, shapes) >= 1);
}

TEST_CASE("sums over an empty label give zeros without touching the empty operand's buffer", "[einsum][regression]") {
    // Defect 9: a non-zero offset was added to the null buffer of an empty operand
    // (UndefinedBehaviorSanitizer reports it; the CI's sanitize job runs this).
    const auto empty = me::zeros({3, 0});
    CHECK(me::identical(me::einsum("ij->i", empty), me::zeros({3})));
    CHECK(me::identical(me::einsum("ij,jk->ik", empty, me::zeros({0, 4})), me::zeros({3, 4})));
    CHECK(me::identical(me::einsum("ij,j->i", empty, me::zeros({0})), me::zeros({3})));
}

TEST_CASE("an explicit path with no step is refused: it would price the work at nothing", "[einsum][paths][errors][regression]") {
    // Found by fuzz_einsum: an empty path was valid for one operand, so einsum('ij->') on
    // a million elements with optimize = {} was charged 1 FLOP.
    const auto big = me::ones({1000, 1000});
    const me::einsum_options empty_path{.optimize = std::vector<std::vector<int>>{}};
    CHECK_THROWS_AS(me::flops::einsum_cost("ij->", {{1000, 1000}}, empty_path), me::ValueError);
    test_support::check_rejected<me::ValueError>([&] { (void)me::einsum("ij->", big, empty_path); }, {"einsum", "no step"});
    CHECK(me::flops::einsum_cost("ij->", {{1000, 1000}}, {.optimize = {{0}}}) == 2'000'000);
}

TEST_CASE("einsum_cost takes only shapes an array could have", "[einsum][errors][regression]") {
    // A length 0 beside a length of 2**63 makes an empty shape that NumPy still refuses
    // ("array is too big"): cost queries refuse it as arrays do.
    CHECK_THROWS_AS(me::flops::einsum_cost("ij->i", {{std::size_t{1} << 63, 0}}), me::ValueError);
    CHECK(me::flops::einsum_cost("ij->i", {{std::size_t{1} << 40, 0}}) == 1);
}

// ---------------------------------------------------------------------------------------
// Views (api.md §2.1: every function that takes an array takes a view)

namespace {

using test_support::owning;

template <class T, class U>
bool same_result(const me::array<T>& a, const me::array<U>& b) {
    return std::is_same_v<T, U> && me::identical(a, b) && a.symmetric_axes() == b.symmetric_axes();
}

bool same_result(const me::PathInfo& a, const me::PathInfo& b) {
    if (a.path != b.path || a.naive_cost != b.naive_cost || a.optimized_cost != b.optimized_cost ||
        a.largest_intermediate != b.largest_intermediate || a.steps.size() != b.steps.size() ||
        a.format_table() != b.format_table())
        return false;
    for (std::size_t k = 0; k < a.steps.size(); ++k)
        if (a.steps[k].flop_cost != b.steps[k].flop_cost || a.steps[k].output_symmetry != b.steps[k].output_symmetry)
            return false;
    return true;
}

// f on the arguments as given (views among them) and on the arrays they show (one copy
// per argument): the same result and the same charge. Returns the charge.
template <class F, class... X>
me::flops_t same_as_on_arrays(F&& f, const X&... xs) {
    auto run = [&](const auto&... args) {
        me::BudgetContext budget(1e15);
        auto r = f(args...);
        return std::pair{std::move(r), budget.flops_used()};
    };
    const auto [on_views, cost_views] = run(xs...);
    const auto [on_arrays, cost_arrays] = run(owning(xs)...);
    CHECK(cost_views == cost_arrays);
    CHECK(same_result(on_views, on_arrays));
    return cost_views;
}

// A symmetric 6x6 (values depend on i + j only).
me::array<double> symmetric6() {
    auto s = me::array<double>::uninitialized({6, 6});
    for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t j = 0; j < 6; ++j) s(i, j) = 0.5 + static_cast<double>(i + j);
    return me::as_symmetric(std::move(s), {0, 1});
}

}  // namespace

TEST_CASE("einsum takes views, charged and computed as the arrays they show", "[einsum][views]") {
    auto a = iota({4, 6});
    auto b = iota({6, 4}, 0.5);
    auto t = iota({3, 4, 6});
    const auto c = iota({6, 5}, -2.0);
    auto bT = b.T();                                               // (4, 6), not contiguous
    auto rows = a(me::slice(me::none, me::none, 2), me::slice());  // (2, 6)
    auto reversed = iota({6})(me::slice(me::none, me::none, -1));  // (6,), negative stride
    auto t0 = t[0];                                                // (4, 6), contiguous
    auto whole = a.view();
    auto cT = c.T();  // read-only, (5, 6)
    REQUIRE(!bT.is_contiguous());
    REQUIRE(t0.is_contiguous());

    auto einsum2 = [](std::string_view s) { return [s](const auto& x, const auto& y) { return me::einsum(s, x, y); }; };
    auto einsum1 = [](std::string_view s) { return [s](const auto& x) { return me::einsum(s, x); }; };
    CHECK(same_as_on_arrays(einsum2("ij,jk->ik"), bT, b) == 2 * 4 * 6 * 4);
    CHECK(same_as_on_arrays(einsum2("ij,jk->ik"), t0, c) == 2 * 4 * 6 * 5);
    same_as_on_arrays(einsum2("ij,kj->ik"), rows, cT);
    same_as_on_arrays(einsum2("ij,j->i"), whole, reversed);
    same_as_on_arrays(einsum2("bij,kj->bik"), t, bT);
    same_as_on_arrays(einsum2("bij,ij->b"), t(me::slice(), me::slice(), me::slice(me::none, me::none, -1)), t0);
    same_as_on_arrays(einsum2("i,j->ij"), reversed, a[1]);
    same_as_on_arrays(einsum1("ij->ji"), bT);
    same_as_on_arrays(einsum1("ij->ij"), whole);
    same_as_on_arrays(einsum1("ij->"), rows);
    same_as_on_arrays(einsum1("ii->i"), a(me::slice(), me::slice(0, 4)));
    same_as_on_arrays(einsum1("...j->..."), t.T());
    same_as_on_arrays([](const auto& x, const auto& y, const auto& z) { return me::einsum("ij,jk,kl->il", x, y, z); },
                      bT, b.view(), t0);
    same_as_on_arrays(
        [](const auto& x, const auto& y, const auto& z) {
            return me::einsum("ij,jk,kl->il", x, y, z, me::einsum_options{.optimize = "greedy"});
        },
        whole, bT.T(), rows(me::slice(), me::slice(0, 4)).T());
    // Mixed element types promote per operand, as with arrays.
    me::array<float> f = {{1.f, 2.f}, {3.f, 4.f}, {5.f, 6.f}};
    me::array<std::int32_t> i = {{1, 2, 3}, {4, 5, 6}};
    same_as_on_arrays(einsum2("ij,jk->ik"), f.T(), i.T());
    same_as_on_arrays(einsum2("ij,jk->ik"), i.T(), iota({2, 2}));
    STATIC_REQUIRE(std::is_same_v<decltype(me::einsum("ij,jk->ik", f.T(), i.T())), me::array<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(me::einsum("ij->ji", f.T())), me::array<float>>);

    // einsum_path: the same report, free.
    auto path2 = [](std::string_view s) { return [s](const auto& x, const auto& y) { return me::einsum_path(s, x, y); }; };
    CHECK(same_as_on_arrays(path2("ij,jk->ik"), bT, b) == 0);
    CHECK(same_as_on_arrays(path2("bij,kj->bik"), t, rows) == 0);
    CHECK(same_as_on_arrays(path2("ij,kj->ik"), t0, rows) == 0);
    CHECK(same_as_on_arrays(
              [](const auto& x, const auto& y, const auto& z) {
                  return me::einsum_path("ij,jk,kl->il", x, y, z, me::einsum_options{.optimize = "optimal"});
              },
              bT, b.view(), t0) == 0);
}

TEST_CASE("einsum over a vector of views, and einsum_path likewise", "[einsum][views]") {
    auto a = iota({4, 6}), b = iota({6, 4}), c = iota({4, 5});
    const std::vector views{a.view(), b.T().T(), c(me::slice(me::none, me::none, -1), me::slice())};
    std::vector<me::array<double>> arrays;
    for (const auto& v : views) arrays.emplace_back(v);
    me::flops_t on_views = 0, on_arrays = 0;
    me::array<double> rv, ra;
    {
        me::BudgetContext budget(1e12);
        rv = me::einsum("ij,jk,kl->il", views);
        on_views = budget.flops_used();
    }
    {
        me::BudgetContext budget(1e12);
        ra = me::einsum("ij,jk,kl->il", arrays);
        on_arrays = budget.flops_used();
    }
    CHECK(on_views == on_arrays);
    CHECK(on_views == me::flops::einsum_cost("ij,jk,kl->il", {{4, 6}, {6, 4}, {4, 5}}));
    CHECK(same_result(rv, ra));
    {
        me::BudgetContext budget(1e12);
        CHECK(same_result(me::einsum_path("ij,jk,kl->il", views), me::einsum_path("ij,jk,kl->il", arrays)));
        const auto opts = me::einsum_options{.optimize = "greedy"};
        CHECK(same_result(me::einsum_path("ij,jk,kl->il", views, opts), me::einsum_path("ij,jk,kl->il", arrays, opts)));
        CHECK(budget.flops_used() == 0);
    }
    // Read-only views in a vector.
    const auto& ca = a;
    const std::vector<me::array_view<const double>> ro{ca.view(), ca.T()};
    me::BudgetContext budget(1e12);
    CHECK(same_result(me::einsum("ij,jk->ik", ro), me::einsum("ij,jk->ik", a, me::array<double>(a.T()))));
    CHECK(same_result(me::einsum_path("ij,jk->ik", ro), me::einsum_path("ij,jk->ik", a, me::array<double>(a.T()))));
    CHECK_THROWS_AS(me::einsum("ij,jk->ik", std::vector<me::array_view<double>>{}), me::ValueError);
}

TEST_CASE("einsum of views keeps the symmetry pricing of the arrays they show", "[einsum][views][symmetry]") {
    const auto s = symmetric6();
    auto b = iota({6, 6});
    auto whole = s.view();  // keeps {0, 1}
    auto sT = s.T();        // keeps {0, 1}
    auto top = s(me::slice(0, 3), me::slice());  // a changed length: the group is gone
    REQUIRE(whole.symmetric_axes() == me::symmetry_groups{{0, 1}});
    REQUIRE(sT.symmetric_axes() == me::symmetry_groups{{0, 1}});
    REQUIRE(top.symmetric_axes().empty());
    auto einsum1 = [](std::string_view sub) { return [sub](const auto& x) { return me::einsum(sub, x); }; };
    auto einsum2 = [](std::string_view sub) { return [sub](const auto& x, const auto& y) { return me::einsum(sub, x, y); }; };
    CHECK(same_as_on_arrays(einsum1("ij->ij"), whole) == 21);  // 21 unique of 36
    CHECK(same_as_on_arrays(einsum1("ij->ij"), sT) == 21);
    CHECK(same_as_on_arrays(einsum1("ij->ij"), top) == 18);
    CHECK(same_as_on_arrays(einsum2("ij,kl->ijkl"), whole, sT) == 21 * 21);
    CHECK(same_as_on_arrays(einsum2("ij,jk->ik"), sT, b) == 2 * 6 * 6 * 6);
    CHECK(same_as_on_arrays([](const auto& x, const auto& y) { return me::einsum_path("ij,kl->ijkl", x, y); }, whole, sT) ==
          0);
    {
        me::BudgetContext budget(1e12);
        CHECK(me::einsum_path("ij,kl->ijkl", whole, sT).optimized_cost == 21 * 21);
        CHECK(me::einsum("ij,kl->ijkl", whole, sT).symmetric_axes() == me::symmetry_groups{{0, 1}, {2, 3}});
    }

    // The same view at two positions is a repeated operand, as the same array is.
    auto x = iota({10, 256});
    auto xv = x.view();
    auto xs = x(me::slice(), me::slice(me::none, me::none, 2));  // not contiguous
    const me::array<double> xs_array(xs);
    me::BudgetContext budget(1e12);
    me::flops_t before = budget.flops_used();
    const auto r1 = me::einsum("ai,bi->ab", xv, xv);
    CHECK(budget.flops_used() - before == 28'160);
    CHECK(r1.symmetric_axes() == me::symmetry_groups{{0, 1}});
    before = budget.flops_used();
    const auto r2 = me::einsum("ai,bi->ab", xs, xs);
    const me::flops_t on_view = budget.flops_used() - before;
    before = budget.flops_used();
    const auto r3 = me::einsum("ai,bi->ab", xs_array, xs_array);
    CHECK(on_view == budget.flops_used() - before);
    CHECK(same_result(r2, r3));
    CHECK(me::einsum_path("ai,bi->ab", xs, xs).optimized_cost == on_view);
    // Two views of the same elements are two operands, as two arrays are (dense).
    before = budget.flops_used();
    (void)me::einsum("ai,bi->ab", xv, x.view());
    CHECK(budget.flops_used() - before == 51'200);

    // symmetric_axes declared on a view's result is checked on the values.
    auto plain = iota({3, 3});
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < i; ++j) plain(i, j) = plain(j, i);
    CHECK(me::einsum("ij->ij", plain.T(), me::einsum_options{.symmetric_axes = {{0, 1}}}).symmetric_axes() ==
          me::symmetry_groups{{0, 1}});
    CHECK_THROWS_AS(me::einsum("ij->ij", iota({3, 3}).T(), me::einsum_options{.symmetric_axes = {{0, 1}}}),
                    me::SymmetryError);
}

TEST_CASE("einsum of a view returns a new array, and bad views charge nothing", "[einsum][views]") {
    me::BudgetContext budget(1e12);
    auto a = iota({3, 4});
    const auto copied = me::einsum("ij->ij", a.view());
    const auto transposed = me::einsum("ij->ij", a.T());
    a(0, 0) = 100.0;
    CHECK(copied(0, 0) == 1.0);
    CHECK(transposed(0, 0) == 1.0);
    CHECK(transposed.shape() == me::shape_t{4, 3});
    auto v = a(me::slice(), me::slice(me::none, me::none, 2));  // (3, 2)
    test_support::check_rejected<me::ValueError>([&] { me::einsum("ij,jk->ik", v, v); }, {"einsum", "(3, 2)"});
    test_support::check_rejected<me::ValueError>([&] { me::einsum_path("ij,jk,k->ik", v, v); }, {"einsum"});
    test_support::check_too_small([&] { me::einsum("ij,kj->ik", v, a(me::slice(), me::slice(1, 3))); }, "einsum", 2 * 3 * 2 * 3);
}
