#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "compile/compiler.h"
#include "driver/exit_code.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint envs [OPTIONS] [PATHS...]

Prints the config trees found under PATHS (default: .), their environments in
promotion order, which files make up each environment and why: declared in a
claudelint.yaml manifest, or inferred from the deployment guide's file names.
Nothing is magic: every file's line says why it is where it is.

Options:
  --format text|json     output format (default: text)
  -h, --help             print this help and exit
)";

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string file_role(const compile::FileRole& role) {
  if (role.split_by_environment) return "split";
  if (role.shared) return "shared";
  if (role.environments.empty()) return "unused";
  return join(role.environments, ",");
}

/// The section a file fed in an environment, from the compiled /files.
std::string fed_section(const compile::CompiledEnvironment& environment, const std::string& path) {
  const auto& files = environment.document.at("files");
  const auto it = files.find(path);
  if (it == files.end() || !it->contains("section")) return "";
  return "/" + it->at("section").get<std::string>();
}

nlohmann::json to_json(const driver::RunResult& result) {
  nlohmann::json trees = nlohmann::json::array();
  for (std::size_t t = 0; t < result.workspace.trees.size(); ++t) {
    const auto& tree = result.workspace.trees[t];
    nlohmann::json entry = {{"root", tree.root}, {"manifest", tree.manifest.has_value()}, {"notes", tree.notes}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& role : tree.files)
      files.push_back({{"path", role.path},
                       {"shared", role.shared},
                       {"split_by_environment", role.split_by_environment},
                       {"environments", role.environments},
                       {"reason", role.reason}});
    entry["files"] = std::move(files);
    nlohmann::json environments = nlohmann::json::array();
    for (std::size_t e = 0; e < tree.environments.size(); ++e) {
      const auto& spec = tree.environments[e];
      nlohmann::json layers = nlohmann::json::array();
      for (const auto& [role, layer] : compile::environment_layers(tree, spec)) {
        nlohmann::json item = {{"path", role->path}, {"layer", layer}};
        if (t < result.environments.size()) {
          const auto section = fed_section(result.environments[t][e], role->path);
          if (!section.empty()) item["section"] = section;
        }
        layers.push_back(std::move(item));
      }
      environments.push_back({{"name", spec.name},
                              {"aliases", spec.aliases},
                              {"key_suffixes", spec.key_suffixes},
                              {"extends", spec.extends},
                              {"layers", std::move(layers)}});
    }
    entry["environments"] = std::move(environments);
    nlohmann::json parity = nlohmann::json::array();
    for (const auto& spec : tree.parity)
      parity.push_back({{"between", {spec.lower, spec.upper}},
                        {"allow", spec.allow},
                        {"severity", std::string(model::to_string(spec.severity))}});
    entry["parity"] = std::move(parity);
    trees.push_back(std::move(entry));
  }
  return {{"version", 1}, {"trees", std::move(trees)}};
}

void print_text(const driver::RunResult& result) {
  if (result.workspace.trees.empty()) {
    fmt::print("no config trees found: no claudelint.yaml and no environment-named files (dev.json, staging.json, "
               "pre-prod.json, production.json, .env.production, or YAML whose top-level keys are environments)\n");
    return;
  }
  for (std::size_t t = 0; t < result.workspace.trees.size(); ++t) {
    const auto& tree = result.workspace.trees[t];
    if (t > 0) fmt::print("\n");
    std::vector<std::string> names;
    for (const auto& spec : tree.environments) names.push_back(spec.name);
    fmt::print("tree {}: {}\n", tree.root, names.empty() ? "no environments" : join(names, " → "));
    for (const auto& note : tree.notes) fmt::print("  {}\n", note);
    fmt::print("\n  files:\n");
    std::size_t width = 0;
    for (const auto& role : tree.files) width = std::max(width, role.path.size());
    for (const auto& role : tree.files)
      fmt::print("    {:<{}}  {:<10}  {}\n", role.path, width, file_role(role), role.reason);
    fmt::print("\n  environments, in promotion order (layers apply top to bottom):\n");
    for (std::size_t e = 0; e < tree.environments.size(); ++e) {
      const auto& spec = tree.environments[e];
      std::string about;
      if (!spec.aliases.empty()) about += "also called " + join(spec.aliases, ", ");
      if (!spec.key_suffixes.empty()) about += (about.empty() ? "" : "; ") + std::string("keys ") + join(spec.key_suffixes, ", ");
      if (!spec.extends.empty()) about += (about.empty() ? "" : "; ") + std::string("extends ") + join(spec.extends, ", ");
      fmt::print("    {}{}\n", spec.name, about.empty() ? "" : fmt::format(" ({})", about));
      for (const auto& [role, layer] : compile::environment_layers(tree, spec)) {
        std::string section;
        if (t < result.environments.size()) section = fed_section(result.environments[t][e], role->path);
        fmt::print("      {:<{}}  {:<12} {}\n", role->path, width, layer,
                   section.empty() ? "(listed in /files only)" : "→ " + section);
      }
    }
    if (!tree.parity.empty()) {
      fmt::print("\n  parity:\n");
      for (const auto& spec : tree.parity)
        fmt::print("    {} must match {}{}\n", spec.lower, spec.upper,
                   spec.allow.empty() ? "" : ", except " + join(spec.allow, ", "));
    }
  }
}

} // namespace

int command_envs(const std::vector<std::string>& args) {
  driver::Options options;
  bool json = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", usage);
      return driver::exit_code::ok;
    }
    if (arg == "--format") {
      if (i + 1 >= args.size()) throw UsageError("--format needs a value");
      const std::string& v = args[++i];
      if (v != "text" && v != "json") throw UsageError(fmt::format("unknown format '{}' (expected text or json)", v));
      json = v == "json";
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    options.paths.push_back(arg);
  }
  if (options.paths.empty()) options.paths.push_back(".");
  const auto result = driver::run(options);
  if (json) fmt::print("{}\n", to_json(result).dump(2));
  else print_text(result);
  return driver::exit_code::ok;
}

} // namespace claudelint::cli
