/// @file version.hpp
/// @brief Library version (CMake parses these macros for the package version file).
#pragma once

#define MECHESTIM_VERSION_MAJOR 0
#define MECHESTIM_VERSION_MINOR 1
#define MECHESTIM_VERSION_PATCH 0
#define MECHESTIM_VERSION_STRING "0.1.0"

namespace me {
/// The library version, "major.minor.patch".
inline constexpr const char* version = MECHESTIM_VERSION_STRING;
}  // namespace me
