// actors/paxos/acceptor.hpp: a storage node's ChunkPaxos acceptor. Per chunk it keeps the
// highest ballot promised and the last (ballot, value) accepted, synced to the node's disk
// before it answers, so a crash and restart cannot make it break a promise.
#pragma once

#include "detsim/runtime/node_actor.hpp"
#include "detsim/actors/paxos/messages.hpp"

#include <map>

namespace detsim::actors::paxos {

struct acceptor_options {
  bool persist = true; ///< false: a deliberately broken acceptor that forgets on restart
};

struct chunk_state {
  ballot_t promised = 0;
  ballot_t accepted_ballot = 0;
  std::uint64_t accepted_value = 0;
};

/// The acceptor's two rules over a node's disk; storage nodes embed them too.
class acceptor_rules {
public:
  explicit acceptor_rules(acceptor_options options) : options_(options) {}

  promise on_prepare(sim::durable_store& store, const prepare& request);
  accepted on_accept(sim::durable_store& store, const accept& request);

  /// The state of one chunk (for tests and end-of-run checks).
  static chunk_state stored(const sim::durable_store& store, std::uint64_t chunk);

private:
  chunk_state& state(const sim::durable_store& store, std::uint64_t chunk);
  void persist(sim::durable_store& store, std::uint64_t chunk);

  acceptor_options options_;
  std::map<std::uint64_t, chunk_state> chunks_;
};

class acceptor final : public runtime::node_actor {
public:
  acceptor(caf::actor_config& cfg, runtime::world& w, sim::node_id node, acceptor_options options);

  caf::behavior make_behavior() override;

  static chunk_state stored(const sim::durable_store& store, std::uint64_t chunk) {
    return acceptor_rules::stored(store, chunk);
  }

private:
  acceptor_rules rules_;
};

} // namespace detsim::actors::paxos
