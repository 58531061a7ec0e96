#include "driver/schema_stage.h"

#include <functional>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "support/input_log.h"
#include "support/parallel.h"
#include "schema/explain.h"
#include "schema/registry.h"
#include "schema/schema_rules.h"
#include "source/discover.h"
#include "source/loader.h"

namespace claudelint::driver {

namespace fs = std::filesystem;
using model::Diagnostic;
using model::Severity;

class SchemaStage {
  /// Where a document's schema comes from, and the text a diagnostic shows.
  struct Choice {
    std::string uri;
    std::optional<nlohmann::json> document; ///< for `--schema`, already read
  };

public:
  SchemaStage(const Options& options, const schema::Registry& registry, RunResult& result, bool validate_values)
      : options_(options), result_(result), registry_(registry), cache_(registry_),
        validates_values_(validate_values) {
    if (options.schemas.schema) {
      const fs::path& path = *options.schemas.schema;
      try {
        forced_ = Choice{schema::file_uri(path), schema::read_schema_file(path)};
      } catch (const Error& e) {
        throw SchemaError(e.what());
      }
      const auto& compiled = cache_.get(forced_->uri, *forced_->document);
      if (!compiled.schema) throw SchemaError(describe_problems(path.generic_string(), compiled));
    }
  }

  /// Validates the files `select` picks, in parallel, and appends their
  /// findings to the run's in file order.
  void validate_files(const std::function<bool(std::size_t)>& select) {
    const auto picked = support::parallel_pick(result_.files.size(), options_.jobs, select);
    std::vector<std::vector<model::Diagnostic>> per_file(picked.size());
    support::parallel_for(picked.size(), options_.jobs, [&](std::size_t k) { per_file[k] = validate_file(picked[k]); });
    model::move_append(result_.diagnostics, per_file);
  }

  /// Validates every document of result.files[i] and records the schema of
  /// each in result.inputs[i]. Runs on any thread: it writes only there.
  std::vector<model::Diagnostic> validate_file(std::size_t i) {
    const auto& file = result_.files[i];
    auto& input = result_.inputs[i];
    Findings findings;
    input.schemas.assign(file.documents.size(), std::nullopt);
    for (std::size_t k = 0; k < file.documents.size(); ++k)
      input.schemas[k] = validate(file, file.documents[k], findings);
    return std::move(findings.diagnostics);
  }

private:
  /// "schema cannot be used" with each problem at its file:line:column.
  std::string describe_problems(const std::string& what, const schema::CompileResult& compiled) const {
    std::string message = fmt::format("schema {} cannot be used", what);
    bool remote = false;
    for (const auto& p : compiled.problems) {
      message += fmt::format("\n  {}: {}", where(p), p.message);
      remote |= p.message.find("no schema is known as http") != std::string::npos;
    }
    if (remote)
      message += "\n  help: claudelint never downloads schemas; serve the URL from a local folder with --ref-map PREFIX=DIR";
    return message;
  }

  /// `path:line:column` of a problem in a local schema file, else its URI and pointer.
  std::string where(const schema::SchemaProblem& problem) const {
    const std::string fallback = problem.uri + (problem.pointer.empty() ? "" : "#" + problem.pointer);
    if (!problem.uri.starts_with("file://")) return fallback;
    const fs::path path = problem.uri.substr(7);
    auto read = support::read_input_file(path);
    if (!read.bytes) return fallback;
    const std::string display = source::display_path(path, options_.cwd);
    const model::SourceFile file(display, std::move(*read.bytes));
    const auto kind = source::classify(display) == source::FileKind::yaml ? source::FileKind::yaml : source::FileKind::json;
    const auto loaded = source::load(file, 0, kind, options_.limits);
    if (loaded.documents.empty()) return display;
    std::string pointer = problem.pointer;
    std::optional<model::SourceSpan> span;
    while (!(span = loaded.documents.front().map.find(pointer)) && !pointer.empty())
      pointer = pointer.substr(0, pointer.rfind('/'));
    if (!span) return display;
    const auto p = file.position(span->key ? span->key->begin : span->value.begin);
    return fmt::format("{}:{}:{}", display, p.line, p.column);
  }

  /// What validating one file found.
  struct Findings {
    std::vector<model::Diagnostic> diagnostics;
    std::set<std::string> unusable_reported; ///< schema URIs already reported unusable for this file
  };

