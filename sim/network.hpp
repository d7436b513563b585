// sim/network.hpp: the network between named nodes. Decides for each message whether it
// is lost, when it arrives and whether it is duplicated, from per-link profiles, active
// faults (partitions, loss, latency, duplication) and the caller's seeded stream.
#pragma once

#include "detsim/sim/fault_plan.hpp"
#include "detsim/sim/name_index.hpp"
#include "detsim/sim/rng.hpp"
#include "detsim/sim/time.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace detsim::sim {

using node_id = std::uint32_t;

/// How one directed link behaves when no fault is active.
struct link_profile {
  duration latency_min{100'000};        ///< propagation floor (100us)
  duration latency_jitter_mean{50'000}; ///< exponential extra delay on top
  std::int64_t bandwidth = 0;           ///< bytes per second; 0 = unlimited
  double loss = 0;
  double duplicate = 0;
  bool fifo = false;                    ///< keep per-link order (TCP-like) or let jitter reorder
  /// A stream link retransmits: a lost message goes again this much later, the wait
  /// doubling each time (TCP's RTO and backoff), and is lost only after
  /// `max_retransmits` losses in a row. 0: a loss loses the message.
  duration retransmit_after{0};
  int max_retransmits = 6;
};

/// Messages of at most this size are control messages (a header, no declared payload).
constexpr std::size_t control_message_bytes = 64;

/// A window of time in which a NIC sends at `factor` of its rate (an emulator's phase).
struct rate_phase {
  time_point from{0};
  time_point to{0};
  double factor = 1;
};

/// A node's network interface: bytes per second it sends (egress) and receives (ingress),
/// 0 for unlimited. Transfers through it queue in order (a fluid share of its rate); slow
/// faults on the node and `phases` scale the egress rate. Only messages that declare a
/// payload queue: control messages interleave with transfers packet by packet.
struct nic_profile {
  std::int64_t egress = 0;
  std::int64_t ingress = 0;
  std::vector<rate_phase> phases;
};

/// A node's view of time: local = global + skew + global * drift_ppm / 1e6.
struct node_clock {
  duration skew{0};
  std::int64_t drift_ppm = 0;
};

enum class route_result : std::uint8_t { deliver, drop_loss, drop_partition };

struct route_decision {
  route_result result = route_result::deliver;
  time_point arrival{0};
  bool duplicated = false;
  time_point duplicate_arrival{0};
};

class network {
public:
  explicit network(link_profile defaults = {});

  node_id add_node(const std::string& name, node_clock clock = {});
  void add_to_group(const std::string& group, node_id node);
  void set_link(node_id source, node_id target, link_profile profile);
  void set_default_link(link_profile profile) { defaults_ = profile; }
  void set_nic(node_id node, nic_profile nic);
  /// How long the node's NIC needs, from `now`, to send what is queued on it.
  duration send_backlog(node_id node, time_point now) const;

  std::size_t node_count() const { return names_.size(); }
  const std::string& name(node_id node) const { return names_[node]; }
  const std::vector<std::string>& names() const { return names_; }

  /// Names of the nodes that belong to some group, in the order they were added.
  std::vector<std::string> grouped_names() const;
  /// Nodes a pattern names: "*", a node, a group, or "prefix*".
  std::vector<node_id> match(const std::string& pattern) const;
  /// Throws input_error for a plan that names nodes or groups that do not exist.
  void validate(const fault_plan& plan) const;

  /// Activates an interval fault (partition, loss, latency, duplicate, slow) under `id`
  /// (its index in the plan), or ends the one with that id.
  void begin(std::uint32_t id, const fault& f);
  void end(std::uint32_t id);

  /// The least time anything takes from source to target (the link's latency floor).
  duration latency_floor(node_id source, node_id target) const {
    return profile(source, target).latency_min;
  }

  /// The least floor of any link (a link set more than once counts each value it had):
  /// nothing sent between two nodes arrives sooner.
  duration least_latency_floor() const {
    return std::min(defaults_.latency_min, least_link_floor_);
  }
  /// Whether some node has a NIC (whose queues every sender to it shares).
  bool has_nics() const { return !nics_.empty(); }

  /// Decides the fate of `bytes` sent now from source to target.
  route_decision route(node_id source, node_id target, time_point now, std::size_t bytes,
                       rng& random);

  /// How many times slower the node's disk and NIC run now (product of active slow faults).
  double slowdown(node_id node) const;
  /// The share of its memory the node keeps now (the smallest of active memory faults; 1).
  double memory_share(node_id node) const;
  /// No link differs from an instant, lossless default, no NIC limits a node and no fault
  /// is active: every message would arrive at once, unchanged (the realtime engine then
  /// skips routing).
  bool ideal() const;

  /// What node `node` reads from its clock at global time `now`.
  time_point local_time(node_id node, time_point now) const;

private:
  struct active_fault {
    fault spec;
    std::vector<char> source_side; // membership by node id
    std::vector<char> target_side;
  };

  const link_profile& profile(node_id source, node_id target) const;
  bool applies(const active_fault& f, node_id source, node_id target) const;
  time_point delivery_time(node_id source, node_id target, const link_profile& link,
                           time_point now, std::size_t bytes, duration extra, rng& random);
  /// When a payload of `bytes` leaves the source's NIC and is through the target's.
  std::pair<time_point, time_point> through_nics(node_id source, node_id target, time_point now,
                                                 std::size_t bytes);
  std::vector<char> membership(const std::string& pattern) const;

  link_profile defaults_;
  std::vector<std::string> names_;
  std::vector<node_clock> clocks_; ///< up to the last node with skew or drift; none without
  std::map<std::string, std::vector<node_id>> groups_;
  name_index by_name_; ///< into names_
  // Active interval faults in the order they began (iterated: order is deterministic),
  // and where each id's entry is (lookups only), so that ending one costs a log, not a
  // scan: a plan of 100,000 overlapping faults loads and runs in well under a second.
  std::map<std::uint64_t, active_fault> active_;
  std::unordered_map<std::uint32_t, std::uint64_t> active_by_id_;
  std::uint64_t next_active_ = 0;
  // Lookups only (never iterated), keyed by (source << 32 | target).
  std::unordered_map<std::uint64_t, link_profile> links_;
  duration least_link_floor_ = duration::max();
  std::unordered_map<std::uint64_t, time_point> link_busy_until_;
  std::mutex link_busy_lock_;
  // By node id; empty until a NIC is set (then sized to the nodes).
  std::vector<nic_profile> nics_;
  std::vector<time_point> egress_free_;
  std::vector<time_point> ingress_free_;
};

} // namespace detsim::sim
