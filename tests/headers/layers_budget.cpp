// budget.hpp does not include the summaries (nor, through them, nlohmann_json): the
// session table and JSON live in summary.hpp, which includes budget.hpp, never the
// other way round.
#include <mechestim/budget.hpp>

#ifdef NLOHMANN_JSON_VERSION_MAJOR
#error "budget.hpp includes nlohmann_json (summary.hpp?)"
#endif
#ifdef XTENSOR_VERSION_MAJOR
#error "budget.hpp includes xtensor"
#endif

me::flops_t budget_layer_summary_text() { return static_cast<me::flops_t>(me::BudgetContext(10).summary().size()); }
