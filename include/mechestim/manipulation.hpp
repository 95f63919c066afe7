/// @file manipulation.hpp
#pragma once

#include "array.hpp"
#include "budget.hpp"
#include "flops.hpp"
