// harness/run_report.cpp: text and JSON renderings of a run's outcome.
#include "detsim/harness/run_report.hpp"

#include "detsim/sim/numbers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace detsim::harness {

namespace {

const char* reason_text(sim::stop_reason reason) {
  switch (reason) {
    case sim::stop_reason::finished: return "finished";
    case sim::stop_reason::step_budget: return "step budget exceeded";
    case sim::stop_reason::wall_budget: return "wall-time budget exceeded";
    default: return "stopped";
  }
}

void print_table(const runtime::table& t) {
  std::vector<std::size_t> width(t.header.size(), 0);
  auto widen = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], cells[i].size());
  };
  widen(t.header);
  for (const auto& row : t.rows)
    widen(row);
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line = " ";
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i)
      line += fmt::format(" {:<{}}", cells[i], width[i] + 1);
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    fmt::print("{}\n", line);
  };
  fmt::print("{}:\n", t.title);
  print_row(t.header);
  for (const auto& row : t.rows)
    print_row(row);
}

} // namespace

bool targets_met(const run_outcome& outcome) {
  return count_met(outcome.targets) == outcome.targets.size();
}

std::uint64_t parse_seed(const std::string& text) {
  return parse_unsigned(text, "--seed");
}

std::uint64_t parse_unsigned(const std::string& text, const std::string& what) {
  // Decimal only: "010" is ten, not octal eight, and "0x10" is refused.
  auto value = sim::parse_unsigned(text);
  if (!value)
    throw sim::input_error(what + " '" + text + "' is not a decimal unsigned 64-bit integer");
  return *value;
}

void print_outcome(const run_spec& spec, const run_outcome& outcome) {
  const auto& s = outcome.stats;
  fmt::print("metrics:\n");
  for (const auto& m : outcome.metrics)
    fmt::print("  {:<28} {:>14} {}\n", m.name, sim::format_number(m.value), m.unit);
  for (const auto& t : outcome.tables)
    print_table(t);
  if (!outcome.targets.empty())
    print_table(targets_table(outcome.targets));
  double sim_seconds = sim::to_seconds(s.end_time);
  fmt::print("engine:\n");
  fmt::print("  {:<28} {:>14}\n", "steps", s.steps);
  fmt::print("  {:<28} {:>14}\n", "messages_delivered", s.deliveries);
  fmt::print("  {:<28} {:>14}\n", "messages_dropped", s.drops);
  fmt::print("  {:<28} {:>14}\n", "messages_duplicated", s.duplicates);
  fmt::print("  {:<28} {:>14}\n", "trace_events", s.events);
  fmt::print("  {:<28} {:>14.3f} s\n", "simulated_time", sim_seconds);
  fmt::print("  {:<28} {:>14.3f} s\n", "wall_time", s.wall_seconds);
  fmt::print("  {:<28} {:>14.3f} x\n", "simulated_per_wall",
             s.wall_seconds > 0 ? sim_seconds / s.wall_seconds : 0.0);
  fmt::print("  {:<28} {:>14.0f} /s\n", "deliveries_per_wall_second",
             s.wall_seconds > 0 ? static_cast<double>(s.deliveries) / s.wall_seconds : 0.0);
  double rss_max = 0;
  for (const auto& m : outcome.memory)
    rss_max = std::max(rss_max, m.resident_mb);
  fmt::print("  {:<28} {:>14.1f} MB\n", "rss_max", rss_max);
  fmt::print("  {:<28} {:>14.1f} %\n", "process_cpu_per_wall",
             s.wall_seconds > 0 ? 100.0 * outcome.cpu_seconds / s.wall_seconds : 0.0);
  fmt::print("  {:<28} {:>14}\n", "stop", reason_text(s.reason));
  if (!spec.trace_path.empty())
    fmt::print("trace: {} ({} events, {} bytes, {:.2f} B/event, level {})\n", spec.trace_path,
               s.events, outcome.trace_bytes,
               s.events ? static_cast<double>(outcome.trace_bytes) / s.events : 0.0,
               sim::to_string(spec.level));
  fmt::print("invariants:\n");
  for (const auto& inv : outcome.invariants) {
    fmt::print("  {:<32} {}\n", inv.name, inv.passed ? "pass" : "FAIL");
    for (const auto& v : inv.violations)
      fmt::print("    {}\n", v);
  }
}

void write_json_report(const std::string& path, const run_spec& spec,
                       const run_outcome& outcome, const std::string& reproduce) {
  using nlohmann::json;
  json report;
  report["scenario"] = spec.scenario;
  report["seed"] = spec.seed;
  report["parameters"] = outcome.parameters;
  report["faults"] = outcome.plan.to_string();
  report["chaos"] = spec.chaos;
  report["detsim_version"] = detsim_version();
  report["git_sha"] = git_sha();
  json metrics = json::object();
  for (const auto& m : outcome.metrics)
    metrics[m.name] = m.value;
  report["metrics"] = metrics;
  if (!outcome.targets.empty()) {
    json targets = json::array();
    for (const auto& r : outcome.targets) {
      json row = {{"label", r.target.label},     {"metric", r.target.metric},
                  {"comparison", r.target.comparison}, {"goal", r.target.goal},
                  {"unit", r.target.unit},       {"measured", r.measured},
                  {"passed", r.passed}};
      row["value"] = r.measured ? json(r.value) : json(nullptr);
      targets.push_back(row);
    }
    report["targets"] = targets;
    report["targets_met"] = targets_met(outcome);
  }
  json tables = json::array();
  for (const auto& t : outcome.tables)
    tables.push_back({{"title", t.title}, {"header", t.header}, {"rows", t.rows}});
  report["tables"] = tables;
  json plots = json::array();
  for (const auto& p : outcome.plots) {
    json series = json::array();
    for (const auto& line : p.series) {
      json points = json::array();
      for (const auto& [x, y] : line.points)
        points.push_back({x, y});
      series.push_back({{"label", line.label}, {"points", points}});
    }
    plots.push_back({{"title", p.title}, {"x", p.x_label}, {"y", p.y_label}, {"series", series}});
  }
  report["plots"] = plots;
  const auto& s = outcome.stats;
  report["engine"] = {{"steps", s.steps},
                      {"messages_delivered", s.deliveries},
                      {"messages_dropped", s.drops},
                      {"messages_duplicated", s.duplicates},
                      {"trace_events", s.events},
                      {"simulated_seconds", sim::to_seconds(s.end_time)},
                      {"wall_seconds", s.wall_seconds},
                      {"cpu_seconds", outcome.cpu_seconds},
                      {"engine", spec.realtime ? "realtime" : "deterministic"},
                      {"stop", reason_text(s.reason)}};
  json memory = json::array();
  for (const auto& m : outcome.memory)
    memory.push_back({m.run_seconds, m.resident_mb});
  report["engine"]["resident_mb_samples"] = memory;
  json invariants = json::array();
  for (const auto& inv : outcome.invariants)
    invariants.push_back({{"name", inv.name}, {"passed", inv.passed},
                          {"violations", inv.violations}});
  report["invariants"] = invariants;
  report["passed"] = outcome.passed();
  report["digest"] = fmt::format("{:016x}", s.digest);
  report["reproduce"] = reproduce;
  std::ofstream out(path);
  out << report.dump(2) << "\n";
  if (!out)
    throw replays::io_error("cannot write report '" + path + "'");
}

} // namespace detsim::harness
