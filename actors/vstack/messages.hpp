// actors/vstack/messages.hpp: what V-Stack's storage nodes, uploaders, clients and the
// redundancy manager say to each other. Chunk data is not carried: a message names the
// chunk, its content value (a hash) and its size; transfer time is modelled by the node.
#pragma once

#include <caf/actor_system_config.hpp>
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <vector>

namespace detsim::actors::vstack {

/// Uploader or peer -> node: keep this chunk's data durably (it was chosen).
struct store_chunk {
  std::uint64_t chunk = 0;
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
};

/// A yes/no answer (store, register, replicate).
struct ack {
  bool ok = false;
};

/// Client or peer -> node: send me this chunk.
struct read_chunk {
  std::uint64_t chunk = 0;
};

struct chunk_data {
  bool found = false;
  bool busy = false; ///< the node sheds load: its send queue is too long to take this read
  std::uint64_t value = 0;
  std::uint64_t bytes = 0;
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
struct hedge {
  std::uint64_t chunk = 0;
  std::uint64_t fetch = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, store_chunk& x) {
  return f(caf::meta::type_name("vstack::store_chunk"), x.chunk, x.value, x.bytes);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ack& x) {
  return f(caf::meta::type_name("vstack::ack"), x.ok);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_chunk& x) {
  return f(caf::meta::type_name("vstack::read_chunk"), x.chunk);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chunk_data& x) {
  return f(caf::meta::type_name("vstack::chunk_data"), x.found, x.busy, x.value,
           x.bytes);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_chunk& x) {
  return f(caf::meta::type_name("vstack::register_chunk"), x.chunk, x.value, x.bytes, x.holders);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, locate& x) {
  return f(caf::meta::type_name("vstack::locate"), x.first, x.count);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, locations& x) {
  return f(caf::meta::type_name("vstack::locations"), x.counts, x.holders);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, replicate& x) {
  return f(caf::meta::type_name("vstack::replicate"), x.chunk, x.value, x.bytes, x.source);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, drop_chunk& x) {
  return f(caf::meta::type_name("vstack::drop_chunk"), x.chunk);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_query&) {
  return f(caf::meta::type_name("vstack::status_query"));
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_status& x) {
  return f(caf::meta::type_name("vstack::node_status"), x.chunks, x.reads);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tick&) {
  return f(caf::meta::type_name("vstack::tick"));
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, serve& x) {
  return f(caf::meta::type_name("vstack::serve"), x.id);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, hedge& x) {
  return f(caf::meta::type_name("vstack::hedge"), x.chunk, x.fetch);
}

inline void announce_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<store_chunk>("vstack::store_chunk");
  cfg.add_message_type<ack>("vstack::ack");
  cfg.add_message_type<read_chunk>("vstack::read_chunk");
  cfg.add_message_type<chunk_data>("vstack::chunk_data");
  cfg.add_message_type<register_chunk>("vstack::register_chunk");
  cfg.add_message_type<locate>("vstack::locate");
  cfg.add_message_type<locations>("vstack::locations");
  cfg.add_message_type<replicate>("vstack::replicate");
  cfg.add_message_type<drop_chunk>("vstack::drop_chunk");
  cfg.add_message_type<status_query>("vstack::status_query");
  cfg.add_message_type<node_status>("vstack::node_status");
  cfg.add_message_type<tick>("vstack::tick");
  cfg.add_message_type<serve>("vstack::serve");
  cfg.add_message_type<hedge>("vstack::hedge");
}

} // namespace detsim::actors::vstack
