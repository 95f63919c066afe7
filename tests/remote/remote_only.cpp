// A participant program as the sandbox sees one: me::remote and nothing else. Built and
// checked (check_links.sh) to link no BLAS or LAPACK and include no xtensor; run against
// a server by test_remote's fixture.
#include <mechestim/remote.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    // Built for its links and includes; `remote_only URL` talks to a server, and
    // `remote_only env` to the one MECHESTIM_SERVER_URL names (as in the sandbox).
    if (argc < 2) return 0;
    const std::string url = std::string(argv[1]) == "env" ? "" : argv[1];
    me::remote::BudgetContext budget(1e6, {.url = url});
    auto x = me::remote::asarray(std::vector<double>{1, 2, 3});
    auto s = me::remote::sum(me::remote::exp(x) * 2.0);
    std::printf("%.17g %lld\n", double(s), static_cast<long long>(budget.flops_used()));
    return 0;
}
