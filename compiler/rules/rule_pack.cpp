#include "rules/rule_pack.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "data/embedded.h"
#include "rules/native/registry.h"
#include "schema/explain.h"
#include "source/discover.h"
#include "source/loader.h"
#include "support/parallel.h"
#include "support/error.h"
#include "support/fields.h"
#include "support/input_log.h"
#include "support/sha256.h"

namespace claudelint::rules {

using nlohmann::json;

namespace {

constexpr std::string_view rule_schema_id = "https://claudelint.dev/schemas/rule.schema.json";

class RuleReader {
public:
  RuleReader(const model::Document& document, const schema::Registry& registry, std::vector<model::Diagnostic>& out)
      : document_(document), registry_(registry), out_(out) {}

  std::optional<Rule> read() {
    const json& v = document_.value;
    Rule rule;
    rule.id = v.at("id").get<std::string>();
    rule.name = v.at("name").get<std::string>();
    rule.category = v.at("category").get<std::string>();
    rule.title = v.at("title").get<std::string>();
    const json& severity = v.at("severity");
    if (severity.is_string()) {
      rule.default_severity = parse_severity(severity.get<std::string>());
    } else {
      for (const auto& [environment, level] : severity.items()) {
        if (environment == "default") rule.default_severity = parse_severity(level.get<std::string>());
        else rule.severity_by_environment[environment] = parse_severity(level.get<std::string>());
      }
    }
    if (v.contains("environments")) rule.environments = v["environments"].get<std::vector<std::string>>();
    const std::string scope = v.value("scope", "environment");
    rule.scope = scope == "file" ? Scope::file : scope == "tree" ? Scope::tree : Scope::environment;
    if (v.contains("kinds")) rule.kinds = v["kinds"].get<std::vector<std::string>>();
    if (const auto it = v.find("given"); it != v.end())
      rule.given = it->is_string() ? std::vector<std::string>{it->get<std::string>()} : it->get<std::vector<std::string>>();
    for (const auto& pattern : rule.given) rule.patterns.emplace_back(pattern);
    bool usable = true;
    if (const auto it = v.find("when"); it != v.end()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& entry = (*it)[i];
        Condition condition;
        condition.pointer = entry.at("pointer").get<std::string>();
        json rest = entry;
        rest.erase("pointer");
        if (rest.size() != 1) {
          report(fmt::format("/when/{}", i), "a condition needs exactly one assertion besides `pointer`");
          usable = false;
          continue;
        }
        if (auto a = assertion(rest, fmt::format("/when/{}", i))) condition.assertion = std::move(*a);
        else usable = false;
        rule.when.push_back(std::move(condition));
      }
    }
    if (auto a = assertion(v.at("assert"), "/assert")) rule.assertion = std::move(*a);
    else usable = false;
    if (usable && rule.scope != Scope::environment) usable = native_check_exists(rule);
    rule.message = v.at("message").get<std::string>();
    rule.rationale = v.at("rationale").get<std::string>();
    rule.fix = v.at("fix").get<std::string>();
    if (const auto it = v.find("rewrite"); it != v.end()) {
      // Not a structured binding over items() (see assertion()).
      const auto first = it->begin();
      rule.rewrite = Rewrite{first.key(), first.value()};
    }
    if (const auto it = v.find("examples"); it != v.end()) {
      rule.example_bad = it->value("bad", std::string());
      rule.example_good = it->value("good", std::string());
    }
    if (v.contains("references")) rule.references = v["references"].get<std::vector<std::string>>();
    if (!usable) return std::nullopt;
    return rule;
  }

private:
  std::optional<Assertion> assertion(const json& object, const std::string& at) {
    // Not a structured binding over items(): its proxy dies at the end of
    // the statement, and ASan (rightly) flags the key read afterwards.
    const auto first = object.begin();
    const std::string kind = first.key();
    const json& argument = first.value();
    const std::optional<AssertionKind> check = assertion_kind_named(kind);
    if (!check) {
      report(at, fmt::format("`{}` is not an assertion", kind));
      return std::nullopt;
    }
    Assertion a{argument, nullptr, nullptr, *check};
    const std::string pointer = at + "/" + kind;
    if (*check == AssertionKind::matches || *check == AssertionKind::not_matches) {
      std::string why;
      auto regex = schema::Regex::compile(argument.get<std::string>(), why);
      if (!regex) {
        report(pointer, fmt::format("the regular expression cannot be used: {}", why));
        return std::nullopt;
      }
      a.regex = std::make_shared<const schema::Regex>(std::move(*regex));
    }
    if (*check == AssertionKind::schema) {
      json fragment = argument;
      if (fragment.is_object() && !fragment.contains("$schema")) fragment["$schema"] = "http://json-schema.org/draft-07/schema#";
      auto compiled = schema::compile(fragment, "https://claudelint.dev/rules/inline.json", registry_.fetcher());
      if (!compiled.schema) {
        report(pointer, fmt::format("the inline schema cannot be used: {}",
                                    compiled.problems.empty() ? "invalid" : compiled.problems.front().message));
        return std::nullopt;
      }
      a.schema = std::shared_ptr<const schema::CompiledSchema>(std::move(compiled.schema));
    }
    return a;
  }

