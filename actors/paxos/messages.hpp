// actors/paxos/messages.hpp: ChunkPaxos messages. Every chunk is its own consensus
// instance; a ballot is (round << 16 | proposer + 1), so ballots of different proposers
// never tie and ballot 0 stays free to mean "nothing promised or accepted".
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>

namespace detsim::actors::paxos {

using ballot_t = std::uint64_t;

/// `proposer` must be below 0xFFFF.
constexpr ballot_t make_ballot(std::uint64_t round, std::uint32_t proposer) {
  return (round << 16) | ((proposer + 1) & 0xFFFF);
}
constexpr std::uint64_t round_of(ballot_t ballot) {
  return ballot >> 16;
}

/// Phase 1a: the proposer asks acceptors not to accept anything below `ballot`.
struct prepare {
  std::uint64_t chunk = 0;
  ballot_t ballot = 0;
};

/// Phase 1b: the acceptor's answer, with what it accepted before (if anything).
struct promise {
  bool ok = false;
  ballot_t promised = 0;          ///< the acceptor's promise after handling the prepare
  ballot_t accepted_ballot = 0;   ///< 0: nothing accepted yet
  std::uint64_t accepted_value = 0;
};

/// Phase 2a: accept this value at this ballot.
struct accept {
  std::uint64_t chunk = 0;
  ballot_t ballot = 0;
  std::uint64_t value = 0;
};

/// Phase 2b.
struct accepted {
  bool ok = false;
  ballot_t promised = 0;
};

/// A proposer's own timer: start the next attempt.
struct retry {
  std::uint64_t attempt = 0;
};

DETSIM_MESSAGE(prepare, "paxos::prepare", x.chunk, x.ballot)
DETSIM_MESSAGE(promise, "paxos::promise", x.ok, x.promised, x.accepted_ballot, x.accepted_value)
DETSIM_MESSAGE(accept, "paxos::accept", x.chunk, x.ballot, x.value)
DETSIM_MESSAGE(accepted, "paxos::accepted", x.ok, x.promised)
DETSIM_MESSAGE(retry, "paxos::retry", x.attempt)

inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<prepare, promise, accept, accepted, retry>(cfg);
}

} // namespace detsim::actors::paxos
