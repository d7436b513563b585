// scenarios/vstack/paxos.cpp: vstack-paxos. Safety: one value per chunk (agreement), only
// a proposed value (validity), and every acknowledged upload survives a minority failure.
// Reported: messages per chosen chunk for each protocol (consensus only: storing and
// registering cost the same for both), conflicts resolved, retries, time to choose.
#include "detsim/scenarios/vstack/paxos.hpp"

#include "detsim/scenarios/vstack/common.hpp"

#include <fmt/format.h>

namespace detsim::scenarios::vstack {

namespace {

void require(bool condition, const std::string& message) {
  sim::require_input(condition, "vstack-paxos", message);
}

} // namespace

vstack_paxos::vstack_paxos(sim::parameters& p)
  : duration_(p.take_duration("duration", std::chrono::seconds(10), "simulated time to run")) {
  auto nodes = p.take_int("nodes", 3, "storage nodes, each a ChunkPaxos acceptor");
  auto uploaders = p.take_int("uploaders", 10, "concurrent uploaders per protocol");
  auto chunks = p.take_int("chunks", 20, "chunks each uploader owns");
  contested_ = p.take_double("contested", 0.2,
                             "fraction of chunks a second uploader also proposes (conflicts)");
  storage_options_.acceptor.persist = p.take_bool(
    "acceptor_persist", true, "false breaks acceptors on purpose: they forget on restart");
  proposer_options_.request_timeout =
    p.take_duration("request_timeout", std::chrono::milliseconds(20), "proposer request timeout");
  auto chunk_bytes = p.take_int("chunk_bytes", 1'000'000, "size of every uploaded chunk");
  auto window = p.take_int("upload_window", 4, "chunks each uploader has in flight at once");
  link_.latency_min = p.take_duration("latency", std::chrono::milliseconds(1), "link latency floor");
  link_.latency_jitter_mean =
    p.take_duration("jitter", std::chrono::microseconds(200), "mean extra link latency");
  require(nodes >= 1 && nodes <= 99, "nodes must be between 1 and 99");
  require(uploaders >= 1 && uploaders <= 10000, "uploaders must be between 1 and 10000");
  static_assert(10000 < 0xFFFF, "uploader indexes must fit a ballot's proposer field");
  require(chunks >= 1 && chunks <= 100000, "chunks must be between 1 and 100000");
  require(contested_ >= 0 && contested_ <= 1, "contested must be between 0 and 1");
  require(duration_.count() > 0, "duration must be positive");
  require(chunk_bytes >= 1 && chunk_bytes <= 1'000'000'000,
          "chunk_bytes must be between 1 and 1000000000");
  require(window >= 1 && window <= 1000, "upload_window must be between 1 and 1000");
  proposer_options_.chunk_bytes = static_cast<std::uint64_t>(chunk_bytes);
  proposer_options_.window = static_cast<std::uint32_t>(window);
  nodes_ = static_cast<std::uint32_t>(nodes);
  uploaders_ = static_cast<std::uint32_t>(uploaders);
  chunks_ = static_cast<std::uint32_t>(chunks);
}

runtime::scenario_info vstack_paxos::info() {
  return {"vstack-paxos",
          "V-Stack (seed 003): ChunkPaxos vs classic Paxos, uploaders agreeing on chunks",
          [](sim::parameters& p) { return std::make_unique<vstack_paxos>(p); }};
}

void vstack_paxos::announce(caf::actor_system_config& cfg) const {
  actors::paxos::announce_types(cfg);
  actors::vstack::announce_types(cfg);
}

std::vector<std::vector<actors::vstack::upload>> vstack_paxos::plan_uploads(
  std::uint64_t seed, std::uint64_t first_chunk) const {
  auto random = sim::rng::derive(seed, "vstack-paxos/plan/" + std::to_string(first_chunk));
  std::vector<std::vector<actors::vstack::upload>> plan(uploaders_);
  for (std::uint32_t u = 0; u < uploaders_; ++u)
    for (std::uint32_t k = 0; k < chunks_; ++k) {
      auto chunk = first_chunk + u * chunks_ + k;
      plan[u].push_back({chunk, random.next(), true});
      if (uploaders_ > 1 && random.chance(contested_))
        plan[(u + 1) % uploaders_].push_back({chunk, random.next(), false});
    }
  return plan;
}

void vstack_paxos::add_group(runtime::world& w, const char* prefix, bool classic,
                             std::uint64_t first_chunk, actors::vstack::uploader_stats* stats) {
  auto plan = plan_uploads(w.seed(), first_chunk);
  auto options = proposer_options_;
  options.classic = classic;
  options.replicas = nodes_ / 2 + 1; // stored on a majority before it is acknowledged
  options.manager = manager_node_;
  for (std::uint32_t u = 0; u < uploaders_; ++u) {
    auto uploads = plan[u];
    auto node = w.add_node(fmt::format("{}-{}", prefix, u),
                           [this, u, uploads, options, stats](runtime::world& world,
                                                              sim::node_id id) {
                             return world.system().spawn<actors::vstack::uploader>(
                               std::ref(world), id, u, acceptors_, uploads, options, stats,
                               &checker_);
                           });
    w.network().add_to_group(prefix, node);
    w.network().add_to_group("uploaders", node);
    w.start_node(node);
  }
}

void vstack_paxos::setup(runtime::world& w) {
  w.network().set_default_link(link_);
  acceptors_ = add_storage_nodes(
    w, nodes_, [this](std::uint32_t) { return storage_options_; }, &storage_stats_);
  actors::vstack::manager_options manager;
  manager.nodes = acceptors_;
  manager.adaptive = false; // nothing is read here: the directory is all this run needs
  manager_node_ = add_manager(w, manager, &manager_stats_);
  // Disjoint chunk ranges, same acceptors: the two protocols compare like for like.
  std::uint64_t range = std::uint64_t{uploaders_} * chunks_;
  add_group(w, "uploader", false, 0, &chunkpaxos_);
  add_group(w, "classic", true, range, &classic_);
}

std::vector<std::string> vstack_paxos::chaos_targets() const {
  return storage_node_names(nodes_);
}

std::vector<runtime::invariant_result> vstack_paxos::check(runtime::world& w) {
  return {runtime::verdict("agreement", checker_.agreement_violations()),
          runtime::verdict("validity", checker_.validity_violations()),
          readable_after_minority_failure(checker_, directory_now(manager_stats_, w, manager_node_), w, nodes_)};
}

std::vector<runtime::metric> vstack_paxos::metrics() const {
  auto per_chunk = [](const actors::vstack::uploader_stats& s) {
    return s.chosen ? static_cast<double>(s.messages) / static_cast<double>(s.chosen) : 0.0;
  };
  auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  return {
    {"chunks_chosen", static_cast<double>(checker_.chunks_chosen()), ""},
    {"chunks_acknowledged", static_cast<double>(checker_.acknowledged().size()), ""},
    {"chunkpaxos_messages_per_chunk", per_chunk(chunkpaxos_), ""},
    {"classic_messages_per_chunk", per_chunk(classic_), ""},
    {"chunkpaxos_retries", static_cast<double>(chunkpaxos_.retries), ""},
    {"classic_retries", static_cast<double>(classic_.retries), ""},
    {"conflicts_resolved", static_cast<double>(chunkpaxos_.adopted + classic_.adopted), ""},
    {"chunkpaxos_uploads_in_flight_max", static_cast<double>(chunkpaxos_.max_in_flight), ""},
    {"chunkpaxos_choose_p50", ms(chunkpaxos_.choose_latency.quantile(0.5)), "ms"},
    {"chunkpaxos_choose_p99", ms(chunkpaxos_.choose_latency.quantile(0.99)), "ms"},
    {"classic_choose_p50", ms(classic_.choose_latency.quantile(0.5)), "ms"},
  };
}

std::vector<std::string> vstack_paxos::size_parameters() const {
  return {"uploaders", "chunks", "nodes"};
}

runtime::memory_estimate vstack_paxos::estimated_memory() const {
  // Measured peaks: ~12 MiB base, ~2.5 KB per chunk an uploader proposes (both protocols).
  double proposals = double(uploaders_) * chunks_;
  return runtime::memory_estimate::of(12 << 20, {{"uploaders", double(uploaders_), chunks_ * 2500.0},
                                                 {"nodes", double(nodes_), proposals * 500.0}});
}

} // namespace detsim::scenarios::vstack
