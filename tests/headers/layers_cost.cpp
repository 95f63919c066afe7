// The cost layer (flops.hpp and flops/) is pure shape math: it must not include the
// budget, the summaries, fmt, nlohmann_json or xtensor. Each #error below names what
// crept in. The static_asserts show the queries work with nothing else included.
#include <mechestim/flops.hpp>

#ifdef FMT_VERSION
#error "flops.hpp includes fmt"
#endif
#ifdef NLOHMANN_JSON_VERSION_MAJOR
#error "flops.hpp includes nlohmann_json"
#endif
#ifdef ME_BUDGET
#error "flops.hpp includes budget.hpp"
#endif
#ifdef XTENSOR_VERSION_MAJOR
#error "flops.hpp includes xtensor"
#endif

static_assert(me::flops::pointwise_cost({256, 256}) == 65536);
static_assert(me::flops::reduction_cost({4, 5}) == 20);
static_assert(me::flops::random_cost({3}) == 3);
static_assert(me::flops::formula_of(me::detail::op_index("var")) == me::flops::formula::variance_reduction);

me::flops_t cost_layer_einsum() { return me::flops::einsum_cost("ij,j->i", {{256, 256}, {256}}); }
