// actors/helios/mcts_agent.hpp: one AlphaGo-style search tree over a 19x19 board (361
// bytes) that keeps its positions in a Helios store. Each simulation selects a leaf by
// UCT, expands one untried move, commits the new position as a delta from its parent,
// plays a random game from it and backs the result up. After `sims_per_move` simulations
// it plays the most visited move, jumping to that position by digest (and to one random
// node of the tree) and checking the store returns exactly the board it built.
#pragma once

#include "detsim/actors/helios/digest.hpp"
#include "detsim/actors/helios/messages.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/sim/histogram.hpp"

#include <string>
#include <vector>

namespace detsim::actors::helios {

struct mcts_options {
  std::uint32_t sims_per_move = 800;
  std::uint32_t moves = 1;
  std::uint32_t branching = 250;   ///< most children a node expands (Go's branching factor)
  std::uint32_t playout_moves = 40;
  std::uint32_t batch = 1;         ///< expansions committed per message (with virtual loss)
  /// Simulated time a simulation takes the agent before its commit leaves (selection,
  /// evaluation, playout): 1.25 ms makes 1,000 trees offer the seed's 800,000/s.
  sim::duration think_time{1'250'000};
  std::uint32_t agents = 1;        ///< all trees, to know when the last one is done
};

struct mcts_stats {
  std::uint64_t simulations = 0;
  std::uint64_t expansions_acked = 0;
  std::uint64_t collisions = 0;   ///< a batch's selection reached a node still being committed
  std::uint64_t moves_played = 0;
  std::uint64_t jumps = 0;
  std::uint64_t jump_mismatches = 0;
  std::uint64_t refused = 0;
  std::uint32_t agents_done = 0;
  sim::histogram commit_latency_ns; ///< simulated: request to answer
  std::vector<std::string> violations;
};

class mcts_agent final : public runtime::node_actor {
public:
  mcts_agent(caf::actor_config& cfg, runtime::world& w, sim::node_id node, std::uint32_t tree,
             sim::node_id store_node, mcts_options options, mcts_stats* stats);

  caf::behavior make_behavior() override;

private:
  /// What UCT reads of a child, kept in its parent in one array: selection scans up to
  /// 250 of these per node, so they sit together rather than in the children's nodes.
  struct child_entry {
    float wins = 0;                ///< for the player who moved into the child
    float inverse_sqrt_visits = 1; ///< kept with the child's visits
    std::uint32_t node = 0;
  };
  struct tree_node {
    digest id{};
    std::uint32_t parent = none;
    std::uint32_t slot = 0;       ///< its entry in the parent's children
    std::uint32_t visits = 0;
    std::vector<child_entry> children;
    std::uint16_t move = 0;
    std::uint16_t tried = 0;      ///< candidate moves looked at so far
    bool committed = false;       ///< its digest is known
  };
  static constexpr std::uint32_t none = 0xffffffffu;

  void start_move(std::string board, const digest& id);
  void run_batch();
  /// Walks down by UCT from the root; returns the node to expand from and fills `board`.
  std::uint32_t select(std::string& board);
  /// The next untried legal move of `node`, or -1.
  int next_move(tree_node& node, const std::string& board);
  double playout(std::string board, int depth);
  void backup(std::uint32_t node, double black_result);
  void add_visit(std::uint32_t node);
  void on_committed(const commit_reply& reply);
  void finish_move();
  std::string board_of(std::uint32_t node) const;
  int depth_of(std::uint32_t node) const;
  void send_to_store(caf::message message);

  std::uint32_t tree_;
  sim::node_id store_node_;
  mcts_options options_;
  mcts_stats* stats_;
  std::vector<tree_node> nodes_;
  std::string root_board_;
  std::uint32_t sims_done_ = 0;
  std::uint32_t moves_done_ = 0;
  std::uint64_t next_ticket_ = 1;
  std::vector<std::uint32_t> in_batch_; ///< nodes whose commits are in flight, in order
  sim::time_point batch_sent_{0};
  /// Jumps awaiting the store: ticket -> node whose board is expected.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> jumps_;
  std::uint64_t jump_tickets_ = 0;
  std::uint32_t next_root_ = none;
};

} // namespace detsim::actors::helios
