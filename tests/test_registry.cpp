// The registry: me::registry(), me::find_op, me::require_supported, the blocked names,
// and that the generated table is current.
#include <mechestim/mechestim.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

// A user's own unqualified `save` on a me::array must not be hijacked by the blocked
// me::save through argument-dependent lookup (it is an object, which ADL ignores).
int save(me::array<double>&, const char*) { return 42; }

namespace {

std::string source_dir() {
#ifdef MECHESTIM_SOURCE_DIR
    return MECHESTIM_SOURCE_DIR;
#else
    // CMake compiles with absolute paths: this file is <source>/tests/test_registry.cpp.
    return std::filesystem::path(__FILE__).parent_path().parent_path().string();
#endif
}

}  // namespace

// Lookups are constexpr: the table is usable at compile time.
static_assert(me::find_op("einsum") != nullptr);
static_assert(me::find_op("load")->category == me::Category::blocked);
static_assert(me::find_op("no_such_op") == nullptr);

namespace {
// The counts tools/gen_registry.py counted from tools/registry/ (never written here).
const me::detail::registry_count& generated(me::Category c) {
    return me::detail::registry_counts[static_cast<std::size_t>(c)];
}
constexpr me::Category all_categories[] = {me::Category::free, me::Category::counted_unary,
                                           me::Category::counted_binary, me::Category::counted_reduction,
                                           me::Category::counted_custom, me::Category::blocked};
// The first name that is neither built nor blocked: one a later family brings (found, not
// written here, so that the test outlives the family that builds it).
std::string_view not_built_yet() {
    for (const auto& op : me::registry())
        if (!op.implemented && op.category != me::Category::blocked && op.category != me::Category::free) return op.name;
    FAIL("every counted name is built");
    return {};
}
}  // namespace

TEST_CASE("registry: distinct names, in the op-id order", "[registry]") {
    const auto reg = me::registry();
    std::size_t total = 0;
    for (auto c : all_categories) total += generated(c).names;
    REQUIRE(reg.size() == total);
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < reg.size(); ++i) {
        names.insert(reg[i].name);
        CHECK(reg[i].name == me::detail::op_name(static_cast<me::detail::op_id>(i)));
        CHECK(!reg[i].module.empty());
    }
    CHECK(names.size() == reg.size());
}

TEST_CASE("registry: category and implementation counts agree with tools/registry", "[registry]") {
    std::map<me::Category, std::size_t> counts, implemented;
    for (const auto& op : me::registry()) {
        ++counts[op.category];
        if (op.implemented) ++implemented[op.category];
    }
    for (auto c : all_categories) {
        INFO(static_cast<int>(c));
        CHECK(counts[c] == generated(c).names);
        CHECK(implemented[c] == generated(c).implemented);
    }
}

TEST_CASE("registry: every counted name is bound to the formula its cost_formula states", "[registry][formula]") {
    using me::flops::formula;
    for (std::size_t i = 0; i < me::registry().size(); ++i) {
        const me::OpInfo& op = me::registry()[i];
        const formula f = me::flops::formula_of(static_cast<me::detail::op_id>(i));
        INFO(op.name);
        if (op.category == me::Category::blocked) {
            CHECK(f == formula::blocked);
        } else if (op.category == me::Category::free) {
            CHECK(f == formula::free);
        } else if (op.implemented) {
            // An implemented op charges its own formula, and the registry quotes that formula.
            CHECK(f != formula::reference);
            CHECK(op.cost_formula == me::flops::formula_text(f));
        } else {
            CHECK(f == formula::reference);  // not built yet: the reference's text, said so in the notes
            CHECK_FALSE(op.notes.empty());
        }
    }
    // The ones the old string table got wrong in the docs: mean-like and variance-like.
    for (auto name : {"mean", "average", "nanmean"}) CHECK(me::find_op(name)->cost_formula == "numel(input)+numel(output)");
    for (auto name : {"var", "std", "nanvar", "nanstd"}) CHECK(me::find_op(name)->cost_formula == "2*numel(input)+numel(output)");
    CHECK(me::find_op("sum")->cost_formula == "numel(input)");
    CHECK(me::find_op("exp")->cost_formula == "numel(output)");
}

