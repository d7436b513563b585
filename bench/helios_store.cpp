// bench/helios_store.cpp: the Helios store's own numbers on this machine (a program, not
// a test): real CPU per commit (by delta, as MCTS agents send, and of a whole 361-byte
// board), per jump by digest, per fork and per Merkle proof; memory per state and the
// process's resident growth for N states; the wall time to recover them from the log.
// Usage: detsim-helios-bench [STATES]   (default 1,000,000)
#include "detsim/actors/helios/delta.hpp"
#include "detsim/actors/helios/state_store.hpp"
#include "detsim/actors/helios/store_log.hpp"
#include "detsim/runtime/process_usage.hpp"
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/rng.hpp"

#include <fmt/format.h>

#include <cstdlib>

using namespace detsim;
using namespace detsim::actors::helios;

namespace {

void print_ns(const char* what, const sim::histogram& h) {
  fmt::print("  {:<34} p50 {:>6} ns   p99 {:>6} ns   ({} ops)\n", what, h.quantile(0.5),
             h.quantile(0.99), h.count());
}

template <class Work>
void timed(sim::histogram& into, Work&& work) {
  auto start = runtime::stopwatch_ns();
  work();
  into.record(runtime::stopwatch_ns() - start);
}

} // namespace

int main(int argc, char** argv) {
  std::uint64_t states = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  if (states < 1000 || states > 50'000'000) {
    fmt::print(stderr, "detsim-helios-bench: STATES must be between 1000 and 50000000\n");
    return 2;
  }
  auto random = sim::rng::derive(1, "helios-bench");
  auto resident_before = runtime::resident_bytes();
  state_store store;
  std::vector<digest> ids;
  ids.reserve(states);
  sim::histogram by_delta, whole, jump, fork, prove;
  std::string board(361, '\0');
  ids.push_back(store.commit(nullptr, board).id);
  // A search tree growing in breadth: each state is one stone on a random earlier state.
  auto grow_start = runtime::stopwatch_ns();
  while (store.size() < states) {
    const auto& parent = ids[random.below(ids.size())];
    auto delta = encode_byte_change(361, random.below(361), static_cast<char>(1 + random.below(2)));
    std::optional<commit_result> result;
    timed(by_delta, [&] { result = store.commit_delta(parent, delta); });
    if (result && result->created)
      ids.push_back(result->id);
  }
  auto grow_ns = runtime::stopwatch_ns() - grow_start;
  auto resident_after = runtime::resident_bytes();
  auto memory_at_states = store.memory_bytes();

  for (int i = 0; i < 100'000; ++i) {
    board[random.below(361)] = static_cast<char>(random.below(3));
    board[0] = static_cast<char>(i); // whole boards of a separate line
    timed(whole, [&] { store.commit(nullptr, board); });
  }
  for (int i = 0; i < 100'000; ++i) {
    const auto& id = ids[random.below(ids.size())];
    timed(jump, [&] { auto content = store.get(id); });
    timed(fork, [&] { store.fork(fmt::format("line-{}", i), id); });
  }
  auto size = store.size();
  auto root = store.root(size);
  std::uint64_t verified = 0;
  for (int i = 0; i < 10'000; ++i) {
    const auto& id = ids[random.below(ids.size())];
    timed(prove, [&] {
      auto proof = store.prove(id, size);
      verified += proof && merkle_log::verify(store.hasher(), *proof, id, root);
    });
  }

  fmt::print("helios store: {} states of a 19x19 board (361 bytes), each one stone on a random "
             "earlier state\n", ids.size());
  print_ns("commit by delta (as MCTS agents)", by_delta);
  print_ns("commit of a whole 361-byte board", whole);
  print_ns("jump: find by digest and rebuild", jump);
  print_ns("fork: name a digest", fork);
  print_ns("Merkle proof and its check", prove);
  fmt::print("  {:<34} {:.0f} commits/s on one core\n", "throughput by delta",
             double(by_delta.count()) / (double(grow_ns) / 1e9));
  fmt::print("  {:<34} {} of {} proofs\n", "proofs verified", verified, 10'000);
  fmt::print("  {:<34} {:.1f} B per state ({:.1f} MB in all)\n", "store memory",
             double(memory_at_states) / double(ids.size()), double(memory_at_states) / 1e6);
  fmt::print("  {:<34} {:.1f} MB for {} states\n",
             "resident growth", double(resident_after - resident_before) / 1e6, ids.size());

  // Log every state as a persisting store writes it (synced every 1,000 states, a
  // checkpoint every 100,000), then recover them as a restart would.
  sim::durable_store disk;
  store_log log(disk, 100'000);
  for (std::uint32_t i = 0; i < store.size(); ++i) {
    log.append(store, i);
    if ((i + 1) % 1000 == 0) {
      disk.sync();
      log.checkpoint_if_due(store);
    }
  }
  disk.sync();
  state_store recovered;
  auto start = runtime::stopwatch_ns();
  auto result = store_log(disk, 100'000).recover(recovered);
  auto recovery_ms = double(runtime::stopwatch_ns() - start) / 1e6;
  fmt::print("  {:<34} {:.0f} ms for {} states ({} checkpoints, {} log records)\n", "recovery",
             recovery_ms, result.states, result.checkpoints, result.log_records);
  return recovered.size() == store.size() && verified == 10'000 ? 0 : 1;
}