  /// A file or tree rule runs one named C++ check; it must exist.
  bool native_check_exists(const Rule& rule) {
    const json& name = rule.assertion.argument;
    const bool found = rule.assertion.check == AssertionKind::native && name.is_string() &&
                       (rule.scope == Scope::file ? native::find_file_check(name.get<std::string>()) != nullptr
                                                  : native::find_tree_check(name.get<std::string>()) != nullptr);
    if (!found)
      report("/assert", fmt::format("a {}-scope rule asserts `native: <check>` with one of claudelint's {} checks",
                                    rule.scope == Scope::file ? "file" : "tree",
                                    rule.scope == Scope::file ? "file" : "tree"));
    return found;
  }

  void report(const std::string& pointer, std::string message) {
    const auto span = document_.map.find(pointer);
    const model::ByteRange at = span ? span->value : model::ByteRange{};
    auto d = source::make_diagnostic(invalid_rule, model::Severity::error, document_.file, at.begin, at.end,
                                     std::move(message));
    d.pointer = pointer;
    out_.push_back(std::move(d));
  }

  const model::Document& document_;
  const schema::Registry& registry_;
  std::vector<model::Diagnostic>& out_;
};

} // namespace

namespace {

/// Reads a rule document that satisfies the rule schema into `pack`.
void add_rule(model::FileId file, const model::Document& document, const model::SourceManager& sources,
              const schema::Registry& registry, RulePack& pack, std::vector<model::Diagnostic>& diagnostics) {
  auto rule = RuleReader(document, registry, diagnostics).read();
  if (!rule) return;
  rule->source = sources.file(file).path();
  if (pack.find(rule->id) || pack.find(rule->name)) {
    auto d = source::make_diagnostic(invalid_rule, model::Severity::error, file, 0, 0,
                                     fmt::format("rule {} ({}) is defined twice", rule->id, rule->name));
    diagnostics.push_back(std::move(d));
    return;
  }
  // Kept sorted by id by inserting in place (sorting the whole pack after
  // each rule was a fifth of checking one small file).
  const auto at = std::upper_bound(pack.rules.begin(), pack.rules.end(), rule->id,
                                   [](const std::string& id, const Rule& other) { return id < other.id; });
  pack.rules.insert(at, std::move(*rule));
}

/// Reads a rule file already parsed into `loaded` into `pack`: checks it
/// against the rule schema, then reads it.
void read_rule_file(model::FileId file, const source::LoadResult& loaded, const model::SourceManager& sources,
                    const schema::Registry& registry, RulePack& pack, std::vector<model::Diagnostic>& diagnostics) {
  const bool broken = std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(),
                                  [](const auto& d) { return d.severity == model::Severity::error; });
  diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  if (broken || loaded.documents.size() != 1) return;
  const auto& document = loaded.documents.front();
  {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    static schema::SchemaCache* cache = nullptr; // compiled once per process
    static std::unique_ptr<schema::Registry> own_registry;
    if (!cache) {
      own_registry = std::make_unique<schema::Registry>();
      cache = new schema::SchemaCache(*own_registry);
    }
    const auto& compiled = cache->get(std::string(rule_schema_id));
    if (!compiled.schema) throw InternalError("the built-in rule schema cannot be compiled");
    const auto violations = compiled.schema->validate(document.value);
    if (!violations.empty()) {
      auto findings = schema::explain(document, *compiled.schema, violations, {});
      diagnostics.insert(diagnostics.end(), findings.begin(), findings.end());
      return;
    }
  }
  add_rule(file, document, sources, registry, pack, diagnostics);
}

