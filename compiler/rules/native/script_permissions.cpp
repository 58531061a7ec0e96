// What a script's `chmod`, `chown` and `chgrp` do to the files it deploys:
// `script-secret-file-mode` (a key file readable beyond what the policy
// allows), `script-config-file-mode` (a config more open than 0644),
// `script-world-writable-chmod` (anyone may write) and
// `script-recursive-home-permissions` (`chown -R` on a whole home folder).
// The guide's deploy.sh is the model of the right way: `chmod 600
// ~/.claude/.env`, `chmod 644 ~/.claude/config.json`, `chown -R $USER:$USER
// ~/.claude`.
#include <algorithm>
#include <cctype>
#include <string_view>

#include <fmt/format.h>


#include "compile/conventions.h"
#include "rules/native/registry.h"
#include "rules/native/shell_script.h"

namespace claudelint::rules::native {

namespace {

/// The permission bits a `chmod` mode leaves, as far as they can be known
/// without the file's current mode: `known` has a bit set for each bit whose
/// result is certain, `value` says what it is.
struct ModeEffect {
  unsigned known = 0;
  unsigned value = 0;

  bool surely_set(unsigned bits) const { return (known & value & bits) != 0; }
  bool fully_known() const { return (known & 0777) == 0777; }
};

/// Parses an octal (`600`, `0644`) or symbolic (`u=rw,go=`, `go-rwx`, `a+w`)
/// mode. Symbolic clauses without a who (`+x`, `=rw`) follow the umask, so
/// the group and other bits they touch become unknown. nullopt: not a mode.
std::optional<ModeEffect> parse_mode(std::string_view mode) {
  if (mode.empty()) return std::nullopt;
  if (mode.find_first_not_of("01234567") == std::string_view::npos) {
    if (mode.size() > 4) return std::nullopt;
    unsigned bits = 0;
    for (const char c : mode) bits = bits * 8 + static_cast<unsigned>(c - '0');
    return ModeEffect{07777, bits};
  }
  ModeEffect effect;
  std::size_t i = 0;
  while (i <= mode.size()) {
    unsigned who = 0;
    bool umask = false;
    for (; i < mode.size() && std::string_view("ugoa").find(mode[i]) != std::string_view::npos; ++i)
      who |= mode[i] == 'u' ? 04700u : mode[i] == 'g' ? 02070u : mode[i] == 'o' ? 01007u : 07777u;
    if (who == 0) {
      who = 07777;
      umask = true;
    }
    if (i >= mode.size() || std::string_view("+-=").find(mode[i]) == std::string_view::npos) return std::nullopt;
    while (i < mode.size() && std::string_view("+-=").find(mode[i]) != std::string_view::npos) {
      const char op = mode[i++];
      unsigned perms = 0, unknown = 0;
      for (; i < mode.size() && mode[i] != ',' && std::string_view("+-=").find(mode[i]) == std::string_view::npos; ++i) {
        switch (mode[i]) {
        case 'r': perms |= 0444; break;
        case 'w': perms |= 0222; break;
        case 'x': perms |= 0111; break;
        case 'X': unknown |= 0111; break; // x for directories and already-executable files
        case 's': perms |= 06000; break;
        case 't': perms |= 01000; break;
        case 'u':
        case 'g':
        case 'o': {
          // Copy a class's bits (`g=u`): known only when the class's are.
          const int shift = mode[i] == 'u' ? 6 : mode[i] == 'g' ? 3 : 0;
          const unsigned known = (effect.known >> shift) & 07, value = (effect.value >> shift) & 07;
          const unsigned spread = (value & known) * 0111, unsure = (~known & 07) * 0111;
          perms |= spread;
          unknown |= unsure;
          break;
        }
        default: return std::nullopt;
        }
      }
      perms &= who;
      unknown &= who;
      // Bits the umask may keep a who-less clause from changing.
      const unsigned masked = umask ? 0077u : 0u;
      if (op == '=') {
        effect.value &= ~who;
        effect.known |= who;
        effect.value |= perms;
      } else if (op == '+') {
        const unsigned certain = perms & ~masked, maybe = perms & masked & ~(effect.known & effect.value);
        effect.known |= certain;
        effect.value |= certain;
        effect.known &= ~maybe;
      } else {
        const unsigned certain = perms & ~masked, maybe = perms & masked & ~(effect.known & ~effect.value);
        effect.known |= certain;
        effect.value &= ~certain;
        effect.known &= ~maybe;
      }
      // `=rw` without a who: the umask decides the group and other bits it sets.
      if (op == '=' && umask) effect.known &= ~(perms & 0077u);
      effect.known &= ~unknown;
    }
    if (i >= mode.size()) break;
    if (mode[i] != ',') return std::nullopt;
    ++i;
  }
  return effect;
}

/// A chmod/chown/chgrp command taken apart: its options, the mode or owner
/// word, and the files.
struct Permissions {
  std::string program;
  bool recursive = false;
  std::optional<std::size_t> spec; ///< index of the mode or owner argument
  std::vector<std::size_t> files;  ///< indexes of the file arguments
};

std::optional<Permissions> parse_permissions(const ShellCommand& command) {
  const auto program = invoked(command);
  if (!program || (program->name != "chmod" && program->name != "chown" && program->name != "chgrp"))
    return std::nullopt;
  Permissions p;
  p.program = program->name;
  bool options = true;
  for (std::size_t i = program->first; i < command.args.size(); ++i) {
    const ShellArgument& arg = command.args[i];
    const std::string word = arg.literal.value_or(arg.text);
    if (options && word == "--") {
      options = false;
      continue;
    }
    if (options && word.starts_with("--")) {
      if (word.starts_with("--reference")) return std::nullopt; // the mode comes from another file
      if (word == "--recursive") p.recursive = true;
      continue;
    }
    // chmod's options are c, f, v and R; `-w` or `-rwx` is a mode.
    const std::string_view letters = p.program == "chmod" ? "cfvR" : "cfvRhHLP";
    if (options && word.size() > 1 && word.front() == '-' &&
        word.find_first_not_of(letters, 1) == std::string::npos) {
      if (word.find('R') != std::string::npos) p.recursive = true;
      continue;
    }
    if (!p.spec) p.spec = i;
    else p.files.push_back(i);
  }
  if (!p.spec) return std::nullopt;
  return p;
}

bool is_secret_file(std::string_view base) {
  if (base.empty() || base.find_first_of("$`*?[") != std::string_view::npos) return false;
  if (base.ends_with(".pub")) return false;
  if (compile::is_template_file(base)) return false;
  if (base == ".env" || base.starts_with(".env.") || (base.ends_with(".env") && base.size() > 4)) return true;
  if (base.ends_with(".pem") || base.ends_with(".key") || base.ends_with(".p12") || base.ends_with(".pfx")) return true;
  for (const std::string_view key : {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials"})
    if (base.starts_with(key)) return true;
  return false;
}

/// How a name reads as a config: a file by its extension (`*.json`,
/// `*.yaml` …, `config.toml`), a bare `config`/`configs` that may be a folder
/// (which needs its x bits), or not a config (`configure`, `config.sh`).
enum class ConfigName { none, file, bare };

ConfigName config_name(std::string_view base) {
  if (base.empty() || base.find_first_of("$`*?[") != std::string_view::npos) return ConfigName::none;
  for (const std::string_view ext : {".json", ".jsonc", ".yaml", ".yml"})
    if (base.ends_with(ext) && base.size() > ext.size()) return ConfigName::file;
  if (!base.starts_with("config") || (base.size() > 6 && std::string_view(".-_s").find(base[6]) == std::string_view::npos))
    return ConfigName::none;
  for (const std::string_view program : {".sh", ".bash", ".py", ".rb", ".pl", ".js"})
    if (base.ends_with(program)) return ConfigName::none;
  return base.find('.') == std::string_view::npos ? ConfigName::bare : ConfigName::file;
}

/// `0644` when the whole result is known, else the mode as written.
std::string describe(const ModeEffect& effect, const ShellArgument& spec) {
  return effect.fully_known() ? octal_mode(effect.value) : spec.literal.value_or(spec.text);
}

/// The mode argument as a parsed effect, when it is a literal mode.
std::optional<ModeEffect> chmod_effect(const ShellCommand& command, const Permissions& p) {
  if (p.program != "chmod") return std::nullopt;
  const ShellArgument& spec = command.args[*p.spec];
  if (!spec.literal) return std::nullopt;
  return parse_mode(*spec.literal);
}

/// `~`, `~/`, `~user`, `$HOME`, `${HOME}`, `/home/<user>`, `/Users/<user>`, `/root`.
bool is_home_folder(std::string_view text) {
  std::string plain;
  for (const char c : text)
    if (c != '"' && c != '\'') plain += c;
  while (plain.size() > 1 && plain.back() == '/') plain.pop_back();
  if (plain == "$HOME" || plain == "${HOME}" || plain == "/root") return true;
  if (plain.starts_with('~'))
    return std::all_of(plain.begin() + 1, plain.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
  for (const std::string_view prefix : {"/home/", "/Users/"})
    if (plain.starts_with(prefix)) return plain.size() > prefix.size() && plain.find('/', prefix.size()) == std::string::npos;
  return false;
}

} // namespace

void check_script_secret_file_mode(const FileContext& context, std::vector<FileFinding>& out) {
  const unsigned allowed = context.policy.key_file_mode & 0777;
  for (const auto& command : read_shell_script(context).commands) {
    const auto p = parse_permissions(command);
    if (!p) continue;
    const auto effect = chmod_effect(command, *p);
    if (!effect || !effect->surely_set(077 & ~allowed)) continue;
    for (const std::size_t i : p->files) {
      const ShellArgument& file = command.args[i];
      if (!is_secret_file(path_base_name(file.text))) continue;
      FileFinding finding;
      finding.range = file.range;
      finding.fields["file"] = file.text;
      finding.fields["actual"] = describe(*effect, command.args[*p->spec]);
      finding.fields["expected"] = octal_mode(allowed);
      finding.help = fmt::format("run `chmod {:o} {}`", allowed, file.text);
      out.push_back(std::move(finding));
    }
  }
}

void check_script_config_file_mode(const FileContext& context, std::vector<FileFinding>& out) {
  for (const auto& command : read_shell_script(context).commands) {
    const auto p = parse_permissions(command);
    if (!p) continue;
    const auto effect = chmod_effect(command, *p);
    if (!effect) continue;
    for (const std::size_t i : p->files) {
      const ShellArgument& file = command.args[i];
      const std::string base = path_base_name(file.text);
      const ConfigName kind = is_secret_file(base) ? ConfigName::none : config_name(base);
      // Folders (a recursive chmod, a bare `config`) need their x bits.
      const bool folder = p->recursive || kind == ConfigName::bare;
      const unsigned too_open = 022 | (folder ? 0 : 0111);
      if (kind == ConfigName::none || !effect->surely_set(too_open)) continue;
      FileFinding finding;
      finding.range = file.range;
      finding.fields["file"] = file.text;
      finding.fields["actual"] = describe(*effect, command.args[*p->spec]);
      finding.fields["expected"] = "0644";
      if (effect->fully_known())
        finding.help = fmt::format("run `chmod {}{:o} {}`", p->recursive ? "-R " : "", effect->value & 0777 & ~too_open,
                                   file.text);
      else
        finding.help = fmt::format("run `chmod {}go-w{} {}`", p->recursive ? "-R " : "", folder ? "" : ",a-x", file.text);
      out.push_back(std::move(finding));
    }
  }
}

void check_script_world_writable_chmod(const FileContext& context, std::vector<FileFinding>& out) {
  for (const auto& command : read_shell_script(context).commands) {
    const auto p = parse_permissions(command);
    if (!p) continue;
    const auto effect = chmod_effect(command, *p);
    if (!effect || !effect->surely_set(02)) continue;
    const ShellArgument& spec = command.args[*p->spec];
    std::vector<std::string> files;
    for (const std::size_t i : p->files) files.push_back(command.args[i].text);
    FileFinding finding;
    finding.range = spec.range;
    finding.fields["actual"] = describe(*effect, spec);
    finding.fields["file"] = files.empty() ? std::string("its files") : join_words(files);
    const std::string targets = files.empty() ? std::string("<file>") : fmt::format("{}", fmt::join(files, " "));
    if (effect->fully_known())
      finding.help = fmt::format("run `chmod {}{:o} {}`: only the owner writes", p->recursive ? "-R " : "",
                                 effect->value & 07777 & ~022u, targets);
    else
      finding.help = fmt::format("run `chmod {}go-w {}`: only the owner writes", p->recursive ? "-R " : "", targets);
    out.push_back(std::move(finding));
  }
}

void check_script_recursive_home_permissions(const FileContext& context, std::vector<FileFinding>& out) {
  for (const auto& command : read_shell_script(context).commands) {
    const auto p = parse_permissions(command);
    if (!p || !p->recursive) continue;
    const ShellArgument& spec = command.args[*p->spec];
    for (const std::size_t i : p->files) {
      const ShellArgument& target = command.args[i];
      if (!is_home_folder(target.text)) continue;
      std::string folder = target.text;
      while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
      FileFinding finding;
      finding.range = target.range;
      finding.fields["command"] = p->program + " -R";
      finding.fields["target"] = target.text;
      finding.help = fmt::format("name the folder the deployment owns: `{} -R {} {}/.claude`", p->program, spec.text,
                                 folder);
      out.push_back(std::move(finding));
    }
  }
}

} // namespace claudelint::rules::native
