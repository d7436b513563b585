// actors/helios/messages.hpp: what clients ask a Helios store and what it answers. Digests
// travel as their 32 raw bytes. Every request carries a ticket the answer repeats, so a
// client can keep many in flight (an MCTS agent's batch, a replica's quorum).
#pragma once

#include "detsim/runtime/message.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::actors::helios {

/// One state to commit: the parent's digest (empty: a root state) and either the whole
/// content or a delta from the parent's (delta.hpp).
struct commit_item {
  std::string parent;
  std::string data;
  bool is_delta = false;
};

/// Commits the items in order. `want_root`: also answer the Merkle root after them.
struct commit_request {
  std::uint64_t ticket = 0;
  std::vector<commit_item> items;
  bool want_root = false;
};

/// The digests of the committed items (empty digest: refused, e.g. an unknown parent).
struct commit_reply {
  std::uint64_t ticket = 0;
  std::vector<std::string> ids;
  std::string root;      ///< when asked: the Merkle root of the first `size` states
  std::uint64_t size = 0;
};

struct get_request {
  std::uint64_t ticket = 0;
  std::string id;
};

struct get_reply {
  std::uint64_t ticket = 0;
  bool found = false;
  std::string content;
};

/// Names a state as a branch (a fork: O(1), nothing copied).
struct fork_request {
  std::uint64_t ticket = 0;
  std::string name;
  std::string id;
};

struct fork_reply {
  std::uint64_t ticket = 0;
  bool ok = false;
};

/// The first-parent history of `id`, newest first, at most `limit` states.
struct log_request {
  std::uint64_t ticket = 0;
  std::string id;
  std::uint64_t limit = 0;
};

struct log_reply {
  std::uint64_t ticket = 0;
  std::vector<std::string> ids;
};

/// Three-way merge of `a` and `b` against their common ancestor.
struct merge_request {
  std::uint64_t ticket = 0;
  std::string a;
  std::string b;
};

struct merge_reply {
  std::uint64_t ticket = 0;
  std::string id;                       ///< the merged state; empty when not merged
  std::vector<std::uint32_t> conflicts; ///< bytes both sides changed differently
  std::string error;
};

/// Proof that `id` is among the first `size` states: the history whose root a commit
/// answered with that size (a root is named by the size of the log it covers).
struct prove_request {
  std::uint64_t ticket = 0;
  std::string id;
  std::uint64_t size = 0;
};

struct prove_reply {
  std::uint64_t ticket = 0;
  bool found = false;
  std::uint64_t index = 0;
  std::uint64_t size = 0;
  std::vector<std::string> path;
  std::vector<std::string> peaks;
};

/// A store's own timer: time to sync its log (group commit).
struct sync_tick {};

DETSIM_MESSAGE(sync_tick, "helios::sync_tick")
DETSIM_MESSAGE(commit_item, "helios::commit_item", x.parent, x.data, x.is_delta)
DETSIM_MESSAGE(commit_request, "helios::commit_request", x.ticket, x.items, x.want_root)
DETSIM_MESSAGE(commit_reply, "helios::commit_reply", x.ticket, x.ids, x.root, x.size)
DETSIM_MESSAGE(get_request, "helios::get_request", x.ticket, x.id)
DETSIM_MESSAGE(get_reply, "helios::get_reply", x.ticket, x.found, x.content)
DETSIM_MESSAGE(fork_request, "helios::fork_request", x.ticket, x.name, x.id)
DETSIM_MESSAGE(fork_reply, "helios::fork_reply", x.ticket, x.ok)
DETSIM_MESSAGE(log_request, "helios::log_request", x.ticket, x.id, x.limit)
DETSIM_MESSAGE(log_reply, "helios::log_reply", x.ticket, x.ids)
DETSIM_MESSAGE(merge_request, "helios::merge_request", x.ticket, x.a, x.b)
DETSIM_MESSAGE(merge_reply, "helios::merge_reply", x.ticket, x.id, x.conflicts, x.error)
DETSIM_MESSAGE(prove_request, "helios::prove_request", x.ticket, x.id, x.size)
DETSIM_MESSAGE(prove_reply, "helios::prove_reply", x.ticket, x.found, x.index, x.size, x.path,
               x.peaks)

/// Registers the store's message types with CAF.
inline void announce_store_types(caf::actor_system_config& cfg) {
  runtime::announce_messages<sync_tick, commit_item, commit_request, commit_reply, get_request, get_reply,
                             fork_request, fork_reply, log_request, log_reply, merge_request, merge_reply, prove_request,
                             prove_reply>(cfg);
}

} // namespace detsim::actors::helios
