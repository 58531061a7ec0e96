#pragma once
// Checks the rule vocabulary cannot express, callable from rule data as
// `assert: {native: <name>}`. One file per check; this list is the registry.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"
#include "secrets/scan.h"
#include "source/file_kind.h"

namespace claudelint::rules::native {

/// What a native check sees: the selected value, where it is, and the whole
/// environment (for cross-file checks).
struct Context {
  const nlohmann::json& value;
  const std::string& pointer;
  const compile::CompiledEnvironment& environment;
};

/// A failed check: what was expected, and optionally the other value it was
/// compared with (its pointer gives the finding a related location).
struct Failure {
  std::string expected;
  std::optional<std::string> other_pointer;
};

using Check = std::function<std::optional<Failure>(const Context&)>;

/// The check called `name`, or null.
const Check* find(std::string_view name);

// The checks, one file each.
std::optional<Failure> check_valid_cidr(const Context& context);
std::optional<Failure> check_timeout_within_critical(const Context& context);
std::optional<Failure> check_placeholder(const Context& context);


// ---------------------------------------------------------------------------
// File checks: rules with `scope: file` run once per loaded file of the
// kinds they name, on the file itself rather than on a compiled value
// (literal secrets, file modes, deploy scripts).

/// Asks git whether a file is tracked; one answer per file, cached by the
/// driver. nullopt: git is not installed (the check is skipped with an info).
using TrackedQuery = std::function<std::optional<bool>(const std::filesystem::path&)>;

/// What a file check sees.
struct FileContext {
  const model::SourceFile& source;
  model::FileId file;
  source::FileKind kind;
  const std::vector<model::Document>& documents;
  /// Permission bits; absent for stdin and editor buffers and on
  /// filesystems without POSIX modes.
  std::optional<unsigned> mode;
  /// Where the file is on disk; absent for stdin and editor buffers.
  std::optional<std::filesystem::path> disk_path;
  /// The literal secrets found in the file.
  const std::vector<secrets::SecretHit>& secrets;
  /// The config tree the file belongs to and its role there, if any.
  const compile::Tree* tree = nullptr;
  const compile::FileRole* role = nullptr;
  /// The tree's policy, or the default one for a file outside any tree.
  const compile::SecretPolicy& policy;
  const TrackedQuery& tracked;
};

/// One finding of a file check. `fields` fill the rule's message
/// placeholders (`{actual}`, `{chmod}` …); `severity` and `help` override the
/// rule's for this finding (an info when the check could not run, the exact
/// command that fixes it).
struct FileFinding {
  model::ByteRange range;
  std::map<std::string, std::string> fields;
  /// Replaces the rule's message template (a check that could not run says so).
  std::optional<std::string> message;
  std::optional<model::Severity> severity;
  std::optional<std::string> help;
  std::vector<model::Related> related;
};

using FileCheck = std::function<void(const FileContext&, std::vector<FileFinding>&)>;

/// The file check called `name`, or null.
const FileCheck* find_file_check(std::string_view name);

// ---------------------------------------------------------------------------
// Tree checks: rules with `scope: tree` run once per config tree, across its
// compiled environments (a secret value shared by two environments).

struct TreeContext {
  const compile::Tree& tree;
  const std::vector<compile::CompiledEnvironment>& environments;
};

/// A tree finding names its file and environment explicitly.
struct TreeFinding {
  model::FileId file = 0;
  FileFinding finding;
  std::optional<std::string> environment;
};

using TreeCheck = std::function<void(const TreeContext&, std::vector<TreeFinding>&)>;

/// The tree check called `name`, or null.
const TreeCheck* find_tree_check(std::string_view name);

// The file and tree checks, one file each (or one per family).
void check_literal_secret(const FileContext& context, std::vector<FileFinding>& out);
void check_tracked_secret_file(const FileContext& context, std::vector<FileFinding>& out);
void check_secret_file_mode(const FileContext& context, std::vector<FileFinding>& out);
void check_config_file_writable(const FileContext& context, std::vector<FileFinding>& out);
void check_secret_reused(const TreeContext& context, std::vector<TreeFinding>& out);

// Deploy-script checks (kinds: shell), over the shell loader's facts; the
// shared reading of them is in rules/native/shell_script.h.
void check_script_strict_mode(const FileContext& context, std::vector<FileFinding>& out);
void check_script_secret_file_mode(const FileContext& context, std::vector<FileFinding>& out);
void check_script_config_file_mode(const FileContext& context, std::vector<FileFinding>& out);
void check_script_world_writable_chmod(const FileContext& context, std::vector<FileFinding>& out);
void check_script_recursive_home_permissions(const FileContext& context, std::vector<FileFinding>& out);
void check_script_secret_echoed(const FileContext& context, std::vector<FileFinding>& out);
void check_script_pipe_to_shell(const FileContext& context, std::vector<FileFinding>& out);
void check_script_unsafe_rm(const FileContext& context, std::vector<FileFinding>& out);
void check_script_missing_source_file(const FileContext& context, std::vector<FileFinding>& out);

/// `0644`: a mode as `chmod` and `ls -l` users read it.
std::string octal_mode(unsigned mode);
/// `path` quoted for a shell command line when it needs to be.
std::string shell_quoted(std::string_view path);

} // namespace claudelint::rules::native
