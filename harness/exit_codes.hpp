// harness/exit_codes.hpp: what detsim's exit status means (campaign tooling relies on it).
#pragma once

namespace detsim::harness {

enum exit_code : int {
  exit_pass = 0,
  exit_invariant = 1,   ///< an invariant was violated
  exit_usage = 2,       ///< usage or input error
  exit_liveness = 3,    ///< liveness or time budget exceeded
  exit_divergence = 4,  ///< replay diverged: nondeterminism
  exit_internal = 5,    ///< internal or I/O error
};

} // namespace detsim::harness
