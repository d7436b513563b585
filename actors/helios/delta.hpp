// actors/helios/delta.hpp: the difference between a state and its parent, as runs of
// changed bytes. A move on a 361-byte board is six bytes of delta instead of 361.
#pragma once

#include <string>
#include <string_view>

namespace detsim::actors::helios {

/// Encodes `target` against `base`: the target's size, then (skip, length, bytes) runs
/// over the positions where they differ (positions past the base's end always differ).
std::string encode_delta(std::string_view base, std::string_view target);

/// The delta that sets the byte at `position` of a state of `size` bytes to `value` (a
/// move on a board), without comparing the two states.
std::string encode_byte_change(std::size_t size, std::size_t position, char value);

/// Turns `content` (the base) into the target in place; false if the delta is malformed
/// (then `content` is unspecified).
bool apply_delta(std::string& content, std::string_view delta);

/// The target size a delta encodes, or -1 if it is malformed.
long delta_target_size(std::string_view delta);

} // namespace detsim::actors::helios
