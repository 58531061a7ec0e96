#include "rules/rule_tests.h"

#include <algorithm>
#include <optional>

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

/// The rule's findings on one example; nullopt when it is not valid JSON.
std::optional<std::vector<model::Diagnostic>> findings_on(const Rule& rule, const std::string& which,
                                                          const std::string& text) {
  model::SourceManager sources;
  const auto id = sources.add(fmt::format("{} {} example", rule.id, which), text);
  const auto loaded = source::load(sources.file(id), id, source::FileKind::json, support::Limits{});
  if (loaded.documents.empty() || std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const auto& d) {
        return d.severity == model::Severity::error;
      }))
    return std::nullopt;
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
      const auto span = document.map.find(pointer);
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
  evaluate(single, {}, tree, environments, sources, findings);
  return findings;
}

ExampleResult run_one(const Rule& rule, const std::string& which, const std::string& text) {
  ExampleResult result{&rule, which, false, ""};
  const auto findings = findings_on(rule, which, text);
  if (!findings) {
    result.detail = "the example is not valid JSON";
    return result;
  }
  if (which == "good") {
    result.passed = findings->empty();
    result.detail = result.passed ? "" : "finding on the good example: " + findings->front().message;
    return result;
  }
  if (findings->empty()) {
    result.detail = "no finding: the rule does not catch its own bad example";
    return result;
  }
  result.detail = findings->front().message;
  if (!rule.rewrite) {
    result.passed = true;
    return result;
  }
  // A rule with a rewrite fixes its own bad example: each finding has a fix,
  // and the example with the fixes applied passes.
  std::vector<model::Edit> edits;
  for (const auto& d : *findings) {
    if (!d.fix) {
      result.detail = "the rewrite gives no fix for the bad example: " + d.message;
      return result;
    }
    for (const auto& edit : d.fix->edits)
      if (std::none_of(edits.begin(), edits.end(), [&](const model::Edit& e) {
            return e.range == edit.range && e.replacement == edit.replacement; // the same value, found twice
          }))
        edits.push_back(edit);
  }
  const std::string fixed = model::apply_edits(text, edits);
  const auto after = findings_on(rule, which, fixed);
  if (!after) result.detail = "the rewrite breaks the bad example: " + fixed;
  else if (!after->empty()) result.detail = "the rewritten bad example still trips the rule: " + fixed;
  else result.passed = true;
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
