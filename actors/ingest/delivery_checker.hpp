// actors/ingest/delivery_checker.hpp: the ingest pipeline's invariants. Every accepted
// observation is indexed exactly once, in its own space (or is still queued, in a batch a
// space will requeue, or with a live worker); a producer is told the truth about what was
// rejected; a batch never takes a lower priority while high-priority work waits.
#pragma once

#include "detsim/actors/ingest/pipeline_state.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::actors::ingest {

class delivery_checker {
public:
  explicit delivery_checker(std::size_t producers) : observations_(producers) {}

  /// The space's decision on a producer's observations.
  void on_admitted(std::uint32_t space, const std::vector<segment>& segments, bool accepted);
  /// What the producer was told about them.
  void on_told(const std::vector<segment>& segments, bool accepted);
  void on_indexed(std::uint32_t space, const std::vector<segment>& segments);
  /// A batch took `lowest` as its lowest priority while `high_left` high-priority
  /// observations stayed queued.
  void on_batch(std::uint32_t space, std::uint8_t lowest, std::uint64_t high_left);

  /// End of run: accepted observations that are neither indexed nor anywhere they could
  /// still be indexed from (`up[w]`: worker w is alive and holds its slot's batch).
  void check_end(const pipeline_state& state, const std::vector<bool>& worker_up);

  const std::vector<std::string>& delivery_violations() const { return delivery_; }
  const std::vector<std::string>& told_violations() const { return told_; }
  const std::vector<std::string>& priority_violations() const { return priority_; }
  std::uint64_t lost() const { return lost_; }

private:
  // One byte per observation: what the space decided, what the producer heard, how often
  // it was indexed (0-3, saturating), and a pending mark used by check_end.
  enum bits : std::uint8_t {
    accepted_bit = 1, rejected_bit = 2, told_accepted_bit = 4, told_rejected_bit = 8,
    pending_bit = 16, index_shift = 5,
  };
  struct observation {
    std::uint8_t flags = 0;
    std::uint8_t space = 0;
  };
  observation& at(std::uint32_t producer, std::uint64_t sequence);
  void mark_pending(const std::vector<segment>& segments);
  void mark_pending(const segment& s);
  static void record(std::vector<std::string>& list, std::string text);

  std::vector<std::vector<observation>> observations_; ///< by producer, then sequence
  std::vector<std::string> delivery_;
  std::vector<std::string> told_;
  std::vector<std::string> priority_;
  std::uint64_t lost_ = 0;
};

} // namespace detsim::actors::ingest
