// campaigns/campaign.cpp: campaign configuration, seed derivation and the journal.
#include "detsim/campaigns/campaign.hpp"

#include "detsim/campaigns/json_fields.hpp"
#include "detsim/harness/run_report.hpp"
#include "detsim/sim/parameters.hpp"
#include "detsim/sim/rng.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace detsim::campaigns {

namespace {

/// One journal line as a record; throws (nlohmann or runtime_error) when it is not one.
run_record parse_record(const std::string& line) {
  auto j = nlohmann::json::parse(line);
  if (!j.is_object())
    throw std::runtime_error("not a JSON object");
  run_record r;
  r.index = count_field(j, "index");
  r.seed = count_field_or(j, "seed", 0);
  r.recheck = bool_field_or(j, "recheck", false);
  auto status = string_field_or(j, "status", "error");
  r.status = run_status::error;
  for (auto s : {run_status::pass, run_status::invariant, run_status::liveness,
                 run_status::crash, run_status::timeout, run_status::error})
    if (status == to_string(s))
      r.status = s;
  r.exit_code = static_cast<int>(integer_field_or(j, "exit", 0, -255, 255));
  r.signature = string_field_or(j, "signature", "");
  r.message = string_field_or(j, "message", "");
  r.digest = string_field_or(j, "digest", "");
  r.plan = string_field_or(j, "plan", "");
  r.wall_seconds = number_field_or(j, "wall", 0.0);
  r.finished_at = number_field_or(j, "finished_at", 0.0);
  if (j.contains("metrics"))
    r.metrics = metrics_from_json(j.at("metrics"));
  return r;
}

} // namespace

std::uint64_t campaign_config::total() const {
  return time_mode() ? 0 : last_seed - first_seed + 1;
}

std::uint64_t campaign_config::seed_of(std::uint64_t index) const {
  if (!time_mode())
    return first_seed + index;
  std::uint64_t state = campaign_seed + index;
  return sim::splitmix64(state);
}

bool campaign_config::rechecks(std::uint64_t index) const {
  std::uint64_t state = index ^ 0x5eedc0ffee;
  auto draw = static_cast<double>(sim::splitmix64(state) >> 11) * 0x1.0p-53;
  return draw < recheck;
}

harness::run_spec campaign_config::spec_for(std::uint64_t seed) const {
  harness::run_spec spec;
  spec.scenario = scenario;
  spec.parameters = parameters;
  spec.seed = seed;
  spec.faults = faults;
  spec.chaos = chaos;
  spec.max_wall_seconds = limits.wall_seconds;
  spec.program = program;
  return spec;
}

std::string campaign_config::to_json() const {
  nlohmann::json j{{"scenario", scenario},       {"parameters", parameters},
                   {"faults", faults},           {"chaos", chaos},
                   {"first_seed", first_seed},   {"last_seed", last_seed},
                   {"hours", hours},             {"deadline", deadline},
                   {"campaign_seed", campaign_seed}, {"shard_index", shard_index},
                   {"shard_count", shard_count}, {"jobs", jobs},
                   {"recheck", recheck},         {"run_wall_limit", limits.wall_seconds},
                   {"run_memory_mb", limits.memory_mb}};
  return j.dump(2) + "\n";
}

campaign_config campaign_config::from_json(const std::string& text, const std::string& origin) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw sim::input_error("campaign config '" + origin + "' is not valid JSON");
  try {
    campaign_config c;
    c.scenario = string_field(j, "scenario");
    c.parameters = strings_field(j, "parameters");
    c.faults = string_field(j, "faults");
    c.chaos = string_field(j, "chaos");
    c.first_seed = count_field(j, "first_seed");
    c.last_seed = count_field(j, "last_seed");
    c.hours = number_field(j, "hours");
    c.deadline = number_field(j, "deadline");
    c.campaign_seed = count_field(j, "campaign_seed");
    c.shard_index = static_cast<std::uint32_t>(count_field(j, "shard_index", UINT32_MAX));
    c.shard_count = static_cast<std::uint32_t>(count_field(j, "shard_count", UINT32_MAX));
    c.jobs = static_cast<unsigned>(count_field(j, "jobs", UINT32_MAX));
    c.recheck = number_field(j, "recheck");
    c.limits.wall_seconds = number_field(j, "run_wall_limit");
    c.limits.memory_mb = count_field(j, "run_memory_mb", SIZE_MAX >> 20);
    c.check(origin);
    return c;
  } catch (const sim::input_error&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw sim::input_error("campaign config '" + origin + "': " + e.what());
  }
}

