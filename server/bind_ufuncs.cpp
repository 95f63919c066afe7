// The unary and binary ufuncs of the registry: one template serves them all (the list
// is generated from the registry, see tools/gen_server_bindings.py).
#include "bind_common.hpp"
#include "generated_ops.hpp"

namespace me::server {

void bind_ufuncs(binding_table& table) {
#define ME_SERVER_BIND(name, expr) bind_arrays(table, name, ME_SERVER_CALLABLE(expr));
    ME_SERVER_UNARY_OPS(ME_SERVER_BIND)
    ME_SERVER_BINARY_OPS(ME_SERVER_BIND)
#undef ME_SERVER_BIND
}

}  // namespace me::server
