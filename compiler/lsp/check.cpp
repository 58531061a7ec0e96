#include "lsp/check.h"

#include <algorithm>

#include "compile/workspace.h"
#include "lsp/convert.h"
#include "source/discover.h"
#include "source/file_kind.h"

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
  if (const auto root = compile::tree_root_for(file, stop)) return {fs::path(*root).lexically_normal(), std::nullopt};
  return {file.parent_path(), file};
}

std::vector<Publication> Checker::check(const CheckUnit& unit, const DocumentStore& documents,
                                        PositionEncoding encoding) {
  driver::Options options = base_;
  options.cwd = unit.root;
  options.paths = {unit.file ? unit.file->string() : unit.root.string()};
  options.progress = nullptr;
  // Open documents by display path, for their URIs and versions.
  std::map<std::string, const OpenDocument*> open;
  for (const auto& [uri, document] : documents.documents()) {
    const bool inside = unit.file ? document.path == *unit.file : is_within(document.path, unit.root);
    if (!inside) continue;
    open[source::display_path(document.path, unit.root)] = &document;
    if (checkable(document)) options.buffers.push_back({document.path.string(), document.text});
  }
  std::vector<Publication> out;
  std::set<std::string> now;
  const auto publish = [&](const std::string& display, nlohmann::json diagnostics) {
    const auto found = open.find(display);
    Publication publication;
    publication.uri = found != open.end() ? found->second->uri : path_to_uri(unit.root / display);
    if (found != open.end()) publication.version = found->second->version;
    publication.diagnostics = std::move(diagnostics);
    now.insert(publication.uri);
    out.push_back(std::move(publication));
  };
  if (!options.buffers.empty() || !unit.file) {
    const driver::RunResult result = driver::run(options);
    for (const auto& input : result.inputs) schemas_[(unit.root / input.path).lexically_normal().string()] = input.schemas;
    const auto uri_of = [&](model::FileId id) {
      const std::string& display = result.sources.file(id).path();
      const auto found = open.find(display);
      return found != open.end() ? found->second->uri : path_to_uri(unit.root / display);
    };
    std::map<std::string, nlohmann::json> by_file;
    for (const auto& d : result.diagnostics)
      by_file[result.sources.file(d.range.file).path()].push_back(to_lsp_diagnostic(d, result.sources, uri_of, encoding));
    for (auto& [display, diagnostics] : by_file) publish(display, std::move(diagnostics));
  }
  for (const auto& [display, document] : open)
    if (!now.contains(document->uri)) publish(display, nlohmann::json::array());
  auto& before = published_[unit];
  for (const auto& uri : before)
    if (!now.contains(uri)) out.push_back({uri, std::nullopt, nlohmann::json::array()});
  before = std::move(now);
  return out;
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
