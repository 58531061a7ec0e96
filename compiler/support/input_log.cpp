#include "support/input_log.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <tuple>

#include "support/sha256.h"

namespace claudelint::support {

namespace {

std::atomic<InputLog*> installed{nullptr};

constexpr std::pair<InputKind, std::string_view> kind_names[] = {
    {InputKind::file, "file"},           {InputKind::regular_file, "regular-file"},
    {InputKind::exists, "exists"},       {InputKind::canonical, "canonical"},
    {InputKind::rule_pack, "rule-pack"}, {InputKind::git_tracked, "git-tracked"},
};

} // namespace

std::string_view input_kind_name(InputKind kind) {
  for (const auto& [k, name] : kind_names)
    if (k == kind) return name;
  return "?";
}

std::optional<InputKind> parse_input_kind(std::string_view name) {
  for (const auto& [k, known] : kind_names)
    if (known == name) return k;
  return std::nullopt;
}

InputLog::Scope::Scope(InputLog& log) {
  [[maybe_unused]] InputLog* previous = installed.exchange(&log);
  assert(previous == nullptr);
}

InputLog::Scope::~Scope() { installed.store(nullptr); }

void InputLog::add(ObservedInput input) {
  const std::lock_guard lock(mutex_);
  inputs_.push_back(std::move(input));
}

std::vector<ObservedInput> InputLog::inputs() const {
  std::vector<ObservedInput> out;
  {
    const std::lock_guard lock(mutex_);
    out = inputs_;
  }
  const auto tie = [](const ObservedInput& o) { return std::tie(o.kind, o.path, o.state); };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return tie(a) < tie(b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool noting_inputs() { return installed.load() != nullptr; }

void note_input(InputKind kind, const std::filesystem::path& path, std::string state) {
  if (InputLog* log = installed.load()) log->add({kind, path.generic_string(), std::move(state)});
}

std::string content_state(const FileBytes& read) {
  if (read.bytes) return "sha256:" + sha256_hex(*read.bytes);
  return "unreadable: " + read.error;
}

FileBytes read_input_file(const std::filesystem::path& path) {
  FileBytes read = read_whole_file(path);
  if (noting_inputs()) note_input(InputKind::file, path, content_state(read));
  return read;
}

} // namespace claudelint::support
