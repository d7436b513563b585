// actors/helios/store_log.hpp: how a Helios store survives a crash: every new state is
// appended to a log segment on the node's simulated disk, and every `checkpoint_every`
// states the states since the last checkpoint are written as one checksummed block and
// a new segment begins. Recovery loads the checkpoints, then replays the segment; a
// record cut short by the crash (a torn write) fails its length or checksum and is
// dropped with everything after it, never half-applied.
#pragma once

#include "detsim/actors/helios/state_store.hpp"
#include "detsim/sim/durable_store.hpp"

#include <cstdint>
#include <string>

namespace detsim::actors::helios {

/// What a recovery found.
struct recovery_result {
  std::uint64_t states = 0;          ///< states restored in all
  std::uint64_t checkpoints = 0;     ///< checkpoint blocks loaded
  std::uint64_t log_records = 0;     ///< records replayed from the segment
  std::uint64_t torn_bytes = 0;      ///< bytes dropped from the segment's end
  std::string error;                 ///< a checkpoint that failed its checksum
};

class store_log {
public:
  store_log(sim::durable_store& disk, std::uint32_t checkpoint_every);

  /// Restores `store` (empty) from the disk and makes the disk ready for appends.
  recovery_result recover(state_store& store);
  /// Appends state `index`, the next one not logged yet (volatile until the disk syncs).
  void append(const state_store& store, std::uint32_t index);
  /// Called after a sync: writes a checkpoint of the states logged since the last one, if
  /// one is due (and syncs it).
  void checkpoint_if_due(const state_store& store);

private:
  std::string segment_name() const;
  bool load_checkpoint(state_store& store, std::string_view block);
  std::uint64_t replay_segment(state_store& store, recovery_result& result);

  sim::durable_store& disk_;
  std::uint32_t checkpoint_every_;
  std::uint64_t checkpoints_ = 0;     ///< blocks written so far
  std::uint64_t checkpointed_ = 0;    ///< states the blocks cover
  std::uint64_t logged_ = 0;          ///< states appended or recovered
  std::string buffer_;
};

} // namespace detsim::actors::helios
