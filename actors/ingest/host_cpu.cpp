// actors/ingest/host_cpu.cpp: processor sharing with exact completion times: work done is
// brought up to date at every arrival and completion, and a timer is set for the next one.
#include "detsim/actors/ingest/host_cpu.hpp"

#include <algorithm>
#include <cmath>

namespace detsim::actors::ingest {

host_cpu::host_cpu(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                   cpu_options options, ingest_stats* stats)
  : runtime::node_actor(cfg, w, node), options_(options), stats_(stats) {
}

caf::behavior host_cpu::make_behavior() {
  last_ = now();
  return {
    [this](const cpu_run& run) {
      advance();
      jobs_.push_back({double(run.work_ns), make_response_promise()});
      schedule_wake();
    },
    [this](const cpu_wake& wake) {
      if (wake.generation != generation_)
        return; // the set of jobs changed since this timer was set
      advance();
      complete_finished();
      schedule_wake();
    },
  };
}

double host_cpu::speed() const {
  auto jobs = double(jobs_.size());
  auto cores = double(options_.cores);
  if (jobs <= cores)
    return 1;
  return cores / jobs * std::max(0.5, 1 - options_.switch_penalty * (jobs - cores));
}

void host_cpu::advance() {
  auto elapsed = double((now() - last_).count());
  last_ = now();
  if (jobs_.empty() || elapsed <= 0)
    return;
  auto progress = elapsed * speed();
  for (auto& j : jobs_)
    j.remaining_ns -= progress;
  stats_->cpu_busy_ns += static_cast<std::int64_t>(
    elapsed * std::min<double>(double(jobs_.size()), options_.cores));
}

void host_cpu::complete_finished() {
  // Half a nanosecond of slack absorbs rounding: the timer fires on a whole nanosecond.
  auto finished = [](const job& j) { return j.remaining_ns <= 0.5; };
  for (auto& j : jobs_)
    if (finished(j))
      j.promise.deliver(cpu_done{});
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), finished), jobs_.end());
}

void host_cpu::schedule_wake() {
  ++generation_;
  if (jobs_.empty())
    return;
  double least = jobs_.front().remaining_ns;
  for (const auto& j : jobs_)
    least = std::min(least, j.remaining_ns);
  auto speed_now = std::max(speed(), 1e-6);
  auto delay = sim::clamp_delay(std::ceil(std::max(least, 0.0) / speed_now));
  delayed_send(this, delay, cpu_wake{generation_});
}

} // namespace detsim::actors::ingest
