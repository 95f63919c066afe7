// The only translation unit with Catch2's main (it is slow to compile; see tests/CMakeLists.txt).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
