#include "lsp/check.h"

#include <algorithm>

#include "compile/workspace.h"
#include "lsp/convert.h"
#include "source/discover.h"
#include "source/file_kind.h"
#include "support/error.h"

namespace claudelint::lsp {

namespace fs = std::filesystem;

namespace {

/// `inner` is `outer` or inside it (both absolute and normalised).
bool is_within(const fs::path& inner, const fs::path& outer) {
  const auto relative = inner.lexically_relative(outer);
  return !relative.empty() && *relative.begin() != "..";
}

/// A buffer the driver can check: a config file kind, known by its name or
/// (for a script) its shebang.
bool checkable(const OpenDocument& document) {
  return source::classify(document.path.generic_string()) != source::FileKind::unknown ||
         source::has_shell_shebang(std::string_view(document.text).substr(0, 128));
}

} // namespace

CheckUnit unit_for(const fs::path& file, const fs::path& stop) {
  // A URI that names a folder is no document: its tree would be looked for
  // beside it, and a tree found there is the folder's parent, which could be
  // anything (a fuzzer's URI checked all of /tmp).
  std::error_code ec;
  if (fs::is_directory(file, ec)) return {file.parent_path(), file};
  if (const auto root = compile::tree_root_for(file, stop)) return {fs::path(*root).lexically_normal(), std::nullopt};
  return {file.parent_path(), file};
}

CheckJob Checker::prepare(const CheckUnit& unit, const DocumentStore& documents, PositionEncoding encoding) const {
  CheckJob job{unit, {}, base_, encoding};
  driver::Options& options = job.options;
  options.cwd = unit.root;
  options.paths = {unit.file ? unit.file->string() : unit.root.string()};
  options.progress = nullptr;
  for (const auto& [uri, document] : documents.documents()) {
    const bool inside = unit.file ? document.path == *unit.file : is_within(document.path, unit.root);
    if (!inside) continue;
    job.open[source::display_path(document.path, unit.root)] = {document.uri, document.version};
    if (checkable(document)) options.buffers.push_back({document.path.string(), document.text, document.syntax});
  }
  return job;
}

CheckOutcome run_check(const CheckJob& job) {
  CheckOutcome outcome{job.unit, {}, {}, std::nullopt};
  const auto publish = [&](const std::string& display, nlohmann::json diagnostics) {
    const auto found = job.open.find(display);
    Publication publication;
    publication.uri = found != job.open.end() ? found->second.uri : path_to_uri(job.unit.root / display);
    if (found != job.open.end()) publication.version = found->second.version;
    publication.diagnostics = std::move(diagnostics);
    outcome.publications.push_back(std::move(publication));
  };
  std::set<std::string> published;
  if (!job.options.buffers.empty() || !job.unit.file) {
    try {
      const driver::RunResult result = driver::run(job.options);
      for (const auto& input : result.inputs)
        outcome.schemas[(job.unit.root / input.path).lexically_normal().string()] = input.schemas;
      const auto uri_of = [&](model::FileId id) {
        const std::string& display = result.sources.file(id).path();
        const auto found = job.open.find(display);
        return found != job.open.end() ? found->second.uri : path_to_uri(job.unit.root / display);
      };
      std::map<std::string, nlohmann::json> by_file;
      for (const auto& d : result.diagnostics)
        by_file[result.sources.file(d.range.file).path()].push_back(
            to_lsp_diagnostic(d, result.sources, uri_of, job.encoding));
      for (auto& [display, diagnostics] : by_file) {
        published.insert(display);
        publish(display, std::move(diagnostics));
      }
    } catch (const std::exception& e) {
      outcome.error = e.what();
      return outcome;
    }
  }
  for (const auto& entry : job.open)
    if (!published.contains(entry.first)) publish(entry.first, nlohmann::json::array());
  return outcome;
}

std::vector<Publication> Checker::apply(CheckOutcome outcome) {
  if (outcome.error) throw Error(*outcome.error);
  for (auto& [path, schemas] : outcome.schemas) schemas_[path] = std::move(schemas);
  std::set<std::string> now;
  for (const auto& publication : outcome.publications) now.insert(publication.uri);
  auto& before = published_[outcome.unit];
  for (const auto& uri : before)
    if (!now.contains(uri)) outcome.publications.push_back({uri, std::nullopt, nlohmann::json::array()});
  before = std::move(now);
  return std::move(outcome.publications);
}

std::vector<Publication> Checker::forget(const CheckUnit& unit) {
  std::vector<Publication> out;
  const auto found = published_.find(unit);
  if (found == published_.end()) return out;
  for (const auto& uri : found->second) out.push_back({uri, std::nullopt, nlohmann::json::array()});
  published_.erase(found);
  return out;
}

const std::vector<std::optional<std::string>>* Checker::schemas_for(const std::string& path) const {
  const auto found = schemas_.find(path);
  return found == schemas_.end() ? nullptr : &found->second;
}

void Checker::cleared(const std::string& uri) {
  for (auto& entry : published_) entry.second.erase(uri);
}

} // namespace claudelint::lsp
