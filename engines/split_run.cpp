// engines/split_run.cpp: the step loop of a split run. Nodes are divided into groups,
// each with its own clock and ready set. Time advances in windows no longer than the
// least link latency, so nothing one group does inside a window can reach another
// group before the window ends; every group runs the window on its own, tagging what
// it emits with where it stands in its instant (split_log), and the logs are merged into
// the single order. Faults fall between windows and act on the run as a whole.
#include "detsim/engines/deterministic_engine.hpp"

#include "detsim/engines/node_access.hpp"
#include "detsim/engines/window_crew.hpp"
#include "detsim/sim/parameters.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

namespace detsim::engines {

sim::duration deterministic_engine::check_splittable() const {
  auto refuse = [](const std::string& why) {
    throw sim::input_error("engine: a run split into groups " + why);
  };
  if (options_.max_steps != 0)
    refuse("cannot stop at an exact step (--max-steps)");
  if (!send_observers_.empty())
    refuse("cannot report sends in send order (timeline exports)");
  if (options_.threads > options_.groups)
    refuse("on " + std::to_string(options_.threads) + " threads needs as many groups at least (" +
           std::to_string(options_.groups) + ")");
  if (network_.has_nics())
    refuse("cannot share NIC queues between groups (the scenario sets NICs)");
  auto window = network_.least_latency_floor();
  if (window.count() <= 0)
    refuse("needs links that take time: some link's latency floor is 0");
  return window;
}

split_tag deterministic_engine::current_tag() const {
  const auto& group = groups_[scheduler_->current_group()];
  split_tag tag;
  tag.time = group.instant;
  tag.round = group.round;
  tag.phase = group.firing ? 1 : 0;
  tag.key = group.firing ? scheduler_->clock().firing_order() : scheduler_->last_rank();
  return tag;
}

void deterministic_engine::defer_report(void (*call)(const void*), const void* bytes,
                                        std::size_t size) {
  groups_[scheduler_->current_group()].log.add_report(current_tag(), call, bytes, size);
}

std::uint32_t deterministic_engine::merged_type(std::size_t group, std::uint32_t local) {
  if (local == 0)
    return 0;
  auto& progress = groups_[group];
  if (progress.merged_type_of_local.size() <= local)
    progress.merged_type_of_local.resize(local + 1, 0);
  auto& merged = progress.merged_type_of_local[local];
  if (merged == 0) {
    const auto& name = progress.local_type_names.at(local);
    // Another group may have met the type first.
    auto [known, added] = merged_type_by_name_.try_emplace(name, merged_types_ + 1);
    if (added)
      emit_name(true, ++merged_types_, name);
    merged = known->second;
  }
  return merged;
}

void deterministic_engine::hand_over_outboxes() {
  for (auto& group : groups_)
    for (auto& set : group.outbox) {
      for (std::size_t target = 0; target < set.size(); ++target) {
        for (const auto& entry : set[target].entries)
          scheduler_->clock_of(target).queue_delivery(entry);
        set[target].entries.clear();
      }
    }
  for (auto& group : groups_)
    group.outbox_earliest[0] = group.outbox_earliest[1] = never;
}

void deterministic_engine::take_inbound(std::size_t index) {
  // Entries are ordered by their (due, order word) alone: which sender's come first
  // does not matter.
  auto& clock = scheduler_->clock();
  auto previous = (windows_ + 1) & 1;
  for (auto& sender : groups_) {
    auto& bag = sender.outbox[previous][index].entries;
    for (const auto& entry : bag)
      clock.queue_delivery(entry);
    bag.clear();
  }
  groups_[index].outbox_earliest[windows_ & 1] = never; // this window's set starts empty
}

std::int64_t deterministic_engine::next_instant(std::int64_t now) {
  auto next = never;
  if (next_dues_known_) {
    // Each group found its own after its window; what waits in outboxes counts too.
    auto last = (windows_ + 1) & 1;
    for (const auto& group : groups_)
      next = std::min({next, group.next_due, group.outbox_earliest[last]});
    return next;
  }
  hand_over_outboxes();
  for (std::size_t g = 0; g < options_.groups; ++g) {
    scheduler_->enter(g);
    if (scheduler_->ready_count() > 0)
      next = now;
    else if (!scheduler_->clock().empty())
      next = std::min(next, (scheduler_->clock().next_due() - clock_start_).count());
  }
  return next;
}

void deterministic_engine::set_all_clocks(std::int64_t now) {
  for (std::size_t g = 0; g < options_.groups; ++g)
    scheduler_->clock_of(g).set_now(clock_start_ + sim::duration{now});
}

void deterministic_engine::fire_group_instant(group_progress& group, std::int64_t instant) {
  if (instant != group.instant) {
    group.instant = instant;
    group.round = 0;
  }
  group.firing = true;
  scheduler_->clock().advance_to(clock_start_ + sim::duration{instant});
  group.firing = false;
  ++group.round; // what the entries made ready runs in the next round
}

void deterministic_engine::run_group_window(std::size_t index, std::int64_t start,
                                            std::int64_t end, bool after_faults) {
  scheduler_->enter(index);
  auto& group = groups_[index];
  auto& clock = scheduler_->clock();
  // The group's own state is touched by its own thread only, while the window runs.
  group.log.clear();
  group.counts = {};
  take_inbound(index);
  clock.set_now(clock_start_ + sim::duration{start});
  // A single group fires what is due right after faults act, before anything runs.
  if (after_faults)
    fire_group_instant(group, start);
  for (;;) {
    if (scheduler_->ready_count() > 0) {
      auto before = group.log.size();
      auto now = static_cast<std::uint64_t>((clock.now() - clock_start_).count());
      scheduler_->run_first(schedule_seed_ ^ sim::splitmix64(now));
      if (scheduler_->last_rank() >> 63)
        throw sim::input_error("engine: a run split into groups runs node actors only (an "
                               "actor that is no node's became ready)");
      group.log.end_step(current_tag(), before);
      continue;
    }
    auto next = clock.empty() ? never : (clock.next_due() - clock_start_).count();
    if (next >= end) {
      group.next_due = next;
      return;
    }
    fire_group_instant(group, next);
  }
}

void deterministic_engine::merge_group_logs() {
  std::vector<const split_log*> logs;
  for (const auto& group : groups_)
    logs.push_back(&group.log);
  merge_split_logs(logs, [this](const split_record& record, std::size_t group) {
    if (record.is_event)
      publish(record.event, group);
    else if (record.report != 0)
      groups_[group].log.run_report(record);
    if (record.ends_step)
      ++stats_.steps;
  });
  for (const auto& group : groups_) { // each group empties its own at its next window
    stats_.deliveries += group.counts.deliveries;
    stats_.drops += group.counts.drops;
    stats_.duplicates += group.counts.duplicates;
  }
}

sim::run_stats deterministic_engine::run_split() {
  wall_watch watch;
  const auto window = check_splittable().count();
  const auto length = options_.length.count();
  std::unique_ptr<window_crew> crew;
  if (options_.threads > 1)
    crew = std::make_unique<window_crew>(options_.threads, options_.groups);
  start_run();
  std::int64_t now = global_now().count();
  bool after_faults = false; // at the start, what is ready runs before anything fires
  std::uint64_t next_tick = 0x10000;
  for (;;) {
    if (stop_requested_) {
      stats_.reason = sim::stop_reason::stopped;
      break;
    }
    auto next = next_instant(now);
    auto next_fault = next_moment_ < moments_.size() ? moments_[next_moment_].time.count()
                                                     : std::numeric_limits<std::int64_t>::max();
    if (std::min(next, next_fault) > length) {
      hand_over_outboxes(); // the run ends with them on their clocks, as one group's would
      set_all_clocks(std::max(now, length));
      stats_.reason = sim::stop_reason::finished;
      break;
    }
    if (next_fault <= next) {
      // Faults act between windows, on the whole run, before what is due at their time.
      now = std::max(now, next_fault);
      hand_over_outboxes();
      next_dues_known_ = false;
      set_all_clocks(now);
      apply_due_faults(sim::time_point{sim::duration{now}});
      after_faults = true;
      continue;
    }
    now = next;
    auto end = std::min({now + window, next_fault, length + 1});
    logging_ = true;
    defer_reports(true);
    auto window_of = [&](std::size_t g) { run_group_window(g, now, end, after_faults); };
    if (crew)
      crew->run(window_of);
    else
      for (std::size_t g = 0; g < options_.groups; ++g)
        window_of(g);
    logging_ = false;
    defer_reports(false);
    after_faults = false;
    ++windows_;
    next_dues_known_ = true;
    merge_group_logs();
    if (stats_.steps < next_tick)
      continue;
    next_tick = stats_.steps + 0x10000;
    if (!within_wall_budget(watch))
      break;
  }
  scheduler_->enter(0);
  return finish(watch);
}

} // namespace detsim::engines
