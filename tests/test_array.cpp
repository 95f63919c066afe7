// me::array: construction, shape accessors, element access, item(), astype (all free).
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

TEST_CASE("array construction from nested lists, scalars and shapes", "[array]") {
    const me::array<double> a = {{1, 2, 3}, {4, 5, 6}};
    CHECK(a.shape() == me::shape_t{2, 3});
    CHECK(a.size() == 6);
    CHECK(a.ndim() == 2);
    CHECK(a(1, 2) == 6.0);
    const me::array<double> s(3.5);
    CHECK(s.ndim() == 0);
    CHECK(s.item() == 3.5);
    const me::array<float> empty;
    CHECK(empty.shape() == me::shape_t{0});
    CHECK_THROWS_AS(a.item(), me::ValueError);
    CHECK_THROWS_AS(a.flat(6), me::IndexError);
    CHECK(a.astype<std::int64_t>()(1, 1) == 5);
}
