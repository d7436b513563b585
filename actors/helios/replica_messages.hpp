// actors/helios/replica_messages.hpp: the replicated Helios store's protocol
// (helios-chaos): clients write states to every replica and count a majority of acks;
// reads ask every replica; replicas reconcile by anti-entropy (compare set digests, then
// inventories, then push what the other lacks).
#pragma once

#include "detsim/actors/helios/messages.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::actors::helios {

/// Client -> replica: store these states (whole content, parent digest for the DAG).
struct replicate {
  std::vector<commit_item> items;
};

/// Replica -> client: stored (durably, unless the replica is the broken variant).
struct replicate_ack {
  std::vector<std::string> ids;
};

struct read_state {
  std::string id;
};

struct read_result {
  bool found = false;
  std::string content;
};

/// Anti-entropy, replica -> peer: my set of states, summarised.
struct ae_digest {
  std::uint32_t from = 0; ///< the sender's node
  std::uint64_t size = 0;
  std::string digest;
};

/// Peer -> replica, when the summaries differ: every digest I hold.
struct ae_inventory {
  std::uint32_t from = 0;
  std::vector<std::string> ids;
};

/// Send me these states.
struct ae_pull {
  std::uint32_t from = 0;
  std::vector<std::string> ids;
};

/// States the receiver lacked.
struct ae_push {
  std::vector<commit_item> items;
};

/// Timers: a replica's lazy flush and anti-entropy round; a client's next operation.
struct flush_tick {};
struct anti_entropy_tick {};
struct client_tick {};

DETSIM_MESSAGE(replicate, "helios::replicate", x.items)
DETSIM_MESSAGE(replicate_ack, "helios::replicate_ack", x.ids)
DETSIM_MESSAGE(read_state, "helios::read_state", x.id)
DETSIM_MESSAGE(read_result, "helios::read_result", x.found, x.content)
DETSIM_MESSAGE(ae_digest, "helios::ae_digest", x.from, x.size, x.digest)
DETSIM_MESSAGE(ae_inventory, "helios::ae_inventory", x.from, x.ids)
DETSIM_MESSAGE(ae_pull, "helios::ae_pull", x.from, x.ids)
DETSIM_MESSAGE(ae_push, "helios::ae_push", x.items)
DETSIM_MESSAGE(flush_tick, "helios::flush_tick")
DETSIM_MESSAGE(anti_entropy_tick, "helios::anti_entropy_tick")
DETSIM_MESSAGE(client_tick, "helios::client_tick")

/// Registers the replicated store's message types (and the store's) with CAF.
inline void announce_replica_types(caf::actor_system_config& cfg) {
  announce_store_types(cfg);
  runtime::announce_messages<replicate, replicate_ack, read_state, read_result, ae_digest,
                             ae_inventory, ae_pull, ae_push, flush_tick, anti_entropy_tick,
                             client_tick>(cfg);
}

} // namespace detsim::actors::helios
