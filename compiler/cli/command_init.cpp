#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "compile/workspace.h"
#include "driver/exit_code.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint init [OPTIONS] [DIR]

Writes a claudelint.yaml manifest into each config tree found under DIR
(default: .) that has none, stating exactly what claudelint inferred: the
environments in promotion order, the files of each, the shared files and the
parity expectations. Edit it to make the tree's layout explicit.

Options:
  --force                overwrite an existing claudelint.yaml
  --stdout               print the manifest(s) instead of writing them
  -h, --help             print this help and exit
)";

/// A YAML scalar that reads back as the same string.
std::string quoted(const std::string& text) {
  const bool plain = !text.empty() &&
                     text.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos && text.front() != '-' &&
                     text.front() != '.' && text.front() != '?' && text.front() != ' ' && text.back() != ' ' &&
                     text != "true" && text != "false" && text != "null" && text != "yes" && text != "no" &&
                     text != "on" && text != "off" && text != "~" && text.find_first_not_of("0123456789.") != std::string::npos;
  if (plain) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

std::string manifest_text(const compile::Tree& tree) {
  std::string out;
  out += "# claudelint manifest for this config tree, written by `claudelint init`\n";
  out += "# from what claudelint inferred. Paths are globs relative to this folder.\n";
  out += "# Reference: https://claudelint.dev/docs/manifest (docs/manifest.md in the repository).\n";
  out += "version: 1\n\n";
  out += "# Environments in promotion order: parity and cross-environment rules\n";
  out += "# compare neighbours in this order.\n";
  out += "environments:\n";
  for (const auto& spec : tree.environments) {
    out += fmt::format("  - name: {}\n", quoted(spec.name));
    if (!spec.aliases.empty())
      out += fmt::format("    aliases: {}  # other names of it, e.g. section keys in shared YAML\n", list(spec.aliases));
    if (!spec.key_suffixes.empty())
      out += fmt::format("    key_suffixes: {}  # the secret names it may use\n", list(spec.key_suffixes));
    std::vector<const compile::FileRole*> own;
    for (const auto& role : tree.files)
      if (!role.shared && std::find(role.environments.begin(), role.environments.end(), spec.name) != role.environments.end())
        own.push_back(&role);
    if (own.empty()) {
      out += "    files: []\n";
      continue;
    }
    out += "    files:\n";
    for (const auto* role : own) out += fmt::format("      # {}\n      - {}\n", role->reason, quoted(role->path));
  }
  std::vector<const compile::FileRole*> shared;
  for (const auto& role : tree.files)
    if (role.shared) shared.push_back(&role);
  out += "\n# Files every environment gets, layered before its own files. A file whose\n";
  out += "# top-level keys are environment names gives each environment its section.\n";
  if (shared.empty()) out += "shared: []\n";
  else out += "shared:\n";
  for (const auto* role : shared) out += fmt::format("  # {}\n  - {}\n", role->reason, quoted(role->path));
  out += "\n# Environment pairs that must match, except where a difference is expected\n";
  out += "# (pointer patterns into the compiled document; * is one segment, ** any).\n";
  if (tree.parity.empty()) out += "parity: []\n";
  else out += "parity:\n";
  for (const auto& spec : tree.parity) {
    out += fmt::format("  - between: {}\n", list({spec.lower, spec.upper}));
    if (spec.allow.empty()) continue;
    out += "    allow:\n";
    for (const auto& pattern : spec.allow) out += fmt::format("      - {}\n", quoted(pattern));
  }
  return out;
}

} // namespace

int command_init(const std::vector<std::string>& args) {
  bool force = false, to_stdout = false;
  std::vector<std::string> positional;
  for (const auto& arg : args) {
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", usage);
      return driver::exit_code::ok;
    }
    if (arg == "--force") force = true;
    else if (arg == "--stdout") to_stdout = true;
    else if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    else positional.push_back(arg);
  }
  if (positional.size() > 1) throw UsageError("init takes at most one folder");
  driver::Options options;
  options.paths = {positional.empty() ? "." : positional.front()};
  const auto result = driver::run(options);
  std::size_t written = 0;
  for (const auto& tree : result.workspace.trees) {
    if (tree.manifest && !force) {
      fmt::print(stderr, "claudelint init: {}/{} exists; left as it is (--force replaces it)\n", tree.root,
                 compile::manifest_name);
      continue;
    }
    if (tree.manifest) {
      // Rewriting a declared tree would only restate the manifest; infer afresh.
      fmt::print(stderr, "claudelint init: {} is declared by its manifest; delete it to infer the tree again\n",
                 tree.root);
      continue;
    }
    const std::string text = manifest_text(tree);
    const std::filesystem::path path = std::filesystem::path(tree.root) / compile::manifest_name;
    if (to_stdout) {
      fmt::print("# {}\n{}", path.generic_string(), text);
    } else {
      support::write_file_atomically(options.cwd / path, text);
      fmt::print(stderr, "claudelint init: wrote {} ({} environment{})\n", path.generic_string(),
                 tree.environments.size(), tree.environments.size() == 1 ? "" : "s");
    }
    ++written;
  }
  if (result.workspace.trees.empty()) {
    fmt::print(stderr, "claudelint init: no config tree found under {}: no environment-named files (dev.json, "
                       "staging.json, production.json, .env.production …)\n",
               options.paths.front());
    return driver::exit_code::findings;
  }
  return written > 0 || !result.workspace.trees.empty() ? driver::exit_code::ok : driver::exit_code::findings;
}

} // namespace claudelint::cli
