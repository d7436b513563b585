// fuzz/replay_main.cpp: the entry point of a fuzz target built without libFuzzer (any
// compiler): runs the target once on every file named, directories included, so ctest
// replays the checked-in corpus and every regression input on each build.
#include "fuzz_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

std::vector<std::filesystem::path> inputs_under(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(root)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
      if (entry.is_regular_file())
        files.push_back(entry.path());
  } else {
    files.push_back(root);
  }
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::filesystem::exists(argv[i])) {
      std::fprintf(stderr, "%s: no such input '%s'\n", argv[0], argv[i]);
      return 2;
    }
    for (const auto& path : inputs_under(argv[i])) {
      std::ifstream in(path, std::ios::binary);
      std::vector<char> data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
      ++count;
    }
  }
  if (count == 0) {
    std::fprintf(stderr, "%s: no inputs\n", argv[0]);
    return 2;
  }
  std::printf("%zu inputs, no property violated\n", count);
  return 0;
}
