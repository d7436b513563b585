// sim/fault_timeline.hpp: a fault plan unrolled into the ordered moments an engine acts
// on: each kill and restart, and the start and stop of each interval fault.
#pragma once

#include "detsim/sim/fault_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace detsim::sim {

struct fault_moment {
  time_point time{0};
  std::uint32_t fault_index = 0; ///< index into the plan's faults()
  bool stop = false;             ///< the end of an interval fault
};

/// Moments in time order; ties keep plan order, stops before starts.
inline std::vector<fault_moment> unroll(const fault_plan& plan) {
  std::vector<fault_moment> moments;
  for (std::uint32_t i = 0; i < plan.size(); ++i) {
    auto& f = plan.faults()[i];
    moments.push_back({f.start, i, false});
    if (!f.instant())
      moments.push_back({f.end, i, true});
  }
  std::stable_sort(moments.begin(), moments.end(), [](const auto& a, const auto& b) {
    if (a.time != b.time)
      return a.time < b.time;
    return a.stop && !b.stop;
  });
  return moments;
}

} // namespace detsim::sim
