// actors/paxos_proposer.hpp: an uploader proposing one value per chunk it uploads, one
// chunk after another. ChunkPaxos lets a chunk's owner skip phase 1: round 0 of a chunk
// belongs to its owner alone, so nothing can have been accepted below it. Everyone else,
// and every retry, runs both phases with a higher round; classic mode always does.
#pragma once

#include "actors/node_actor.hpp"
#include "actors/paxos_checker.hpp"
#include "actors/paxos_messages.hpp"
#include "sim/histogram.hpp"

#include <vector>

namespace paxos {

struct upload {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  bool owner = false; ///< this uploader owns round 0 of the chunk
};

struct proposer_options {
  bool classic = false;                     ///< always run phase 1 (classic Paxos)
  sim::duration request_timeout{20'000'000};
  sim::duration backoff_max{10'000'000};    ///< retries wait a seeded 0..backoff_max
  /// V-Stack uploads: once chosen, a chunk's data goes to `replicas` acceptors (synced)
  /// and is registered with the manager; only then is the upload acknowledged.
  /// 0: consensus only.
  std::uint32_t replicas = 0;
  std::uint64_t chunk_bytes = 0;
  sim::node_id manager = 0;
};

struct proposer_stats {
  std::uint64_t messages = 0;   ///< protocol messages sent and answers received
  std::uint64_t chosen = 0;     ///< chunks this side learned as chosen
  std::uint64_t retries = 0;    ///< attempts that had to start over with a higher round
  std::uint64_t adopted = 0;    ///< times phase 1 made a proposer adopt another's value
  std::uint64_t uploading = 0;    ///< proposers with uploads still to do
  std::uint64_t max_uploading = 0;
  sim::histogram choose_latency;
};

class proposer final : public actors::node_actor {
public:
  proposer(caf::actor_config& cfg, actors::world& w, sim::node_id node, std::uint32_t index,
           std::vector<sim::node_id> acceptors, std::vector<upload> uploads,
           proposer_options options, proposer_stats* stats, checker* check);

  caf::behavior make_behavior() override;

private:
  void start_next();
  void begin_attempt();
  /// Sends `message` to every acceptor; answers of this attempt go to `on_reply`.
  template <class Request, class Reply>
  void broadcast(const Request& message, void (proposer::*on_reply)(std::uint64_t, const Reply&));
  void phase1();
  void phase2();
  void on_promise(std::uint64_t attempt, const promise& reply);
  void on_accepted(std::uint64_t attempt, const accepted& reply);
  void on_silence(std::uint64_t attempt);
  void give_up_round(ballot_t seen);
  bool quorum_lost() const;
  void on_chosen();
  void finish_chunk();
  /// Storing: keeps `replicas` store requests out to untried nodes, best ranked first.
  void store_more();
  void on_stored(std::uint64_t attempt, sim::node_id node, bool ok);
  void register_chunk();
  void retry_later();

  std::uint32_t index_;
  std::vector<sim::node_id> acceptors_;
  std::vector<upload> uploads_;
  proposer_options options_;
  proposer_stats* stats_;
  checker* checker_;
  std::size_t current_ = 0;      ///< index into uploads_
  std::uint64_t attempt_ = 0;    ///< answers of older attempts are ignored
  std::uint64_t round_ = 0;
  ballot_t ballot_ = 0;
  std::uint64_t value_ = 0;      ///< what this attempt proposes in phase 2
  ballot_t best_accepted_ = 0;   ///< phase 1: highest accepted ballot reported
  ballot_t highest_seen_ = 0;    ///< highest promise reported by a refusing acceptor
  std::size_t oks_ = 0;
  std::size_t answers_ = 0;
  sim::time_point chunk_started_{0};
  std::vector<sim::node_id> store_candidates_; ///< nodes not yet asked, best first
  std::vector<sim::node_id> holders_;
  std::size_t stores_out_ = 0;
  enum class stage { consensus, storing, registering } stage_ = stage::consensus;
};

} // namespace paxos
