// actors/ingest/ingest_stats.hpp: what the ingest pipeline measures while it runs, and the
// memory model (queued observations hold their embeddings; the index keeps a graph node each).
#pragma once

#include "detsim/sim/histogram.hpp"
#include "detsim/sim/time.hpp"

#include <cstdint>
#include <vector>

namespace detsim::actors::ingest {

struct memory_model {
  double base_bytes = 150.0 * 1024 * 1024; ///< the idle server (seed: 150 MB at start)
  double queued_bytes = 3136;              ///< a queued episode: 768 floats plus metadata
  double indexed_bytes = 1450;             ///< a graph node of the index per observation
};

struct ingest_stats {
  explicit ingest_stats(std::size_t spaces, std::size_t workers)
    : space_latency(spaces), space_indexed(spaces), worker_busy_ns(workers),
      worker_batches(workers), worker_steals(workers), depth_max_by_bucket(spaces) {}

  /// Time series for the report are kept per bucket of this length.
  static constexpr sim::duration bucket{100'000'000};
  static std::size_t bucket_of(sim::time_point t) {
    return static_cast<std::size_t>(t / bucket);
  }
  /// Adds to a per-bucket series, growing it as time goes on.
  static std::uint64_t& at(std::vector<std::uint64_t>& series, sim::time_point t) {
    auto b = bucket_of(t);
    if (b >= series.size())
      series.resize(b + 1);
    return series[b];
  }

  std::uint64_t offered = 0;   ///< observations due by the producers' rate schedule
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t indexed = 0;
  std::uint64_t backpressure_events = 0;
  std::uint64_t steals = 0;    ///< batches taken from a space the worker does not own
  std::uint64_t batches = 0;
  std::uint64_t requeued_batches = 0;
  sim::histogram latency;      ///< ns from due to indexed, one count per observation
  std::vector<sim::histogram> space_latency;
  std::vector<std::uint64_t> space_indexed;
  sim::histogram queue_depth;  ///< a space's depth, weighted by microseconds spent at it
  std::int64_t cpu_busy_ns = 0; ///< core-nanoseconds the modelled CPU worked
  std::vector<std::int64_t> worker_busy_ns;
  std::vector<std::uint64_t> worker_batches;
  std::vector<std::uint64_t> worker_steals;
  std::vector<std::uint64_t> indexed_by_bucket;
  std::vector<std::vector<std::uint64_t>> depth_max_by_bucket; ///< by space

  std::uint64_t resident_observations = 0; ///< queued or in flight
  std::uint64_t index_total = 0;           ///< every space's index, preloaded ones included
  double memory_peak_bytes = 0;

  /// The model's resident memory now; raises the peak.
  void note_memory(const memory_model& model) {
    double bytes = model.base_bytes + model.queued_bytes * double(resident_observations) +
                   model.indexed_bytes * double(index_total);
    if (bytes > memory_peak_bytes)
      memory_peak_bytes = bytes;
  }
};

} // namespace detsim::actors::ingest
