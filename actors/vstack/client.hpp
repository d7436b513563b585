// actors/vstack/client.hpp: a V-Stack video client. It plays one video: fetches chunks
// ahead of the playhead up to `max_buffer`, starts playing once `startup_buffer` is
// buffered, and stalls (a rebuffer event) whenever the playhead catches up with the
// download. How it picks a replica per chunk is its kind:
//  - naive: round-robin over the chunk's holders; a failed or silent read waits for a long
//    timeout, then tries the next holder;
//  - smart: keeps a per-node response-time estimate, picks the holder expected to answer
//    first (own outstanding reads count against a node), hedges a read that takes much
//    longer than expected, and avoids nodes that just failed.
#pragma once

#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/paxos/checker.hpp"
#include "detsim/actors/vstack/messages.hpp"
#include "detsim/sim/histogram.hpp"

#include <map>
#include <string>
#include <vector>

namespace detsim::actors::vstack {

enum class client_kind : std::uint8_t { smart, naive };

const char* to_string(client_kind kind);

struct client_options {
  client_kind kind = client_kind::smart;
  std::uint64_t first_chunk = 0;
  std::uint32_t chunks = 60;
  sim::duration chunk_length{2'000'000'000};
  std::uint64_t chunk_bytes = 2'000'000;
  sim::duration startup_buffer{2'000'000'000};
  sim::duration max_buffer{30'000'000'000};
  sim::time_point start_at{0};
  std::uint32_t parallel = 2;
  sim::duration naive_timeout{5'000'000'000};
  sim::duration smart_timeout{2'000'000'000};
  sim::duration tick{250'000'000};
  sim::node_id manager = 0;
  /// Smart clients before their first frame: race two replicas of each startup chunk.
  bool startup_race = true;
  /// Before the first frame, fetch only the chunks startup needs (no prefetch beside them).
  bool startup_focus = false;
  /// Smart clients mark reads before the first frame urgent (nodes with startup_priority
  /// send them ahead of prefetch).
  bool startup_urgent = true;
};

/// What all clients of one kind measured.
struct client_stats {
  std::uint64_t sessions = 0;
  std::uint64_t started = 0;
  std::uint64_t finished = 0;
  std::uint64_t rebuffers = 0;
  sim::histogram startup;   ///< ns from session start to first frame
  double startup_seconds_sum = 0;
  sim::histogram response;  ///< ns from read request to last byte
  /// ns from first request to delivery, for chunks another node delivered because the
  /// first chosen one failed (a read failed, or it was down when the chunk arrived)
  sim::histogram failover;
  double megabits = 0;          ///< chunk data received
  double download_seconds = 0;  ///< time chunks spent downloading (throughput = ratio)
  std::uint64_t chunks = 0;
  double buffer_seconds_sum = 0; ///< buffer level at each tick while filling and playing
  std::uint64_t buffer_samples = 0;
  std::uint64_t hedges = 0;
  std::uint64_t read_failures = 0;
  std::map<sim::node_id, std::uint64_t> chunks_from; ///< node -> chunks served
  /// Per-second buffer level (sum and samples) and per-5-second megabits and download
  /// seconds, by the time chunks arrive.
  std::vector<double> buffer_by_second;
  std::vector<std::uint32_t> buffer_by_second_n;
  std::vector<double> megabits_by_5s;
  std::vector<double> download_seconds_by_5s;
  std::vector<std::uint32_t> rebuffers_by_second;
};

/// What all clients share: every chunk played is compared with the value consensus chose,
/// and the number of sessions playing at once.
struct playback_audit {
  const paxos::checker* chosen = nullptr;
  std::uint64_t playing_now = 0;
  std::uint64_t max_playing = 0;
  std::uint64_t checked = 0;
  std::vector<std::string> violations;
};

class client final : public runtime::node_actor {
public:
  client(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
         client_options options, client_stats* stats, playback_audit* audit);

  caf::behavior make_behavior() override;

private:
  struct fetch {
    std::uint64_t id = 0;
    sim::time_point first_sent{0};
    std::vector<sim::node_id> tried;
    std::uint32_t out = 0;        ///< reads in flight
    bool failed = false;          ///< a read failed (error, timeout, busy or missing)
    bool waiting = false;         ///< every holder failed; retry at retry_at
    sim::time_point retry_at{0};
  };

  void on_tick();
  void begin_session();
  void relocate();
  void on_locations(const locations& found);
  void advance(sim::time_point t);
  void maybe_play();
  void fill();
  void start_fetch(std::uint32_t chunk);
  void send_read(std::uint32_t chunk);
  bool choose(std::uint32_t chunk, const fetch& f, sim::node_id& node);
  void on_data(std::uint32_t chunk, std::uint64_t id, sim::node_id node, sim::time_point sent,
               const chunk_data& data);
  /// A read that was sent failed. `node_failed`: the node did not answer (not just lacked
  /// the chunk or shed the load).
  void on_read_failed(std::uint32_t chunk, std::uint64_t id, sim::node_id node,
                      bool node_failed);
  void on_hedge(const hedge& h);
  void complete(std::uint32_t chunk, const fetch& f, sim::node_id node, const chunk_data& data);
  sim::duration buffered() const;
  sim::duration expected(sim::node_id node) const;

  std::uint32_t index_;
  client_options options_;
  client_stats* stats_;
  playback_audit* audit_;
  bool in_session_ = false;
  bool started_ = false;
  bool stalled_ = false;
  bool finished_ = false;
  sim::time_point last_{0};
  sim::duration playhead_{0};
  std::uint32_t have_ = 0;     ///< chunks [0, have_) are downloaded
  std::uint32_t next_ = 0;     ///< next chunk to fetch
  std::vector<char> done_;
  std::vector<std::vector<sim::node_id>> holders_;
  bool locating_ = false;
  sim::time_point next_locate_{0};
  std::map<std::uint32_t, fetch> fetches_;
  std::uint64_t next_fetch_id_ = 1;
  std::uint64_t reads_sent_ = 0;
  std::uint64_t hedges_sent_ = 0;
  std::map<sim::node_id, sim::duration> estimate_;      ///< smoothed response time
  std::map<sim::node_id, sim::time_point> avoid_until_; ///< smart: recently failed nodes
  std::map<sim::node_id, std::uint32_t> outstanding_;
};

} // namespace detsim::actors::vstack
