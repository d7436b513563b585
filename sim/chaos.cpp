// sim/chaos.cpp: chaos spec parsing and seeded fault generation.
#include "detsim/sim/chaos.hpp"

#include "detsim/sim/numbers.hpp"
#include "detsim/sim/parameters.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace detsim::sim {

namespace {

double parse_number(const std::string& key, std::string value, bool rate) {
  if (rate && value.size() > 2 && value.compare(value.size() - 2, 2, "/s") == 0)
    value.resize(value.size() - 2);
  auto number = parse_finite(value);
  if (!number || *number < 0)
    throw input_error("--chaos " + key + ": '" + value + "' is not a non-negative number");
  return *number;
}

duration parse_span(const std::string& key, const std::string& value) {
  auto text = value.size() > 1 && value[0] == '+' ? value.substr(1) : value;
  auto d = parse_duration(text);
  if (!d)
    throw input_error("--chaos " + key + ": '" + value + "' is not a duration (e.g. 500ms)");
  return *d;
}

time_point next_arrival(rng& random, time_point now, double rate_per_second) {
  auto gap = random.exponential(1e9 / rate_per_second);
  // At least 1 ns: time always moves on, however high the rate.
  return now + duration{std::max<std::int64_t>(1, static_cast<std::int64_t>(std::min(gap, 1e18)))};
}

/// Refuses a rate that would draw more faults than a plan may hold (bad_alloc or a run
/// that never starts otherwise).
void check_rate(const char* key, double rate_per_second, duration window_length) {
  double expected = rate_per_second * to_seconds(window_length);
  if (expected <= max_chaos_faults)
    return;
  char text[256];
  std::snprintf(text, sizeof text, "--chaos %s=%g/s over %s would draw ~%.3g faults (at most %.0f)",
                key, rate_per_second, format_duration(window_length).c_str(), expected,
                max_chaos_faults);
  throw input_error(text);
}

/// Chaos acts in [from, end): end is `until`, or the run's length when that is sooner.
struct window {
  time_point from;
  time_point end;
};

window window_of(const chaos_spec& spec, duration length) {
  auto end = spec.until.count() > 0 ? std::min<time_point>(spec.until, length) : length;
  return {spec.from, end};
}

void add_kills(const chaos_spec& spec, rng& random, window active, duration length,
               const std::vector<std::string>& nodes, fault_plan& plan) {
  std::map<std::string, time_point> down_until;
  for (auto t = next_arrival(random, active.from, spec.kill_rate); t < active.end;
       t = next_arrival(random, t, spec.kill_rate)) {
    auto& node = nodes[random.below(nodes.size())];
    if (down_until.count(node) && down_until[node] >= t)
      continue;
    fault kill;
    kill.kind = fault_kind::kill;
    kill.start = kill.end = t;
    kill.node = node;
    plan.add(kill);
    auto back = t + spec.restart_after;
    down_until[node] = back;
    if (back < length) {
      fault restart = kill;
      restart.kind = fault_kind::restart;
      restart.start = restart.end = back;
      plan.add(restart);
    }
  }
}

template <class MakeFault>
void add_intervals(double rate, duration span, rng& random, window active,
                   MakeFault make_fault, fault_plan& plan) {
  for (auto t = next_arrival(random, active.from, rate); t < active.end;
       t = next_arrival(random, t, rate)) {
    fault f = make_fault();
    f.start = t;
    f.end = std::min<time_point>(t + span, active.end);
    if (f.end > f.start)
      plan.add(f);
  }
}

} // namespace

chaos_spec chaos_spec::parse(std::string_view text) {
  chaos_spec spec;
  std::string all{text};
  std::size_t pos = 0;
  while (pos <= all.size()) {
    auto comma = all.find(',', pos);
    auto item = all.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? all.size() + 1 : comma + 1;
    if (item.empty())
      continue;
    auto eq = item.find('=');
    if (eq == std::string::npos)
      throw input_error("--chaos '" + item + "': expected key=value");
    auto key = item.substr(0, eq);
    auto value = item.substr(eq + 1);
    if (key == "kill-rate") spec.kill_rate = parse_number(key, value, true);
    else if (key == "restart-after") spec.restart_after = parse_span(key, value);
    else if (key == "loss") spec.loss = parse_number(key, value, false);
    else if (key == "duplicate") spec.duplicate = parse_number(key, value, false);
    else if (key == "partition-rate") spec.partition_rate = parse_number(key, value, true);
    else if (key == "partition-duration") spec.partition_duration = parse_span(key, value);
    else if (key == "latency-spike") spec.latency_spike_rate = parse_number(key, value, true);
    else if (key == "spike") spec.spike_extra = parse_span(key, value);
    else if (key == "spike-duration") spec.spike_duration = parse_span(key, value);
    else if (key == "slow-rate") spec.slow_rate = parse_number(key, value, true);
    else if (key == "slow-factor") spec.slow_factor = parse_number(key, value, false);
    else if (key == "slow-duration") spec.slow_duration = parse_span(key, value);
    else if (key == "memory-rate") spec.memory_rate = parse_number(key, value, true);
    else if (key == "memory-share") spec.memory_share = parse_number(key, value, false);
    else if (key == "memory-duration") spec.memory_duration = parse_span(key, value);
    else if (key == "from") spec.from = parse_span(key, value);
    else if (key == "until") spec.until = parse_span(key, value);
    else
      throw input_error("--chaos: unknown key '" + key +
                        "' (known: kill-rate, restart-after, loss, duplicate, partition-rate, "
                        "partition-duration, latency-spike, spike, spike-duration, slow-rate, "
                        "slow-factor, slow-duration, memory-rate, memory-share, memory-duration, "
                        "from, until)");
  }
  if (spec.loss > 1 || spec.duplicate > 1)
    throw input_error("--chaos: loss and duplicate are probabilities between 0 and 1");
  if (spec.until.count() > 0 && spec.until <= spec.from)
    throw input_error("--chaos: until (" + format_duration(spec.until) +
                      ") must come after from (" + format_duration(spec.from) + ")");
  if (spec.slow_factor < 1 || spec.slow_factor > max_slowdown)
    throw input_error("--chaos: slow-factor must be between 1 and 1000000");
  if (!(spec.memory_share > 0 && spec.memory_share <= 1))
    throw input_error("--chaos: memory-share must be in (0, 1]");
  return spec;
}

