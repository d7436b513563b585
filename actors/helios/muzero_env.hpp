// actors/helios/muzero_env.hpp: one MuZero environment on Helios. At `rate_hz` it applies
// the dynamics function to its 256-float hidden state and commits the result; after
// `lookahead` steps it rolls back to a random earlier step of the window by digest,
// checks the store returns that step's bytes exactly, names the abandoned line as a
// branch (a fork) and continues from the restored state.
#pragma once

#include "detsim/actors/helios/digest.hpp"
#include "detsim/actors/helios/messages.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/sim/histogram.hpp"

#include <deque>
#include <string>
#include <vector>

namespace detsim::actors::helios {

struct muzero_options {
  std::uint32_t dimensions = 256;
  std::uint32_t rate_hz = 1000;
  std::uint32_t lookahead = 50;
};

struct muzero_stats {
  std::uint64_t updates = 0;
  std::uint64_t commits_acked = 0;
  std::uint64_t rollbacks = 0;
  std::uint64_t rollback_mismatches = 0;
  std::uint64_t forks = 0;
  std::uint64_t skipped_ticks = 0; ///< a tick while a rollback was still being read
  sim::histogram commit_latency_ns;
  sim::histogram rollback_latency_ns;
  std::vector<std::string> violations;
};

/// A tick of an environment's own clock.
struct muzero_tick {};
DETSIM_MESSAGE(muzero_tick, "helios::muzero_tick")

class muzero_env final : public runtime::node_actor {
public:
  muzero_env(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t env,
             sim::node_id store_node, muzero_options options, muzero_stats* stats);

  caf::behavior make_behavior() override;

private:
  struct step {
    std::uint64_t ticket = 0;
    std::string id; ///< empty until the store answers
    std::string content;
  };

  void on_tick();
  void roll_back();
  void on_restored(const get_reply& reply);
  /// The dynamics function: next hidden state from this one and an action.
  std::string dynamics(const std::string& hidden, std::uint64_t action) const;
  caf::actor store_actor();

  std::uint32_t env_;
  sim::node_id store_node_;
  muzero_options options_;
  muzero_stats* stats_;
  std::string hidden_;
  std::deque<step> window_; ///< the steps since the last rollback, oldest first
  std::uint64_t next_ticket_ = 1;
  std::vector<std::pair<std::uint64_t, sim::time_point>> sent_; ///< commits in flight
  std::uint64_t restoring_ = 0;    ///< ticket of the rollback read in flight, or 0
  std::string expected_;           ///< what that read must return
  sim::time_point restore_sent_{0};
  std::uint32_t since_rollback_ = 0;
};

} // namespace detsim::actors::helios