TEST_CASE("registry: find_op", "[registry]") {
    const me::OpInfo* svd = me::find_op("linalg.svd");
    REQUIRE(svd != nullptr);
    CHECK(svd->name == "linalg.svd");
    CHECK(svd->module == "linalg");
    CHECK(me::find_op("einsum")->module == "numpy");
    CHECK(svd->category == me::Category::counted_custom);

    const me::OpInfo* einsum = me::find_op("einsum");
    REQUIRE(einsum != nullptr);
    CHECK(einsum->implemented);
    CHECK(einsum->category == me::Category::counted_custom);
    CHECK(einsum->cost_formula == me::flops::formula_text(me::flops::formula::einsum));
    CHECK(me::detail::registry_rows[me::detail::op_index("einsum")].reference_formula == "op_factor*prod_i(d_i)");

    const me::OpInfo* path = me::find_op("einsum_path");
    REQUIRE(path != nullptr);
    CHECK(path->implemented);
    CHECK(svd->implemented);
    CHECK(svd->cost_formula == me::flops::formula_text(me::flops::formula::svd));
    const me::OpInfo* later = me::find_op(not_built_yet());  // a name of a later family
    REQUIRE(later != nullptr);
    CHECK_FALSE(later->implemented);
    CHECK_FALSE(later->notes.empty());

    CHECK(me::find_op("random.randn") != nullptr);
    CHECK(me::find_op("add")->category == me::Category::counted_binary);
    CHECK(me::find_op("svd") == nullptr);  // submodule names carry their prefix
    CHECK(me::find_op("") == nullptr);
    CHECK(me::find_op("Einsum") == nullptr);
}

TEST_CASE("registry: the blocked names", "[registry][blocked]") {
    std::set<std::string_view> blocked;
    for (const auto& op : me::registry()) {
        if (op.category != me::Category::blocked) continue;
        INFO(op.name);
        blocked.insert(op.name);
        CHECK_FALSE(op.implemented);
        CHECK_FALSE(op.notes.empty());
        CHECK(op.cost_formula == "-");
    }
    CHECK(blocked.size() == generated(me::Category::blocked).names);
    // blocked.hpp makes each one a compile-time error with the registry's reason.
    REQUIRE(me::detail::blocked_ops.size() == blocked.size());
    for (const auto& b : me::detail::blocked_ops) {
        INFO(b.name);
        const me::OpInfo* op = me::find_op(b.name);
        REQUIRE(op != nullptr);
        CHECK(op->category == me::Category::blocked);
        CHECK(op->notes == b.reason);
    }
    CHECK(me::load.name == "load");
    CHECK(me::apply_along_axis.reason == me::find_op("apply_along_axis")->notes);
    me::array<double> a = {1.0};
    CHECK(save(a, "file.npy") == 42);  // the user's function, not me::save
}

TEST_CASE("registry: every name that is not implemented says why", "[registry][status]") {
    // Fed by tools/registry/status/<family>.tsv: a name no family lists has no note.
    std::string missing;
    int n = 0;
    for (const auto& op : me::registry())
        if (!op.implemented && op.notes.empty()) {
            if (n++ < 20) missing += std::string(op.name) + " ";
        }
    INFO(n << " names are neither implemented nor explained, e.g. " << missing);
    CHECK(n == 0);
}

TEST_CASE("registry: every name neither implemented nor blocked is a compile-time error", "[registry][status]") {
    // not_implemented.hpp declares exactly these (compile_fail/not_implemented_* check the
    // message); C++ keywords (`typename`) cannot be declared and are the only exception.
    std::set<std::string_view> expected;
    for (const auto& op : me::registry())
        if (!op.implemented && op.category != me::Category::blocked && op.name != "typename") expected.insert(op.name);
    const std::set<std::string_view> declared(std::begin(me::detail::not_implemented_names),
                                              std::end(me::detail::not_implemented_names));
    CHECK(declared == expected);
    CHECK(me::bmat.reason == me::find_op("bmat")->notes);
}

TEST_CASE("require_supported: blocked, unknown and missing names raise UnsupportedFunctionError", "[registry]") {
    CHECK(me::require_supported("einsum").name == "einsum");
    try {
        me::require_supported("load");
        FAIL("load is blocked");
    } catch (const me::UnsupportedFunctionError& e) {
        CHECK(e.func_name == "load");
        CHECK(e.reason.find("blocked") != std::string::npos);
        CHECK(e.reason.find("file I/O") != std::string::npos);
        CHECK(std::string(e.what()).find("me::load") != std::string::npos);
    }
    CHECK_THROWS_AS(me::require_supported("no_such_op"), me::UnsupportedFunctionError);
    const std::string later(not_built_yet());
    try {
        me::require_supported(later);
        FAIL(later << " is not implemented yet");
    } catch (const me::UnsupportedFunctionError& e) {
        CHECK(e.func_name == later);
        CHECK(e.reason.find("not implemented") != std::string::npos);
    }
    for (const auto& op : me::registry()) {
        if (op.category != me::Category::blocked) continue;
        INFO(op.name);
        CHECK_THROWS_AS(me::require_supported(op.name), me::UnsupportedFunctionError);
    }
}

TEST_CASE("registry: the generated table is current", "[registry]") {
    const std::string cmd = "/usr/bin/python3 " + source_dir() + "/tools/gen_registry.py --check";
    INFO(cmd << " failed: run python3 tools/gen_registry.py after editing tools/registry/status/*.tsv");
    CHECK(std::system(cmd.c_str()) == 0);
}
