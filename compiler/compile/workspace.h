#pragma once
// Config trees and their environments: which folders are trees, which
// environments each has in promotion order, and which files (or sections of
// files) make up each environment — declared by a `claudelint.yaml` manifest
// or inferred from the deployment guide's naming conventions. Every decision
// carries a reason, which `claudelint envs` prints.
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compile/conventions.h"
#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"
#include "source/file_kind.h"

namespace claudelint::compile {

/// A loaded file, as the planner sees it.
struct InputFile {
  model::FileId file = 0;
  std::string path; ///< display path ('/'-separated)
  source::FileKind kind = source::FileKind::unknown;
  const std::vector<model::Document>* documents = nullptr;
  /// The schema each document was validated against (filled in after the
  /// schema stage; the section a document feeds follows from it).
  std::vector<std::optional<std::string>> schemas;
  /// Permission bits (`0644`), when the file could be stat'ed.
  std::optional<unsigned> mode;
};

/// How one file takes part in its tree.
struct FileRole {
  model::FileId file = 0;
  std::string path;                      ///< relative to the tree root
  bool shared = false;                   ///< part of every environment
  std::vector<std::string> environments; ///< when not shared, in promotion order
  /// Its documents' top-level keys are environment names: each environment
  /// gets only its own section.
  bool split_by_environment = false;
  std::string reason; ///< why, for `claudelint envs`
};

enum class MergeStrategy { replace, append, merge_by_key };

/// How arrays at pointers matching `pointer` combine across layers.
struct MergeSpec {
  std::string pointer; ///< pattern
  MergeStrategy strategy = MergeStrategy::replace;
  std::string key; ///< for merge_by_key
};

/// Two environments that must match except where `allow` says.
struct ParitySpec {
  std::string lower;
  std::string upper;
  std::vector<std::string> allow; ///< pointer patterns
  model::Severity severity = model::Severity::warning;
};

/// A manifest `ignore:` entry: findings of `rules` in files matching
/// `globs` (in `environments`, when given) are silenced.
struct IgnoreSpec {
  std::vector<std::string> globs;
  std::vector<std::string> rules;
  std::vector<std::string> environments;
  std::string reason;
  std::string pointer; ///< of the entry in the manifest, for "silences nothing"
};

struct GlobMapping {
  std::vector<std::string> globs; ///< relative to the tree root
  std::string target;             ///< a schema URI, or a section name
};

/// How a tree keeps its keys (manifest `secrets:`): the mode key files may
/// have, the names the deployment platform provides, and the names used
/// without a `${NAME}` reference (read by the client itself).
struct SecretPolicy {
  unsigned key_file_mode = 0600; ///< 0600, or 0640 when the manifest allows group read
  std::vector<std::string> external;    ///< defined outside the tree (a vault, CI secrets)
  std::vector<std::string> implicit_use = {"CLAUDE_API_TOKEN*", "ANTHROPIC_API_KEY*"}; ///< globs
};

struct Tree {
  std::string root; ///< display path of the folder; "." for the working directory
  std::optional<model::FileId> manifest;
  std::vector<EnvironmentSpec> environments; ///< promotion order
  std::vector<FileRole> files;               ///< sorted by path
  std::vector<MergeSpec> merge;
  std::vector<ParitySpec> parity;
  std::vector<IgnoreSpec> ignores;
  std::vector<std::filesystem::path> rule_packs; ///< manifest `rule_packs:`, absolute
  std::vector<GlobMapping> schemas;  ///< manifest `schemas:`
  std::vector<GlobMapping> sections; ///< manifest `sections:`
  /// manifest `ref_maps:`: URL prefix → local folder (absolute), so remote
  /// `$ref`s resolve without a download.
  std::vector<std::pair<std::string, std::filesystem::path>> ref_maps;
  SecretPolicy secrets;              ///< manifest `secrets:`
  std::vector<std::string> notes;    ///< how the tree was found, for `envs`

  const EnvironmentSpec* environment(std::string_view name) const;
  /// The schema the manifest maps a file to (absolute URI), if any.
  std::optional<std::string> schema_for(std::string_view relative_path) const;
  /// The section the manifest assigns a file to, if any.
  std::optional<std::string> section_for(std::string_view relative_path) const;
};

struct Workspace {
  std::vector<Tree> trees; ///< sorted by root
  std::vector<model::Diagnostic> diagnostics;

  /// The tree a file belongs to and its role there, if any: a lookup in the
  /// index once `index_files` ran (every stage asks this for every file).
  std::pair<const Tree*, const FileRole*> find(model::FileId file) const;
  /// Builds the index `find` uses; call again after changing `trees`.
  void index_files();

private:
  std::unordered_map<model::FileId, std::pair<std::size_t, std::size_t>> roles_; ///< file → (tree, role)
};

/// File name of the manifest.
inline constexpr std::string_view manifest_name = "claudelint.yaml";
/// Whether the display path `path` names a manifest.
bool is_manifest_path(std::string_view path);

/// The folders a run was asked to check (display paths). A file argument's
/// folder is one, so a run over thousands of files has thousands.
class ScanRoots {
public:
  explicit ScanRoots(const std::vector<std::string>& roots);

