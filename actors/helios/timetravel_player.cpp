// actors/helios/timetravel_player.cpp: the main line with its forks, then jumps with
// proofs, then merges.
#include "detsim/actors/helios/timetravel_player.hpp"

#include "detsim/actors/helios/delta.hpp"
#include "detsim/actors/helios/merkle_log.hpp"

#include <cctype>
#include <fmt/format.h>

namespace detsim::actors::helios {

namespace {

constexpr std::size_t header = 4; // game and ply, so positions of different plies differ
constexpr const char* start_position =
  "RNBQKBNR" "PPPPPPPP" "........" "........" "........" "........" "pppppppp" "rnbqkbnr";

std::string with_header(std::uint32_t game, std::uint32_t ply, std::string squares) {
  std::string content(header, '\0');
  content[0] = static_cast<char>(game & 0xff);
  content[1] = static_cast<char>(game >> 8);
  content[2] = static_cast<char>(ply & 0xff);
  content[3] = static_cast<char>(ply >> 8);
  return content + squares;
}

/// The three-way merge the store must agree with: the merged bytes, or the conflicts.
std::string three_way(const std::string& base, std::string a, const std::string& b,
                      std::vector<std::uint32_t>& conflicts) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i] || b[i] == base[i])
      continue;
    if (a[i] == base[i])
      a[i] = b[i];
    else
      conflicts.push_back(static_cast<std::uint32_t>(i));
  }
  return a;
}

} // namespace

timetravel_player::timetravel_player(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                                     std::uint32_t game, sim::node_id store_node,
                                     timetravel_options options, timetravel_stats* stats)
  : runtime::node_actor(cfg, w, node), game_(game), store_node_(store_node), options_(options),
    stats_(stats), hasher_(std::make_unique<sha256>()) {}

void timetravel_player::ask(caf::message message) {
  send(caf::actor_cast<caf::actor>(world_ref().lookup(store_node_)), std::move(message));
}

void timetravel_player::violation(std::string text) {
  if (stats_->violations.size() < 10)
    stats_->violations.push_back(fmt::format("game {}: {}", game_, text));
}

caf::behavior timetravel_player::make_behavior() {
  pending_variations_.assign(1, with_header(game_, 0, start_position));
  ask(caf::make_message(commit_request{next_ticket_++, {{{}, pending_variations_[0], false}}, true}));
  return {
    [this](const commit_reply& reply) {
      if (line_.size() == ply_)
        on_line_commit(reply);
      else
        on_variations(reply);
    },
    [this](const fork_reply& reply) {
      if (!reply.ok)
        violation("a fork of a committed position was refused");
    },
    [this](const get_reply& reply) { on_jump(reply); },
    [this](const prove_reply& reply) { on_proof(reply); },
    [this](const merge_reply& reply) { on_merge(reply); },
    [this](const log_reply& reply) { on_history(reply); },
  };
}

std::string timetravel_player::random_move(const std::string& board, int side) {
  // A piece of the side to move steps one square in any direction onto an empty square
  // or an opponent's piece.
  auto own = [side](char c) { return c != '.' && (side == 0 ? std::isupper(c) : std::islower(c)); };
  std::vector<int> pieces;
  for (int square = 0; square < 64; ++square)
    if (own(board[header + square]))
      pieces.push_back(square);
  static const int steps[8][2] = {{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}};
  for (std::size_t tries = 0; tries < 4 * pieces.size(); ++tries) {
    auto from = pieces[random().below(pieces.size())];
    const auto* step = steps[random().below(8)];
    int row = from / 8 + step[0], column = from % 8 + step[1];
    if (row < 0 || row > 7 || column < 0 || column > 7 || own(board[header + row * 8 + column]))
      continue;
    auto next = board;
    next[header + row * 8 + column] = board[header + from];
    next[header + from] = '.';
    return next;
  }
  return board; // no move found: a pass
}

void timetravel_player::on_line_commit(const commit_reply& reply) {
  ++stats_->commits;
  position p{reply.ids.empty() ? std::string{} : reply.ids.front(), pending_variations_.front(),
             reply.root, reply.size};
  line_.push_back(p);
  stats_->book.push_back(p);
  if (game_ == 0 && ply_ > 0)
    stats_->dag.push_back({double(ply_ - 1), 0, double(ply_), 0, 0});
  if (ply_ == 0 || options_.variations == 0) {
    variations_.emplace_back();
    return play_next();
  }
  // Alternatives to the move just played, from the position before it, as one batch.
  commit_request request{next_ticket_++, {}, true};
  pending_variations_.clear();
  const auto& before = line_[ply_ - 1].content;
  for (std::uint32_t v = 0; v < options_.variations; ++v) {
    auto alternative = with_header(game_, ply_, random_move(before, (ply_ - 1) % 2).substr(header));
    request.items.push_back({line_[ply_ - 1].id, encode_delta(before, alternative), true});
    pending_variations_.push_back(std::move(alternative));
  }
  ask(caf::make_message(std::move(request)));
}

void timetravel_player::on_variations(const commit_reply& reply) {
  variations_.emplace_back();
  for (std::size_t v = 0; v < pending_variations_.size() && v < reply.ids.size(); ++v) {
    ++stats_->commits;
    position p{reply.ids[v], pending_variations_[v], reply.root, reply.size};
    variations_.back().push_back(p);
    stats_->book.push_back(p);
    ++stats_->forks;
    ask(caf::make_message(fork_request{next_ticket_++, fmt::format("game-{}/ply-{}/variation-{}", game_, ply_, v), p.id}));
    if (game_ == 0)
      stats_->dag.push_back({double(ply_ - 1), 0, double(ply_), double(v + 1), 1});
  }
  play_next();
}

