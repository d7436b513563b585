// bench/micro.cpp: micro-benchmarks of hot parts with Google Benchmark (a program, not a
// test): the engine's event queue, trace encoding, histograms, and the Helios store's
// operations. `detsim-micro --benchmark_format=json` gives Google Benchmark's JSON.
#include "detsim/actors/helios/delta.hpp"
#include "detsim/actors/helios/state_store.hpp"
#include "detsim/engines/event_queue.hpp"
#include "detsim/replays/trace_writer.hpp"
#include "detsim/sim/histogram.hpp"
#include "detsim/sim/rng.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <unistd.h>

using namespace detsim;

namespace {

struct queue_item {
  std::int64_t due;
  std::uint64_t order;
  bool before(const queue_item& other) const {
    return due != other.due ? due < other.due : order < other.order;
  }
  bool dead() const { return false; }
};

/// The hold model: pop the earliest item, push one due an exponential delay later.
void event_queue_hold(benchmark::State& state) {
  engines::event_queue<queue_item> queue;
  sim::rng random(1);
  std::uint64_t order = 0;
  for (std::int64_t i = 0; i < state.range(0); ++i)
    queue.push({static_cast<std::int64_t>(random.exponential(1e6)), order++});
  for (auto _ : state) {
    auto next = queue.take();
    queue.push({next.due + 100'000 + static_cast<std::int64_t>(random.exponential(1e6)), order++});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(event_queue_hold)->Arg(1000)->Arg(100'000)->Arg(1'000'000);

void trace_encoding(benchmark::State& state) {
  auto path = "/tmp/detsim-micro-" + std::to_string(getpid()) + ".zst";
  replays::trace_header header;
  header.scenario = "micro";
  replays::trace_writer writer(path, header);
  sim::trace_event event;
  sim::rng random(2);
  for (auto _ : state) {
    ++event.step;
    event.time += sim::duration{static_cast<std::int64_t>(random.below(2000))};
    event.source = static_cast<std::uint32_t>(random.below(10'000));
    event.target = static_cast<std::uint32_t>(random.below(100));
    event.type = static_cast<std::uint32_t>(random.below(6));
    writer.on_event(event);
  }
  writer.close();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_event"] = double(writer.bytes_written()) / double(state.iterations());
  std::remove(path.c_str());
}
BENCHMARK(trace_encoding);

void histogram_record(benchmark::State& state) {
  sim::histogram h;
  sim::rng random(3);
  for (auto _ : state)
    h.record(static_cast<std::int64_t>(random.exponential(1e5)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(histogram_record);

void histogram_quantile(benchmark::State& state) {
  sim::histogram h;
  sim::rng random(4);
  for (int i = 0; i < 1'000'000; ++i)
    h.record(static_cast<std::int64_t>(random.exponential(1e5)));
  for (auto _ : state)
    benchmark::DoNotOptimize(h.quantile(0.99));
}
BENCHMARK(histogram_quantile);

/// A store of `states` MCTS-like states: each one stone on a random earlier state.
struct helios_fixture {
  explicit helios_fixture(std::int64_t states) {
    sim::rng random(5);
    ids.push_back(store.commit(nullptr, std::string(361, '\0')).id);
    while (static_cast<std::int64_t>(store.size()) < states) {
      auto delta = actors::helios::encode_byte_change(361, random.below(361), static_cast<char>(1 + random.below(2)));
      auto result = store.commit_delta(ids[random.below(ids.size())], delta);
      if (result && result->created)
        ids.push_back(result->id);
    }
  }
  actors::helios::state_store store;
  std::vector<actors::helios::digest> ids;
};

void helios_commit_delta(benchmark::State& state) {
  helios_fixture f(state.range(0));
  sim::rng random(6);
  for (auto _ : state) {
    auto delta = actors::helios::encode_byte_change(361, random.below(361), static_cast<char>(1 + random.below(2)));
    benchmark::DoNotOptimize(f.store.commit_delta(f.ids[random.below(f.ids.size())], delta));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(helios_commit_delta)->Arg(100'000)->Arg(1'000'000);

void helios_commit_whole_board(benchmark::State& state) {
  actors::helios::state_store store;
  std::string board(361, '\0');
  std::uint64_t n = 0;
  for (auto _ : state) {
    ++n;
    std::memcpy(board.data(), &n, sizeof n); // always new content
    benchmark::DoNotOptimize(store.commit(nullptr, board));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(helios_commit_whole_board);

void helios_jump(benchmark::State& state) {
  helios_fixture f(state.range(0));
  sim::rng random(7);
  std::string content;
  for (auto _ : state) {
    auto index = f.store.find(f.ids[random.below(f.ids.size())]);
    f.store.materialize(*index, content);
    benchmark::DoNotOptimize(content.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(helios_jump)->Arg(100'000)->Arg(1'000'000);

void helios_fork(benchmark::State& state) {
  helios_fixture f(100'000);
  sim::rng random(8);
  std::uint64_t n = 0;
  for (auto _ : state)
    f.store.fork("line-" + std::to_string(n++), f.ids[random.below(f.ids.size())]);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(helios_fork);

} // namespace

BENCHMARK_MAIN();