/// Throws InternalError listing the errors among `diagnostics`: the built-in
/// pack is broken (the tests, and the build's rule compiler, keep that from
/// shipping).
void throw_if_broken(const std::vector<model::Diagnostic>& diagnostics, const model::SourceManager& sources) {
  std::string problems;
  for (const auto& d : diagnostics) {
    if (d.severity != model::Severity::error) continue;
    const auto& source = sources.file(d.range.file);
    const auto p = source.position(d.range.begin);
    problems += fmt::format("\n  {}:{}:{}: {}", source.path(), p.line, p.column, d.message);
  }
  if (!problems.empty()) throw InternalError("the built-in rule pack is broken:" + problems);
}

/// The built-in pack from `[path, value]` pairs of rule files that passed
/// the rule schema.
RulePack pack_from_values(const json& values) {
  RulePack out;
  model::SourceManager sources;
  const schema::Registry registry;
  std::vector<model::Diagnostic> diagnostics;
  for (const auto& entry : values) {
    const auto file = sources.add(entry.at(0).get<std::string>(), "");
    model::Document document;
    document.file = file;
    document.value = entry.at(1);
    add_rule(file, document, sources, registry, out, diagnostics);
  }
  throw_if_broken(diagnostics, sources);
  return out;
}

} // namespace

void load_rule_file(model::FileId file, model::SourceManager& sources, const schema::Registry& registry,
                    RulePack& pack, std::vector<model::Diagnostic>& diagnostics) {
  const auto loaded = source::load(sources.file(file), file, source::FileKind::yaml, support::Limits{});
  read_rule_file(file, loaded, sources, registry, pack, diagnostics);
}

json read_builtin_rule_files() {
  model::SourceManager sources;
  const schema::Registry registry;
  std::vector<model::Diagnostic> diagnostics;
  std::vector<model::FileId> ids;
  for (const auto& file : data::files())
    if (file.path.starts_with("rules/") && file.path.ends_with(".yaml"))
      ids.push_back(sources.add(std::string(file.path), std::string(file.content)));
  std::vector<source::LoadResult> loaded(ids.size());
  support::parallel_for(ids.size(), std::max(1u, std::thread::hardware_concurrency()), [&](std::size_t i) {
    loaded[i] = source::load(sources.file(ids[i]), ids[i], source::FileKind::yaml, support::Limits{});
  });
  RulePack checked; // every file read as a run would, to find every problem
  for (std::size_t i = 0; i < ids.size(); ++i) read_rule_file(ids[i], loaded[i], sources, registry, checked, diagnostics);
  throw_if_broken(diagnostics, sources);
  json values = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i)
    values.push_back(json::array({sources.file(ids[i]).path(), std::move(loaded[i].documents.front().value)}));
  return values;
}

const RulePack& builtin_pack() {
  static const RulePack pack = [] {
    const std::string_view compiled = data::builtin_rule_values();
    return pack_from_values(compiled.empty() ? read_builtin_rule_files() : source::parse_embedded_json(compiled));
  }();
  return pack;
}

std::optional<std::vector<std::filesystem::path>> rule_pack_files(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    // A pack's `fixtures/` folder holds test trees for `test-rules`, not rules.
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory() && it->path().filename() == "fixtures") {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
        files.push_back(it->path());
    }
  } else if (std::filesystem::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string rule_pack_state(const std::optional<std::vector<std::filesystem::path>>& files) {
  if (!files) return "missing";
  std::string packed;
  for (const auto& file : *files) support::append_field(packed, file.generic_string());
  return support::sha256_hex(packed);
}

void load_rule_pack(const std::filesystem::path& path, const std::filesystem::path& cwd,
                    model::SourceManager& sources, const schema::Registry& registry, RulePack& pack,
                    std::vector<model::Diagnostic>& diagnostics) {
  const auto files = rule_pack_files(path);
  support::note_input(support::InputKind::rule_pack, path, rule_pack_state(files));
  if (!files) throw UsageError(fmt::format("no such rule pack: {}", path.generic_string()));
  for (const auto& file : *files) {
    auto read = support::read_input_file(file);
    const auto id = sources.add(source::display_path(file, cwd), read.bytes ? std::move(*read.bytes) : std::string());
    load_rule_file(id, sources, registry, pack, diagnostics);
  }
}

} // namespace claudelint::rules
