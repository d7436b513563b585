// actors/vstack/uploader.hpp: an uploader proposing one value per chunk it uploads, up to
// `window` chunks at once, each chunk its own consensus instance. ChunkPaxos lets a chunk's owner skip phase 1: round 0 of a chunk
// belongs to its owner alone, so nothing can have been accepted below it. Everyone else,
// and every retry, runs both phases with a higher round; classic mode always does.
#pragma once

#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/paxos/checker.hpp"
#include "detsim/actors/paxos/messages.hpp"
#include "detsim/sim/histogram.hpp"

#include <map>
#include <vector>

namespace detsim::actors::vstack {

// The uploader speaks ChunkPaxos to the storage nodes' acceptors.
using paxos::accept;
using paxos::accepted;
using paxos::ballot_t;
using paxos::checker;
using paxos::make_ballot;
using paxos::prepare;
using paxos::promise;
using paxos::retry;
using paxos::round_of;

struct upload {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  bool owner = false; ///< this uploader owns round 0 of the chunk
};

struct uploader_options {
  bool classic = false;                     ///< always run phase 1 (classic Paxos)
  sim::duration request_timeout{20'000'000};
  sim::duration backoff_max{10'000'000};    ///< retries wait a seeded 0..backoff_max
  /// V-Stack uploads: once chosen, a chunk's data goes to `replicas` acceptors (synced)
  /// and is registered with the manager; only then is the upload acknowledged.
  /// 0: consensus only.
  std::uint32_t replicas = 0;
  std::uint64_t chunk_bytes = 0;
  sim::node_id manager = 0;
  /// Writing a chunk takes disk time behind other writes: give it longer than a vote.
  sim::duration store_timeout{5'000'000'000};
  std::uint32_t window = 1; ///< uploads in flight at once (each chunk its own instance)
};

struct uploader_stats {
  std::uint64_t messages = 0;   ///< protocol messages sent and answers received
  std::uint64_t chosen = 0;     ///< chunks this side learned as chosen
  std::uint64_t retries = 0;    ///< attempts that had to start over with a higher round
  std::uint64_t adopted = 0;    ///< times phase 1 made a proposer adopt another's value
  std::uint64_t uploading = 0;    ///< proposers with uploads still to do
  std::uint64_t max_uploading = 0;
  std::uint64_t in_flight = 0;      ///< uploads started and not yet finished
  std::uint64_t max_in_flight = 0;
  sim::histogram choose_latency;
};

class uploader final : public runtime::node_actor {
public:
  uploader(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t index,
           std::vector<sim::node_id> acceptors, std::vector<upload> uploads,
           uploader_options options, uploader_stats* stats, checker* check);

  caf::behavior make_behavior() override;

private:
  enum class stage { consensus, storing, registering };

  /// One upload in flight: its consensus attempts, then storing and registering. Answers
  /// carry the attempt they belong to; anything older than the slot's attempt is stale.
  struct slot {
    std::size_t upload = 0;        ///< index into uploads_
    std::uint64_t attempt = 0;
    stage where = stage::consensus;
    std::uint64_t round = 0;
    ballot_t ballot = 0;
    std::uint64_t value = 0;       ///< what this attempt proposes in phase 2
    ballot_t best_accepted = 0;    ///< phase 1: highest accepted ballot reported
    ballot_t highest_seen = 0;     ///< highest promise reported by a refusing acceptor
    std::size_t oks = 0;
    std::size_t answers = 0;
    sim::time_point started{0};
    std::vector<sim::node_id> store_candidates; ///< nodes not yet asked, best first
    std::vector<sim::node_id> holders;
    std::size_t stores_out = 0;
  };

  /// The slot of `upload` if `attempt` is still its current attempt.
  slot* current(std::size_t upload, std::uint64_t attempt);
  void fill_window();
  void start(std::size_t upload);
  void begin_attempt(slot& s);
  /// Sends `message` to every acceptor; answers of this attempt go to `on_reply`.
  template <class Request, class Reply>
  void broadcast(slot& s, const Request& message, void (uploader::*on_reply)(slot&, const Reply&));
  void on_promise(slot& s, const promise& reply);
  void on_accepted(slot& s, const accepted& reply);
  void on_silence(slot& s);
  void give_up_round(slot& s);
  bool quorum_lost(const slot& s) const;
  void on_chosen(slot& s);
  void finish(slot& s);
  /// Storing: keeps `replicas` store requests out to untried nodes, best ranked first.
  void store_more(slot& s);
  void on_stored(slot& s, sim::node_id node, bool ok);
  void register_chunk(slot& s);
  void retry_later(slot& s);

  std::uint32_t index_;
  std::vector<sim::node_id> acceptors_;
  std::vector<upload> uploads_;
  uploader_options options_;
  uploader_stats* stats_;
  checker* checker_;
  std::map<std::size_t, slot> slots_; ///< by upload index
  std::size_t next_upload_ = 0;
  std::size_t finished_ = 0;
  std::uint64_t attempt_ = 0;         ///< attempts are numbered across all slots
};

} // namespace detsim::actors::vstack
