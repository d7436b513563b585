// actors/ingest/pipeline_state.hpp: what the ingest server's threads share in one process:
// each space's queues and in-flight batches, the depth gauges workers read to steal, and
// which workers sleep idle. Owned by the scenario so checkers can read it after the run;
// an actor clears its part when it (re)starts, as a crashed process loses its memory.
// Gauges that another actor reads are atomics, so the realtime engine may share them too.
#pragma once

#include "detsim/actors/ingest/messages.hpp"
#include "detsim/actors/ingest/vector_index.hpp"
#include "detsim/sim/time.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace detsim::actors::ingest {

/// A batch handed to a worker and not yet reported indexed.
struct in_flight_batch {
  std::uint32_t worker = 0;
  sim::time_point handed_at{0};
  std::vector<segment> segments;
};

/// One space: three priority queues, the batches out with workers, its index's size.
struct space_state {
  std::array<std::deque<segment>, priority_count> queues;
  std::array<std::uint64_t, priority_count> depth{}; ///< observations per priority
  std::map<std::uint64_t, in_flight_batch> in_flight; ///< by batch id, tracked for requeue
  std::uint64_t index_size = 0;
  std::uint64_t next_batch = 0;
  std::atomic<std::uint64_t> depth_gauge{0}; ///< all priorities; read by stealing workers
  sim::time_point depth_since{0};            ///< when the depth last changed
  /// The real embeddings graph, kept only when workers do real work (work=real).
  std::unique_ptr<vector_index> vectors;

  std::uint64_t total_depth() const { return depth[high] + depth[normal] + depth[low]; }
  /// Forgets queues and batches (a crash); the index, which is on disk, stays.
  void clear_volatile();
};

/// One worker: the batch it is working on, and whether it sleeps waiting for work.
struct worker_slot {
  bool holding = false;
  std::uint32_t space = 0;
  std::uint64_t batch = 0;
  std::vector<segment> segments;
  bool idle = false;
  sim::time_point idle_since{0};
};

/// A producer's sequence counter, which outlives its restarts (ids stay unique).
struct producer_slot {
  std::uint64_t next_sequence = 0;
};

/// Everything the pipeline's actors share, sized once at setup.
struct pipeline_state {
  pipeline_state(std::size_t spaces, std::size_t workers, std::size_t producers);

  std::vector<std::unique_ptr<space_state>> spaces; ///< atomics do not move
  std::vector<worker_slot> workers;
  std::vector<producer_slot> producers;
};

} // namespace detsim::actors::ingest
