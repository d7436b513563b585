// actors/helios/timetravel_player.hpp: one game of time-travel chess on Helios. It plays
// `moves` random legal moves (pieces step like kings and capture; full chess rules are
// not the point), forks `variations` alternative moves at every position as named
// branches, then jumps to random positions of any game, checking each returns exactly
// what was committed and that a Merkle proof of it verifies against the root its
// committer was given (and that the proof rejects a tampered copy), and finally merges
// pairs of sibling timelines three ways, checking the store's merge or conflict list
// against its own.
#pragma once

#include "detsim/actors/helios/digest.hpp"
#include "detsim/actors/helios/messages.hpp"
#include "detsim/runtime/node_actor.hpp"
#include "detsim/sim/histogram.hpp"

#include <memory>
#include <string>
#include <vector>

namespace detsim::actors::helios {

struct timetravel_options {
  std::uint32_t games = 1;
  std::uint32_t moves = 50;
  std::uint32_t variations = 10;
  std::uint32_t jumps = 100;  ///< per game
  std::uint32_t merges = 5;   ///< per game
};

/// A committed position, as its committer saw it: digest, bytes, and the store's root
/// (and size) right after the commit, which any later proof of it must verify against.
struct position {
  std::string id;
  std::string content;
  std::string root;
  std::uint64_t size = 0;
};

/// One edge of game 0's DAG (x: ply, y: timeline), for the report's drawing.
struct dag_edge {
  double from_x = 0, from_y = 0, to_x = 0, to_y = 0;
  int kind = 0; ///< 0 main line, 1 fork, 2 merge
};

struct timetravel_stats {
  std::vector<position> book; ///< every position of every game, for jumps
  std::uint64_t commits = 0;
  std::uint64_t forks = 0;
  std::uint64_t jumps = 0;
  std::uint64_t jump_mismatches = 0;
  std::uint64_t proofs_verified = 0;
  std::uint64_t proofs_failed = 0;
  std::uint64_t tamper_checks = 0;
  std::uint64_t tampered_accepted = 0;
  std::uint64_t merges_clean = 0;
  std::uint64_t merge_conflicts = 0;
  std::uint64_t merge_disagreements = 0;
  std::uint64_t histories_checked = 0;
  std::uint32_t games_done = 0;
  sim::histogram jump_latency_ns;
  std::vector<dag_edge> dag;
  std::vector<std::string> violations;
};

class timetravel_player final : public runtime::node_actor {
public:
  timetravel_player(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                    std::uint32_t game, sim::node_id store_node, timetravel_options options,
                    timetravel_stats* stats);

  caf::behavior make_behavior() override;

private:
  void play_next();
  void on_line_commit(const commit_reply& reply);
  void on_variations(const commit_reply& reply);
  void on_history(const log_reply& reply);
  void jump_next();
  void on_jump(const get_reply& reply);
  void on_proof(const prove_reply& reply);
  void merge_next();
  void on_merge(const merge_reply& reply);
  void finish();
  std::string random_move(const std::string& board, int side);
  void violation(std::string text);
  void ask(caf::message message);

  std::uint32_t game_;
  sim::node_id store_node_;
  timetravel_options options_;
  timetravel_stats* stats_;
  std::unique_ptr<sha256> hasher_;
  std::uint64_t next_ticket_ = 1;
  std::uint32_t ply_ = 0;
  std::vector<position> line_;                    ///< the main line, ply 0 first
  std::vector<std::vector<position>> variations_; ///< per ply of the line
  std::vector<std::string> pending_variations_;   ///< contents in flight
  std::uint32_t jumps_done_ = 0;
  std::size_t jump_target_ = 0;
  sim::time_point jump_sent_{0};
  std::string jump_content_;                      ///< what the jump returned
  std::uint32_t merges_done_ = 0;
  std::string merge_expected_;                    ///< digest the merge must give, or empty
  std::vector<std::uint32_t> conflicts_expected_;
  std::uint32_t merge_ply_ = 0, merge_left_ = 0, merge_right_ = 0;
};

} // namespace detsim::actors::helios
