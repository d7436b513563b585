// sim/numbers.hpp: strict parsing of numbers from user input, shared by parameters,
// chaos specs and command-line options: the whole text, decimal, no leading space or '+',
// no overflow, no NaN or infinity. Callers word their own errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace detsim::sim {

/// Decimal digits only ("010" is ten; "0x10", "-1", " 5" and "+5" are refused).
std::optional<std::uint64_t> parse_unsigned(const std::string& text);
/// An optional '-' then decimal digits, within 64 bits.
std::optional<std::int64_t> parse_integer(const std::string& text);
/// A finite decimal number ("1.5", "-2", "1e3", ".5"); no NaN, no infinity.
std::optional<double> parse_finite(const std::string& text);
/// A size in bytes: a decimal number and a binary unit, "512M", "1.5G", "2GiB", "800KB"
/// (K, M, G, T are powers of 1024, with or without "B" or "iB"); plain digits are bytes.
std::optional<std::uint64_t> parse_size(const std::string& text);
/// "1.5 GiB", "800 MiB", "12 KiB", "512 B".
std::string format_size(std::uint64_t bytes);
/// A metric as a reader wants it: counts and values of 10,000 and more whole, with
/// thousands separators ("10,000,000", "140,770"); smaller ones to four significant
/// digits ("25.6", "0.01234"); "nan" and "inf" as such.
std::string format_number(double value);

} // namespace detsim::sim
