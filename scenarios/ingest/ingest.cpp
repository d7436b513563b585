// scenarios/ingest/ingest.cpp: the ingest scenario: parameters, the nodes it runs and the
// invariants it checks. Safety: every accepted observation indexed exactly once in its own
// space; producers told the truth about rejections; high priority never waits behind low.
#include "detsim/scenarios/ingest/ingest.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::ingest {

namespace {

namespace model = actors::ingest;

void require(bool condition, const std::string& message) {
  sim::require_input(condition, "ingest", message);
}

std::uint64_t take_count(sim::parameters& p, const std::string& name, std::int64_t fallback,
                         std::int64_t low, std::int64_t high, const std::string& help) {
  auto value = p.take_int(name, fallback, help);
  require(value >= low && value <= high,
          fmt::format("{} must be between {} and {}", name, low, high));
  return static_cast<std::uint64_t>(value);
}

} // namespace

ingest_scenario::ingest_scenario(sim::parameters& p)
  : duration_(p.take_duration("duration", std::chrono::seconds(5), "simulated time producers send")) {
  rate_ = p.take_double("rate", 100000, "observations per simulated second, all producers together");
  require(rate_ >= 1 && rate_ <= 1e8, "rate must be between 1 and 100000000");
  require(duration_.count() > 0 && duration_ <= std::chrono::hours(48),
          "duration must be positive and at most 48h");
  producers_ = static_cast<std::uint32_t>(take_count(p, "producers", 4, 1, 1024, "producer clients"));
  spaces_ = static_cast<std::uint32_t>(take_count(p, "spaces", 8, 1, 255, "isolated spaces, each with its own queues and index"));
  workers_ = static_cast<std::uint32_t>(take_count(p, "workers", 8, 1, 256, "workers in the pool"));
  producer_.skew = p.take_double("skew", 0, "extra share of observations sent to space 0 (1: all of them)");
  require(producer_.skew >= 0 && producer_.skew <= 1, "skew must be between 0 and 1");
  producer_.client_batch = static_cast<std::uint32_t>(
    take_count(p, "client_batch", producer_.client_batch, 1, 100000, "observations a producer sends at once"));
  producer_.high_share = p.take_double("high_share", producer_.high_share, "share of observations at high priority");
  producer_.low_share = p.take_double("low_share", producer_.low_share, "share of observations at low priority");
  require(producer_.high_share >= 0 && producer_.low_share >= 0 &&
            producer_.high_share + producer_.low_share <= 1,
          "high_share and low_share must be shares that add up to at most 1");
  producer_.rate = rate_ / producers_;
  producer_.stop_at = sim::time_point{duration_};
  read_pipeline(p);
  read_costs(p);
}