bool chaos_spec::empty() const {
  return kill_rate == 0 && loss == 0 && duplicate == 0 && partition_rate == 0 &&
         latency_spike_rate == 0 && slow_rate == 0 && memory_rate == 0;
}

std::string chaos_spec::to_string() const {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer),
                "kill-rate=%g/s,restart-after=%s,loss=%g,duplicate=%g,partition-rate=%g/s,"
                "partition-duration=%s,latency-spike=%g/s,spike=+%s,spike-duration=%s,"
                "slow-rate=%g/s,slow-factor=%g,slow-duration=%s",
                kill_rate, format_duration(restart_after).c_str(), loss, duplicate,
                partition_rate, format_duration(partition_duration).c_str(),
                latency_spike_rate, format_duration(spike_extra).c_str(),
                format_duration(spike_duration).c_str(), slow_rate, slow_factor,
                format_duration(slow_duration).c_str());
  std::string text = buffer;
  if (memory_rate > 0) { // printed only when used, so older specs print as they did
    char memory[128];
    std::snprintf(memory, sizeof(memory), ",memory-rate=%g/s,memory-share=%g,memory-duration=%s", memory_rate,
                  memory_share, format_duration(memory_duration).c_str());
    text += memory;
  }
  if (from.count() > 0)
    text += ",from=" + format_duration(from);
  if (until.count() > 0)
    text += ",until=" + format_duration(until);
  return text;
}

fault_plan generate_chaos(const chaos_spec& spec, rng& random, duration length,
                          const std::vector<std::string>& nodes) {
  fault_plan plan;
  auto active = window_of(spec, length);
  if (active.end <= active.from)
    return plan; // the window opens after the run ends
  for (auto [key, rate] : {std::pair{"kill-rate", spec.kill_rate},
                           {"partition-rate", spec.partition_rate},
                           {"latency-spike", spec.latency_spike_rate},
                           {"slow-rate", spec.slow_rate},
                           {"memory-rate", spec.memory_rate}})
    check_rate(key, rate, active.end - active.from);
  if (spec.loss > 0 || spec.duplicate > 0) {
    fault f;
    f.kind = spec.loss > 0 ? fault_kind::loss : fault_kind::duplicate;
    f.probability = spec.loss > 0 ? spec.loss : spec.duplicate;
    f.start = active.from;
    f.end = active.end;
    plan.add(f);
    if (spec.loss > 0 && spec.duplicate > 0) {
      f.kind = fault_kind::duplicate;
      f.probability = spec.duplicate;
      plan.add(f);
    }
  }
  if (nodes.empty())
    return plan;
  if (spec.kill_rate > 0)
    add_kills(spec, random, active, length, nodes, plan);
  if (spec.partition_rate > 0)
    add_intervals(spec.partition_rate, spec.partition_duration, random, active, [&] {
      fault f;
      f.kind = fault_kind::partition;
      f.source = nodes[random.below(nodes.size())];
      f.target = "*";
      return f;
    }, plan);
  if (spec.latency_spike_rate > 0)
    add_intervals(spec.latency_spike_rate, spec.spike_duration, random, active, [&] {
      fault f;
      f.kind = fault_kind::latency;
      f.extra = spec.spike_extra;
      f.node = nodes[random.below(nodes.size())];
      return f;
    }, plan);
  if (spec.slow_rate > 0)
    add_intervals(spec.slow_rate, spec.slow_duration, random, active, [&] {
      fault f;
      f.kind = fault_kind::slow;
      f.factor = spec.slow_factor;
      f.node = nodes[random.below(nodes.size())];
      return f;
    }, plan);
  if (spec.memory_rate > 0)
    add_intervals(spec.memory_rate, spec.memory_duration, random, active, [&] {
      fault f;
      f.kind = fault_kind::memory;
      f.factor = spec.memory_share * 100; // percent, as a plan writes it
      f.node = nodes[random.below(nodes.size())];
      return f;
    }, plan);
  return plan;
}

} // namespace detsim::sim
