#pragma once
// A config tree in memory for the compile/ tests: files are loaded with the
// real loaders, planned into trees, given the schema the driver would pick,
// and compiled, without touching the file system.
#include <deque>
#include <string>
#include <vector>

#include "compile/compiler.h"
#include "compile/parity.h"
#include "compile/workspace.h"
#include "schema/registry.h"
#include "source/loader.h"

namespace claudelint::test {

struct TreeFixture {
  model::SourceManager sources;
  std::deque<std::vector<model::Document>> documents;
  std::vector<compile::InputFile> inputs;
  std::vector<model::Diagnostic> diagnostics;
  schema::Registry registry;
  compile::Workspace workspace;
  std::set<std::pair<model::FileId, std::string>> schema_findings;

  /// Adds a file at a '/'-separated path relative to the working directory.
  TreeFixture& add(const std::string& path, std::string text) {
    const auto id = sources.add(path, std::move(text));
    const auto kind = source::classify(path);
    auto loaded = source::load(sources.file(id), id, kind, support::Limits{});
    diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    documents.push_back(std::move(loaded.documents));
    compile::InputFile input;
    input.file = id;
    input.path = path;
    input.kind = kind;
    input.documents = &documents.back();
    inputs.push_back(std::move(input));
    return *this;
  }

  /// Plans the trees, then picks each document's schema as the driver does
  /// (manifest mapping, else built-in by name).
  const compile::Workspace& plan(std::vector<std::string> roots = {"."}) {
    workspace = compile::plan_workspace(inputs, roots, "/work");
    diagnostics.insert(diagnostics.end(), workspace.diagnostics.begin(), workspace.diagnostics.end());
    for (auto& input : inputs) {
      std::optional<std::string> schema;
      const auto [tree, role] = workspace.find(input.file);
      if (tree && role) schema = tree->schema_for(role->path);
      if (!schema) schema = registry.builtin_for(input.path);
      input.schemas.assign(input.documents->size(), schema);
    }
    return workspace;
  }

  /// Compiles tree `index` (planning first when needed) and checks parity.
  std::vector<compile::CompiledEnvironment> compile(std::size_t index = 0) {
    if (workspace.trees.empty()) plan();
    const compile::CompileInput input{inputs, sources, registry, schema_findings};
    auto environments = compile::compile_tree(workspace.trees.at(index), input, diagnostics);
    compile::check_parity(workspace.trees.at(index), environments, diagnostics);
    return environments;
  }

  /// "CODE file:line:col" of each diagnostic, in order of production.
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
      const auto& file = sources.file(d.range.file);
      const auto p = file.position(d.range.begin);
      out.push_back(d.rule.code + " " + file.path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column));
    }
    return out;
  }
};

inline const compile::CompiledEnvironment& environment(const std::vector<compile::CompiledEnvironment>& all,
                                                       const std::string& name) {
  for (const auto& e : all)
    if (e.name == name) return e;
  throw std::runtime_error("no environment " + name);
}

} // namespace claudelint::test
