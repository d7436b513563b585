// scenarios/builtin.cpp: the explicit list of built-in scenarios.
#include "detsim/scenarios/builtin.hpp"

#include "detsim/scenarios/exchange/exchange_load.hpp"
#include "detsim/scenarios/helios/scenarios.hpp"
#include "detsim/scenarios/inference/inference.hpp"
#include "detsim/scenarios/phold/phold.hpp"
#include "detsim/scenarios/ingest/ingest.hpp"
#include "detsim/scenarios/swarm/swarm.hpp"
#include "detsim/scenarios/vstack/paxos.hpp"
#include "detsim/scenarios/vstack/scenarios.hpp"

namespace detsim::scenarios {

runtime::registry builtin_registry() {
  runtime::registry r;
  r.add(swarm::swarm_scenario::info());
  r.add(vstack::vstack_paxos::info());
  r.add(vstack::vstack_compare_info());
  r.add(vstack::vstack_failover_info());
  r.add(vstack::vstack_network_info());
  r.add(vstack::vstack_chaos_info());
  r.add(vstack::vstack_benchmark_info());
  r.add(ingest::ingest_scenario::info());
  r.add(exchange::exchange_load::info());
  r.add(inference::inference_scenario::info());
  r.add(helios::mcts_info());
  r.add(helios::muzero_info());
  r.add(helios::timetravel_info());
  r.add(helios::chaos_info());
  r.add(helios::recovery_info());
  r.add(phold::phold_info());
  return r;
}

} // namespace detsim::scenarios
