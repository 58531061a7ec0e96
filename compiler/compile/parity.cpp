#include "compile/parity.h"

#include <fmt/format.h>

#include "compile/compile_rules.h"
#include "compile/compiler.h"
#include "compile/diff.h"
#include "compile/merge.h"
#include "compile/pattern.h"
#include "source/loader.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {

const CompiledEnvironment* find(const std::vector<CompiledEnvironment>& environments, const std::string& name) {
  for (const auto& environment : environments)
    if (environment.name == name) return &environment;
  return nullptr;
}

std::string shown(const std::optional<json>& value, const std::string& pointer) {
  if (!value) return "absent";
  std::string text = redact_credentials(*value, pointer).dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

/// A pattern for `allow` that names the change whatever the list order:
/// items matched by an identity key become `*`.
std::string allow_pattern(const Change& change) {
  std::string pattern;
  std::size_t start = 1;
  const std::string& label = change.label;
  while (start <= label.size()) {
    auto end = label.find('/', start);
    if (end == std::string::npos) end = label.size();
    const std::string segment = label.substr(start, end - start);
    pattern += "/" + (segment.starts_with('[') && segment.ends_with(']') ? std::string("*") : segment);
    start = end + 1;
  }
  return pattern;
}

bool allowed(const ParitySpec& spec, const Change& change) {
  for (const auto& pattern : spec.allow) {
    if (match_pattern(pattern, change.pointer)) return true;
    if (!change.before_pointer.empty() && match_pattern(pattern, change.before_pointer)) return true;
  }
  return false;
}

} // namespace

void check_parity(const Tree& tree, const std::vector<CompiledEnvironment>& environments,
                  std::vector<model::Diagnostic>& diagnostics) {
  for (const auto& spec : tree.parity) {
    const CompiledEnvironment* lower = find(environments, spec.lower);
    const CompiledEnvironment* upper = find(environments, spec.upper);
    if (!lower || !upper || !lower->complete || !upper->complete) continue;
    for (const auto& change : diff_environments(lower->document, upper->document)) {
      if (allowed(spec, change)) continue;
      const std::string& lower_pointer = change.before_pointer.empty() ? change.pointer : change.before_pointer;
      const std::string label = change.label.empty() ? "/" : change.label;
      std::string message;
      switch (change.kind) {
      case ChangeKind::added:
        message = fmt::format("`{}` is set in {} ({}) but not in {}", label, spec.upper,
                              shown(change.after, change.pointer), spec.lower);
        break;
      case ChangeKind::removed:
        message = fmt::format("`{}` is set in {} but not in {}", label, spec.lower, spec.upper);
        break;
      case ChangeKind::changed:
      case ChangeKind::type_changed:
        message = fmt::format("`{}` is {} in {} but {} in {}", label, shown(change.before, lower_pointer), spec.lower,
                              shown(change.after, change.pointer), spec.upper);
        break;
      }
      // The finding lands on the lower environment's value, or the nearest
      // thing it has there; failing that, on the upper one.
      // What the lower environment has there: the value itself, or, for one
      // only the upper has, the nearest container.
      std::string located = lower_pointer;
      if (change.kind == ChangeKind::added && !located.empty()) located.erase(located.rfind('/'));
      while (!located.empty() && !model::find_value(lower->document, located)) located.erase(located.rfind('/'));
      const Origin* here = lower->origin(located);
      const Origin* there = upper->origin(change.pointer);
      const Origin* at = here && here->file ? here : there;
      if (!at || !at->file) continue;
      // On an ancestor (the value is absent here), the key reads better than
      // the whole block.
      const bool exact = at == here && located == lower_pointer;
      const model::ByteRange range = !exact && at->key ? *at->key : at->value;
      auto d = source::make_diagnostic(rule::env_parity, spec.severity, *at->file, range.begin, range.end,
                                       std::move(message));
      d.pointer = at == here ? located : change.pointer;
      d.environment = at == here ? spec.lower : spec.upper;
      d.help = fmt::format("make {} match {}, or list `{}` under `allow` of this parity pair in {} if the "
                           "difference is intended",
                           spec.lower, spec.upper, allow_pattern(change), manifest_name);
      if (there && there->file && at != there)
        d.related.push_back({{*there->file, there->value.begin, there->value.end}, fmt::format("the {} value", spec.upper)});
      diagnostics.push_back(std::move(d));
    }
  }
}

} // namespace claudelint::compile
