// actors/helios/state_store.hpp: Helios, a content-addressed versioned store of states
// (game boards, hidden states). A state is named by the SHA-256 of its content and stored
// once; it keeps its first parent and is stored as a delta from it, with a full snapshot
// every few deltas, so a state costs tens of bytes. Forks are names for a digest, merges
// are three-way against the common ancestor, and a Merkle log over the states in commit
// order proves that a state belongs to a history. Plain code: the store actors wrap it.
#pragma once

#include "detsim/actors/helios/chunked_vector.hpp"
#include "detsim/actors/helios/digest.hpp"
#include "detsim/actors/helios/merkle_log.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace detsim::actors::helios {

struct store_options {
  /// A state more than this many deltas from a snapshot is stored in full (so a read
  /// applies at most this many deltas).
  std::uint32_t snapshot_every = 16;
  /// The largest state the store takes.
  std::uint32_t max_state_bytes = 65535;
};

/// What commit did.
struct commit_result {
  digest id{};
  std::uint32_t index = 0; ///< position in the Merkle log (first-commit order)
  bool created = false;    ///< false: the content was there already (stored once)
};

/// A three-way merge: the merged content, or the positions where both sides changed the
/// same byte differently (then nothing was committed).
struct merge_result {
  std::optional<commit_result> merged;
  std::vector<std::uint32_t> conflicts;
  std::string error; ///< set when a side is unknown or the sizes differ
};

class state_store {
public:
  explicit state_store(store_options options = {});

  /// Commits `content` as a child of `parent` (nullptr: a root state).
  commit_result commit(const digest* parent, std::string_view content);
  /// Commits the parent's content changed by `delta` (delta.hpp); nullopt if the parent
  /// is unknown or the delta malformed.
  std::optional<commit_result> commit_delta(const digest& parent, std::string_view delta);
  /// Puts a state back as it was logged (recovery): the digest is taken as given.
  /// `second_parent` is none for a state that is not a merge.
  void restore(const digest& id, std::uint32_t parent, std::uint32_t second_parent,
               bool full, std::string_view data);

  bool contains(const digest& id) const { return find(id).has_value(); }
  std::optional<std::uint32_t> find(const digest& id) const;
  /// The state's content (nullopt: unknown).
  std::optional<std::string> get(const digest& id) const;
  /// Writes the content of state `index` into `out` (reusing its buffer).
  void materialize(std::uint32_t index, std::string& out) const;

  /// Names `id` as branch `name` (O(1)); false if the state is unknown.
  bool fork(const std::string& name, const digest& id);
  std::optional<digest> branch(const std::string& name) const;

  /// The first-parent history of `id`, newest first, at most `limit` states.
  std::vector<digest> log(const digest& id, std::size_t limit) const;
  merge_result merge(const digest& a, const digest& b);

  /// The Merkle root of the first `size` states (all by default).
  digest root(std::uint64_t size);
  digest root() { return root(size()); }
  /// Proof that `id` is among the first `size` states; nullopt if it is not.
  std::optional<merkle_proof> prove(const digest& id, std::uint64_t size);
  /// A digest of the set of states, independent of the order they arrived in (replicas
  /// compare it).
  digest set_digest();

  std::uint64_t size() const { return records_.size(); }
  const digest& id_of(std::uint32_t index) const { return records_[index].id; }
  std::uint32_t parent_of(std::uint32_t index) const { return records_[index].parent; }
  /// The second parent of a merge state, or none.
  std::uint32_t second_parent_of(std::uint32_t index) const;
  /// How state `index` is stored: in full or as a delta, and its bytes.
  bool stored_full(std::uint32_t index) const { return records_[index].chain == 0; }
  std::string_view stored_data(std::uint32_t index) const;

  /// Bytes the store holds for its states (records, index, data, Merkle log, branches).
  std::uint64_t memory_bytes() const;
  sha256& hasher() { return hasher_; }

  static constexpr std::uint32_t none = 0xffffffffu;

private:
  struct record {
    digest id;
    std::uint32_t parent = none;
    std::uint16_t length = 0; ///< bytes of delta or content
    std::uint8_t chain = 0;   ///< deltas since the last full snapshot (0: full)
    /// Up to 8 bytes (a move's delta) live in the record itself: one cache miss fewer
    /// per step when a read walks a chain, and no arena bytes.
    static constexpr std::size_t inline_bytes = 8;
    union {
      std::uint64_t offset; ///< in the arena, when longer
      char bytes[inline_bytes];
    } data{};

    std::string_view view(const byte_arena& arena) const {
      return length <= inline_bytes ? std::string_view{data.bytes, length} : arena.at(data.offset, length);
    }
  };

  commit_result add(const digest& id, std::uint32_t parent, std::string_view content);
  void append_record(const digest& id, std::uint32_t parent, std::uint8_t chain,
                     std::string_view data);
  void index_insert(std::uint32_t index);
  void grow_index();

  store_options options_;
  sha256 hasher_;
  chunked_vector<record> records_;
  byte_arena arena_;
  std::vector<std::uint64_t> index_; ///< open addressing: tag | record + 1, 0 empty
  std::unordered_map<std::string, std::uint32_t> branches_; ///< looked up, never iterated
  std::uint64_t branch_name_bytes_ = 0;
  std::unordered_map<std::uint32_t, std::uint32_t> second_parents_; ///< looked up only
  merkle_log merkle_;
  mutable std::string scratch_, parent_scratch_;
};

} // namespace detsim::actors::helios
