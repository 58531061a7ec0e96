#include "compile/artifacts.h"

#include <fmt/format.h>

#include "compile/canonical_json.h"
#include "compile/compiler.h"
#include "support/sha256.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {

/// The part of `path` below `root` ('/'-separated), or `path` itself.
std::string under(const std::string& path, const std::string& root) {
  return relative_to(path, root).value_or(path);
}

/// Common ancestor folder of tree roots (display paths).
std::string common_root(const std::vector<Tree>& trees) {
  if (trees.empty()) return ".";
  std::string common = trees.front().root;
  for (const auto& tree : trees) {
    while (!relative_to(tree.root, common) && common != "." && common != "/") {
      const auto slash = common.rfind('/');
      common = slash == std::string::npos ? "." : slash == 0 ? "/" : common.substr(0, slash);
    }
  }
  return common;
}

} // namespace

json redacted_document(const json& document) {
  json copy = redact_credentials(document);
  // Permission bits depend on the checkout's umask; git records only
  // whether a file is executable, and so does the artifact.
  if (const auto files = copy.find("files"); files != copy.end() && files->is_object())
    for (auto& [path, entry] : files->items())
      if (entry.is_object()) entry.erase("mode");
  return copy;
}

json provenance_json(const CompiledEnvironment& environment, const model::SourceManager& sources) {
  json map = json::object();
  for (const auto& [pointer, origins] : environment.provenance) {
    json list = json::array();
    for (const auto& origin : origins) {
      json entry = {{"layer", origin.layer}};
      if (origin.file) {
        const auto& file = sources.file(*origin.file);
        const auto begin = file.position(origin.value.begin);
        const auto end = file.position(origin.value.end);
        entry["file"] = under(file.path(), environment.tree);
        entry["line"] = begin.line;
        entry["column"] = begin.column;
        entry["end_line"] = end.line;
        entry["end_column"] = end.column;
        if (!origin.source_pointer.empty()) entry["pointer"] = origin.source_pointer;
      } else if (!origin.schema.empty()) {
        entry["schema"] = origin.schema;
        entry["pointer"] = origin.source_pointer;
      }
      list.push_back(std::move(entry));
    }
    map[pointer] = std::move(list);
  }
  return map;
}

std::vector<Artifact> render_artifacts(const std::vector<Tree>& trees,
                                       const std::vector<std::vector<CompiledEnvironment>>& environments,
                                       const model::SourceManager& sources) {
  std::vector<Artifact> artifacts;
  const std::string common = common_root(trees);
  json manifest = {{"version", 1}, {"trees", json::array()}};
  for (std::size_t t = 0; t < trees.size() && t < environments.size(); ++t) {
    const Tree& tree = trees[t];
    std::string folder = trees.size() == 1 ? "" : under(tree.root, common);
    const std::string prefix = folder.empty() ? "" : folder + "/";
    json entry = {{"folder", folder.empty() ? "." : folder}, {"environments", json::object()}};
    for (const auto& environment : environments[t]) {
      Artifact document{prefix + environment.name + ".json", canonical_json(redacted_document(environment.document))};
      Artifact provenance{prefix + environment.name + ".sources.json",
                          canonical_json_pretty({{"environment", environment.name},
                                                 {"sources", provenance_json(environment, sources)}})};
      json inputs = json::object();
      if (tree.manifest) { // the manifest decides the layering, so it is an input too
        const auto& file = sources.file(*tree.manifest);
        inputs[under(file.path(), tree.root)] = support::sha256_hex(file.text());
      }
      for (const auto& [pointer, origins] : environment.provenance)
        for (const auto& origin : origins)
          if (origin.file) {
            const auto& file = sources.file(*origin.file);
            inputs[under(file.path(), tree.root)] = support::sha256_hex(file.text());
          }
      entry["environments"][environment.name] = {
          {"artifact", {{"path", document.path}, {"sha256", support::sha256_hex(document.bytes)}}},
          {"sources", {{"path", provenance.path}, {"sha256", support::sha256_hex(provenance.bytes)}}},
          {"inputs", std::move(inputs)},
          {"complete", environment.complete},
      };
      artifacts.push_back(std::move(document));
      artifacts.push_back(std::move(provenance));
    }
    manifest["trees"].push_back(std::move(entry));
  }
  artifacts.push_back({"manifest.json", canonical_json_pretty(manifest)});
  return artifacts;
}

} // namespace claudelint::compile
