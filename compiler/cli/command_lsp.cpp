#include <csignal>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "driver/exit_code.h"
#include "lsp/server.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint lsp [OPTIONS]

Runs the language server: JSON-RPC 2.0 over stdin and stdout (LSP 3.17).
Editors start it for JSON, JSONC, YAML, .env and shell files; each open
document's config tree is checked like `claudelint check` does, with the
editor's unsaved text in place of the files on disk.

Options (applied to every check):
  --rule ID=SEVERITY     change a rule's severity, or turn it off
  --select LIST          report only these rules (ids, names, categories)
  --rule-pack PATH       more rule files (a file or a folder of them)
  --schema FILE          validate every file against this JSON Schema
  --ref-map PREFIX=DIR   serve $refs under PREFIX from DIR
  --require-schema       a file no schema applies to is an error
  --baseline FILE        do not report the findings FILE lists
  --stdio                accepted for editors that pass it (stdio is the only transport)
  -h, --help             print this help and exit

Exit status: 0 after `shutdown` then `exit`; 1 when the input ends or `exit`
comes without `shutdown`; 2 for a usage error.
)";

} // namespace

int command_lsp(const std::vector<std::string>& args) {
  driver::Options options;
  OutputOptions ignored; // parse_common's output half; rejected above
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", usage);
      return driver::exit_code::ok;
    }
    if (arg == "--stdio") continue;
    // Output options shape a report, and the server writes none; a
    // baseline rewritten at every keystroke would accept whatever is typed.
    for (const char* output : {"--format", "--output-file", "--fail-on", "--max-warnings", "--color", "--colour", "-q",
                               "--quiet", "--stats", "--update-baseline", "--shard"})
      if (arg == output) throw UsageError(fmt::format("{} does not apply to the language server", arg));
    if (parse_common(args, i, options, ignored)) continue;
    throw UsageError(fmt::format("unknown argument '{}'", arg));
  }
  // Each check sees one tree, which may not have the rule pack that defines
  // a --rule or --select name.
  options.reject_unknown_rule_names = false;
  // Each check runs in its tree's folder: paths from the command line are
  // made absolute first.
  const auto absolute = [](const std::filesystem::path& path) { return std::filesystem::absolute(path); };
  for (auto& pack : options.rule_packs) pack = absolute(pack);
  if (options.schemas.schema) options.schemas.schema = absolute(*options.schemas.schema);
  for (auto& map : options.schemas.ref_maps) map.second = absolute(map.second);
  if (options.baseline) options.baseline = absolute(*options.baseline);
  // A client that goes away mid-write is an end of output, not a crash.
  std::signal(SIGPIPE, SIG_IGN);
  return lsp::serve(0, 1, std::move(options));
}

} // namespace claudelint::cli
