#include "rules/rule_tests.h"

#include <fmt/format.h>

#include "compile/conventions.h"
#include "rules/engine.h"
#include "source/loader.h"

namespace claudelint::rules {

using nlohmann::json;

namespace {

/// Each top-level key an environment name: one document per environment.
bool keyed_by_environment(const json& value) {
  if (!value.is_object() || value.empty()) return false;
  for (const auto& [key, document] : value.items())
    if (!compile::conventional_environment(key) || !document.is_object()) return false;
  return true;
}

ExampleResult run_one(const Rule& rule, const std::string& which, const std::string& text) {
  ExampleResult result{&rule, which, false, ""};
  model::SourceManager sources;
  const auto id = sources.add(fmt::format("{} {} example", rule.id, which), text);
  const auto loaded = source::load(sources.file(id), id, source::FileKind::json, support::Limits{});
  if (loaded.documents.empty() || std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const auto& d) {
        return d.severity == model::Severity::error;
      })) {
    result.detail = "the example is not valid JSON";
    return result;
  }
  const model::Document& document = loaded.documents.front();
  // The environments the example stands for, in promotion order.
  std::vector<std::pair<std::string, std::string>> parts; // name, pointer in the example
  if (keyed_by_environment(document.value)) {
    for (const auto& spec : compile::conventional_environments())
      for (const auto& [key, value] : document.value.items())
        if (spec.answers_to(key)) parts.emplace_back(spec.name, "/" + key);
  } else {
    parts.emplace_back(rule.environments.empty() ? "production" : rule.environments.back(), "");
  }
  compile::Tree tree;
  tree.root = ".";
  std::vector<compile::CompiledEnvironment> environments;
  for (const auto& [name, prefix] : parts) {
    compile::EnvironmentSpec spec;
    spec.name = name;
    tree.environments.push_back(spec);
    compile::CompiledEnvironment environment;
    environment.tree = ".";
    environment.name = name;
    environment.document = document.value.at(json::json_pointer(prefix));
    for (const auto& pointer : document.map.pointers()) {
      if (!(pointer == prefix || pointer.starts_with(prefix + "/")) && !prefix.empty()) continue;
      const auto* span = document.map.find(pointer);
      compile::Origin origin;
      origin.file = id;
      origin.value = span->value;
      origin.key = span->key;
      origin.layer = "example";
      origin.source_pointer = pointer;
      environment.provenance[pointer.substr(prefix.size())].push_back(origin);
    }
    environments.push_back(std::move(environment));
  }
  RulePack single;
  single.rules.push_back(rule);
  single.rules.back().environments.clear(); // the example names its environment
  std::vector<model::Diagnostic> findings;
  evaluate(single, {}, tree, environments, findings);
  if (which == "bad") {
    result.passed = !findings.empty();
    result.detail = result.passed ? findings.front().message : "no finding: the rule does not catch its own bad example";
  } else {
    result.passed = findings.empty();
    result.detail = result.passed ? "" : "finding on the good example: " + findings.front().message;
  }
  return result;
}

} // namespace

std::vector<ExampleResult> run_rule_examples(const RulePack& pack) {
  std::vector<ExampleResult> results;
  for (const auto& rule : pack.rules) {
    // File and tree rules judge files, not compiled fragments: their
    // fixture trees are their tests.
    if (rule.scope != Scope::environment) continue;
    if (rule.example_bad.empty() && rule.example_good.empty()) {
      results.push_back({&rule, "bad", false, "the rule has no examples"});
      continue;
    }
    if (!rule.example_bad.empty()) results.push_back(run_one(rule, "bad", rule.example_bad));
    if (!rule.example_good.empty()) results.push_back(run_one(rule, "good", rule.example_good));
  }
  return results;
}

} // namespace claudelint::rules
