#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "driver/driver.h"
#include "driver/exit_code.h"
#include "report/render.h"
#include "rules/rule_pack.h"
#include "rules/rule_docs.h"
#include "rules/rule_tests.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view rules_usage = R"(Usage: claudelint rules [--rule-pack PATH]... [--docs DIR [--check]]

Lists every policy rule: id, name, category, severity (per environment where
it differs) and title. With --docs, writes docs/rules/<id>.md for each rule
from the rule data instead; with --check, writes nothing and exits 1 when a
page is missing or stale.

Options:
  --rule-pack PATH       include the rules of a YAML file or folder
  --docs DIR             write one Markdown page per rule, and an index
  --check                with --docs: only compare
  -h, --help             print this help and exit
)";

constexpr std::string_view explain_usage = R"(Usage: claudelint explain [--rule-pack PATH]... RULE

Prints the documentation of RULE (its id, CL2001, or name,
plain-http-endpoint): what it checks, why it matters, how to fix it, and an
example that fails and one that passes.
)";

rules::RulePack load_pack(const std::vector<std::filesystem::path>& packs, model::SourceManager& sources) {
  rules::RulePack pack = rules::builtin_pack();
  std::vector<model::Diagnostic> diagnostics;
  const schema::Registry registry;
  for (const auto& path : packs)
    rules::load_rule_pack(path, std::filesystem::current_path(), sources, registry, pack, diagnostics);
  for (const auto& d : diagnostics) {
    if (d.severity != model::Severity::error) continue;
    const auto& file = sources.file(d.range.file);
    const auto p = file.position(d.range.begin);
    throw UsageError(fmt::format("{}:{}:{}: {}", file.path(), p.line, p.column, d.message));
  }
  return pack;
}

} // namespace

int command_rules(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> packs;
  std::optional<std::filesystem::path> docs;
  bool check = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", rules_usage);
      return driver::exit_code::ok;
    }
    if ((arg == "--rule-pack" || arg == "--docs") && i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", arg));
    if (arg == "--rule-pack") packs.emplace_back(args[++i]);
    else if (arg == "--docs") docs = args[++i];
    else if (arg == "--check") check = true;
    else throw UsageError(fmt::format("unknown argument '{}'", arg));
  }
  model::SourceManager sources;
  const auto pack = load_pack(packs, sources);
  if (!docs) {
    fmt::print("{}", rules::render_rule_list(pack));
    return driver::exit_code::ok;
  }
  std::vector<std::string> stale;
  for (const auto& [name, text] : rules::render_rule_docs(pack)) {
    const auto path = *docs / name;
    if (support::file_has_content(path, text)) continue;
    if (check) stale.push_back(path.generic_string());
    else support::write_file_atomically(path, text);
  }
  for (const auto& path : stale) fmt::print(stderr, "claudelint rules --check: {} is stale or missing\n", path);
  if (!stale.empty()) {
    fmt::print(stderr, "help: run `claudelint rules --docs {}` and commit the result\n", docs->generic_string());
    return driver::exit_code::findings;
  }
  return driver::exit_code::ok;
}

int command_explain(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> packs;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", explain_usage);
      return driver::exit_code::ok;
    }
    if (arg == "--rule-pack") {
      if (i + 1 >= args.size()) throw UsageError("--rule-pack needs a value");
      packs.emplace_back(args[++i]);
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError(fmt::format("unknown option '{}'", arg));
    } else {
      names.push_back(arg);
    }
  }
  if (names.size() != 1) throw UsageError("explain needs one rule id or name");
  model::SourceManager sources;
  const auto pack = load_pack(packs, sources);
  const auto* rule = pack.find(names.front());
  if (!rule) throw UsageError(fmt::format("no rule '{}'; `claudelint rules` lists them", names.front()));
  fmt::print("{}", rules::render_rule_page(*rule));
  return driver::exit_code::ok;
}

