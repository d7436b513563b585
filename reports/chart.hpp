// reports/chart.hpp: the one chart module of detsim's reports: line charts and histograms
// as inline SVG (no scripts, no network), for runs, campaigns and sweeps alike.
#pragma once

#include "detsim/runtime/scenario.hpp"

#include <string>
#include <vector>

namespace detsim::reports {

/// A line chart of the plot's series as an <svg> element, with axes, ticks and a legend.
std::string line_chart_svg(const runtime::plot& plot);

/// One bar of a histogram.
struct histogram_bin {
  double count = 0;
  std::string tooltip; ///< e.g. "3 runs from 0.12 s"
};

/// Bars of equal width as an <svg> element; `caption` is written at the top.
std::string histogram_svg(const std::vector<histogram_bin>& bins, const std::string& x_label,
                          const std::string& y_label, const std::string& caption);

} // namespace detsim::reports
