// Printing against NumPy: operator<< on each decoded array must give exactly repr(a).
// run_family compares arrays, so the text comparison has its own loop here.
#include "harness.hpp"

#include <sstream>

TEST_CASE("repr matches NumPy's repr text", "[repr][differential]") {
    const auto data = diff::load_family("repr");
    const auto& cases = data.at("cases");
    REQUIRE(cases.size() > 100);
    std::size_t mismatches = 0;
    for (const auto& c : cases) {
        REQUIRE(c.at("op") == "repr");
        const auto& encoded = c.at("args").at(0);
        const auto want = c.at("expected").get<std::string>();
        const std::string got = std::visit(
            [](const auto& a) {
                std::ostringstream os;
                os << a;
                CHECK(os.str() == me::to_string(a));
                return os.str();
            },
            diff::decode(encoded));
        if (got != want) ++mismatches;
        INFO("dtype " << encoded.at("dtype").get<std::string>() << ", shape " << encoded.at("shape").dump());
        CHECK(got == want);
    }
    CHECK(mismatches == 0);
}
