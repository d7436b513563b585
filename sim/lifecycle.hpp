// sim/lifecycle.hpp: what happened to a node and when (started, killed, restarted), as
// checkers and reports see it.
#pragma once

#include "detsim/sim/network.hpp"
#include "detsim/sim/time.hpp"

namespace detsim::sim {

enum class lifecycle_kind { start, kill, restart };

struct lifecycle_event {
  time_point time{0};
  node_id node = 0;
  lifecycle_kind kind = lifecycle_kind::start;
};

inline const char* to_string(lifecycle_kind kind) {
  switch (kind) {
    case lifecycle_kind::start: return "start";
    case lifecycle_kind::kill: return "kill";
    case lifecycle_kind::restart: return "restart";
  }
  return "?";
}

} // namespace detsim::sim
