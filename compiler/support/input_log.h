#pragma once
// What a run learns from the file system besides the files it checks — a
// schema or rule file it reads, whether a path exists, what git says —
// noted while a log is installed, so that `check --cache` can tell later
// whether a stored result still holds (a build tool's dependency file).
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/read_file.h"

namespace claudelint::support {

/// What was asked of a path.
enum class InputKind {
  file,          ///< its content (read_input_file); state from content_state()
  regular_file,  ///< whether it is a regular file: "yes" or "no"
  exists,        ///< whether anything is there: "yes" or "no"
  canonical,     ///< the file:// URI a schema path resolves to (symbolic links followed)
  rule_pack,     ///< the rule files a --rule-pack or manifest pack path stands for
  git_tracked,   ///< whether git tracks it: "tracked", "untracked" or "no git"
};

/// The name of `kind` in a stored cache entry, and back (nullopt: unknown).
std::string_view input_kind_name(InputKind kind);
std::optional<InputKind> parse_input_kind(std::string_view name);

/// One observation: of `path`, `kind` gave `state`.
struct ObservedInput {
  InputKind kind = InputKind::file;
  std::string path;
  std::string state;
  friend bool operator==(const ObservedInput&, const ObservedInput&) = default;
};

/// Collects observations from any thread while installed.
class InputLog {
public:
  /// Installs `log` for the whole process until the scope ends. One at a
  /// time: the CLI's check installs one for its run; nothing else does.
  class Scope {
  public:
    explicit Scope(InputLog& log);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
  };

  void add(ObservedInput input);
  /// Everything noted so far, sorted, exact duplicates dropped.
  std::vector<ObservedInput> inputs() const;

private:
  mutable std::mutex mutex_;
  std::vector<ObservedInput> inputs_;
};

/// True when a log is installed (to skip working out a state no one reads).
bool noting_inputs();

/// Notes an observation in the installed log; does nothing when none is.
void note_input(InputKind kind, const std::filesystem::path& path, std::string state);

/// "yes" or "no".
inline std::string yes_no(bool value) { return value ? "yes" : "no"; }

/// The state of a file's content: "sha256:<hex>", or "unreadable: <why>".
std::string content_state(const FileBytes& read);

/// Reads a file that is not one of the files checked (a schema, a rule
/// file, a baseline) whole, and notes its content_state.
FileBytes read_input_file(const std::filesystem::path& path);

} // namespace claudelint::support
