#pragma once
#include <algorithm>
#include <chrono>
#include <map>
#include <filesystem>
#include <memory>
#include <functional>
#include <thread>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"
#include "rules/rule.h"
#include "rules/selection.h"
#include "secrets/scan.h"
#include "source/discover.h"
#include "source/file_kind.h"
#include "source/syntax_cache.h"
#include "support/error.h"
#include "support/limits.h"
#include "support/read_file.h"

namespace claudelint::driver {

/// How documents are matched to JSON Schemas.
struct SchemaOptions {
  /// `--schema FILE`: validate every document against this schema only.
  std::optional<std::filesystem::path> schema;
  /// `--ref-map PREFIX=DIR`: serve `$ref`s under PREFIX from DIR.
  std::vector<std::pair<std::string, std::filesystem::path>> ref_maps;
  /// Use the built-in schemas chosen by file name (off for `validate`).
  bool builtin = true;
  /// `--require-schema`: a document no schema applies to is an error.
  bool require = false;
};

struct Options {
  std::vector<std::string> paths; ///< files and directories to check
  support::Limits limits;
  SchemaOptions schemas;
  /// Find the config trees and compile their environments (off for `validate`).
  bool compile = true;
  /// Run the policy rules over the compiled environments.
  bool rules = true;
  /// `--rule-pack PATH`: more rule files (a file or a folder of them).
  std::vector<std::filesystem::path> rule_packs;
  /// `--baseline FILE`: findings whose fingerprint it lists are not reported.
  std::optional<std::filesystem::path> baseline;
  /// `--update-baseline`: write every finding's fingerprint to `baseline`.
  bool update_baseline = false;
  /// `--rule ID=SEVERITY` (severity `off` turns a rule off); wins over the
  /// manifest. It also sets the severity of claudelint's own findings.
  std::vector<std::pair<std::string, std::string>> rule_severities;
  /// `--select`: report only these rules, and run only what they need
  /// (rules/selection.h). Absent: every rule.
  std::optional<rules::Selection> selection;
  /// A --rule or --select name that matches no rule of the run is a usage
  /// error, so that a typo cannot pass a CI gate in silence. It is checked
  /// only in a run over whole trees: a run over some trees (file arguments,
  /// --shard, the language server's check of one tree) may not load the
  /// rule pack of a tree that has the rule. The language server turns it
  /// off.
  bool reject_unknown_rule_names = true;
  std::filesystem::path cwd = std::filesystem::current_path();
  /// A file checked with this text instead of what is on disk: an editor's
  /// open buffer (`claudelint lsp`), a staged version (`--stdin-filename
  /// PATH -`). It has no permission bits and no git status to check. A
  /// buffer whose file is not on disk (yet) is checked all the same.
  struct Buffer {
    std::string path; ///< absolute, or relative to `cwd`
    std::string text;
    /// The buffer's syntax tree from its last check, reparsed incrementally
    /// (an editor's buffer); null parses from scratch.
    std::shared_ptr<source::SyntaxCache> syntax;
  };
  /// At most one per file; a buffer outside `paths` is ignored unless its
  /// file is missing from disk.
  std::vector<Buffer> buffers;
  /// Files (as given) to report on; the rest of `paths` is loaded only so
  /// that environment rules see whole environments (file arguments,
  /// `--changed-since`). Absent: report on everything.
  std::optional<std::vector<std::string>> focus;
  /// `--jobs N`: threads that load files and then compile and check trees
  /// (results never depend on it).
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  /// Keep each tree's compiled environments in RunResult::environments (for
  /// `build`, `envs`, `diff`, the HTML report). Off, each tree's are freed as
  /// soon as its rules ran, which bounds what a large check holds.
  bool keep_environments = true;
  /// Keep every loaded file's documents (values and source maps) in
  /// RunResult::files. Off, each file's are freed once the rules of every
  /// tree that reads it ran (the manifests' stay), which bounds what a large
  /// check holds; `check` turns it off.
  bool keep_documents = true;
  /// `--stats`: time each stage and each rule.
  bool stats = false;
  /// `--shard I/N`: check only the config trees (and loose files) of this
  /// slice; the N slices' findings together are the whole run's. A file
  /// argument or buffer outside the slice is not checked.
  std::optional<compile::Shard> shard;
  /// Called as each read file is parsed, with (done, total), from any
  /// thread: for a progress display. Parsing spreads over the whole run
  /// (most files are parsed in their tree's task), so `done` reaches
  /// `total` near the end.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// One checked file and what loading it produced.
struct CheckedFile {
  model::FileId file = 0;
  source::FileKind kind = source::FileKind::unknown;
  std::vector<model::Document> documents;
  std::vector<model::Comment> comments;
  /// The literal secrets in it (their ranges are redacted in every output).
  std::vector<secrets::SecretHit> secrets;
  /// Where it is on disk (absent for a buffer), and its permission bits
  /// when the filesystem has POSIX modes.
  std::optional<std::filesystem::path> disk_path;
  std::optional<unsigned> mode;
};

/// Everything a front end needs to render a run.
struct RunResult {
  model::SourceManager sources;
  std::vector<CheckedFile> files;
  /// `files` as the compiler sees them (same order), with the schema each
  /// document was validated against.
  std::vector<compile::InputFile> inputs;
  compile::Workspace workspace;
  /// The compiled environments of workspace.trees[i], in promotion order
  /// (empty unless Options::keep_environments).
  std::vector<std::vector<compile::CompiledEnvironment>> environments;
  std::vector<model::Diagnostic> diagnostics; ///< sorted and deduplicated
  /// Findings silenced by an inline `claudelint: disable=` comment.
  std::vector<model::Diagnostic> suppressed;
  /// Findings silenced by a manifest's `ignore:` entry.
  std::vector<model::Diagnostic> ignored;
  /// Every policy rule the run evaluated: the built-in pack, --rule-pack
  /// files and the trees' own packs (sorted by id; empty when rules are off).
  rules::RulePack rules;
  /// Findings left out because the baseline lists them.
  std::size_t baselined = 0;
  std::size_t files_checked = 0;
  /// What the display paths are relative to.
  std::filesystem::path cwd;
  /// The run's --jobs, for what comes after it (reporting).
  unsigned jobs = 1;
  /// The run's --shard, for the summary.
  std::optional<compile::Shard> shard;
  /// With Options::stats: time per stage (in order) and per rule.
  std::vector<std::pair<std::string, std::chrono::nanoseconds>> stage_times;
  std::map<std::string, std::chrono::nanoseconds> rule_times;
};

/// The schema given with `--schema` cannot be used (unreadable, invalid, or
/// an unsupported draft): exit code 2, as for a usage error.
class SchemaError : public Error {
public:
  using Error::Error;
};

/// The pipeline both front ends call: discover -> load -> validate against
/// schemas -> (later stages). Throws UsageError for missing paths and
/// SchemaError for an unusable `--schema`; a bad config is a diagnostic.
RunResult run(const Options& options);

/// One discovered file as read from disk.
struct FileRead {
  /// Its bytes, or why there are none (unreadable, over --max-file-size),
  /// and its permission bits.
  support::FileBytes content;
};

/// The files a run checks, discovered and read before anything is parsed,
/// so that `check --cache` hashes exactly the bytes the run then checks.
struct Snapshot {
  source::Discovery discovery;
  /// One per discovery.files entry (empty for a buffer's file).
  std::vector<FileRead> files;
};

/// Discovers the files of `options` as run() does and reads each one (on
/// options.jobs threads). Throws UsageError for missing paths.
Snapshot take_snapshot(const Options& options);

/// run() over files already read: none is discovered or read again.
RunResult run(const Options& options, Snapshot snapshot);

} // namespace claudelint::driver
