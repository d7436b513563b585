// actors/ingest/messages.hpp: the streaming-ingest pipeline's message types (seed 004),
// each declared once with DETSIM_MESSAGE.
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::actors::ingest {

enum priority : std::uint8_t { high = 0, normal = 1, low = 2 };
inline constexpr int priority_count = 3;

/// A run of consecutive observations of one producer, all of one priority and space,
/// all due at the same instant (the rate schedule's, not when a paused producer sent them).
struct segment {
  std::uint32_t producer = 0;
  std::uint64_t first = 0; ///< the producer's sequence number of the first observation
  std::uint32_t count = 0;
  std::uint8_t priority = normal;
  std::int64_t due_ns = 0;
};

/// A producer's own send timer.
struct tick {};

/// Observations a producer offers one space (a request: the space answers with admission).
struct observe {
  std::uint32_t space = 0;
  std::vector<segment> segments;
};

/// The space's answer: all admitted, or all rejected with the reason; a non-zero
/// backpressure asks the producer to hold its next send that long.
struct admission {
  bool accepted = false;
  std::string reason;
  std::int64_t backpressure_ns = 0;
};

/// A worker asks a space for a batch; `stolen` when the space is not one of its own.
struct pull {
  std::uint32_t worker = 0;
  bool stolen = false;
};

/// A space's answer to pull: observations to index (none when the queue is empty).
struct batch {
  std::uint64_t id = 0;
  std::uint32_t space = 0;
  bool stolen = false;
  std::uint64_t index_size = 0; ///< the space's index size, which sets insert cost
  std::vector<segment> segments;
};

/// A worker reports a batch inserted into the space's index.
struct indexed {
  std::uint64_t batch = 0;
  bool stolen = false;
  std::vector<segment> segments;
};

/// A worker asks the host's CPU for `work_ns` of processor time.
struct cpu_run {
  std::uint32_t worker = 0;
  std::int64_t work_ns = 0;
};

/// The CPU finished a worker's job.
struct cpu_done {};

/// The CPU's own timer: the job it expected to finish first (stale if `generation` moved on).
struct cpu_wake {
  std::uint64_t generation = 0;
};

/// A space's own timer: requeue overdue batches, close a depth sample.
struct space_sweep {};

/// A worker's own timer: look for work again after an idle sleep.
struct worker_wake {};

/// A producer's own timer: send again once backpressure has passed.
struct resume_sending {};

DETSIM_MESSAGE(segment, "ingest::segment", x.producer, x.first, x.count, x.priority, x.due_ns)
DETSIM_MESSAGE(tick, "ingest::tick")
DETSIM_MESSAGE(observe, "ingest::observe", x.space, x.segments)
DETSIM_MESSAGE(admission, "ingest::admission", x.accepted, x.reason, x.backpressure_ns)
DETSIM_MESSAGE(pull, "ingest::pull", x.worker, x.stolen)
DETSIM_MESSAGE(batch, "ingest::batch", x.id, x.space, x.stolen, x.index_size, x.segments)
DETSIM_MESSAGE(indexed, "ingest::indexed", x.batch, x.stolen, x.segments)
DETSIM_MESSAGE(cpu_run, "ingest::cpu_run", x.worker, x.work_ns)
DETSIM_MESSAGE(cpu_done, "ingest::cpu_done")
DETSIM_MESSAGE(cpu_wake, "ingest::cpu_wake", x.generation)
DETSIM_MESSAGE(space_sweep, "ingest::space_sweep")
DETSIM_MESSAGE(worker_wake, "ingest::worker_wake")
DETSIM_MESSAGE(resume_sending, "ingest::resume_sending")

/// Registers every ingest message type with CAF.
inline void announce_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<tick, observe, admission, pull, batch,
                             indexed, cpu_run, cpu_done, cpu_wake, space_sweep, worker_wake,
                             resume_sending>(cfg);
}

} // namespace detsim::actors::ingest
