/// @file detail/xtensor.hpp
/// @brief The one place that includes xtensor: an upgrade to xtensor >= 0.26, which moves
/// its headers into subfolders, touches only this file.
#pragma once

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xbroadcast.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>
