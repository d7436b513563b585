// tests/helios_store_test.cpp: the Helios store as plain code: content addressing,
// deltas, forks, merges and Merkle proofs.
#include "detsim/actors/helios/delta.hpp"
#include "detsim/actors/helios/state_store.hpp"
#include "detsim/actors/helios/store_log.hpp"
#include "detsim/sim/rng.hpp"

#include <catch2/catch.hpp>

using namespace detsim;
using namespace detsim::actors::helios;

namespace {

std::string board(char fill = 0) { return std::string(361, fill); }

} // namespace

TEST_CASE("identical content is stored once under one digest", "[actors][helios]") {
  state_store store;
  auto first = store.commit(nullptr, "position");
  auto again = store.commit(nullptr, "position");
  CHECK(first.created);
  CHECK_FALSE(again.created);
  CHECK(first.id == again.id);
  CHECK(store.size() == 1);
  CHECK(to_hex(first.id).size() == 64);
}

TEST_CASE("a child differing by one byte is stored as a small delta and reads back exactly",
          "[actors][helios]") {
  state_store store;
  auto content = board();
  auto parent = store.commit(nullptr, content).id;
  std::vector<std::pair<digest, std::string>> committed;
  for (int move = 0; move < 40; ++move) {
    content[move * 7 % 361] = static_cast<char>(1 + move % 2);
    parent = store.commit(&parent, content).id;
    committed.emplace_back(parent, content);
  }
  for (std::uint32_t i = 1; i < store.size(); ++i)
    if (!store.stored_full(i))
      CHECK(store.stored_data(i).size() < 10);
  // A full snapshot every 16 deltas bounds what a read applies.
  CHECK(store.stored_full(16));
  for (const auto& [id, expected] : committed)
    CHECK(store.get(id) == expected);
  CHECK(store.log(parent, 100).size() == 41);
}

TEST_CASE("a commit by delta names the same state as a commit of the whole content",
          "[actors][helios]") {
  state_store by_content, by_delta;
  auto base = board();
  auto changed = base;
  changed[100] = 2;
  auto root_a = by_content.commit(nullptr, base).id;
  auto root_b = by_delta.commit(nullptr, base).id;
  auto a = by_content.commit(&root_a, changed);
  auto b = by_delta.commit_delta(root_b, encode_delta(base, changed));
  REQUIRE(b);
  CHECK(a.id == b->id);
  CHECK(by_delta.get(b->id) == changed);
  CHECK_FALSE(by_delta.commit_delta(root_b, "\xff\xff"));
  digest unknown{};
  CHECK_FALSE(by_delta.commit_delta(unknown, encode_delta(base, changed)));
}

TEST_CASE("deltas round-trip through size changes and malformed ones are refused",
          "[actors][helios]") {
  auto random = sim::rng::derive(7, "delta");
  for (int round = 0; round < 200; ++round) {
    std::string base(random.below(64), 'a'), target(random.below(64), 'a');
    for (auto& c : base)
      c = static_cast<char>('a' + random.below(3));
    for (auto& c : target)
      c = static_cast<char>('a' + random.below(3));
    auto content = base;
    REQUIRE(apply_delta(content, encode_delta(base, target)));
    CHECK(content == target);
  }
  std::string content = "abc";
  CHECK_FALSE(apply_delta(content, std::string("\x03\x05\x01z", 4))); // run past the end
  CHECK_FALSE(apply_delta(content, std::string("\x03\x00\x02z", 4))); // run longer than given
  CHECK_FALSE(apply_delta(content, std::string("\x80", 1)));          // unfinished varint
}

TEST_CASE("a fork is a new name for a digest", "[actors][helios]") {
  state_store store;
  auto id = store.commit(nullptr, "game").id;
  CHECK(store.fork("variation-1", id));
  CHECK(store.branch("variation-1") == id);
  CHECK_FALSE(store.branch("variation-2"));
  digest unknown{};
  CHECK_FALSE(store.fork("x", unknown));
}