  /// Validates one document; returns the URI of the schema that applies.
  /// Runs on any thread: it writes only to `out`.
  std::optional<std::string> validate(const CheckedFile& file, const model::Document& document, Findings& out) {
    const auto& source = result_.sources.file(file.file);
    std::optional<Choice> choice = forced_;
    std::optional<model::SourceSpan> declared; // the `$schema` value, when the document names its schema
    if (!choice) { // the manifest's mapping outranks what a file says of itself
      const auto [tree, role] = result_.workspace.find(file.file);
      if (tree && role)
        if (auto mapped = tree->schema_for(role->path)) choice = Choice{std::move(*mapped), std::nullopt};
    }
    if (!choice && document.value.is_object()) {
      if (const auto it = document.value.find("$schema"); it != document.value.end() && it->is_string()) {
        choice = Choice{resolve_declared(it->get<std::string>(), source.path()), std::nullopt};
        if (const auto span = document.map.find("/$schema")) declared = *span;
      }
    }
    if (!choice && options_.schemas.builtin)
      if (const auto id = registry_.builtin_for(source.path())) choice = Choice{*id, std::nullopt};
    if (!choice) {
      if (options_.schemas.require && !document.partial) {
        auto d = source::make_diagnostic(schema::rule::no_schema, Severity::error, file.file, 0, 0,
                                         "no schema applies to this file");
        d.help = "name one with `$schema`, map it in the manifest, or pass --schema";
        out.diagnostics.push_back(std::move(d));
      }
      return std::nullopt;
    }
    const auto& compiled = choice->document ? cache_.get(choice->uri, *choice->document) : cache_.get(choice->uri);
    if (!compiled.schema) {
      report_unusable(file, document, *choice, compiled, declared, out);
      return std::nullopt;
    }
    if (!validates_values_) return choice->uri;
    schema::ExplainOptions explain_options;
    explain_options.show_values = file.kind != source::FileKind::dotenv;
    explain_options.text = result_.sources.file(file.file).text();
    auto violations = compiled.schema->validate(document.value);
    // Parts cut by syntax errors would read as missing: only what is said of
    // the values that are there stands (a file being typed still gets them).
    if (document.partial)
      std::erase_if(violations, [](const schema::Violation& v) { return !schema::holds_on_partial_instance(v); });
    auto findings = schema::explain(document, *compiled.schema, violations, explain_options);
    for (auto& d : findings) out.diagnostics.push_back(std::move(d));
    return choice->uri;
  }

  /// `$schema` values are URIs; a relative one names a file next to the document.
  static std::string resolve_declared(const std::string& value, const std::string& document_path) {
    if (value.find("://") != std::string::npos) return value;
    return schema::file_uri(fs::path(document_path).parent_path() / value);
  }

  void report_unusable(const CheckedFile& file, const model::Document& document, const Choice& choice,
                       const schema::CompileResult& compiled, const std::optional<model::SourceSpan>& declared,
                       Findings& out) {
    // Once per schema and file is enough.
    if (!out.unusable_reported.insert(choice.uri).second) return;
    const model::ByteRange at = declared ? declared->value : document.map.find("") ? document.map.find("")->value
                                                                                  : model::ByteRange{0, 0};
    std::string message = fmt::format("schema {} cannot be used", choice.uri);
    if (!compiled.problems.empty())
      message += fmt::format(": {} ({})", compiled.problems.front().message, where(compiled.problems.front()));
    auto d = source::make_diagnostic(schema::rule::unusable_schema, Severity::error, file.file, at.begin,
                                     declared ? at.end : at.begin, message);
    if (choice.uri.starts_with("http://") || choice.uri.starts_with("https://"))
      d.help = "claudelint never downloads schemas: map the URL to a local folder with --ref-map PREFIX=DIR";
    out.diagnostics.push_back(std::move(d));
  }

  const Options& options_;
  RunResult& result_;
  const schema::Registry& registry_;
  schema::SchemaCache cache_;
  std::optional<Choice> forced_;
  /// False when nothing the run reports needs the values validated (--select).
  bool validates_values_;
};

schema::Registry make_registry(const Options& options) {
  std::vector<schema::RefMap> maps;
  for (const auto& [prefix, dir] : options.schemas.ref_maps) maps.push_back({prefix, dir});
  return schema::Registry(std::move(maps));
}

SchemaValidator::SchemaValidator(const Options& options, const schema::Registry& registry, RunResult& result,
                                 bool validate_values)
    : stage_(std::make_unique<SchemaStage>(options, registry, result, validate_values)) {}

SchemaValidator::~SchemaValidator() = default;

void SchemaValidator::validate_files(const std::function<bool(std::size_t)>& select) { stage_->validate_files(select); }

std::vector<model::Diagnostic> SchemaValidator::validate_file(std::size_t index) { return stage_->validate_file(index); }

} // namespace claudelint::driver
