// campaigns/campaign_runner.cpp: the job loop: fork children, poll their pipes, enforce the
// per-run wall limit, journal results, queue determinism re-checks.
#include "detsim/campaigns/campaign_runner.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <poll.h>
#include <set>
#include <unistd.h>

namespace detsim::campaigns {

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

/// The job loop's state: what is owed, what runs, and the numbers shown as progress.
class campaign_loop {
public:
  campaign_loop(const runtime::registry& registry, const campaign_config& config,
                const std::string& journal_path)
    : registry_(registry), config_(config), log_(journal_path), indexes_(config, primary_done_) {}

  /// Takes in what an earlier, interrupted run of the campaign journaled.
  void resume_from(const std::vector<run_record>& previous) {
    std::set<std::uint64_t> recheck_done;
    std::map<std::uint64_t, const run_record*> primaries;
    for (auto& r : previous) {
      (r.recheck ? recheck_done : primary_done_).insert(r.index);
      if (!r.recheck)
        primaries[r.index] = &r;
      count_failure(r);
    }
    // A primary whose owed re-check was lost to a crash of the campaign gets it now.
    for (auto& [index, r] : primaries)
      if (owes_recheck(*r) && !recheck_done.count(index))
        pending_rechecks_.push_back({index, true});
    progress_.done = primary_done_.size();
    if (!config_.time_mode())
      progress_.total = (config_.total() + config_.shard_count - 1 - config_.shard_index) /
                        config_.shard_count;
  }

  void run(const std::function<void(const campaign_progress&)>& on_progress) {
    const auto start = monotonic_seconds();
    double last_report = 0;
    for (;;) {
      fill();
      if (running_.empty())
        return;
      wait_and_collect();
      auto now = monotonic_seconds();
      if (on_progress && now - last_report >= 0.1) {
        last_report = now;
        on_progress(progress_at(now - start));
      }
    }
  }

private:
  bool owes_recheck(const run_record& r) const {
    return r.status != run_status::pass || config_.rechecks(r.index);
  }

  void count_failure(const run_record& r) {
    if (r.status == run_status::pass)
      return;
    ++progress_.failures;
    signatures_.insert(r.signature);
  }

  std::optional<job> next_job() {
    if (!pending_rechecks_.empty()) {
      auto next = pending_rechecks_.front();
      pending_rechecks_.pop_front();
      return next;
    }
    if (!exhausted_) {
      if (auto index = indexes_.next())
        return job{*index, false};
      exhausted_ = true;
    }
    return std::nullopt;
  }

  /// Starts runs until `jobs` are running or nothing is owed.
  void fill() {
    while (running_.size() < config_.jobs) {
      auto next = next_job();
      if (!next)
        return;
      run_record record;
      record.index = next->index;
      record.seed = config_.seed_of(next->index);
      record.recheck = next->recheck;
      running_.push_back(
        start_isolated(registry_, config_.spec_for(record.seed), config_.limits, record));
    }
  }

  /// Waits up to 100 ms for output, then journals every run that finished or overran.
  void wait_and_collect() {
    std::vector<pollfd> fds;
    for (auto& child : running_)
      fds.push_back({child.pipe, POLLIN, 0});
    poll(fds.data(), fds.size(), 100);
    for (std::size_t i = 0; i < running_.size();) {
      auto& child = running_[i];
      bool late = monotonic_seconds() - child.started > config_.limits.wall_seconds;
      if (!pump(child) && !late) {
        ++i;
        continue;
      }
      auto record = finish(child, late && child.output.find('\n') == std::string::npos,
                           config_.limits.wall_seconds);
      running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
      record.finished_at = wall_clock_now();
      record.metrics.clear(); // a campaign buckets failures; a million runs' metrics would swell it
      log_.append(record);
      if (!record.recheck) {
        ++progress_.done;
        ++finished_here_;
        if (owes_recheck(record))
          pending_rechecks_.push_back({record.index, true});
      }
      count_failure(record);
    }
  }

  campaign_progress progress_at(double elapsed) {
    auto p = progress_;
    p.buckets = signatures_.size();
    p.runs_per_second = finished_here_ / std::max(elapsed, 1e-9);
    auto left = p.total > p.done ? p.total - p.done : 0;
    p.seconds_left = config_.time_mode() ? std::max(0.0, config_.deadline - wall_clock_now())
                                         : left / std::max(p.runs_per_second, 1e-9);
    return p;
  }

  const runtime::registry& registry_;
  const campaign_config& config_;
  journal log_;
  std::set<std::uint64_t> primary_done_;
  index_source indexes_;
  std::deque<job> pending_rechecks_;
  std::vector<child_run> running_;
  campaign_progress progress_;
  std::set<std::string> signatures_;
  std::uint64_t finished_here_ = 0;
  bool exhausted_ = false;
};

} // namespace

void run_campaign(const runtime::registry& registry, const campaign_config& config,
                  const std::string& out,
                  const std::function<void(const campaign_progress&)>& on_progress) {
  auto journal_path = out + "/journal.jsonl";
  repair_journal(journal_path);
  auto previous = read_journal(journal_path);
  campaign_loop loop{registry, config, journal_path};
  loop.resume_from(previous);
  loop.run(on_progress);
}

} // namespace detsim::campaigns