TEST_CASE("a merge takes both sides' changes and reports, never drops, conflicts",
          "[actors][helios]") {
  state_store store;
  auto base = board();
  auto root = store.commit(nullptr, base).id;
  auto left = base, right = base;
  left[1] = 1;
  right[300] = 2;
  auto a = store.commit(&root, left).id;
  auto b = store.commit(&root, right).id;
  auto clean = store.merge(a, b);
  REQUIRE(clean.merged);
  auto merged = store.get(clean.merged->id).value();
  CHECK(merged[1] == 1);
  CHECK(merged[300] == 2);
  CHECK(store.second_parent_of(clean.merged->index) == *store.find(b));

  auto other = base;
  other[1] = 2; // the same square as `left`, differently
  auto c = store.commit(&root, other).id;
  auto conflicted = store.merge(a, c);
  CHECK_FALSE(conflicted.merged);
  CHECK(conflicted.conflicts == std::vector<std::uint32_t>{1});
}

TEST_CASE("a Merkle proof verifies against the root of any past size and fails when tampered",
          "[actors][helios]") {
  state_store store;
  std::vector<digest> ids;
  std::vector<digest> roots{store.root(0)};
  for (int i = 0; i < 70; ++i) {
    ids.push_back(store.commit(nullptr, "state " + std::to_string(i)).id);
    roots.push_back(store.root());
  }
  auto& hasher = store.hasher();
  for (std::uint64_t size = 1; size <= ids.size(); ++size)
    for (std::uint64_t i = 0; i < size; ++i) {
      auto proof = store.prove(ids[i], size);
      REQUIRE(proof);
      CHECK(merkle_log::verify(hasher, *proof, ids[i], roots[size]));
      if (i == 0) {
        auto tampered = ids[i];
        tampered[5] ^= 1;
        CHECK_FALSE(merkle_log::verify(hasher, *proof, tampered, roots[size]));
        CHECK_FALSE(merkle_log::verify(hasher, *proof, ids[i], roots[size - 1]));
      }
    }
  CHECK_FALSE(store.prove(ids[50], 40)); // committed after that history
}

TEST_CASE("a store recovers from checkpoints and its log, dropping a torn record whole",
          "[actors][helios]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    sim::durable_store disk;
    state_store original;
    store_log log(disk, 4);
    std::uint64_t synced = 0;
    auto random = sim::rng::derive(seed, "recovery");
    auto content = board();
    digest parent = original.commit(nullptr, content).id;
    log.append(original, 0);
    for (int i = 1; i < 30; ++i) {
      content[random.below(361)] = static_cast<char>(1 + random.below(2));
      auto before = original.size();
      auto result = original.commit(&parent, content);
      if (result.created)
        log.append(original, static_cast<std::uint32_t>(before));
      parent = result.id;
      if (i == 10 || i == 20) { // everything so far is durable, with a checkpoint
        disk.sync();
        log.checkpoint_if_due(original);
        synced = original.size();
      }
    }
    auto tear = sim::rng::derive(seed, "tear");
    disk.crash(&tear);

    state_store recovered;
    auto result = store_log(disk, 4).recover(recovered);
    CHECK(result.error.empty());
    CHECK(result.checkpoints >= 2);
    REQUIRE(recovered.size() >= synced);
    REQUIRE(recovered.size() <= original.size());
    for (std::uint32_t i = 0; i < recovered.size(); ++i) {
      CHECK(recovered.id_of(i) == original.id_of(i));
      CHECK(recovered.get(recovered.id_of(i)) == original.get(original.id_of(i)));
    }
    // The torn tail is gone for good: a second recovery finds the same, nothing torn.
    state_store again;
    auto second = store_log(disk, 4).recover(again);
    CHECK(second.torn_bytes == 0);
    CHECK(again.size() == recovered.size());
  }
}
