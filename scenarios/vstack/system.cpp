// scenarios/vstack/system.cpp: parameters, actors and invariants of the V-Stack system.
#include "detsim/scenarios/vstack/system.hpp"

#include "detsim/scenarios/vstack/common.hpp"

#include <fmt/format.h>

#include <cmath>

namespace detsim::scenarios::vstack {

using namespace std::chrono_literals;

vstack_system::vstack_system(sim::parameters& p, std::string name, const vstack_defaults& d)
  : name_(std::move(name)), comparison_table_(d.comparison_table), targets_(d.targets) {
  auto nodes = p.take_int("nodes", 3, "storage nodes (ChunkPaxos acceptors holding chunks)");
  auto clients = p.take_int("clients", d.clients, "concurrent playback clients");
  smart_share_ = p.take_double("smart_share", d.smart_share,
                               "share of clients that schedule smartly (the rest round-robin)");
  auto videos = p.take_int("videos", 10, "videos, each uploaded by its own uploader at t=0");
  auto video_seconds = p.take_duration("video_length", 120s, "length of every video");
  chunk_length_ = p.take_duration("chunk_length", 2s, "seconds of video per chunk");
  auto bitrate = p.take_double("bitrate_mbps", 8, "video bitrate in Mbit/s");
  zipf_ = p.take_double("zipf", 1, "popularity skew: video k is watched ~ 1/(k+1)^zipf");
  client_start_ = p.take_duration("client_start", 2s, "when the first client starts watching");
  stagger_ = p.take_duration("stagger", 10s, "clients arrive uniformly over this window");
  duration_ = p.take_duration("duration", d.duration, "simulated time to run");
  contested_ = p.take_double("contested", d.contested,
                             "share of chunks a second uploader also proposes");

  // Where an options struct has the default, it is written once there.
  auto& c = client_options_;
  c.startup_buffer =
    p.take_duration("startup_buffer", c.startup_buffer, "buffered video needed to start");
  c.max_buffer =
    p.take_duration("max_buffer", c.max_buffer, "clients fetch no further ahead than this");
  auto parallel = p.take_int("parallel", c.parallel, "chunk reads a client keeps in flight");
  c.smart_timeout = p.take_duration("smart_timeout", c.smart_timeout, "smart client's read timeout");
  c.naive_timeout = p.take_duration("naive_timeout", c.naive_timeout, "naive client's read timeout");
  c.startup_race = p.take_bool("startup_race", c.startup_race, "smart clients race two replicas before the first frame");
  c.startup_focus = p.take_bool("startup_focus", c.startup_focus,
                                "before the first frame, fetch only what startup needs (no prefetch beside it)");
  storage_options_.startup_priority = p.take_bool("startup_priority", storage_options_.startup_priority,
                                   "nodes send smart clients' startup reads ahead of prefetch");

  auto& s = storage_options_;
  s.acceptor.persist = p.take_bool(
    "acceptor_persist", s.acceptor.persist,
    "false breaks acceptors on purpose: they forget on restart");
  s.disk_latency =
    p.take_duration("disk_latency", s.disk_latency, "mean disk seek and request handling");
  auto disk_mbps = p.take_double("disk_mbps", 4000, "disk read/write rate in Mbit/s");
  auto node_gbps = p.take_double("node_gbps", 1, "storage node NIC in Gbit/s");
  auto client_mbps = p.take_double("client_mbps", 100, "client downlink in Mbit/s");
  slow_node_ = p.take_int("slow_node", d.slow_node, "index of a degraded node, -1 for none");
  slow_factor_ = p.take_double("slow_factor", d.slow_factor,
                               "how much slower that node's disk and sending NIC are (it receives at full rate)");
  slow_latency_ = p.take_duration("slow_latency", d.slow_latency,
                                  "extra one-way latency on that node's links");

  auto& m = manager_options_;
  auto base = p.take_int("base_replicas", m.base_replicas, "replicas every acknowledged chunk keeps");
  auto max = p.take_int("max_replicas", m.max_replicas, "replicas a hot chunk may get");
  m.adaptive = p.take_bool("adaptive", m.adaptive, "adapt replication to load and failures");
  m.persist = p.take_bool("manager_persist", m.persist,
                          "false breaks the manager on purpose: it acknowledges registrations it never synced");
  manager_chaos_ = p.take_bool("manager_chaos", false, "chaos may kill and isolate the manager too");
  m.hot_reads_per_second = p.take_double("hot_reads", m.hot_reads_per_second,
                                         "reads per second above which a chunk is hot");

  kill_node_ = p.take_int("kill_node", d.kill_node, "index of a node to kill, -1 for none");
  kill_at_ = p.take_duration("kill_at", d.kill_at, "when kill_node is killed");
  restart_at_ = p.take_duration("restart_at", d.restart_at, "when kill_node restarts");

  link_.latency_min = p.take_duration("latency", 2ms, "one-way link latency floor");
  link_.latency_jitter_mean = p.take_duration("jitter", 500us, "mean extra link latency");
  // Reads, uploads and copies ride TCP streams: a lost packet is sent again after an RTO
  // (doubling); only a partition or a dead node loses a message.
  link_.retransmit_after = p.take_duration("rto", 200ms, "TCP's first retransmission timeout (doubling; 0: a loss loses the message)");
  proposer_options_.request_timeout =
    p.take_duration("request_timeout", 50ms, "uploader consensus request timeout");
  auto window = p.take_int("upload_window", 4, "chunks each uploader has in flight at once");

  require(nodes >= 1 && nodes <= 64, "nodes must be between 1 and 64");
  require(clients >= 0 && clients <= 100000, "clients must be between 0 and 100000");
  require(smart_share_ >= 0 && smart_share_ <= 1, "smart_share must be between 0 and 1");
  require(videos >= 1 && videos <= 10000, "videos must be between 1 and 10000");
  require(chunk_length_ >= 100ms, "chunk_length must be at least 100ms");
  require(video_seconds >= chunk_length_ && video_seconds <= 24h,
          "video_length must be between chunk_length and 24h");
  require(bitrate >= 0.001 && bitrate <= 100000, "bitrate_mbps must be between 0.001 and 100000");
  require(zipf_ >= 0 && zipf_ <= 10, "zipf must be between 0 and 10");
  require(client_start_.count() >= 0 && stagger_.count() >= 0,
          "client_start and stagger must not be negative");
  require(duration_.count() > 0, "duration must be positive");
  require(contested_ >= 0 && contested_ <= 1, "contested must be between 0 and 1");
  require(c.startup_buffer.count() > 0 && c.max_buffer >= c.startup_buffer,
          "need 0 < startup_buffer <= max_buffer");
  require(parallel >= 1 && parallel <= 64, "parallel must be between 1 and 64");
  require(c.smart_timeout.count() > 0 && c.naive_timeout.count() > 0,
          "read timeouts must be positive");
  require(s.disk_latency.count() >= 0, "disk_latency must not be negative");
  // Bounded both ways: each becomes a whole number of bytes per second.
  require(disk_mbps >= 0.001 && disk_mbps <= 1e7 && client_mbps >= 0.001 && client_mbps <= 1e7,
          "disk_mbps and client_mbps must be between 0.001 and 10000000");
  require(node_gbps >= 1e-6 && node_gbps <= 1e4, "node_gbps must be between 0.000001 and 10000");
  require(slow_node_ >= -1 && slow_node_ < nodes, "slow_node must be -1 or a node index");
  require(slow_factor_ >= 1 && slow_factor_ <= 1000, "slow_factor must be between 1 and 1000");
  require(slow_latency_.count() >= 0 && slow_latency_ <= 10s,
          "slow_latency must be between 0 and 10s");
  // Minority failures may take (nodes - 1) / 2 nodes: a majority must hold every chunk.
  require(base >= (nodes - 1) / 2 + 1 && base <= nodes,
          "base_replicas must be a majority of nodes and at most nodes");
  require(max >= base && max <= nodes, "max_replicas must be between base_replicas and nodes");
  require(m.hot_reads_per_second > 0, "hot_reads must be positive");
  require(kill_node_ >= -1 && kill_node_ < nodes, "kill_node must be -1 or a node index");
  require(kill_at_.count() >= 0 && restart_at_ > kill_at_,
          "need 0 <= kill_at < restart_at");
  require(proposer_options_.request_timeout.count() > 0, "request_timeout must be positive");
  require(link_.retransmit_after.count() >= 0 && link_.retransmit_after <= 60s, "rto must be between 0 and 60s");
  require(window >= 1 && window <= 1000, "upload_window must be between 1 and 1000");
  proposer_options_.window = static_cast<std::uint32_t>(window);

  nodes_ = static_cast<std::uint32_t>(nodes);
  clients_ = static_cast<std::uint32_t>(clients);
  videos_ = static_cast<std::uint32_t>(videos);
  video_chunks_ = static_cast<std::uint32_t>((video_seconds.count() + chunk_length_.count() - 1) /
                                             chunk_length_.count());
  chunk_bytes_ = static_cast<std::uint64_t>(bitrate * 1e6 / 8 * sim::to_seconds(chunk_length_));
  c.chunks = video_chunks_;
  c.chunk_length = chunk_length_;
  c.chunk_bytes = chunk_bytes_;
  c.parallel = static_cast<std::uint32_t>(parallel);
  s.disk_bytes_per_second = static_cast<std::int64_t>(disk_mbps * 1e6 / 8);
  node_nic_bytes_ = static_cast<std::int64_t>(node_gbps * 1e9 / 8);
  client_nic_bytes_ = static_cast<std::int64_t>(client_mbps * 1e6 / 8);
  m.base_replicas = static_cast<std::uint32_t>(base);
  m.max_replicas = static_cast<std::uint32_t>(max);
  proposer_options_.replicas = m.base_replicas;
  proposer_options_.chunk_bytes = chunk_bytes_;
}

runtime::scenario_info vstack_system::info(std::string name, std::string help,
                                  vstack_defaults defaults) {
  auto make = [name, defaults](sim::parameters& p) {
    return std::make_unique<vstack_system>(p, name, defaults);
  };
  return {std::move(name), std::move(help), make};
}

void vstack_system::require(bool condition, const std::string& message) const {
  sim::require_input(condition, name_, message);
}

void vstack_system::announce(caf::actor_system_config& cfg) const {
  actors::paxos::announce_types(cfg);
  actors::vstack::announce_types(cfg);
}

void vstack_system::setup(runtime::world& w) {
  w.network().set_default_link(link_);
  storage_ = add_storage_nodes(
    w, nodes_,
    [this](std::uint32_t i) {
      auto options = storage_options_;
      if (static_cast<std::int64_t>(i) == slow_node_)
        options.slow_factor = slow_factor_;
      return options;
    },
    &storage_stats_);
  // NICs shared by every transfer through them; the degraded node's is slower too.
  for (std::uint32_t i = 0; i < nodes_; ++i) {
    auto rate = static_cast<std::int64_t>(double(node_nic_bytes_) /
                                          (static_cast<std::int64_t>(i) == slow_node_ ? slow_factor_ : 1.0));
    w.network().set_nic(storage_[i], {rate, node_nic_bytes_, nic_phases_});
  }
  manager_options_.nodes = storage_;
  manager_node_ = add_manager(w, manager_options_, &manager_stats_);
  add_uploaders(w);
  add_clients(w);
  if (slow_node_ >= 0 && slow_latency_.count() > 0) {
    // A far-away node: every link to and from it is slower.
    auto far = link_;
    far.latency_min += slow_latency_;
    auto slow = storage_[static_cast<std::size_t>(slow_node_)];
    for (sim::node_id n = 0; n < w.network().node_count(); ++n)
      if (n != slow) {
        w.network().set_link(slow, n, far);
        w.network().set_link(n, slow, far);
      }
  }
}

void vstack_system::add_uploaders(runtime::world& w) {
  auto random = sim::rng::derive(w.seed(), name_ + "/uploads");
  std::vector<std::vector<actors::vstack::upload>> plan(videos_);
  for (std::uint32_t v = 0; v < videos_; ++v)
    for (std::uint32_t k = 0; k < video_chunks_; ++k) {
      std::uint64_t chunk = std::uint64_t{v} * video_chunks_ + k;
      plan[v].push_back({chunk, random.next(), true});
      if (videos_ > 1 && random.chance(contested_))
        plan[(v + 1) % videos_].push_back({chunk, random.next(), false});
    }
  auto options = proposer_options_;
  options.manager = manager_node_;
  for (std::uint32_t v = 0; v < videos_; ++v) {
    auto node = w.add_node(fmt::format("uploader-{}", v),
                           [this, v, uploads = plan[v], options](runtime::world& world,
                                                                 sim::node_id id) {
                             return world.system().spawn<actors::vstack::uploader>(
                               std::ref(world), id, v, storage_, uploads, options, &uploads_,
                               &checker_);
                           });
    w.network().add_to_group("uploaders", node);
    w.start_node(node);
  }
}

std::uint32_t vstack_system::pick_video(sim::rng& random) const {
  double total = 0;
  for (std::uint32_t v = 0; v < videos_; ++v)
    total += 1 / std::pow(v + 1, zipf_);
  double x = random.unit() * total;
  for (std::uint32_t v = 0; v < videos_; ++v) {
    x -= 1 / std::pow(v + 1, zipf_);
    if (x < 0)
      return v;
  }
  return videos_ - 1;
}

void vstack_system::add_clients(runtime::world& w) {
  audit_.chosen = &checker_;
  auto random = sim::rng::derive(w.seed(), name_ + "/clients");
  auto smart_count = static_cast<std::uint32_t>(std::lround(smart_share_ * clients_));
  for (std::uint32_t i = 0; i < clients_; ++i) {
    auto options = client_options_;
    // Alternate kinds so both see the same mix of videos and start times.
    bool smart = smart_count == clients_ ||
                 (smart_count > 0 && (i * smart_count) / clients_ !=
                                       ((i + 1) * smart_count) / clients_);
    options.kind = smart ? actors::vstack::client_kind::smart : actors::vstack::client_kind::naive;
    options.first_chunk = std::uint64_t{pick_video(random)} * video_chunks_;
    options.start_at = client_start_ + sim::duration{static_cast<std::int64_t>(
                                         random.below(stagger_.count() + 1))};
    options.manager = manager_node_;
    auto* stats = smart ? &smart_ : &naive_;
    auto node = w.add_node(fmt::format("client-{}", i),
                           [this, i, options, stats](runtime::world& world, sim::node_id id) {
                             return world.system().spawn<actors::vstack::client>(std::ref(world), id, i,
                                                                         options, stats, &audit_);
                           });
    w.network().add_to_group(smart ? "smart" : "naive", node);
    w.network().add_to_group("clients", node);
    w.network().set_nic(node, {0, client_nic_bytes_, {}});
    w.start_node(node);
  }
}

sim::fault_plan vstack_system::builtin_faults() const {
  if (kill_node_ < 0)
    return {};
  return sim::fault_plan::parse(fmt::format("at {} kill node-{}; at {} restart node-{}",
                                            sim::format_duration(kill_at_), kill_node_,
                                            sim::format_duration(restart_at_), kill_node_),
                                name_ + " kill_node");
}

std::vector<std::string> vstack_system::chaos_targets() const {
  auto targets = storage_node_names(nodes_);
  if (manager_chaos_)
    targets.push_back("manager"); // the control plane too: its directory must be rebuilt
  return targets;
}

std::vector<runtime::invariant_result> vstack_system::check(runtime::world& w) {
  return {runtime::verdict("agreement", checker_.agreement_violations()),
          runtime::verdict("validity", checker_.validity_violations()),
          readable_after_minority_failure(checker_, directory_now(manager_stats_, w, manager_node_), w, nodes_),
          directory_agrees_with_nodes(manager_stats_, w),
          runtime::verdict("playback_matches_chosen", audit_.violations)};
}

std::vector<std::string> vstack_system::size_parameters() const {
  return {"clients", "videos", "nodes"};
}

runtime::memory_estimate vstack_system::estimated_memory() const {
  // Measured peaks: ~20 MiB base, ~8 KB per client, ~3 KB per chunk a node stores.
  double chunks = double(videos_) * video_chunks_;
  return runtime::memory_estimate::of(20 << 20, {{"clients", double(clients_), 8000},
                                                 {"videos", double(videos_), video_chunks_ * 3000.0},
                                                 {"nodes", double(nodes_), chunks * 3000.0}});
}

} // namespace detsim::scenarios::vstack
