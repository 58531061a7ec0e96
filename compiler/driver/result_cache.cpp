#include "driver/result_cache.h"

#include <algorithm>
#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include "driver/git.h"
#include "rules/rule_pack.h"
#include "schema/registry.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "support/fields.h"
#include "support/parallel.h"
#include "support/read_file.h"
#include "support/sha256.h"

namespace claudelint::driver::cache {

namespace fs = std::filesystem;

namespace {

/// Changes whenever what a key covers or an entry holds changes.
constexpr std::string_view format_version = "claudelint-result-cache 1";
constexpr std::string_view magic = "claudelint-result-cache 1\n";

/// A SHA-256 over the running executable and every shared library mapped
/// into the process (yaml-cpp, tree-sitter, PCRE2 … decide findings too):
/// each one's path and the SHA-256 of its bytes, sorted by path (the
/// addresses they are mapped at, and so their order, change every run).
std::string program_digest() {
  const auto maps = support::read_whole_file("/proc/self/maps");
  if (!maps.bytes) throw Error(fmt::format("cannot read /proc/self/maps: {}", maps.error));
  std::error_code ec;
  // The executable itself is read through /proc/self/exe, which stays the
  // running file even when a rebuild has replaced the one at its path.
  const std::string self_path = fs::read_symlink("/proc/self/exe", ec).string();
  std::vector<std::string> libraries;
  std::string_view rest = *maps.bytes;
  while (!rest.empty()) {
    const std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    // "address perms offset dev inode path": only executable mappings of files.
    const auto perms = line.find(' ');
    const auto path = line.find('/');
    if (perms == std::string_view::npos || path == std::string_view::npos || line.size() < perms + 4 ||
        line[perms + 3] != 'x')
      continue;
    if (line.substr(path) != self_path) libraries.emplace_back(line.substr(path));
  }
  std::sort(libraries.begin(), libraries.end());
  libraries.erase(std::unique(libraries.begin(), libraries.end()), libraries.end());
  std::string packed;
  const auto self = support::read_whole_file("/proc/self/exe");
  if (!self.bytes) throw Error(fmt::format("cannot read the running executable: {}", self.error));
  support::append_field(packed, support::sha256_hex(*self.bytes));
  for (const auto& path : libraries) {
    const auto read = support::read_whole_file(path);
    if (!read.bytes) throw Error(fmt::format("cannot read {}: {}", path, read.error));
    support::append_field(packed, path);
    support::append_field(packed, support::sha256_hex(*read.bytes));
  }
  return support::sha256_hex(packed);
}

/// What the run will make of a file's content: its hash, or why it has none.
std::string content_state(const FileRead& read) {
  if (read.content.too_large) return fmt::format("too large: {}", *read.content.too_large);
  return support::content_state(read.content);
}

std::optional<long long> parse_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

} // namespace

std::string run_key(const Options& options, const Snapshot& snapshot, const std::vector<std::string>& fields) {
  std::string packed;
  const auto field = [&](std::string_view bytes) { support::append_field(packed, bytes); };
  field(format_version);
  field(program_digest());
  field(std::to_string(fields.size()));
  for (const auto& f : fields) field(f);
  field(options.cwd.generic_string());
  // Whether each path is a folder decides where environment trees are sought.
  field(std::to_string(options.paths.size()));
  for (const auto& path : options.paths) {
    std::error_code ec;
    field(path);
    field(support::yes_no(fs::is_directory(path, ec)));
  }
  field(options.focus ? std::to_string(options.focus->size()) : "all");
  if (options.focus)
    for (const auto& path : *options.focus) field(path);
  const auto& files = snapshot.discovery.files;
  std::vector<std::string> contents(files.size());
  support::parallel_for(files.size(), options.jobs, [&](std::size_t i) { contents[i] = content_state(snapshot.files[i]); });
  field(std::to_string(files.size()));
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& mode = snapshot.files[i].content.mode;
    field(files[i].path.generic_string());
    field(files[i].display);
    field(std::to_string(static_cast<int>(files[i].kind)));
    field(contents[i]);
    field(mode ? fmt::format("{:o}", *mode) : "no modes");
  }
  field(std::to_string(snapshot.discovery.skipped.size()));
  for (const auto& skipped : snapshot.discovery.skipped) {
    field(skipped.display);
    field(skipped.reason);
  }
  return support::sha256_hex(packed);
}

