// scenarios/helios/chaos.cpp: helios-chaos, the Helios store replicated on `replicas`
// nodes with majority quorums, clients writing and reading while --chaos kills,
// partitions and drops. Chaos stops at `duration`; a quiet period follows. Invariants:
// no acknowledged state is lost (a majority read finds it; every live replica holds it at
// the end); reads call committed only what a majority confirmed; after the quiet period
// every live replica has the same root. Broken on purpose: sync_before_ack=false.
#include "detsim/actors/helios/quorum_client.hpp"
#include "detsim/actors/helios/replica.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/helios/store_setup.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::helios {

namespace {

using namespace actors::helios;

class chaos_scenario final : public runtime::scenario {
public:
  explicit chaos_scenario(sim::parameters& p)
    : duration_(p.take_duration("duration", std::chrono::seconds(10), "time clients work and chaos acts")),
      quiet_(p.take_duration("quiet", std::chrono::seconds(3), "quiet period after, for replicas to converge")) {
    replicas_ = p.take_int("replicas", 3, "replicas of the store (3 or 5)");
    clients_ = p.take_int("clients", 4, "clients writing and reading");
    client_.rate_hz = p.take_double("rate_hz", client_.rate_hz, "operations per client per second");
    client_.read_share = p.take_double("read_share", client_.read_share, "share of operations that read");
    client_.timeout = p.take_duration("timeout", client_.timeout, "a client's wait for one replica");
    replica_.sync_before_ack = p.take_bool(
      "sync_before_ack", true, "false breaks replicas on purpose: they ack before the disk has the state");
    replica_.flush_interval = p.take_duration("flush_interval", replica_.flush_interval,
                                              "how often a replica that acks first syncs");
    replica_.anti_entropy_every = p.take_duration("anti_entropy_every", replica_.anti_entropy_every,
                                                  "a replica compares with a random peer this often");
    default_chaos_ = p.take_bool("default_chaos", true,
                                 "without --chaos: kill-rate=0.5/s,partition-rate=0.2/s,loss=0.01");
    link_.latency_min = p.take_duration("latency", std::chrono::milliseconds(1), "one-way link latency");
    link_.latency_jitter_mean = p.take_duration("jitter", std::chrono::microseconds(200), "mean extra latency");
    require(replicas_ == 3 || replicas_ == 5, "replicas must be 3 or 5");
    require(clients_ >= 1 && clients_ <= 1000, "clients must be between 1 and 1000");
    require(client_.rate_hz > 0 && client_.rate_hz <= 10'000, "rate_hz must be in (0, 10000]");
    require(client_.read_share >= 0 && client_.read_share <= 1, "read_share must be between 0 and 1");
    require(duration_.count() > 0 && quiet_.count() >= 0, "duration must be positive and quiet not negative");
    require(client_.timeout.count() > 0 && replica_.flush_interval.count() > 0 &&
              replica_.anti_entropy_every.count() > 0,
            "timeout, flush_interval and anti_entropy_every must be positive");
    client_.stop_at = sim::time_point{duration_};
  }

  void announce(caf::actor_system_config& cfg) const override { announce_replica_types(cfg); }
  sim::duration length() const override { return duration_ + quiet_; }
  sim::duration chaos_length() const override { return duration_; }
  std::string default_chaos() const override {
    return default_chaos_ ? "kill-rate=0.5/s,partition-rate=0.2/s,loss=0.01" : "";
  }
  std::vector<std::string> chaos_targets() const override {
    std::vector<std::string> names;
    for (std::int64_t i = 0; i < replicas_; ++i)
      names.push_back(fmt::format("replica-{}", i));
    return names;
  }

  void setup(runtime::world& w) override {
    w.network().set_default_link(link_);
    probes_.resize(static_cast<std::size_t>(replicas_));
    replica_.replicas = &replica_nodes_;
    client_.replicas = &replica_nodes_;
    for (std::int64_t i = 0; i < replicas_; ++i)
      replica_nodes_.push_back(w.add_node(fmt::format("replica-{}", i),
        [this, i](runtime::world& world, sim::node_id id) {
          return world.system().spawn<replica>(std::ref(world), id, replica_, &probes_[i]);
        }));
    for (auto node : replica_nodes_) {
      w.network().add_to_group("replicas", node);
      w.start_node(node);
    }
    for (std::int64_t i = 0; i < clients_; ++i)
      w.spawn_node<quorum_client>(fmt::format("client-{}", i), "clients",
                                  static_cast<std::uint32_t>(i), client_, &checker_, &stats_);
  }

  std::vector<runtime::invariant_result> check(runtime::world& w) override;
  std::vector<runtime::metric> metrics() const override;
  std::vector<runtime::plot> plots() const override;
  std::vector<std::string> size_parameters() const override { return {"clients", "replicas"}; }

private:
  static void require(bool ok, const std::string& message) {
    sim::require_input(ok, "helios-chaos", message);
  }

  sim::duration duration_;
  sim::duration quiet_;
  bool default_chaos_ = true;
  std::int64_t replicas_ = 3;
  std::int64_t clients_ = 4;
  sim::link_profile link_;
  replica_options replica_;
  quorum_client_options client_;
  std::vector<sim::node_id> replica_nodes_;
  std::vector<replica_probe> probes_;
  quorum_checker checker_;
  quorum_client_stats stats_;
  std::size_t live_at_end_ = 0;
};

std::vector<runtime::invariant_result> chaos_scenario::check(runtime::world& w) {
  std::vector<std::string> lost = checker_.lost(), diverged;
  std::vector<const state_store*> live;
  for (std::size_t i = 0; i < replica_nodes_.size(); ++i)
    if (w.is_up(replica_nodes_[i]) && probes_[i].store)
      live.push_back(probes_[i].store);
  live_at_end_ = live.size();
  // Roots: each live replica's digest of its set of states (order-free: replicas apply
  // writes in different orders).
  std::vector<std::string> roots;
  for (const auto* store : live)
    roots.push_back(to_hex(const_cast<state_store*>(store)->set_digest(), 8) +
                    fmt::format(" ({} states)", store->size()));
  for (std::size_t i = 1; i < roots.size(); ++i)
    if (roots[i] != roots[0])
      diverged.push_back(fmt::format("after {} quiet, live replicas differ: {} vs {}",
                                     sim::format_duration(quiet_), roots[0], roots[i]));
  for (const auto& id : checker_.acknowledged_states()) {
    digest d{};
    parse_digest(id, d);
    for (std::size_t r = 0; r < live.size(); ++r)
      if (!live[r]->contains(d) && lost.size() < 10)
        lost.push_back(fmt::format("acknowledged state {} is on no replica at the end", to_hex(d, 6)));
  }
  return {runtime::verdict("no-acknowledged-commit-lost", lost, "lost-ack"),
          runtime::verdict("reads-commit-only-acknowledged", checker_.uncommitted_reads()),
          runtime::verdict("reads-return-what-was-written", checker_.corrupt_reads()),
          runtime::verdict("replicas-converge", diverged)};
}

std::vector<runtime::metric> chaos_scenario::metrics() const {
  return {
    {"writes", double(stats_.writes), ""},
    {"writes_acknowledged", double(stats_.writes_acknowledged), ""},
    {"writes_failed", double(stats_.writes_failed), ""},
    {"reads", double(stats_.reads), ""},
    {"reads_committed", double(stats_.reads_committed), ""},
    {"reads_missing", double(stats_.reads_missing), ""},
    {"reads_unavailable", double(stats_.reads_unavailable), ""},
    {"read_repairs", double(stats_.repairs), ""},
    {"live_replicas_at_end", double(live_at_end_), ""},
  };
}

std::vector<runtime::plot> chaos_scenario::plots() const {
  auto series = [](const char* label, const sim::time_series& counts) {
    runtime::plot_series s{label, {}};
    auto bucket = sim::to_seconds(counts.bucket());
    for (std::size_t i = 0; i < counts.counts().size(); ++i)
      s.points.emplace_back(double(i) * bucket, double(counts.counts()[i]) / bucket);
    return s;
  };
  runtime::plot writes{"Writes per simulated second", "simulated time (s)", "writes/s", {}};
  writes.series.push_back(series("acknowledged", stats_.acknowledged_over_time));
  writes.series.push_back(series("failed (no majority)", stats_.failed_over_time));
  runtime::plot reads{"Reads per simulated second", "simulated time (s)", "reads/s", {}};
  reads.series.push_back(series("committed", stats_.committed_reads_over_time));
  reads.series.push_back(series("missing", stats_.missing_reads_over_time));
  return {writes, reads};
}

} // namespace

runtime::scenario_info chaos_info() {
  return {"helios-chaos",
          "Helios (seed 000): the store replicated with majority quorums under kills, partitions and loss",
          [](sim::parameters& p) { return std::make_unique<chaos_scenario>(p); }};
}

} // namespace detsim::scenarios::helios
