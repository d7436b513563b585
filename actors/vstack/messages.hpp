// actors/vstack/messages.hpp: what V-Stack's storage nodes, uploaders, clients and the
// redundancy manager say to each other. Chunk data is not carried: a message names the
// chunk, its content value (a hash) and its size, and declares that size as its payload,
// which the network model's NICs and links take the time to carry.
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::vstack {

/// Uploader or peer -> node: keep this chunk's data durably (it was chosen).
struct store_chunk {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
  std::uint64_t payload_bytes() const { return bytes; }
};

/// A yes/no answer (store, register, replicate).
struct ack {
  bool ok = false;
};

/// Client or peer -> node: send me this chunk (`urgent`: a player waits for its first frame).
struct read_chunk {
  std::uint64_t chunk = 0;
  bool urgent = false;
};

struct chunk_data {
  bool found = false;
  bool busy = false; ///< the node sheds load: its send queue is too long to take this read
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
  std::uint64_t payload_bytes() const { return found ? bytes : 0; }
};

/// Uploader -> manager: this acknowledged chunk lives on these nodes.
struct register_chunk {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
  std::vector<std::uint32_t> holders;
};

/// Client -> manager: where are chunks [first, first + count)?
struct locate {
  std::uint64_t first = 0;
  std::uint32_t count = 0;
};

/// Holders of each located chunk, flattened: counts[i] node ids per chunk, 0 = unknown yet.
struct locations {
  std::vector<std::uint32_t> counts;
  std::vector<std::uint32_t> holders;
};

/// Manager -> node: copy a chunk from `source` and keep it.
struct replicate {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
  std::uint32_t source = 0;
};

/// Manager -> node: the chunk has more replicas than it needs; free this one.
struct drop_chunk {
  std::uint64_t chunk = 0;
};

/// Manager -> node (after a restart): which chunks do you hold?
struct inventory_query {};

struct inventory {
  std::vector<std::uint64_t> chunks;
  std::vector<std::uint64_t> values;
};

/// Manager -> node: are you alive, and what was read since I last asked?
struct status_query {};

struct node_status {
  std::vector<std::uint64_t> chunks;
  std::vector<std::uint32_t> reads;
};

/// Timers.
struct tick {};
struct serve {
  std::uint64_t id = 0;
};
struct pump {};
struct hedge {
  std::uint64_t chunk = 0;
  std::uint64_t fetch = 0;
};

DETSIM_MESSAGE(store_chunk, "vstack::store_chunk", x.chunk, x.value, x.bytes)
DETSIM_MESSAGE(ack, "vstack::ack", x.ok)
DETSIM_MESSAGE(read_chunk, "vstack::read_chunk", x.chunk, x.urgent)
DETSIM_MESSAGE(chunk_data, "vstack::chunk_data", x.found, x.busy, x.value, x.bytes)
DETSIM_MESSAGE(register_chunk, "vstack::register_chunk", x.chunk, x.value, x.bytes, x.holders)
DETSIM_MESSAGE(locate, "vstack::locate", x.first, x.count)
DETSIM_MESSAGE(locations, "vstack::locations", x.counts, x.holders)
DETSIM_MESSAGE(replicate, "vstack::replicate", x.chunk, x.value, x.bytes, x.source)
DETSIM_MESSAGE(drop_chunk, "vstack::drop_chunk", x.chunk)
DETSIM_MESSAGE(inventory_query, "vstack::inventory_query")
DETSIM_MESSAGE(inventory, "vstack::inventory", x.chunks, x.values)
DETSIM_MESSAGE(status_query, "vstack::status_query")
DETSIM_MESSAGE(node_status, "vstack::node_status", x.chunks, x.reads)
DETSIM_MESSAGE(tick, "vstack::tick")
DETSIM_MESSAGE(serve, "vstack::serve", x.id)
DETSIM_MESSAGE(pump, "vstack::pump")
DETSIM_MESSAGE(hedge, "vstack::hedge", x.chunk, x.fetch)

inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<store_chunk, ack, read_chunk, chunk_data, register_chunk, locate, locations, replicate, drop_chunk, inventory_query, inventory, status_query, node_status, tick, serve, pump, hedge>(cfg);
}

} // namespace detsim::actors::vstack