  /// The scan root a file was found under: the deepest root holding it (as
  /// relative_to says), else its own folder. Walks up the file's folders,
  /// so its cost does not grow with the number of roots.
  std::string of(std::string_view path) const;

private:
  std::unordered_set<std::string> roots_;
};

/// Finds the trees among `files`. `scan_roots` are the display paths of the
/// folders that were walked (an inferred tree never reaches above one).
/// `cwd` is what display paths are relative to.
Workspace plan_workspace(const std::vector<InputFile>& files, const std::vector<std::string>& scan_roots,
                         const std::filesystem::path& cwd);

/// True for folder names that hold a tree's per-environment files
/// (`configs`, `config`, `environments`, `overlays` …).
bool is_container_folder(std::string_view name);

/// The folder of the config tree a single file belongs to, found on disk:
/// the nearest folder up to `stop` with a manifest, else the file's folder
/// (its parent when that is a container folder such as `configs/`) when a
/// file there names an environment; nullopt when the file is on its own.
/// Checking one file still needs its whole environment.
std::optional<std::filesystem::path> tree_root_for(const std::filesystem::path& file, const std::filesystem::path& stop);

/// tree_root_for for many files (a hook's or a file list's): each folder is
/// resolved, checked for a manifest and listed once, not once per file
/// under it, and the working folder and `stop` are resolved once.
class TreeRootFinder {
public:
  explicit TreeRootFinder(const std::filesystem::path& stop);
  std::optional<std::filesystem::path> root_for(const std::filesystem::path& file);

private:
  /// weakly_canonical of an absolute folder: its parent's, resolved once,
  /// and its own name when it is a plain folder (one lstat, not a readlink
  /// per component).
  const std::filesystem::path& resolved(const std::filesystem::path& folder);
  bool has_manifest(const std::filesystem::path& folder);
  /// Whether a file or folder in `folder`, or in its container folders,
  /// names an environment.
  bool names_an_environment(const std::filesystem::path& folder);

  std::filesystem::path cwd_, stop_;
  std::map<std::filesystem::path, std::filesystem::path> resolved_;
  std::map<std::filesystem::path, bool> has_manifest_, names_an_environment_;
};

/// `path` relative to `root` ('/'-separated display paths; root "." is the
/// working directory); nullopt when `path` is not under `root`.
std::optional<std::string> relative_to(std::string_view path, std::string_view root);

// ---------------------------------------------------------------- --shard

/// `--shard I/N`: the run checks the I-th of N slices of the config trees.
struct Shard {
  std::size_t index = 1; ///< 1 … count
  std::size_t count = 1;

  /// Whether the shard unit `unit` (a display path) is in this slice: the
  /// FNV-1a 64 hash of its bytes, mod count, is index - 1. The same on every
  /// machine, and a new unit never moves the others.
  bool holds(std::string_view unit) const;
};

/// A discovered file before it is loaded: its display path and kind.
struct FoundPath {
  std::string path;
  source::FileKind kind = source::FileKind::unknown;
};

/// What --shard deals out, worked out from paths alone, before any file is
/// loaded (loading is what sharding saves): each file's unit is the
/// shallowest candidate tree root among its folders, or the file itself when
/// no folder above it is a candidate. The candidates are a superset of the
/// roots plan_workspace finds once the files are loaded: folders holding a
/// manifest, the anchors of environment-named files and folders, and the
/// anchor of every JSON or YAML file whose top-level keys might all be
/// environment names.
///
/// Why no tree is ever split: a tree's root R is a candidate, and its
/// members are the files under R. For each of them, the candidates among its
/// folders are R, folders below R, and the folders above R, which all its
/// members share; so the shallowest is the same folder for every member (R
/// or one above it), and with it the unit. The files whose manifest or
/// anchor make R a tree are under R too, so a shard that holds a tree's
/// members also holds what makes it a tree, and plans it exactly as the
/// whole run would (a manifest that owns R is above R, in the same unit).
class ShardUnits {
public:
  /// `might_split(i)` says whether files[i], a JSON or YAML file, might have
  /// only environment names as top-level keys (might_split_by_environment
  /// on its text); it is asked only when the answer can change a unit.
  ShardUnits(const std::vector<FoundPath>& files, const std::vector<std::string>& scan_roots,
             const std::function<bool(std::size_t)>& might_split);

  /// The unit of a file, or of a path the walk skipped: the shallowest
  /// candidate among the folders above it, else the path itself.
  std::string unit_of(std::string_view path) const;

  /// The candidate roots, for tests.
  const std::set<std::string>& candidates() const { return candidates_; }

private:
  /// The shallowest candidate among `folder` and the folders above it.
  const std::string* shallowest(std::string_view folder) const;

  std::set<std::string> candidates_;
};

/// False only when `text`, a JSON, JSONC or YAML file's bytes, certainly
/// does not have environment names (and metadata) as its only top-level
/// keys: JSON that parses to an object with another key, or YAML whose
/// first document is a plain block mapping with another key at column 0.
/// Anything unusual (a syntax error, flow style, quoted keys, a string or
/// bracket left open at the end of a line, several documents) is "might".
bool might_split_by_environment(std::string_view text, source::FileKind kind);
/// The same, with `names_environment` saying which keys name an environment
/// (a manifest may declare names of its own).
bool might_split_by_environment(std::string_view text, source::FileKind kind,
                                const std::function<bool(std::string_view)>& names_environment);

namespace detail {
/// The two readings of a JSON text's top-level keys behind
/// might_split_by_environment, for the test that holds them equal: a quick
/// scan of plain strict JSON (nullopt at anything else: comments, escapes
/// in keys, non-ASCII, a syntax error) and nlohmann's SAX parser.
std::optional<bool> json_might_split_scanned(std::string_view text,
                                             const std::function<bool(std::string_view)>& names_environment);
bool json_might_split_parsed(std::string_view text, const std::function<bool(std::string_view)>& names_environment);
} // namespace detail

/// The environments a manifest document declares (its `environments:`), as
/// the planner reads them; problems in them are left to the planner.
std::vector<EnvironmentSpec> declared_environments(const model::Document& manifest);

} // namespace claudelint::compile
