// Every other implemented registry name whose call takes only arrays (linalg, fft,
// sorting, sets, statistics, polynomials with their defaults): bound when some call
// shape fits, decided at compile time (bind_common.hpp).
#include "bind_common.hpp"
#include "generated_ops.hpp"

namespace me::server {

void bind_generic(binding_table& table) {
#define ME_SERVER_BIND(name, expr) bind_arrays(table, name, ME_SERVER_CALLABLE(expr));
    ME_SERVER_GENERIC_OPS(ME_SERVER_BIND)
#undef ME_SERVER_BIND
}

}  // namespace me::server
