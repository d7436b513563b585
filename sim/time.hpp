// sim/time.hpp: virtual time as integer nanoseconds, plus parsing and printing of
// durations such as "10s", "250ms", "1.5s", "20us".
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace detsim::sim {

/// A span of virtual time; always integer nanoseconds.
using duration = std::chrono::nanoseconds;

/// A point in virtual time, measured from the start of the run.
using time_point = std::chrono::nanoseconds;

/// Parses "<number><unit>" with unit ns, us, ms, s, m or h; a fractional number is
/// allowed ("1.5s"). Returns nothing on malformed input.
std::optional<duration> parse_duration(std::string_view text);

/// Shortest exact rendering: "10s", "250ms", "1500us", "7ns".
std::string format_duration(duration d);

/// The longest delay a model computes (about 11.6 days): a duration worked out in floating
/// point (bytes over a tiny rate, a seek times stacked slowdowns) is clamped to it, so no
/// model can overflow the clock.
constexpr duration max_model_delay{1'000'000'000'000'000};

/// `nanoseconds` as a duration, clamped to [0, max_model_delay] (NaN gives the maximum).
inline duration clamp_delay(double nanoseconds) {
  if (!(nanoseconds < static_cast<double>(max_model_delay.count())))
    return max_model_delay;
  return duration{nanoseconds > 0 ? static_cast<std::int64_t>(nanoseconds) : 0};
}

/// Seconds as a double, for reports only (never for simulation decisions).
inline double to_seconds(duration d) {
  return static_cast<double>(d.count()) / 1e9;
}

} // namespace detsim::sim
