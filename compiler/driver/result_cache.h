#pragma once
// `check --cache DIR`: what a whole run printed, stored under a hash of
// everything it depends on, so that checking an unchanged tree again costs
// only reading and hashing its files. An entry is one file,
// DIR/<first 2 hex digits>/<key>, written atomically; a missing, damaged or
// outdated entry is a miss, never an error.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"
#include "support/input_log.h"

namespace claudelint::driver::cache {

/// What a cached run printed and returned.
struct Entry {
  int exit_code = 0;
  std::string out; ///< everything it wrote to stdout
  std::string err; ///< what it wrote to stderr as part of its result (not progress)
  /// What the run learned from the file system besides the files it checks
  /// (schemas, rule packs, a baseline, paths scripts name, git): the entry
  /// holds only while each of them still gives the same state.
  std::vector<support::ObservedInput> inputs;
};

/// The key of a run: SHA-256 (hex) over length-prefixed fields, in this
/// order: the cache format, the SHA-256s of the running executable (rules
/// and schemas are built into it) and of the shared libraries it has
/// loaded, `fields` (the front end's: its arguments,
/// whether it colours), the working directory, the paths and focus, then
/// per discovered file its path, display path, kind, content (SHA-256, or
/// why it was not read) and mode, and each skipped path with the reason.
/// `options` must have no buffers. Throws Error when the executable or a
/// library cannot be read.
std::string run_key(const Options& options, const Snapshot& snapshot, const std::vector<std::string>& fields);

/// An entry's bytes: a magic line, the length-prefixed payload (key, exit
/// code, inputs, stdout, stderr), and the payload's SHA-256.
std::string encode(std::string_view key, const Entry& entry);

/// The entry in `bytes` when it is intact and stored for `key`; else nullopt.
std::optional<Entry> decode(std::string_view key, std::string_view bytes);

/// True when every input still gives the state the run saw.
bool inputs_hold(const std::vector<support::ObservedInput>& inputs);

/// Where the entry for `key` lives under `dir`.
std::filesystem::path entry_path(const std::filesystem::path& dir, std::string_view key);

/// The entry for `key` under `dir` when there is an intact one whose inputs
/// all hold; nullopt otherwise (missing, unreadable, damaged or outdated).
std::optional<Entry> lookup(const std::filesystem::path& dir, std::string_view key);

/// Stores `entry` for `key` under `dir` atomically, creating folders as
/// needed. Throws Error when it cannot.
void store(const std::filesystem::path& dir, std::string_view key, const Entry& entry);

} // namespace claudelint::driver::cache
