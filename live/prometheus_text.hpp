// live/prometheus_text.hpp: a run's or a campaign's figures in the Prometheus text
// exposition format (version 0.0.4): gauges and counters, and histograms with cumulative
// `le` buckets, each name prefixed `detsim_`.
#pragma once

#include "detsim/sim/histogram.hpp"

#include <string>
#include <vector>

namespace detsim::live {

struct sample_value {
  std::string name;   ///< a Prometheus name: [a-zA-Z_:][a-zA-Z0-9_:]* (others are replaced by _)
  double value = 0;
  std::string help;
  bool counter = false; ///< only ever grows (else a gauge)
};

struct sample_histogram {
  std::string name;
  const sim::histogram* values = nullptr;
  double scale = 1;     ///< multiplies recorded values into the exported unit (ns -> s: 1e-9)
  std::string help;
};

/// The exposition text; `labels` ("scenario=\"swarm\"") go on every sample.
std::string prometheus_text(const std::vector<sample_value>& values,
                            const std::vector<sample_histogram>& histograms,
                            const std::string& labels);

/// `name` made a valid metric name (invalid characters become '_').
std::string metric_name(const std::string& name);

} // namespace detsim::live
