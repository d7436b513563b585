// replays/trace_diff.hpp: the first event at which two recorded traces differ (used when
// two runs of one seed disagree, to say where).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace detsim::replays {

struct trace_difference {
  std::uint64_t index = 0;
  std::string first;  ///< the event in the first trace, or "(end of trace)"
  std::string second;
};

/// Throws sim::input_error if either trace cannot be read.
std::optional<trace_difference> first_difference(const std::string& first_path,
                                                 const std::string& second_path);

} // namespace detsim::replays
