// campaigns/json_fields.hpp: typed reads of campaign.json and journal fields that refuse
// what they cannot hold exactly: a float, negative or too large number where a count is
// due (nlohmann's get<> would truncate, wrap, or convert out of range), a string where a
// number is due. Each throws std::runtime_error naming the field; callers add the file.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace detsim::campaigns {

/// A whole number in [0, max].
std::uint64_t count_field(const nlohmann::json& object, const char* key,
                          std::uint64_t max = UINT64_MAX);
/// A whole number in [0, max], or `fallback` when the field is absent.
std::uint64_t count_field_or(const nlohmann::json& object, const char* key,
                             std::uint64_t fallback, std::uint64_t max = UINT64_MAX);
/// A whole number in [min, max], or `fallback` when absent.
std::int64_t integer_field_or(const nlohmann::json& object, const char* key, std::int64_t fallback,
                              std::int64_t min, std::int64_t max);
double number_field(const nlohmann::json& object, const char* key);
double number_field_or(const nlohmann::json& object, const char* key, double fallback);
std::string string_field(const nlohmann::json& object, const char* key);
std::string string_field_or(const nlohmann::json& object, const char* key, std::string fallback);
bool bool_field_or(const nlohmann::json& object, const char* key, bool fallback);
std::vector<std::string> strings_field(const nlohmann::json& object, const char* key);

} // namespace detsim::campaigns
