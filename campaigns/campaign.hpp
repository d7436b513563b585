// campaigns/campaign.hpp: a chaos campaign's description and its append-only journal. A run's
// seed depends only on its index, so any sharding of a campaign runs the same set of
// (index, seed) pairs and merged journals equal a single machine's.
#pragma once

#include "detsim/campaigns/isolated_run.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace detsim::campaigns {

struct campaign_config {
  std::string scenario;
  std::vector<std::string> parameters;
  std::string faults;
  std::string chaos;
  std::uint64_t first_seed = 1;   ///< seeds mode: runs first_seed..last_seed
  std::uint64_t last_seed = 0;
  double hours = 0;               ///< time mode (hours > 0): seeds derived from the index
  double deadline = 0;            ///< time mode: wall-clock end (epoch seconds)
  std::uint64_t campaign_seed = 1;
  std::uint32_t shard_index = 0;  ///< strided shards: index % shard_count == shard_index
  std::uint32_t shard_count = 1;
  unsigned jobs = 2;
  double recheck = 0.01;          ///< fraction of passing runs executed twice
  run_limits limits;
  /// The program running the campaign, as invoked (not saved: a resume may use another path).
  std::string program = "detsim";

  bool time_mode() const { return hours > 0; }
  /// Runs in the whole campaign (all shards); 0 in time mode (unbounded).
  std::uint64_t total() const;
  std::uint64_t seed_of(std::uint64_t index) const;
  bool in_shard(std::uint64_t index) const { return index % shard_count == shard_index; }
  /// Whether a passing run of this index is re-run (a deterministic choice).
  bool rechecks(std::uint64_t index) const;
  /// The run spec for one seed (no trace).
  harness::run_spec spec_for(std::uint64_t seed) const;

  std::string to_json() const;
  /// Throws sim::input_error (naming `origin`) unless the fields make a campaign that
  /// runs: a seed range of at most max_campaign_runs, 1 <= shards, index < shards...
  void check(const std::string& origin) const;
  static campaign_config from_json(const std::string& text, const std::string& origin);
};

/// Parses "A..B" into first and last seed; throws sim::input_error.
/// The most runs one campaign may hold (a range beyond it is a typo, not a plan).
constexpr std::uint64_t max_campaign_runs = 1'000'000'000'000;

void parse_seed_range(const std::string& text, campaign_config& config);
/// Parses "K/N" or "auto" (SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT).
void parse_shard(const std::string& text, campaign_config& config);

/// One JSON line per finished run, flushed and synced as it is written.
class journal {
public:
  explicit journal(const std::string& path);
  ~journal();
  void append(const run_record& record);

private:
  std::FILE* file_ = nullptr;
  std::string path_;
};

/// Cuts a torn last line (left by a crash mid-write) so appends start on a fresh line.
void repair_journal(const std::string& path);

/// Every intact record of a journal; a torn last line (power loss) is ignored.
std::vector<run_record> read_journal(const std::string& path);
/// The records of a journal's text; errors name `origin` and the line.
std::vector<run_record> parse_journal(const std::string& text, const std::string& origin);

std::string read_text_file(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);

} // namespace detsim::campaigns
