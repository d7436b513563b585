// actors/vstack/storage.hpp: a V-Stack storage node. It is a ChunkPaxos acceptor, keeps
// chunk data on its simulated disk (synced before it acknowledges), and serves reads
// through a disk (seek + bytes / disk rate). The reply carries the chunk's bytes, which the
// network model sends through the node's NIC and the client's downlink (shared by every
// transfer on them). A slow node (slow_factor, or a `slow` fault of the plan) multiplies its
// disk's service times; its NIC's rate is the scenario's to set.
#pragma once

#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/paxos/acceptor.hpp"
#include "detsim/actors/vstack/messages.hpp"
#include "detsim/sim/histogram.hpp"

#include <caf/response_promise.hpp>

#include <deque>
#include <map>
#include <set>
#include <optional>

namespace detsim::actors::vstack {

struct storage_options {
  paxos::acceptor_options acceptor;
  sim::duration disk_latency{1'000'000};              ///< mean seek + request handling
  std::int64_t disk_bytes_per_second = 500'000'000;
  double slow_factor = 1;                             ///< > 1: a degraded disk
  /// Reads that would wait longer than this for the NIC are refused as busy: a client that
  /// gave up would otherwise still cost a full transfer (congestion collapse).
  sim::duration max_backlog{1'000'000'000};
  /// Memory for the chunks of reads in service (read from disk, not yet sent). A read that
  /// would not fit is refused as busy; a memory-pressure fault shrinks it.
  std::uint64_t buffer_bytes = 256ull << 20;
  /// Send urgent replies (startup reads) ahead of the others: replies wait in the node's
  /// own queue while its NIC has more than `pacing` queued, urgent ones first.
  bool startup_priority = false;
  sim::duration pacing{20'000'000};
};

struct storage_stats {
  sim::histogram service_latency; ///< ns the disk spends on one read (seek + transfer)
  sim::histogram first_byte;      ///< ns from a read's arrival until its data is ready to send
  std::uint64_t reads = 0;
  std::uint64_t misses = 0;
  std::uint64_t shed = 0; ///< reads refused as busy
  std::uint64_t shed_for_memory = 0; ///< of those, for want of buffer memory
  std::uint64_t replicas_stored = 0;
};

class storage_node final : public runtime::node_actor {
public:
  storage_node(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
               storage_options options, storage_stats* stats);

  caf::behavior make_behavior() override;
  /// Drops the promises still pending: each holds this actor, a cycle only this breaks.
  void on_exit() override { pending_.clear(); }

  /// The chunk data a node's disk holds durably (for end-of-run checks).
  static std::optional<chunk_data> durable_chunk(const sim::durable_store& store,
                                                 std::uint64_t chunk);

private:
  std::optional<chunk_data> held(std::uint64_t chunk);
  void keep(const store_chunk& data);
  /// Answers `promise` with `reply` after `delay`; returns the serve id.
  std::uint64_t respond_later(caf::response_promise promise, caf::message reply, sim::duration delay);
  /// Frees the buffers of replies the NIC has sent by now.
  void free_sent_buffers();
  void on_read(const read_chunk& request);
  void on_store(const store_chunk& request);
  void on_replicate(const replicate& request);
  sim::duration disk_time(std::uint64_t bytes);

  paxos::acceptor_rules rules_;
  storage_options options_;
  storage_stats* stats_;
  sim::time_point disk_free_{0};
  /// Buffers of reads in service, by serve id: their bytes, and once the reply is on the
  /// NIC's queue, when it will have been sent (time_point::max() until then).
  struct buffer {
    std::uint64_t bytes = 0;
    sim::time_point freed = sim::time_point::max();
  };
  std::map<std::uint64_t, buffer> buffers_;
  std::uint64_t buffered_bytes_ = 0;
  std::uint64_t next_serve_ = 0;
  std::map<std::uint64_t, std::pair<caf::response_promise, caf::message>> pending_;
  std::set<std::uint64_t> urgent_;             ///< serve ids of urgent reads
  std::deque<std::uint64_t> ready_urgent_;     ///< read from disk, waiting for the NIC
  std::deque<std::pair<std::uint64_t, sim::time_point>> ready_bulk_; ///< with when it was ready
  bool pumping_ = false;
  /// Hands ready replies to the NIC while it has room, urgent ones first.
  void send_ready();
  void send_reply(std::uint64_t id);
  std::map<std::uint64_t, std::uint32_t> reads_since_status_;
};

} // namespace detsim::actors::vstack
