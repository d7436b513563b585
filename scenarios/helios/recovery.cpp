// scenarios/helios/recovery.cpp: helios-recovery, crash recovery of a Helios store. A
// writer commits `states` states in batches; the store logs them to its simulated disk
// with checkpoints and acknowledges after each sync. The store is crashed while the batch
// after the last one is half synced (the disk keeps a random part of it: a torn write),
// restarted, and recovers; the report gives the real wall time that recovery took.
// Invariants: every acknowledged state is there and hashes to its digest; every
// recovered state hashes correctly; the torn tail is gone (recovering again finds none).
#include "detsim/actors/helios/log_writer.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::helios {

namespace {

using namespace actors::helios;

class recovery_scenario final : public runtime::scenario {
public:
  explicit recovery_scenario(sim::parameters& p) : store_(store_setup::take(p, "helios-recovery")) {
    auto states = p.take_int("states", 1'000'000, "states written before the crash");
    auto batch = p.take_int("batch", writer_.batch, "states per commit message");
    writer_.interval = p.take_duration("interval", writer_.interval, "time between batches");
    auto checkpoint = p.take_int("checkpoint_every", store_.server.checkpoint_every,
                                 "states per checkpoint block");
    restart_after_ = p.take_duration("restart_after", std::chrono::milliseconds(10),
                                     "how long the store stays down");
    require(states >= 1 && states <= 50'000'000, "states must be between 1 and 50000000");
    require(batch >= 1 && batch <= 100'000, "batch must be between 1 and 100000");
    require(checkpoint >= 1 && checkpoint <= 100'000'000, "checkpoint_every must be between 1 and 100000000");
    require(writer_.interval.count() > 0 && restart_after_.count() > 0,
            "interval and restart_after must be positive");
    writer_.states = static_cast<std::uint64_t>(states);
    writer_.batch = static_cast<std::uint32_t>(batch);
    store_.server.persist = true;
    store_.server.checkpoint_every = static_cast<std::uint32_t>(checkpoint);
    // The store must finish a batch before the next arrives, or acknowledgements lag.
    auto service = store_.server.commit_cost * writer_.batch + store_.server.sync_cost;
    require(service < writer_.interval,
            fmt::format("a batch takes the store {} (batch x commit_cost + sync); interval must be longer",
                        sim::format_duration(service)));
  }

  void announce(caf::actor_system_config& cfg) const override {
    announce_store_types(cfg);
    runtime::announce_messages<writer_tick>(cfg);
  }

  /// The last batch reaches the store at crash_at minus half its service time.
  sim::time_point crash_at() const {
    auto last_sent = writer_.interval * static_cast<std::int64_t>(log_writer::batches(writer_));
    return sim::time_point{last_sent + store_.link.latency_min +
                           store_.server.commit_cost * writer_.batch / 2};
  }
  sim::duration length() const override {
    return crash_at() + restart_after_ + std::chrono::milliseconds(10);
  }

  sim::fault_plan builtin_faults() const override {
    sim::fault_plan plan;
    sim::fault kill;
    kill.kind = sim::fault_kind::kill;
    kill.start = kill.end = crash_at();
    kill.node = "store";
    auto restart = kill;
    restart.kind = sim::fault_kind::restart;
    restart.start = restart.end = crash_at() + restart_after_;
    plan.add(kill);
    plan.add(restart);
    return plan;
  }
  std::vector<std::string> chaos_targets() const override { return {"store"}; }

  void setup(runtime::world& w) override {
    w.network().set_default_link(store_.link);
    store_node_ = store_.spawn(w, &store_stats_, &probe_);
    w.spawn_node<log_writer>("writer", "writers", store_node_, writer_, &writer_stats_);
  }

  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::target> targets() const override {
    return {{"recovery <= 1 s (real wall time)", "recovery_wall_ms", "<=", 1000, "ms"}};
  }
  std::vector<runtime::plot> plots() const override { return store_plots(store_stats_, nullptr); }
  std::vector<std::string> size_parameters() const override { return {"states"}; }
  runtime::memory_estimate estimated_memory() const override {
    // The store (~90 B), its log and checkpoint copies (~100 B), the writer's digest (~40 B).
    return runtime::memory_estimate::of(32 << 20, {{"states", double(writer_.states), 300}});
  }

private:
  static void require(bool ok, const std::string& message) {
    sim::require_input(ok, "helios-recovery", message);
  }

  store_setup store_;
  log_writer_options writer_;
  sim::duration restart_after_{0};
  sim::node_id store_node_ = 0;
  store_stats store_stats_;
  store_probe probe_;
  log_writer_stats writer_stats_;
};

std::vector<runtime::invariant_result> recovery_scenario::check(runtime::world& w) {
  std::vector<std::string> lost, corrupt, torn;
  auto* store = w.is_up(store_node_) ? probe_.store : nullptr;
  if (!store || store_stats_.recoveries == 0) {
    lost.push_back("the store did not recover from a crash");
    return {runtime::verdict("acknowledged-states-recovered", lost)};
  }
  for (const auto& id : writer_stats_.acknowledged) {
    digest d{};
    if (!parse_digest(id, d) || !store->contains(d))
      if (lost.size() < 10)
        lost.push_back(fmt::format("acknowledged state {} is missing after recovery", to_hex(d, 8)));
  }
  // Every recovered state, acknowledged or not, is whole: its bytes hash to its name.
  sha256 hasher;
  std::string content;
  for (std::uint32_t i = 0; i < store->size(); ++i) {
    store->materialize(i, content);
    if (hasher.of(content) != store->id_of(i) && corrupt.size() < 10)
      corrupt.push_back(fmt::format("recovered state {} does not hash to its digest", i));
  }
  // Recovering the disk again finds exactly the same states and nothing torn.
  state_store again(store_.server.store);
  auto disk_copy = w.store(store_node_);
  auto second = store_log(disk_copy, store_.server.checkpoint_every).recover(again);
  if (second.torn_bytes != 0)
    torn.push_back(fmt::format("{} torn bytes are still on disk after recovery", second.torn_bytes));
  if (second.states < store->size())
    torn.push_back(fmt::format("recovering again finds {} states, the store holds {}",
                               second.states, store->size()));
  return {runtime::verdict("acknowledged-states-recovered", lost),
          runtime::verdict("recovered-states-hash", corrupt),
          runtime::verdict("torn-tail-dropped", torn)};
}

std::vector<runtime::metric> recovery_scenario::metrics() const {
  const auto& r = store_stats_.last_recovery;
  auto wall_ms = double(store_stats_.recovery_wall_ns) / 1e6;
  return {
    {"states_written", double(writer_stats_.sent), ""},
    {"states_acknowledged", double(writer_stats_.acknowledged.size()), ""},
    {"states_recovered", double(r.states), ""},
    {"recovery_wall_ms", wall_ms, "ms"},
    {"recovery_states_per_s", wall_ms > 0 ? double(r.states) / (wall_ms / 1e3) : 0, "/s"},
    {"checkpoints_loaded", double(r.checkpoints), ""},
    {"log_records_replayed", double(r.log_records), ""},
    {"torn_bytes_dropped", double(r.torn_bytes), "B"},
    {"bytes_per_state", r.states ? double(store_stats_.memory_bytes) / double(r.states) : 0, "B"},
  };
}

} // namespace

runtime::scenario_info recovery_info() {
  return {"helios-recovery",
          "Helios (seed 000): crash recovery of a logged store from checkpoints and a torn log",
          [](sim::parameters& p) { return std::make_unique<recovery_scenario>(p); }};
}

} // namespace detsim::scenarios::helios
