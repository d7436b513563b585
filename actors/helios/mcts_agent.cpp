// actors/helios/mcts_agent.cpp: selection, expansion, playout, backup and the moves'
// jumps by digest.
#include "detsim/actors/helios/mcts_agent.hpp"

#include "detsim/actors/helios/delta.hpp"

#include <cmath>
#include <fmt/format.h>

namespace detsim::actors::helios {

namespace {

constexpr int points = 361;
constexpr int stride = 7; // coprime with 361 = 19 x 19: visits every point once
constexpr double exploration = 1.4;

/// The stone placed by the move into a node at `depth` (the root is 0; black moves first).
char stone_at(int depth) { return depth % 2 == 1 ? 1 : 2; }

} // namespace

mcts_agent::mcts_agent(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                       std::uint32_t tree, sim::node_id store_node, mcts_options options,
                       mcts_stats* stats)
  : runtime::node_actor(cfg, w, node), tree_(tree), store_node_(store_node),
    options_(options), stats_(stats) {}

caf::behavior mcts_agent::make_behavior() {
  // Each tree searches its own opening: a few random stones on the empty board.
  std::string board(points, 0);
  for (int stone = 0; stone < 12; ++stone)
    board[random().below(points)] = stone_at(stone + 1);
  nodes_.assign(1, tree_node{});
  root_board_ = board;
  in_batch_.assign(1, 0);
  batch_sent_ = now();
  commit_request request{next_ticket_, {commit_item{{}, board, false}}, false};
  send_to_store(caf::make_message(std::move(request)));
  return {
    [this](const commit_reply& reply) { on_committed(reply); },
    [this](const get_reply& reply) {
      for (auto i = jumps_.begin(); i != jumps_.end(); ++i) {
        if (i->first != reply.ticket)
          continue;
        ++stats_->jumps;
        auto expected = board_of(i->second);
        if (!reply.found || reply.content != expected) {
          ++stats_->jump_mismatches;
          if (stats_->violations.size() < 10)
            stats_->violations.push_back(fmt::format(
              "tree {}: the jump to node {} returned {} instead of the board committed", tree_,
              i->second, reply.found ? "another board" : "nothing"));
        }
        jumps_.erase(i);
        if (jumps_.empty())
          start_move(board_of(next_root_), nodes_[next_root_].id);
        return;
      }
    },
  };
}

void mcts_agent::send_to_store(caf::message message) {
  send(caf::actor_cast<caf::actor>(world_ref().lookup(store_node_)), std::move(message));
}

void mcts_agent::on_committed(const commit_reply& reply) {
  if (reply.ticket != next_ticket_)
    return;
  ++next_ticket_;
  stats_->commit_latency_ns.record((now() - batch_sent_).count());
  for (std::size_t i = 0; i < in_batch_.size(); ++i) {
    auto& node = nodes_[in_batch_[i]];
    if (i >= reply.ids.size() || !parse_digest(reply.ids[i], node.id)) {
      ++stats_->refused;
      continue;
    }
    node.committed = true;
    ++stats_->expansions_acked;
  }
  in_batch_.clear();
  run_batch();
}

void mcts_agent::run_batch() {
  commit_request request{next_ticket_, {}, false};
  while (request.items.empty() && sims_done_ < options_.sims_per_move) {
    for (std::uint32_t k = 0; k < options_.batch && sims_done_ < options_.sims_per_move; ++k) {
      ++sims_done_;
      ++stats_->simulations;
      auto board = root_board_;
      auto leaf = select(board);
      auto expanded = leaf;
      int move = nodes_[leaf].committed ? next_move(nodes_[leaf], board) : -1;
      if (!nodes_[leaf].committed)
        ++stats_->collisions;
      if (move >= 0) {
        auto stone = stone_at(depth_of(leaf) + 1);
        board[move] = stone;
        expanded = static_cast<std::uint32_t>(nodes_.size());
        tree_node child;
        child.parent = leaf;
        child.move = static_cast<std::uint16_t>(move);
        child.slot = static_cast<std::uint32_t>(nodes_[leaf].children.size());
        nodes_[leaf].children.push_back({0, 1, expanded});
        nodes_.push_back(std::move(child));
        add_visit(expanded);
        request.items.push_back(
          {bytes_of(nodes_[leaf].id), encode_byte_change(board.size(), move, stone), true});
        in_batch_.push_back(expanded);
      }
      backup(expanded, playout(board, depth_of(expanded)));
    }
  }
  if (request.items.empty())
    return finish_move();
  auto think = options_.think_time * static_cast<std::int64_t>(request.items.size());
  batch_sent_ = now() + think;
  delayed_send(caf::actor_cast<caf::actor>(world_ref().lookup(store_node_)), think, std::move(request));
}

std::uint32_t mcts_agent::select(std::string& board) {
  std::uint32_t n = 0;
  for (int depth = 0;; ++depth) {
    add_visit(n); // a virtual loss until backup: a batch's next selection looks elsewhere
    const auto& node = nodes_[n];
    bool expandable = node.tried < options_.branching && node.tried < points;
    if (!node.committed || expandable || node.children.empty())
      return n;
    // UCT: wins/visits + c * sqrt(ln N / visits), with 1/sqrt(visits) kept per child.
    auto spread = static_cast<float>(exploration * std::sqrt(std::log(double(node.visits))));
    std::uint32_t best = none;
    float best_score = -1;
    for (const auto& child : node.children) {
      float score = (child.wins * child.inverse_sqrt_visits + spread) * child.inverse_sqrt_visits;
      if (score > best_score) {
        best_score = score;
        best = child.node;
      }
    }
    board[nodes_[best].move] = stone_at(depth + 1);
    n = best;
  }
}

void mcts_agent::add_visit(std::uint32_t index) {
  auto& node = nodes_[index];
  ++node.visits;
  if (node.parent != none)
    nodes_[node.parent].children[node.slot].inverse_sqrt_visits =
      1.0f / std::sqrt(static_cast<float>(node.visits));
}

int mcts_agent::next_move(tree_node& node, const std::string& board) {
  // Candidates in an order of the node's own (its digest's first bytes), one at a time.
  int offset = (node.id[0] << 8 | node.id[1]) % points;
  while (node.tried < points && node.tried < options_.branching) {
    int point = (offset + stride * node.tried) % points;
    ++node.tried;
    if (board[point] == 0)
      return point;
  }
  return -1;
}

double mcts_agent::playout(std::string board, int depth) {
  for (std::uint32_t i = 0; i < options_.playout_moves; ++i) {
    auto point = static_cast<int>(random().below(points));
    int probes = 0;
    while (board[point] != 0 && probes++ < points)
      point = (point + 1) % points;
    if (board[point] != 0)
      break;
    board[point] = stone_at(depth + 1 + static_cast<int>(i));
  }
  int black = 0, white = 0;
  for (char c : board) {
    black += c == 1;
    white += c == 2;
  }
  return black > white ? 1.0 : black == white ? 0.5 : 0.0;
}

void mcts_agent::backup(std::uint32_t node, double black_result) {
  for (auto depth = depth_of(node); nodes_[node].parent != none; --depth) {
    // Wins count for the player who moved into the node: black at odd depths.
    const auto& n = nodes_[node];
    nodes_[n.parent].children[n.slot].wins +=
      static_cast<float>(depth % 2 == 1 ? black_result : 1 - black_result);
    node = n.parent;
  }
}

int mcts_agent::depth_of(std::uint32_t node) const {
  int depth = 0;
  for (; nodes_[node].parent != none; node = nodes_[node].parent)
    ++depth;
  return depth;
}

std::string mcts_agent::board_of(std::uint32_t node) const {
  std::vector<std::uint32_t> path;
  for (auto n = node; n != 0; n = nodes_[n].parent)
    path.push_back(n);
  auto board = root_board_;
  int depth = 0;
  for (auto i = path.rbegin(); i != path.rend(); ++i)
    board[nodes_[*i].move] = stone_at(++depth);
  return board;
}

void mcts_agent::finish_move() {
  std::uint32_t best = none;
  for (const auto& child : nodes_[0].children)
    if (nodes_[child.node].committed && (best == none || nodes_[child.node].visits > nodes_[best].visits))
      best = child.node;
  if (best == none) { // nothing was expanded: the board is full
    if (++stats_->agents_done == options_.agents)
      world_ref().work_done();
    return;
  }
  // Jump to the chosen position, and to one random node of the tree, by digest.
  next_root_ = best;
  auto random_node = static_cast<std::uint32_t>(1 + random().below(nodes_.size() - 1));
  for (auto target : {best, random_node}) {
    jumps_.emplace_back(++jump_tickets_, target);
    send_to_store(caf::make_message(get_request{jumps_.back().first, bytes_of(nodes_[target].id)}));
  }
}

void mcts_agent::start_move(std::string board, const digest& id) {
  ++moves_done_;
  ++stats_->moves_played;
  if (moves_done_ >= options_.moves) {
    if (++stats_->agents_done == options_.agents)
      world_ref().work_done();
    return;
  }
  nodes_.assign(1, tree_node{});
  nodes_[0].id = id;
  nodes_[0].committed = true;
  root_board_ = std::move(board);
  sims_done_ = 0;
  run_batch();
}

} // namespace detsim::actors::helios