void timetravel_player::play_next() {
  if (++ply_ > options_.moves) {
    // The game's history as the store keeps it must be the line played, newest first.
    ask(caf::make_message(log_request{next_ticket_++, line_.back().id, line_.size() + 1}));
    return;
  }
  const auto& current = line_.back();
  auto next = with_header(game_, ply_, random_move(current.content, (ply_ - 1) % 2).substr(header));
  pending_variations_.assign(1, next);
  ask(caf::make_message(
    commit_request{next_ticket_++, {{current.id, encode_delta(current.content, next), true}}, true}));
}

void timetravel_player::on_history(const log_reply& reply) {
  ++stats_->histories_checked;
  bool same = reply.ids.size() == line_.size();
  for (std::size_t i = 0; same && i < line_.size(); ++i)
    same = reply.ids[i] == line_[line_.size() - 1 - i].id;
  if (!same)
    violation(fmt::format("the store's log of the final position has {} states, not the {} of the line played",
                          reply.ids.size(), line_.size()));
  jump_next();
}

void timetravel_player::jump_next() {
  if (jumps_done_ >= options_.jumps)
    return merge_next();
  ++jumps_done_;
  jump_target_ = random().below(stats_->book.size());
  jump_sent_ = now();
  ask(caf::make_message(get_request{next_ticket_++, stats_->book[jump_target_].id}));
}

void timetravel_player::on_jump(const get_reply& reply) {
  ++stats_->jumps;
  stats_->jump_latency_ns.record((now() - jump_sent_).count());
  const auto& target = stats_->book[jump_target_];
  if (!reply.found || reply.content != target.content) {
    ++stats_->jump_mismatches;
    violation(fmt::format("a jump to position {} returned {}", jump_target_,
                          reply.found ? "other bytes than were committed" : "nothing"));
  }
  jump_content_ = reply.content;
  ask(caf::make_message(prove_request{next_ticket_++, target.id, target.size}));
}

void timetravel_player::on_proof(const prove_reply& reply) {
  const auto& target = stats_->book[jump_target_];
  merkle_proof proof;
  proof.index = reply.index;
  proof.size = reply.size;
  bool well_formed = reply.found;
  auto parse_all = [&well_formed](const std::vector<std::string>& from, std::vector<digest>& to) {
    for (const auto& bytes : from) {
      to.emplace_back();
      well_formed = well_formed && parse_digest(bytes, to.back());
    }
  };
  parse_all(reply.path, proof.path);
  parse_all(reply.peaks, proof.peaks);
  digest root{};
  well_formed = well_formed && parse_digest(target.root, root);
  // The client hashes what it was given: the proof shows those bytes are in the history.
  if (well_formed && merkle_log::verify(*hasher_, proof, hasher_->of(jump_content_), root)) {
    ++stats_->proofs_verified;
  } else {
    ++stats_->proofs_failed;
    violation(fmt::format("the proof of position {} did not verify", jump_target_));
  }
  if (jumps_done_ == 1 && well_formed) { // once per game: a tampered copy must fail
    ++stats_->tamper_checks;
    auto tampered = jump_content_;
    tampered.back() = static_cast<char>(tampered.back() ^ 1);
    if (merkle_log::verify(*hasher_, proof, hasher_->of(tampered), root)) {
      ++stats_->tampered_accepted;
      violation("a proof verified a tampered position");
    }
  }
  jump_next();
}

void timetravel_player::merge_next() {
  std::vector<std::uint32_t> plies;
  for (std::uint32_t p = 0; p < variations_.size(); ++p)
    if (variations_[p].size() >= 2)
      plies.push_back(p);
  if (merges_done_ >= options_.merges || plies.empty())
    return finish();
  ++merges_done_;
  merge_ply_ = plies[random().below(plies.size())];
  const auto& choices = variations_[merge_ply_];
  merge_left_ = static_cast<std::uint32_t>(random().below(choices.size()));
  merge_right_ = static_cast<std::uint32_t>(random().below(choices.size() - 1));
  if (merge_right_ >= merge_left_)
    ++merge_right_;
  const auto& a = choices[merge_left_];
  const auto& b = choices[merge_right_];
  conflicts_expected_.clear();
  auto merged = three_way(line_[merge_ply_ - 1].content, a.content, b.content, conflicts_expected_);
  merge_expected_ = a.id == b.id ? a.id : bytes_of(hasher_->of(merged));
  ask(caf::make_message(merge_request{next_ticket_++, a.id, b.id}));
}

void timetravel_player::on_merge(const merge_reply& reply) {
  bool agrees = reply.id.empty() ? !reply.conflicts.empty() && reply.conflicts == conflicts_expected_
                                 : conflicts_expected_.empty() && reply.id == merge_expected_;
  if (!agrees) {
    ++stats_->merge_disagreements;
    violation(fmt::format("the merge at ply {} gave {} where {} was expected",
                          merge_ply_, reply.id.empty() ? "conflicts" : "a merged state",
                          conflicts_expected_.empty() ? "a merged state" : "conflicts"));
  }
  if (reply.id.empty()) {
    ++stats_->merge_conflicts;
  } else {
    ++stats_->merges_clean;
    if (game_ == 0) {
      auto x = double(merge_ply_ + 1);
      auto y = (merge_left_ + merge_right_ + 2) / 2.0;
      stats_->dag.push_back({double(merge_ply_), double(merge_left_ + 1), x, y, 2});
      stats_->dag.push_back({double(merge_ply_), double(merge_right_ + 1), x, y, 2});
    }
  }
  merge_next();
}

void timetravel_player::finish() {
  if (++stats_->games_done == options_.games)
    world_ref().work_done();
}

} // namespace detsim::actors::helios