namespace {

/// Runs a pack's fixture trees: DIR/fixtures/<id>-<name>/{pass,fail}/. The
/// fail tree must give a finding of the rule, the pass tree none, and when
/// an expected.txt sits beside them, the text output must equal it (paths
/// relative to the tree). Returns the number of failures.
std::size_t run_pack_fixtures(const std::filesystem::path& pack_path, const rules::RulePack& pack,
                              const std::vector<std::filesystem::path>& packs, bool update) {
  namespace fs = std::filesystem;
  const fs::path root = pack_path / "fixtures";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return 0;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  std::vector<fs::path> absolute_packs;
  for (const auto& p : packs) absolute_packs.push_back(fs::absolute(p));
  std::size_t failed = 0;
  for (const auto& dir : cases) {
    const std::string name = dir.filename().string();
    const std::string id = name.substr(0, name.find('-'));
    if (!pack.find(id)) {
      fmt::print("FAIL fixtures/{}: names no rule of the pack\n", name);
      ++failed;
      continue;
    }
    for (const bool failing : {false, true}) {
      const fs::path tree = dir / (failing ? "fail" : "pass");
      if (!fs::is_directory(tree, ec)) {
        fmt::print("FAIL fixtures/{}: no {}/ tree\n", name, failing ? "fail" : "pass");
        ++failed;
        continue;
      }
      driver::Options options;
      options.cwd = fs::absolute(tree).lexically_normal();
      options.paths = {options.cwd.string()}; // walked as given; displayed relative to cwd
      options.rule_packs = absolute_packs;
      const auto result = driver::run(options);
      const bool fired = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                     [&](const model::Diagnostic& d) { return d.rule.code == id; });
      if (fired != failing) {
        fmt::print("FAIL fixtures/{}/{}: {}\n", name, failing ? "fail" : "pass",
                   failing ? "the rule does not fire" : "the rule fires on the passing tree");
        ++failed;
      }
      const std::string text =
          report::render_text({result.diagnostics, result.sources, result.files_checked}, {false, false});
      const fs::path expected = tree / "expected.txt";
      if (update) {
        support::write_file_atomically(expected, text);
      } else if (fs::exists(expected, ec) && !support::file_has_content(expected, text)) {
        fmt::print("FAIL fixtures/{}/{}: the output differs from expected.txt (test-rules --update rewrites it)\n",
                   name, failing ? "fail" : "pass");
        ++failed;
      }
    }
  }
  return failed;
}

} // namespace

int command_test_rules(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> packs;
  bool builtin = true;
  bool update = false;
  for (const auto& arg : args) {
    if (arg == "-h" || arg == "--help") {
      fmt::print("Usage: claudelint test-rules [--update] [DIR...]\n\n"
                 "Runs every rule's own examples: the `bad` example must trip the rule and the\n"
                 "`good` one must not. With DIR (a rule file or folder), tests those rules;\n"
                 "without, the built-in pack. A pack folder may also hold test trees,\n"
                 "DIR/fixtures/<id>-<name>/{{pass,fail}}/: the fail tree must trip the rule and\n"
                 "the pass tree must not, and each output must equal its expected.txt when\n"
                 "there is one (--update rewrites them). Exit 1 when anything misbehaves.\n");
      return driver::exit_code::ok;
    }
    if (arg == "--update") {
      update = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    packs.emplace_back(arg);
    builtin = false;
  }
  model::SourceManager sources;
  rules::RulePack pack;
  if (builtin) {
    pack = rules::builtin_pack();
  } else {
    std::vector<model::Diagnostic> diagnostics;
    const schema::Registry registry;
    for (const auto& path : packs)
      rules::load_rule_pack(path, std::filesystem::current_path(), sources, registry, pack, diagnostics);
    for (const auto& d : diagnostics) {
      const auto& file = sources.file(d.range.file);
      const auto p = file.position(d.range.begin);
      fmt::print("{}:{}:{}: {}[{}]: {}\n", file.path(), p.line, p.column, model::to_string(d.severity), d.rule.code,
                 d.message);
    }
    if (!diagnostics.empty()) return driver::exit_code::findings;
  }
  std::size_t failed = 0;
  for (const auto& path : packs) failed += run_pack_fixtures(path, pack, packs, update);
  for (const auto& result : rules::run_rule_examples(pack)) {
    if (result.passed) continue;
    ++failed;
    fmt::print("FAIL {} {} ({} example): {}\n", result.rule->id, result.rule->name, result.example, result.detail);
  }
  fmt::print("{} rules, {} check{} failed\n", pack.rules.size(), failed, failed == 1 ? "" : "s");
  return failed == 0 ? driver::exit_code::ok : driver::exit_code::findings;
}

} // namespace claudelint::cli
