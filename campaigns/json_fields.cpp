// campaigns/json_fields.cpp: strict field reads.
#include "detsim/campaigns/json_fields.hpp"

#include <cmath>
#include <stdexcept>

namespace detsim::campaigns {

namespace {

[[noreturn]] void wrong(const char* key, const std::string& what) {
  throw std::runtime_error(std::string("'") + key + "' " + what);
}

const nlohmann::json& field(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end())
    wrong(key, "is missing");
  return *found;
}

} // namespace

std::uint64_t count_field(const nlohmann::json& object, const char* key, std::uint64_t max) {
  const auto& value = field(object, key);
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0))
    wrong(key, "must be a whole number of at least 0");
  auto number = value.get<std::uint64_t>();
  if (number > max)
    wrong(key, "must be at most " + std::to_string(max));
  return number;
}

std::uint64_t count_field_or(const nlohmann::json& object, const char* key, std::uint64_t fallback,
                             std::uint64_t max) {
  return object.contains(key) ? count_field(object, key, max) : fallback;
}

std::int64_t integer_field_or(const nlohmann::json& object, const char* key, std::int64_t fallback,
                              std::int64_t min, std::int64_t max) {
  if (!object.contains(key))
    return fallback;
  const auto& value = object.at(key);
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)))
    wrong(key, "must be a whole number");
  auto number = value.get<std::int64_t>();
  if (number < min || number > max)
    wrong(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return number;
}

double number_field(const nlohmann::json& object, const char* key) {
  const auto& value = field(object, key);
  if (!value.is_number() || !std::isfinite(value.get<double>()))
    wrong(key, "must be a finite number");
  return value.get<double>();
}

double number_field_or(const nlohmann::json& object, const char* key, double fallback) {
  return object.contains(key) ? number_field(object, key) : fallback;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto& value = field(object, key);
  if (!value.is_string())
    wrong(key, "must be a string");
  return value.get<std::string>();
}

std::string string_field_or(const nlohmann::json& object, const char* key, std::string fallback) {
  return object.contains(key) ? string_field(object, key) : fallback;
}

bool bool_field_or(const nlohmann::json& object, const char* key, bool fallback) {
  if (!object.contains(key))
    return fallback;
  if (!object.at(key).is_boolean())
    wrong(key, "must be true or false");
  return object.at(key).get<bool>();
}

std::vector<std::string> strings_field(const nlohmann::json& object, const char* key) {
  const auto& value = field(object, key);
  if (!value.is_array())
    wrong(key, "must be a list of strings");
  std::vector<std::string> strings;
  for (const auto& item : value) {
    if (!item.is_string())
      wrong(key, "must be a list of strings");
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

} // namespace detsim::campaigns
