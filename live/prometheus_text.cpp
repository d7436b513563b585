// live/prometheus_text.cpp: formatting of samples and bucketed histograms.
#include "detsim/live/prometheus_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace detsim::live {

namespace {

std::string number(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

std::string with_labels(const std::string& labels, const std::string& extra = {}) {
  if (labels.empty() && extra.empty())
    return {};
  if (labels.empty() || extra.empty())
    return "{" + labels + extra + "}";
  return "{" + labels + "," + extra + "}";
}

} // namespace

std::string metric_name(const std::string& name) {
  std::string out = "detsim_";
  for (char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':') ? c : '_';
  return out;
}

std::string prometheus_text(const std::vector<sample_value>& values,
                            const std::vector<sample_histogram>& histograms,
                            const std::string& labels) {
  std::string out;
  for (const auto& v : values) {
    auto name = metric_name(v.name);
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{}{} {}\n", name, v.help.empty() ? v.name : v.help,
                       name, v.counter ? "counter" : "gauge", name, with_labels(labels), number(v.value));
  }
  for (const auto& h : histograms) {
    auto name = metric_name(h.name);
    out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, h.help.empty() ? h.name : h.help, name);
    // Buckets 1, 2, 5 per decade of the recorded unit (1 ns .. 1000 s for nanoseconds).
    for (double bound = 1; bound <= 1e12; bound *= 10)
      for (double step : {1.0, 2.0, 5.0}) {
        auto upper = bound * step;
        out += fmt::format("{}_bucket{} {}\n", name,
                           with_labels(labels, fmt::format("le=\"{:.6g}\"", upper * h.scale)),
                           h.values->count_at_most(static_cast<std::int64_t>(upper)));
      }
    out += fmt::format("{}_bucket{} {}\n", name, with_labels(labels, "le=\"+Inf\""), h.values->count());
    out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, with_labels(labels),
                       number(h.values->approximate_sum() * h.scale), name, with_labels(labels), h.values->count());
  }
  return out;
}

} // namespace detsim::live
