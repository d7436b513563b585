// scenarios/vstack_checks.hpp: V-Stack's durability invariant, shared by vstack-paxos and
// the streaming scenarios: every acknowledged upload must survive any minority failure,
// i.e. a majority of nodes keep the chosen data durably and the directory lists them.
#pragma once

#include "actors/paxos_checker.hpp"
#include "actors/vstack_manager.hpp"
#include "scenarios/scenario.hpp"

namespace scenarios {

invariant_result readable_after_minority_failure(const paxos::checker& checker,
                                                 const vstack::manager_stats& manager,
                                                 actors::world& w, std::uint32_t nodes);

} // namespace scenarios
