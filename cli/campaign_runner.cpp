// cli/campaign_runner.cpp: the job loop: fork children, poll their pipes, enforce the
// per-run wall limit, journal results, queue determinism re-checks.
#include "cli/campaign_runner.hpp"

#include <chrono>
#include <deque>
#include <poll.h>
#include <set>
#include <unistd.h>

namespace cli {

namespace {

struct job {
  std::uint64_t index;
  bool recheck;
};

double wall_clock_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// Yields the indexes of this shard that still need a primary run, in order.
class index_source {
public:
  index_source(const campaign_config& config, const std::set<std::uint64_t>& done)
    : config_(config), done_(done), next_(config.shard_index) {}

  std::optional<std::uint64_t> next() {
    for (;; next_ += config_.shard_count) {
      if (!config_.time_mode() && next_ >= config_.total())
        return std::nullopt;
      if (config_.time_mode() && wall_clock_now() >= config_.deadline)
        return std::nullopt;
      if (!done_.count(next_)) {
        auto index = next_;
        next_ += config_.shard_count;
        return index;
      }
    }
  }

private:
  const campaign_config& config_;
  const std::set<std::uint64_t>& done_;
  std::uint64_t next_;
};

} // namespace

void run_campaign(const scenarios::registry& registry, const campaign_config& config,
                  const std::string& out,
                  const std::function<void(const campaign_progress&)>& on_progress) {
  auto journal_path = out + "/journal.jsonl";
  repair_journal(journal_path);
  std::set<std::uint64_t> primary_done;
  std::set<std::uint64_t> recheck_done;
  std::deque<job> pending_rechecks;
  campaign_progress progress;
  std::set<std::string> signatures;
  std::map<std::uint64_t, const run_record*> primaries;
  auto previous = read_journal(journal_path);
  for (auto& r : previous) {
    (r.recheck ? recheck_done : primary_done).insert(r.index);
    if (!r.recheck)
      primaries[r.index] = &r;
    if (r.status != run_status::pass)
      signatures.insert(r.signature);
  }
  // A primary whose owed re-check was lost to a crash of the campaign gets it now.
  for (auto& [index, r] : primaries)
    if ((r->status != run_status::pass || config.rechecks(index)) && !recheck_done.count(index))
      pending_rechecks.push_back({index, true});
  progress.done = primary_done.size();
  if (!config.time_mode())
    progress.total = (config.total() + config.shard_count - 1 - config.shard_index) /
                     config.shard_count;
  journal log{journal_path};
  index_source indexes{config, primary_done};
  std::vector<child_run> running;
  const auto start = monotonic_seconds();
  std::uint64_t finished_here = 0;
  double last_report = 0;
  bool exhausted = false;
  for (;;) {
    while (running.size() < config.jobs) {
      std::optional<job> next;
      if (!pending_rechecks.empty()) {
        next = pending_rechecks.front();
        pending_rechecks.pop_front();
      } else if (!exhausted) {
        if (auto index = indexes.next())
          next = job{*index, false};
        else
          exhausted = true;
      }
      if (!next)
        break;
      run_record record;
      record.index = next->index;
      record.seed = config.seed_of(next->index);
      record.recheck = next->recheck;
      running.push_back(
        start_isolated(registry, config.spec_for(record.seed), config.limits, record));
    }
    if (running.empty())
      break;
    std::vector<pollfd> fds;
    for (auto& child : running)
      fds.push_back({child.pipe, POLLIN, 0});
    poll(fds.data(), fds.size(), 100);
    for (std::size_t i = 0; i < running.size();) {
      auto& child = running[i];
      bool late = monotonic_seconds() - child.started > config.limits.wall_seconds;
      if (!pump(child) && !late) {
        ++i;
        continue;
      }
      auto record = finish(child, late && child.output.find('\n') == std::string::npos,
                           config.limits.wall_seconds);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      record.finished_at = wall_clock_now();
      log.append(record);
      if (!record.recheck) {
        ++progress.done;
        ++finished_here;
        if (record.status != run_status::pass || config.rechecks(record.index))
          pending_rechecks.push_back({record.index, true});
      }
      if (record.status != run_status::pass) {
        ++progress.failures;
        signatures.insert(record.signature);
      }
    }
    auto now = monotonic_seconds();
    if (on_progress && now - last_report >= 0.1) {
      last_report = now;
      progress.buckets = signatures.size();
      progress.runs_per_second = finished_here / std::max(now - start, 1e-9);
      auto left = progress.total > progress.done ? progress.total - progress.done : 0;
      progress.seconds_left = config.time_mode()
                                ? std::max(0.0, config.deadline - wall_clock_now())
                                : left / std::max(progress.runs_per_second, 1e-9);
      on_progress(progress);
    }
  }
}

} // namespace cli