void ingest_scenario::read_pipeline(sim::parameters& p) {
  auto& s = space_;
  // One knob for all three queues, in the seed's production proportions (5K : 50K : 25K);
  // a queue's own capacity, when given, wins.
  auto total = std::int64_t(take_count(p, "queue_capacity", 50000, 1, 1'000'000'000,
                                       "normal queue capacity; high gets a tenth, low half"));
  s.capacity[model::high] = take_count(p, "high_capacity", std::max<std::int64_t>(1, total / 10), 1, 1'000'000'000, "high-priority queue capacity per space");
  s.capacity[model::normal] = take_count(p, "normal_capacity", total, 1, 1'000'000'000, "normal-priority queue capacity per space");
  s.capacity[model::low] = take_count(p, "low_capacity", std::max<std::int64_t>(1, total / 2), 1, 1'000'000'000, "low-priority queue capacity per space");
  s.batch_min = static_cast<std::uint32_t>(take_count(p, "batch_min", s.batch_min, 1, 1'000'000, "smallest batch a worker takes"));
  s.batch_max = static_cast<std::uint32_t>(take_count(p, "batch_max", s.batch_max, 1, 1'000'000, "largest batch a worker takes"));
  require(s.batch_min <= s.batch_max, "batch_min must be at most batch_max");
  s.steal_threshold = take_count(p, "steal_threshold", 1000, 0, 1'000'000'000, "queue depth above which other workers steal");
  worker_.steal_threshold = s.steal_threshold;
  s.idle_sleep = p.take_duration("idle_sleep", s.idle_sleep, "an idle worker's poll period (0s: busy-wait)");
  s.backpressure_at = p.take_double("backpressure_at", s.backpressure_at, "queue fill share that asks producers to hold");
  s.backpressure_delay = p.take_duration("backpressure_delay", s.backpressure_delay, "how long producers hold after backpressure");
  s.batch_timeout = p.take_duration("batch_timeout", s.batch_timeout, "a batch not reported by then is requeued");
  s.steal_requeue = p.take_bool("steal_requeue", true, "false breaks the pool on purpose: a stolen batch is lost when its worker dies");
  require(s.idle_sleep.count() >= 0 && s.backpressure_delay.count() >= 0 && s.batch_timeout.count() > 0,
          "idle_sleep and backpressure_delay must not be negative, batch_timeout must be positive");
  require(s.backpressure_at > 0 && s.backpressure_at <= 1, "backpressure_at must be in (0, 1]");
}

void ingest_scenario::read_costs(sim::parameters& p) {
  cpu_.cores = static_cast<std::uint32_t>(take_count(p, "cores", cpu_.cores, 1, 1024, "simulated CPU cores the workers share"));
  cpu_.switch_penalty = p.take_double("switch_penalty", cpu_.switch_penalty, "speed lost per job beyond the core count");
  require(cpu_.switch_penalty >= 0 && cpu_.switch_penalty <= 1, "switch_penalty must be between 0 and 1");
  worker_.batch_cost = p.take_duration("batch_cost", worker_.batch_cost, "CPU time per batch");
  worker_.observation_cost = p.take_duration("observation_cost", worker_.observation_cost, "CPU time per observation");
  worker_.insert_cost = p.take_duration("insert_cost", worker_.insert_cost, "CPU time per observation per doubling of the index");
  require(worker_.batch_cost.count() >= 0 && worker_.observation_cost.count() >= 0 && worker_.insert_cost.count() >= 0,
          "batch_cost, observation_cost and insert_cost must not be negative");
  auto work = p.take_choice("work", "modelled", {"modelled", "real"},
                            "modelled: the CPU model sets each batch's time; real: workers insert "
                            "into a real vector index (use with --engine realtime)");
  worker_.real_work = work == "real";
  dimensions_ = static_cast<std::uint32_t>(take_count(p, "dimensions", 768, 1, 65536, "embedding size for work=real"));
  index_preload_ = take_count(p, "index_preload", 0, 0, 1'000'000'000, "observations already in each space's index");
  p99_bound_ = p.take_duration("p99_bound", std::chrono::milliseconds(100), "P99 latency above which the status is degraded");
  auto& m = space_.memory;
  m.base_bytes = p.take_double("base_mb", 150, "memory of the idle server (MB)") * 1024 * 1024;
  m.queued_bytes = p.take_double("queued_bytes", m.queued_bytes, "memory per queued observation");
  m.indexed_bytes = p.take_double("indexed_bytes", m.indexed_bytes, "memory per indexed observation");
  require(m.base_bytes >= 0 && m.queued_bytes >= 0 && m.indexed_bytes >= 0 && m.base_bytes < 1e15 &&
            m.queued_bytes < 1e9 && m.indexed_bytes < 1e9,
          "base_mb, queued_bytes and indexed_bytes must be non-negative and sensible");
  client_link_.latency_min = p.take_duration("latency", std::chrono::microseconds(100), "producer-to-server link latency floor");
  client_link_.latency_jitter_mean = p.take_duration("jitter", std::chrono::microseconds(50), "mean extra producer link latency");
  local_link_.latency_min = p.take_duration("local_latency", std::chrono::microseconds(1), "hand-off latency inside the server");
  local_link_.latency_jitter_mean = sim::duration{0};
  local_link_.fifo = true;
  require(client_link_.latency_min.count() >= 0 && client_link_.latency_jitter_mean.count() >= 0 &&
            local_link_.latency_min.count() >= 0, "latencies must not be negative");
}

runtime::scenario_info ingest_scenario::info() {
  return {"ingest",
          "Engram streaming ingest (seed 004): priority queues, adaptive batching, work stealing, backpressure",
          [](sim::parameters& p) { return std::make_unique<ingest_scenario>(p); }};
}

void ingest_scenario::announce(caf::actor_system_config& cfg) const {
  actors::ingest::announce_types(cfg);
}

void ingest_scenario::setup(runtime::world& w) {
  state_ = std::make_unique<model::pipeline_state>(spaces_, workers_, producers_);
  stats_ = std::make_unique<model::ingest_stats>(spaces_, workers_);
  checker_ = std::make_unique<model::delivery_checker>(producers_);
  for (auto& space : state_->spaces) {
    space->index_size = index_preload_;
    if (worker_.real_work)
      space->vectors = std::make_unique<model::vector_index>(dimensions_, 16);
  }
  stats_->index_total = index_preload_ * spaces_;
  w.network().set_default_link(local_link_);
  auto cpu = w.spawn_node<model::host_cpu>("cpu", "", cpu_, stats_.get());
  // Declare every node before any starts, so that each sees all its peers' ids.
  for (std::uint32_t i = 0; i < spaces_; ++i)
    space_nodes_.push_back(w.add_node(fmt::format("space-{}", i), [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<model::ingest_space>(std::ref(world), id, i, &worker_nodes_, space_,
                                                       state_.get(), stats_.get(), checker_.get());
    }));
  for (std::uint32_t i = 0; i < workers_; ++i)
    worker_nodes_.push_back(w.add_node(fmt::format("worker-{}", i), [this, i, cpu](runtime::world& world, sim::node_id id) {
      return world.system().spawn<model::ingest_worker>(std::ref(world), id, i, &space_nodes_, cpu, worker_,
                                                        state_.get(), stats_.get());
    }));
  for (std::uint32_t i = 0; i < producers_; ++i)
    producer_nodes_.push_back(w.add_node(fmt::format("producer-{}", i), [this, i](runtime::world& world, sim::node_id id) {
      return world.system().spawn<model::ingest_producer>(std::ref(world), id, i, &space_nodes_, producer_,
                                                          state_.get(), stats_.get(), checker_.get());
    }));
  for (auto producer : producer_nodes_)
    for (auto space : space_nodes_) {
      w.network().set_link(producer, space, client_link_);
      w.network().set_link(space, producer, client_link_);
    }
  for (auto node : space_nodes_) {
    w.network().add_to_group("spaces", node);
    w.start_node(node);
  }
  for (auto node : worker_nodes_) {
    w.network().add_to_group("workers", node);
    w.start_node(node);
  }
  for (auto node : producer_nodes_) {
    w.network().add_to_group("producers", node);
    w.start_node(node);
  }
}

std::vector<std::string> ingest_scenario::chaos_targets() const {
  // Workers are threads of the server that can die and come back; spaces hold the queues
  // in memory and producers are the load generator, so chaos leaves them up.
  std::vector<std::string> names;
  for (std::uint32_t i = 0; i < workers_; ++i)
    names.push_back(fmt::format("worker-{}", i));
  return names;
}

std::vector<runtime::invariant_result> ingest_scenario::check(runtime::world& w) {
  close_books(w);
  std::vector<bool> up;
  for (auto node : worker_nodes_)
    up.push_back(w.is_up(node));
  checker_->check_end(*state_, up);
  return {runtime::verdict("indexed-exactly-once", checker_->delivery_violations(), "lost-or-duplicated"),
          runtime::verdict("rejections-reported", checker_->told_violations()),
          runtime::verdict("high-priority-first", checker_->priority_violations())};
}

void ingest_scenario::close_books(runtime::world& w) {
  auto end = w.global_now();
  // Observations still waiting count with what they have waited so far (a lower bound),
  // so an overloaded run cannot hide its backlog from the latency quantiles.
  auto waited = [&](std::uint32_t space, const model::segment& s) {
    auto ns = (end - sim::time_point{sim::duration{s.due_ns}}).count();
    stats_->latency.record(ns, s.count);
    stats_->space_latency[space].record(ns, s.count);
  };
  for (std::uint32_t i = 0; i < spaces_; ++i) {
    auto& space = *state_->spaces[i];
    for (const auto& queue : space.queues)
      for (const auto& s : queue)
        waited(i, s);
    for (const auto& [id, batch] : space.in_flight)
      for (const auto& s : batch.segments)
        waited(i, s);
    auto spent = (end - space.depth_since).count() / 1000;
    stats_->queue_depth.record(static_cast<std::int64_t>(space.total_depth()),
                               static_cast<std::uint64_t>(std::max<std::int64_t>(spent, 0)));
    space.depth_since = end;
  }
}

std::vector<std::string> ingest_scenario::size_parameters() const {
  return {"workers", "spaces", "producers"};
}

runtime::memory_estimate ingest_scenario::estimated_memory() const {
  // The checker keeps two bytes per observation offered, a real index its vector and 16
  // links; each node ~4 KB; CAF ~16 MiB.
  double per_observation = 2 + (worker_.real_work ? 4.0 * dimensions_ + 96 : 0);
  return runtime::memory_estimate::of(
    16 << 20, {{"rate", rate_, per_observation * sim::to_seconds(duration_)},
               {"spaces", double(spaces_), 4096},
               {"workers", double(workers_), 4096},
               {"producers", double(producers_), 4096}});
}

} // namespace detsim::scenarios::ingest
