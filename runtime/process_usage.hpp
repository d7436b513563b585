// runtime/process_usage.hpp: what the process costs the machine (resident memory, CPU
// time), for reports only: these figures vary from machine to machine and run to run,
// so nothing a simulation decides may depend on them.
#pragma once

#include <cstdint>

namespace detsim::runtime {

/// Resident memory now, in bytes (0 where the system does not say).
std::uint64_t resident_bytes();
/// The largest resident memory the process has had, in bytes.
std::uint64_t peak_resident_bytes();
/// CPU time the process has used, user plus system, in seconds.
double cpu_seconds();
/// Processors online.
unsigned processor_count();

/// A monotonic reading in nanoseconds, to time a piece of real work (a commit, a
/// recovery) for a report. Never feed it into what a simulation decides.
std::int64_t stopwatch_ns();

} // namespace detsim::runtime