std::string encode(std::string_view key, const Entry& entry) {
  // The payload is packed in place, after the magic line and its length
  // field, so that a large report is not copied once more.
  std::string bytes;
  bytes.reserve(magic.size() + entry.out.size() + entry.err.size() + 4096);
  bytes.append(magic);
  bytes.append(8, '\0');
  const std::size_t start = bytes.size();
  support::append_field(bytes, key);
  support::append_field(bytes, std::to_string(entry.exit_code));
  support::append_field(bytes, std::to_string(entry.inputs.size()));
  for (const auto& input : entry.inputs) {
    support::append_field(bytes, support::input_kind_name(input.kind));
    support::append_field(bytes, input.path);
    support::append_field(bytes, input.state);
  }
  support::append_field(bytes, entry.out);
  support::append_field(bytes, entry.err);
  bytes.replace(start - 8, 8, support::field_prefix(bytes.size() - start));
  support::append_field(bytes, support::sha256_hex(std::string_view(bytes).substr(start)));
  return bytes;
}

std::optional<Entry> decode(std::string_view key, std::string_view bytes) {
  if (!bytes.starts_with(magic)) return std::nullopt;
  support::FieldReader outer(bytes.substr(magic.size()));
  const auto payload = outer.next();
  const auto checksum = outer.next();
  if (!payload || !checksum || !outer.done() || support::sha256_hex(*payload) != *checksum) return std::nullopt;
  support::FieldReader reader(*payload);
  const auto stored_key = reader.next();
  const auto exit_code = reader.next();
  const auto count = reader.next();
  if (!stored_key || *stored_key != key || !exit_code || !count) return std::nullopt;
  Entry entry;
  const auto code = parse_number(*exit_code);
  const auto inputs = parse_number(*count);
  if (!code || *code < 0 || *code > 255 || !inputs || *inputs < 0) return std::nullopt;
  entry.exit_code = static_cast<int>(*code);
  for (long long i = 0; i < *inputs; ++i) {
    const auto kind = reader.next();
    const auto path = reader.next();
    const auto state = reader.next();
    if (!kind || !path || !state) return std::nullopt;
    const auto parsed = support::parse_input_kind(*kind);
    if (!parsed) return std::nullopt;
    entry.inputs.push_back({*parsed, std::string(*path), std::string(*state)});
  }
  const auto out = reader.next();
  const auto err = reader.next();
  if (!out || !err || !reader.done()) return std::nullopt;
  entry.out = *out;
  entry.err = *err;
  return entry;
}

bool inputs_hold(const std::vector<support::ObservedInput>& inputs) {
  GitTracking git;
  for (const auto& input : inputs) {
    const fs::path path = input.path;
    std::error_code ec;
    std::string now;
    switch (input.kind) {
    case support::InputKind::file: now = support::content_state(support::read_whole_file(path)); break;
    case support::InputKind::regular_file: now = support::yes_no(fs::is_regular_file(path, ec)); break;
    case support::InputKind::exists: now = support::yes_no(fs::exists(path, ec)); break;
    case support::InputKind::canonical: now = schema::file_uri(path); break;
    case support::InputKind::rule_pack: now = rules::rule_pack_state(rules::rule_pack_files(path)); break;
    case support::InputKind::git_tracked: now = tracked_state(git.tracked(path)); break;
    }
    if (now != input.state) return false;
  }
  return true;
}

fs::path entry_path(const fs::path& dir, std::string_view key) {
  return dir / std::string(key.substr(0, 2)) / std::string(key);
}

std::optional<Entry> lookup(const fs::path& dir, std::string_view key) {
  const auto read = support::read_whole_file(entry_path(dir, key));
  if (!read.bytes) return std::nullopt;
  auto entry = decode(key, *read.bytes);
  if (!entry || !inputs_hold(entry->inputs)) return std::nullopt;
  return entry;
}

void store(const fs::path& dir, std::string_view key, const Entry& entry) {
  const fs::path path = entry_path(dir, key);
  support::remove_abandoned_temporaries(path.parent_path());
  support::write_file_atomically(path, encode(key, entry));
}

} // namespace claudelint::driver::cache
