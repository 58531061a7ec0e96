#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"
#include "source/file_kind.h"
#include "source/syntax_cache.h"
#include "support/limits.h"

namespace claudelint::source {

/// What loading one file produced. `documents` is empty when the file could
/// not be read as its kind at all; with recoverable syntax errors it holds the
/// parts that parsed (the editor needs them), and `diagnostics` says what broke.
struct LoadResult {
  std::vector<model::Document> documents;
  std::vector<model::Comment> comments;
  std::vector<model::Diagnostic> diagnostics;
  /// Byte ranges holding secrets (every value of a .env file), which no
  /// output may print; see SourceFile::set_redactions.
  std::vector<model::ByteRange> sensitive;
};

/// The parts of a .env file that may hold secrets: everything after the
/// first `=` of an assignment line, and every line that is neither an
/// assignment, a comment nor blank (continuations of quoted values).
std::vector<model::ByteRange> dotenv_sensitive_ranges(std::string_view text);

/// The text a per-kind loader parses: the file's bytes after the checks
/// common to every kind (UTF-8 validity, BOM removal), and where it starts.
struct LoaderInput {
  std::string_view text; ///< the bytes to parse (a BOM already cut off)
  std::size_t base = 0;  ///< offset of `text` in the file, added to every range
  model::FileId file = 0;
  const support::Limits& limits;
  SyntaxCache* syntax = nullptr; ///< an editor buffer's last syntax tree, reused when set
};

/// Loads `source` as `kind`: the common checks (size, UTF-8, BOM, empty
/// file), then the kind's loader. Never throws on bad input.
LoadResult load(const model::SourceFile& source, model::FileId file, FileKind kind,
                const support::Limits& limits, SyntaxCache* syntax = nullptr);

LoadResult load_json(const LoaderInput& input, bool allow_comments);
/// The one-pass reader load_json tries first (unless an editor's syntax tree
/// is kept): the document of a strict RFC 8259 file without duplicate keys,
/// with the ranges the syntax tree gives; nullopt for anything else.
std::optional<model::Document> read_strict_json(const LoaderInput& input);
/// `text` as nlohmann::json::parse reads it (or throws), for the JSON the
/// binary embeds (schemas, the compiled rule pack): the one-pass reader
/// without a source map is three times as fast as nlohmann's lexer, and
/// every run reads them before its first file.
nlohmann::json parse_embedded_json(std::string_view text);
/// Where load_yaml takes YAML's events from when the file is plain enough
/// that every reader reads it alike (most config files; see yaml_plain.h):
/// the text itself, read line by line without a syntax tree; else the
/// syntax tree it parses anyway; else yaml-cpp. Tests compare the three.
enum class YamlEvents { from_text_when_plain, from_tree_when_plain, from_yaml_cpp };
LoadResult load_yaml(const LoaderInput& input, YamlEvents events = YamlEvents::from_text_when_plain);
/// Whether load_yaml reads `text`'s events from the text alone (for tests).
bool plain_yaml_text(std::string_view text);
/// Whether load_yaml reads `text`'s events from the syntax tree (for tests).
bool plain_yaml(std::string_view text);
LoadResult load_dotenv(const LoaderInput& input);
LoadResult load_shell(const LoaderInput& input);

/// Builds a diagnostic at [begin, end) of `file` (helper for loaders).
model::Diagnostic make_diagnostic(const model::RuleId& rule, model::Severity severity,
                                  model::FileId file, std::size_t begin, std::size_t end,
                                  std::string message);

} // namespace claudelint::source
