// actors/helios/log_writer.cpp: batches of one-square changes.
#include "detsim/actors/helios/log_writer.hpp"

#include "detsim/actors/helios/delta.hpp"

namespace detsim::actors::helios {

namespace {
constexpr std::size_t board_bytes = 361;
}

log_writer::log_writer(caf::actor_config& cfg, runtime::world& w, sim::node_id node,
                       sim::node_id store_node, log_writer_options options, log_writer_stats* stats)
  : runtime::node_actor(cfg, w, node), store_node_(store_node), options_(options), stats_(stats) {}

caf::behavior log_writer::make_behavior() {
  delayed_send(this, options_.interval, writer_tick{});
  return {
    [this](writer_tick) {
      send_batch();
      if (batches_sent_ < batches(options_))
        delayed_send(this, options_.interval, writer_tick{});
    },
    [this](const commit_reply& reply) {
      for (const auto& id : reply.ids) {
        if (id.empty())
          ++stats_->refused;
        else
          stats_->acknowledged.push_back(id);
      }
    },
  };
}

void log_writer::send_batch() {
  commit_request request{++batches_sent_, {}, false};
  if (stats_->acknowledged.empty() && root_.empty()) {
    // The empty board first; until it is acknowledged, batches grow from it by content.
    root_ = std::string(board_bytes, '\0');
    request.items.push_back({{}, root_, false});
  }
  for (std::uint32_t i = request.items.size(); i < options_.batch; ++i) {
    auto square = random().below(board_bytes);
    auto stone = static_cast<char>(1 + random().below(2));
    if (stats_->acknowledged.empty()) {
      auto board = root_;
      board[square] = stone;
      request.items.push_back({{}, std::move(board), false});
      continue;
    }
    const auto& parent = stats_->acknowledged[random().below(stats_->acknowledged.size())];
    request.items.push_back({parent, encode_byte_change(board_bytes, square, stone), true});
  }
  stats_->sent += request.items.size();
  send(caf::actor_cast<caf::actor>(world_ref().lookup(store_node_)), std::move(request));
}

} // namespace detsim::actors::helios
