// bench/ring.hpp: a ring of actors passing tokens, on detsim's engine and, as the
// reference, on CAF's plain test_coordinator with the same seeded pick.
#pragma once

#include "detsim/sim/trace_event.hpp"

#include <cstdint>
#include <cstddef>
#include <optional>

using namespace detsim;

namespace bench {

struct ring_result {
  std::uint64_t deliveries = 0;
  double seconds = 0;
  double per_second() const { return seconds > 0 ? deliveries / seconds : 0; }
};

/// detsim engine; `level` empty means no trace sink at all (digest only).
ring_result run_engine_ring(std::uint32_t actors, std::uint64_t messages,
                            std::optional<sim::trace_level> level, std::uint64_t seed);

/// CAF test_coordinator, seeded pick, no interception.
ring_result run_reference_ring(std::uint32_t actors, std::uint64_t messages, std::uint64_t seed);

/// CAF test_coordinator alone at scale: every actor holds one token and forwards it to a
/// seeded random successor, in CAF's own first-ready-first-run order (no interception).
/// What CAF's scheduler delivers per second at a population, with no engine around it.
ring_result run_scattered_reference(std::uint32_t actors, std::uint64_t messages,
                                    std::uint64_t seed);

/// The same scattered ring on detsim's engine (the swarm's links, so every delivery goes
/// through the event queue; seeded pick; digest only): the engine's cost per delivery at
/// a population, without a model's.
ring_result run_engine_scattered(std::uint32_t actors, std::uint64_t messages,
                                 std::uint64_t seed);

/// The same ring under the realtime engine (CAF's threads, the network model; with the
/// handler lock when `serialized`, as for scenarios whose actors share state).
ring_result run_realtime_ring(std::uint32_t actors, std::uint64_t messages, std::size_t threads,
                              bool serialized);

/// Plain CAF actors on CAF's work-stealing scheduler: the realtime engine's reference.
ring_result run_stealing_ring(std::uint32_t actors, std::uint64_t messages, std::size_t threads);

/// Spawns `actors` idle node actors and returns the resident memory they added (bytes).
std::int64_t idle_actor_memory(std::uint32_t actors);

} // namespace bench