void campaign_config::check(const std::string& origin) const {
  auto fail = [&](const std::string& what) {
    throw sim::input_error("campaign config '" + origin + "': " + what);
  };
  if (!time_mode() && (last_seed < first_seed || last_seed - first_seed >= max_campaign_runs))
    fail("seeds " + std::to_string(first_seed) + ".." + std::to_string(last_seed) +
         " are not a range of 1 to " + std::to_string(max_campaign_runs) + " runs");
  if (shard_count == 0 || shard_count > 1'000'000 || shard_index >= shard_count)
    fail("shard " + std::to_string(shard_index) + "/" + std::to_string(shard_count) +
         " needs 0 <= index < count <= 1000000");
  if (jobs == 0 || jobs > 1024)
    fail("jobs " + std::to_string(jobs) + " is not between 1 and 1024");
  if (!(recheck >= 0 && recheck <= 1))
    fail("recheck must be between 0 and 1");
  if (!(hours >= 0 && hours < 24 * 365) || !(limits.wall_seconds > 0 && limits.wall_seconds <= 1e7))
    fail("hours or run_wall_limit out of range");
}

void parse_seed_range(const std::string& text, campaign_config& config) {
  auto dots = text.find("..");
  if (dots == std::string::npos)
    throw sim::input_error("--seeds '" + text + "': expected A..B (e.g. 1..20000)");
  config.first_seed = harness::parse_unsigned(text.substr(0, dots), "--seeds start");
  config.last_seed = harness::parse_unsigned(text.substr(dots + 2), "--seeds end");
  if (config.last_seed < config.first_seed)
    throw sim::input_error("--seeds '" + text + "': the range ends before it starts");
  if (config.last_seed - config.first_seed >= max_campaign_runs)
    throw sim::input_error("--seeds '" + text + "': more than " +
                           std::to_string(max_campaign_runs) + " runs");
}

void parse_shard(const std::string& text, campaign_config& config) {
  std::string value = text;
  if (text == "auto") {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !count)
      throw sim::input_error(
        "--shard auto: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set");
    value = std::string(id) + "/" + count;
  }
  auto slash = value.find('/');
  if (slash == std::string::npos)
    throw sim::input_error("--shard '" + text + "': expected K/N (0-based K) or auto");
  auto index = harness::parse_unsigned(value.substr(0, slash), "--shard index");
  auto count = harness::parse_unsigned(value.substr(slash + 1), "--shard count");
  if (count == 0 || index >= count || count > 1'000'000)
    throw sim::input_error("--shard '" + text + "': need 0 <= K < N");
  config.shard_index = static_cast<std::uint32_t>(index);
  config.shard_count = static_cast<std::uint32_t>(count);
}

journal::journal(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_)
    throw replays::io_error("cannot append to journal '" + path + "': " + std::strerror(errno));
}

journal::~journal() {
  if (file_)
    std::fclose(file_);
}

void journal::append(const run_record& r) {
  nlohmann::json j{{"index", r.index},     {"seed", r.seed},         {"recheck", r.recheck},
                   {"status", to_string(r.status)}, {"exit", r.exit_code},
                   {"signature", r.signature}, {"message", r.message}, {"digest", r.digest},
                   {"wall", r.wall_seconds}, {"finished_at", r.finished_at}};
  if (r.status != run_status::pass)
    j["plan"] = r.plan;
  if (!r.metrics.empty())
    j["metrics"] = metrics_to_json(r.metrics);
  auto line = j.dump() + "\n";
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0 ||
      fdatasync(fileno(file_)) != 0)
    throw replays::io_error("cannot write journal '" + path_ + "': " + std::strerror(errno));
}

void repair_journal(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    return;
  auto text = read_text_file(path);
  auto end = text.rfind('\n');
  auto keep = end == std::string::npos ? 0 : end + 1;
  if (keep != text.size())
    std::filesystem::resize_file(path, keep);
}

std::vector<run_record> read_journal(const std::string& path) {
  std::error_code missing;
  if (!std::filesystem::exists(path, missing))
    return {}; // nothing ran yet
  return parse_journal(read_text_file(path), path);
}

std::vector<run_record> parse_journal(const std::string& text, const std::string& origin) {
  std::vector<run_record> records;
  std::size_t start = 0;
  for (int number = 1; start < text.size(); ++number) {
    auto end = text.find('\n', start);
    if (end == std::string::npos)
      break; // a last line torn by a crash mid-write (--resume cuts it off)
    auto line = text.substr(start, end - start);
    start = end + 1;
    try {
      records.push_back(parse_record(line));
    } catch (const std::exception& e) {
      throw sim::input_error("journal '" + origin + "' line " + std::to_string(number) +
                             ": not a run record (" + e.what() + ")");
    }
  }
  return records;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw sim::input_error("cannot read '" + path + "': " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out)
      throw replays::io_error("cannot write '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw replays::io_error("cannot write '" + path + "': " + std::strerror(errno));
}

} // namespace detsim::campaigns
