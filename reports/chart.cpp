// reports/chart.cpp: SVG line charts and histograms.
#include "detsim/reports/chart.hpp"

#include "detsim/reports/markup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace detsim::reports {

namespace {

constexpr int width = 720;
constexpr int height = 280;
constexpr int left = 60;
constexpr int right = 120; // room for the legend
constexpr int top = 20;
constexpr int bottom = 40;
const char* const colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

std::string open_svg() {
  return fmt::format(
    R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">)",
    width, height);
}

/// Both axes with their labels.
std::string axes(const std::string& x_label, const std::string& y_label) {
  std::string svg;
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333"/>)", left,
                     height - bottom, width - right);
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#333"/>)", left, top,
                     height - bottom);
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>)",
                     (left + width - right) / 2, height - 6, xml_escape(x_label));
  svg += fmt::format(
    R"x(<text x="14" y="{0}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {0})">{1}</text>)x",
    (top + height - bottom) / 2, xml_escape(y_label));
  return svg;
}

} // namespace

std::string line_chart_svg(const runtime::plot& plot) {
  // Positions are computed on the (possibly logarithmic) scale; labels show real values.
  auto fx = [&](double x) { return plot.log_x ? std::log10(x) : x; };
  auto fy = [&](double y) { return plot.log_y ? std::log10(y) : y; };
  auto shown = [&](double x, double y) {
    return std::isfinite(x) && std::isfinite(y) && (!plot.log_x || x > 0) && (!plot.log_y || y > 0);
  };
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  bool first = true;
  for (const auto& s : plot.series)
    for (const auto& [x, y] : s.points) {
      if (!shown(x, y))
        continue;
      x_min = first ? fx(x) : std::min(x_min, fx(x));
      x_max = first ? fx(x) : std::max(x_max, fx(x));
      y_min = first ? fy(y) : std::min(y_min, fy(y));
      y_max = first ? fy(y) : std::max(y_max, fy(y));
      first = false;
    }
  if (x_max <= x_min)
    x_max = x_min + 1;
  if (!plot.log_y) {
    y_min = 0; // linear charts start at zero
    y_max = y_max <= 0 ? 1 : y_max * 1.1;
  } else if (y_max <= y_min) {
    y_max = y_min + 1;
  }
  auto px = [&](double x) {
    return left + (fx(x) - x_min) / (x_max - x_min) * (width - left - right);
  };
  auto py = [&](double y) {
    return height - bottom - (fy(y) - y_min) / (y_max - y_min) * (height - top - bottom);
  };
  auto value_at = [](double scaled, bool log) { return log ? std::pow(10.0, scaled) : scaled; };
  std::string svg = open_svg() + axes(plot.x_label + (plot.log_x ? " (log)" : ""),
                                      plot.y_label + (plot.log_y ? " (log)" : ""));
  for (int i = 0; i <= 4; ++i) {
    double y = value_at(y_min + (y_max - y_min) * i / 4, plot.log_y);
    double x = value_at(x_min + (x_max - x_min) * i / 4, plot.log_x);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" font-size="11" text-anchor="end">{:.3g}</text>)",
                       left - 4, py(y) + 4, y);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="11" text-anchor="middle">{:.3g}</text>)",
                       px(x), height - bottom + 14, x);
  }
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const auto& s = plot.series[i];
    auto color = colors[i % (sizeof(colors) / sizeof(colors[0]))];
    if (plot.segments) {
      for (std::size_t p = 0; p + 1 < s.points.size(); p += 2) {
        auto [x1, y1] = s.points[p];
        auto [x2, y2] = s.points[p + 1];
        if (!shown(x1, y1) || !shown(x2, y2))
          continue;
        svg += fmt::format(
          R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1.2"/>)",
          px(x1), py(y1), px(x2), py(y2), color);
        svg += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)", px(x2),
                           py(y2), color);
      }
    } else {
      std::string points;
      for (const auto& [x, y] : s.points)
        if (shown(x, y))
          points += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
      svg += fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"/>)",
                         color, points);
    }
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" fill="{}">{}</text>)",
                       width - right + 10, top + 16 * (i + 1), color, xml_escape(s.label));
  }
  return svg + "</svg>\n";
}

std::string histogram_svg(const std::vector<histogram_bin>& bins, const std::string& x_label,
                          const std::string& y_label, const std::string& caption) {
  double peak = 1;
  for (const auto& bin : bins)
    peak = std::max(peak, bin.count);
  double bar = (width - left - right) / static_cast<double>(std::max<std::size_t>(bins.size(), 1));
  std::string svg = open_svg() + axes(x_label, y_label);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    double h = bins[i].count / peak * (height - top - bottom);
    svg += fmt::format(
      R"x(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#36a"><title>{}</title></rect>)x",
      left + i * bar, height - bottom - h, std::max(bar - 1, 0.5), h, xml_escape(bins[i].tooltip));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{:.3g}</text>)",
                     left - 4, top + 4, peak);
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="12">{}</text>)", left + 10, top - 6,
                     xml_escape(caption)); // above the tallest bar
  return svg + "</svg>\n";
}

} // namespace detsim::reports
