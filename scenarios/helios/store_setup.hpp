// scenarios/helios/store_setup.hpp: what every Helios scenario shares: the store's
// parameters (cost model, snapshots, link), its node, and the store's part of the report
// (metrics on commits, memory and real CPU; the dashboard's charts).
#pragma once

#include "detsim/actors/helios/store_server.hpp"
#include "detsim/runtime/scenario.hpp"

#include <string>
#include <vector>

namespace detsim::scenarios::helios {

struct store_setup {
  actors::helios::server_options server;
  sim::link_profile link;

  /// Reads the store's parameters for `scenario` (defaults: the server options').
  static store_setup take(sim::parameters& p, const std::string& scenario);
  /// Declares and starts the store node ("store") in group "stores".
  sim::node_id spawn(runtime::world& w, actors::helios::store_stats* stats,
                     actors::helios::store_probe* probe) const;
};

/// The store's metrics: commits, states, bytes per state, real CPU per commit / jump /
/// fork, commits per wall second.
std::vector<runtime::metric> store_metrics(const actors::helios::store_stats& stats);

/// The dashboard: commits/s and memory over simulated time, states (the Merkle log's
/// growth), and the distribution of `latency` (simulated commit latency, ns) if given.
std::vector<runtime::plot> store_plots(const actors::helios::store_stats& stats,
                                       const sim::histogram* latency);

/// A quantile of a nanosecond histogram in microseconds.
double quantile_us(const sim::histogram& h, double q);

} // namespace detsim::scenarios::helios
