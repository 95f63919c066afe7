/// @file registry.hpp
#pragma once

#include "array.hpp"
#include "budget.hpp"
#include "flops.hpp"
