// The deploy-script file checks (rules/native/script_*.cpp), each run on
// real scripts loaded by the shell loader, with exact ranges.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>

#include "../test_support.h"
#include "compile/workspace.h"
#include "rules/native/registry.h"

using namespace claudelint;
namespace fs = std::filesystem;
using rules::native::FileCheck;
using rules::native::FileContext;
using rules::native::FileFinding;

namespace {

/// A shell script loaded as the driver loads it, and what a check sees of it.
struct Script {
  test::Loaded loaded;
  std::vector<secrets::SecretHit> hits;
  compile::SecretPolicy policy;
  rules::native::TrackedQuery tracked = [](const fs::path&) { return std::optional<bool>(false); };
  std::optional<fs::path> disk_path;
  const compile::Tree* tree = nullptr;

  explicit Script(std::string text) : loaded("deploy.sh", std::move(text), source::FileKind::shell) {}

  FileContext context() const {
    return FileContext{loaded.file, 0,      source::FileKind::shell, loaded.result.documents, std::nullopt, disk_path,
                       hits,        tree,   nullptr,                 policy,                  tracked};
  }

  /// Each finding as "line:col-line:col [severity] field=value …".
  std::vector<std::string> run(void (*check)(const FileContext&, std::vector<FileFinding>&)) const {
    std::vector<FileFinding> findings;
    check(context(), findings);
    std::vector<std::string> out;
    for (const auto& f : findings) {
      std::string line = fmt::format("{}-{}", test::where(loaded.file, f.range.begin), test::where(loaded.file, f.range.end));
      if (f.severity) line += fmt::format(" [{}]", model::to_string(*f.severity));
      for (const auto& [key, value] : f.fields) line += fmt::format(" {}={}", key, value);
      out.push_back(line);
    }
    return out;
  }

  /// The help of the only finding.
  std::string help(void (*check)(const FileContext&, std::vector<FileFinding>&)) const {
    std::vector<FileFinding> findings;
    check(context(), findings);
    REQUIRE(findings.size() == 1);
    return findings[0].help.value_or("<none>");
  }
};

using Findings = std::vector<std::string>;

std::vector<std::string> run(void (*check)(const FileContext&, std::vector<FileFinding>&), std::string text) {
  return Script(std::move(text)).run(check);
}

constexpr const char* guide_deploy_sh = R"(#!/bin/bash
# deploy.sh - quick production deployment

set -e

echo "Starting the ClaudeCode production deployment..."

check_requirements() {
    command -v claude >/dev/null 2>&1 || { echo "ClaudeCode is not installed"; exit 1; }
    [ -n "$CLAUDE_API_TOKEN" ] || { echo "API token is not set"; exit 1; }
    echo "Environment check passed"
}

deploy_configs() {
    cp configs/production.json ~/.claude/config.json
    cp templates/production/.env ~/.claude/.env
    echo "Configuration files deployed"
}

setup_permissions() {
    chmod 600 ~/.claude/.env
    chmod 644 ~/.claude/config.json
    chown -R $USER:$USER ~/.claude
    echo "Permissions set"
}

check_requirements
deploy_configs
setup_permissions
)";

} // namespace

TEST_CASE("script-strict-mode: errexit before the first command that does work", "[rules][script]") {
  const auto check = rules::native::check_script_strict_mode;
  SECTION("the guide's script sets -e only: an info at the set command") {
    CHECK(run(check, guide_deploy_sh) ==
          Findings{"4:1-4:7 [info] missing=`set -u` and `set -o pipefail`"});
    CHECK(Script(guide_deploy_sh).help(check) == "make it `set -euo pipefail`");
  }
  SECTION("no set -e at all: a warning at the first command that does work") {
    const std::string text = "#!/bin/bash\necho start\ncp a b\nset -e\nrm x\n";
    CHECK(run(check, text) == Findings{"3:1-3:7 missing=`set -e`, `set -u` and `set -o pipefail`"});
    CHECK(Script(text).help(check) == "add `set -euo pipefail` after the shebang");
  }
  SECTION("complete strict mode, in one or several commands, or in the shebang") {
    CHECK(run(check, "#!/bin/bash\nset -euo pipefail\ncp a b\n").empty());
    CHECK(run(check, "#!/bin/bash\nset -Eeu -o pipefail\ncp a b\n").empty());
    CHECK(run(check, "set -e\nset -u\nset -o pipefail\ncp a b\n").empty());
    CHECK(run(check, "set -o errexit -o nounset -o pipefail\ncp a b\n").empty());
    CHECK(run(check, "#!/usr/bin/env -S bash -euo pipefail\ncp a b\n").empty());
  }
  SECTION("errexit from the shebang, the rest missing: an info at the shebang") {
    CHECK(run(check, "#!/bin/bash -e\ncp a b\n") == Findings{"1:1-1:15 [info] missing=`set -u` and `set -o pipefail`"});
  }
  SECTION("set -eu without pipefail") {
    CHECK(run(check, "set -eu\ncp a b\n") == Findings{"1:1-1:8 [info] missing=`set -o pipefail`"});
  }
  SECTION("a set -e inside a function does not count") {
    CHECK(run(check, "setup() { set -euo pipefail; }\nsetup\ncp a b\n") ==
          Findings{"2:1-2:6 missing=`set -e`, `set -u` and `set -o pipefail`"});
  }
  SECTION("work only inside an if: reported at the file's start") {
    CHECK(run(check, "#!/bin/sh\nif true; then rm -f x; fi\n") ==
          Findings{"1:1-1:10 missing=`set -e`, `set -u` and `set -o pipefail`"});
  }
  SECTION("nothing to protect: empty scripts, only echo, only function definitions") {
    CHECK(run(check, "").empty());
    CHECK(run(check, "#!/bin/bash\n# nothing\n").empty());
    CHECK(run(check, "echo hello\n").empty());
    CHECK(run(check, "lib() { cp a b; }\n").empty());
  }
  SECTION("commands in comments and heredocs are not commands") {
    CHECK(run(check, "set -euo pipefail\n# rm -rf /\ncat <<'EOF'\nrm -rf /\nEOF\n").empty());
  }
  SECTION("ERROR-mangled scripts do not crash") {
    CHECK_NOTHROW(run(check, "if then fi ( ; } set -e\n"));
    CHECK_NOTHROW(run(check, "set -o\n"));
  }
}

TEST_CASE("script-secret-file-mode: chmod of key files beyond the policy's mode", "[rules][script]") {
  const auto check = rules::native::check_script_secret_file_mode;
  SECTION("the guide's chmod 600 ~/.claude/.env is right") {
    CHECK(run(check, guide_deploy_sh).empty());
    CHECK(run(check, "chmod 0600 .env\nchmod u=rw,go= .env\nchmod go-rwx id_rsa\nchmod 400 server.key\n").empty());
  }
  SECTION("group or other access, octal or symbolic") {
    CHECK(run(check, "chmod 644 ~/.claude/.env\n") ==
          Findings{"1:11-1:25 actual=0644 expected=0600 file=~/.claude/.env"});
    CHECK(Script("chmod 644 ~/.claude/.env\n").help(check) == "run `chmod 600 ~/.claude/.env`");
    CHECK(run(check, "sudo chmod -v 0640 /etc/app/.env.production certs/tls.pem\n") ==
          Findings{"1:20-1:44 actual=0640 expected=0600 file=/etc/app/.env.production",
                   "1:45-1:58 actual=0640 expected=0600 file=certs/tls.pem"});
    CHECK(run(check, "chmod u=rw,go=r \"$HOME/.ssh/id_ed25519\"\n") ==
          Findings{"1:17-1:40 actual=0644 expected=0600 file=\"$HOME/.ssh/id_ed25519\""});
    CHECK(run(check, "chmod o+r credentials.json\n") == Findings{"1:11-1:27 actual=o+r expected=0600 file=credentials.json"});
  }
  SECTION("0640 passes when the policy allows group read") {
    Script script("chmod 640 .env\nchmod 644 .env\n");
    script.policy.key_file_mode = 0640;
    CHECK(script.run(check) == Findings{"2:11-2:15 actual=0644 expected=0640 file=.env"});
    CHECK(script.help(check) == "run `chmod 640 .env`");
  }
  SECTION("templates, public keys, other files and unresolvable modes are skipped") {
    CHECK(run(check, "chmod 644 .env.example .env.sample id_rsa.pub README.md\n").empty());
    CHECK(run(check, "chmod +r .env\nchmod g+X .env\nchmod \"$MODE\" .env\nchmod --reference=a .env\n").empty());
  }
}

TEST_CASE("script-config-file-mode: chmod of configs more open than 0644", "[rules][script]") {
  const auto check = rules::native::check_script_config_file_mode;
  SECTION("the guide's chmod 644 ~/.claude/config.json is right") {
    CHECK(run(check, guide_deploy_sh).empty());
    CHECK(run(check, "chmod 600 config.json\nchmod 640 app.yaml\nchmod go-w settings.yml\n").empty());
  }
  SECTION("group or other write, or execute") {
    CHECK(run(check, "chmod 664 ~/.claude/config.json\n") ==
          Findings{"1:11-1:32 actual=0664 expected=0644 file=~/.claude/config.json"});
    CHECK(Script("chmod 664 ~/.claude/config.json\n").help(check) == "run `chmod 644 ~/.claude/config.json`");
    CHECK(run(check, "chmod 755 deployment.yaml\n") == Findings{"1:11-1:26 actual=0755 expected=0644 file=deployment.yaml"});
    CHECK(run(check, "chmod g+w config.toml\n") == Findings{"1:11-1:22 actual=g+w expected=0644 file=config.toml"});
    CHECK(Script("chmod g+w config.toml\n").help(check) == "run `chmod go-w,a-x config.toml`");
  }
  SECTION("folders (a recursive chmod, a bare config name) keep their execute bits") {
    CHECK(run(check, "chmod -R 755 config\nchmod 755 ~/.claude/configs\n").empty());
    CHECK(run(check, "chmod 775 configs\n") == Findings{"1:11-1:18 actual=0775 expected=0644 file=configs"});
    CHECK(Script("chmod 775 configs\n").help(check) == "run `chmod 755 configs`");
    CHECK(run(check, "chmod -R 775 configs/app.json\n") ==
          Findings{"1:14-1:30 actual=0775 expected=0644 file=configs/app.json"});
  }
  SECTION("key files are the other rule's; scripts named config are programs") {
    CHECK(run(check, "chmod 664 credentials.json .env\n").empty());
    CHECK(run(check, "chmod +x configure config.sh\nchmod 755 configure\n").empty());
  }
}

TEST_CASE("script-world-writable-chmod: others may write", "[rules][script]") {
  const auto check = rules::native::check_script_world_writable_chmod;
  CHECK(run(check, guide_deploy_sh).empty());
  CHECK(run(check, "chmod 777 /opt/app\n") == Findings{"1:7-1:10 actual=0777 file=/opt/app"});
  CHECK(Script("chmod 777 /opt/app\n").help(check) == "run `chmod 755 /opt/app`: only the owner writes");
  CHECK(run(check, "chmod -R 666 logs data\n") == Findings{"1:10-1:13 actual=0666 file=logs and data"});
  CHECK(run(check, "chmod 646 x\n") == Findings{"1:7-1:10 actual=0646 file=x"});
  CHECK(run(check, "chmod o+w x\nchmod a+rw y\n") ==
        Findings{"1:7-1:10 actual=o+w file=x", "2:7-2:11 actual=a+rw file=y"});
  CHECK(Script("chmod o+w x\n").help(check) == "run `chmod go-w x`: only the owner writes");
  SECTION("+w follows the umask; 775 and o-w give others nothing") {
    CHECK(run(check, "chmod +w x\nchmod 775 d\nchmod o-w x\nchmod =rw x\nchmod go= x\n").empty());
  }
}

TEST_CASE("script-recursive-home-permissions: chmod/chown -R of a whole home folder", "[rules][script]") {
  const auto check = rules::native::check_script_recursive_home_permissions;
  SECTION("the guide's chown -R $USER:$USER ~/.claude names a folder inside home") {
    CHECK(run(check, guide_deploy_sh).empty());
    CHECK(run(check, "chown -R app:app \"$HOME/.claude\"\nchmod -R go-rwx ~/.claude/\nchown app ~\n").empty());
  }
  SECTION("home folders in every spelling") {
    CHECK(run(check, "chown -R $USER:$USER ~\n") == Findings{"1:22-1:23 command=chown -R target=~"});
    CHECK(Script("chown -R $USER:$USER ~\n").help(check) ==
          "name the folder the deployment owns: `chown -R $USER:$USER ~/.claude`");
    CHECK(run(check, "chmod -R 700 ~/\nchown --recursive app \"$HOME\"\nsudo chown -hR app:app ${HOME}/\n") ==
          Findings{"1:14-1:16 command=chmod -R target=~/", "2:23-2:30 command=chown -R target=\"$HOME\"",
                   "3:24-3:32 command=chown -R target=${HOME}/"});
    CHECK(run(check, "chown -R deploy /home/deploy\nchgrp -R staff /root\nchown -R a /home/$USER/\n") ==
          Findings{"1:17-1:29 command=chown -R target=/home/deploy", "2:16-2:21 command=chgrp -R target=/root",
                   "3:12-3:24 command=chown -R target=/home/$USER/"});
    CHECK(run(check, "chown -R app ~deploy\nchown -R app /Users/ann\n").size() == 2);
  }
  SECTION("folders inside a home, or not a home at all") {
    CHECK(run(check, "chown -R app /home\nchown -R app /home/a/b\nchown -R app /Users/\nchown -R app ~/x\n"
                     "chown -R app ~de/ploy\nchown -R app /rooted\nchown -R app $HOMEDIR\n")
              .empty());
  }
}

TEST_CASE("script-secret-echoed: printing a secret-looking variable", "[rules][script]") {
  const auto check = rules::native::check_script_secret_echoed;
  SECTION("the guide's checks print no secret") {
    CHECK(run(check, guide_deploy_sh).empty());
    CHECK(run(check, "echo \"API token is not set\"\n[ -n \"$CLAUDE_API_TOKEN\" ] || exit 1\n").empty());
  }
  SECTION("echo, printf and logger of a secret, at the argument") {
    CHECK(run(check, "echo \"token: $CLAUDE_API_TOKEN\"\n") ==
          Findings{"1:6-1:32 command=echo name=CLAUDE_API_TOKEN"});
    CHECK(run(check, "printf '%s\\n' ${API_KEY}\nlogger -t deploy \"$DB_PASSWORD\" | cat\n") ==
          Findings{"1:15-1:25 command=printf name=API_KEY", "2:18-2:32 command=logger name=DB_PASSWORD"});
    CHECK(run(check, "f() { sudo echo $SLACK_WEBHOOK; }\n") == Findings{"1:17-1:31 command=echo name=SLACK_WEBHOOK"});
  }
  SECTION("piped, captured, written to a file, or not the value") {
    CHECK(run(check, "echo \"$CLAUDE_API_TOKEN\" | docker login --password-stdin\n"
                     "x=$(echo \"$API_KEY\" | base64)\n"
                     "echo \"KEY=$API_KEY\" > ~/.claude/.env\n"
                     "printf -v header 'Bearer %s' \"$API_TOKEN\"\n"
                     "echo \"${#API_TOKEN} chars\" \"${API_TOKEN:+set}\"\n"
                     "echo \"$HOME $USER\"\n")
              .empty());
  }
  SECTION("set -x before a secret is expanded") {
    CHECK(run(check, "set -x\ncurl -H \"Authorization: Bearer $API_TOKEN\" u\n") ==
          Findings{"1:1-1:7 command=set -x name=API_TOKEN"});
    CHECK(run(check, "set -ex\n[ -n \"$CLAUDE_API_TOKEN\" ]\n") == Findings{"1:1-1:8 command=set -x name=CLAUDE_API_TOKEN"});
    CHECK(run(check, "set -x\necho start\nset +x\ncurl -u \"me:$API_TOKEN\" u\n").empty());
    CHECK(run(check, "curl -u \"me:$API_TOKEN\" u\nset -o xtrace\necho done\n").empty());
  }
}

TEST_CASE("script-pipe-to-shell: running what was just downloaded", "[rules][script]") {
  const auto check = rules::native::check_script_pipe_to_shell;
  SECTION("pipes into a shell") {
    CHECK(run(check, "curl -fsSL https://get.example.com | sh\n") == Findings{"1:1-1:40 download=curl shell=sh"});
    CHECK(run(check, "wget -qO- https://x.example | sudo bash -s -- --yes\n") ==
          Findings{"1:1-1:52 download=wget shell=sudo bash"});
    CHECK(run(check, "curl -sSL u | tee install.log | /bin/zsh\n") == Findings{"1:1-1:41 download=curl shell=zsh"});
  }
  SECTION("process and command substitution") {
    CHECK(run(check, "bash <(curl -fsSL https://x)\n") == Findings{"1:1-1:29 download=curl shell=bash"});
    CHECK(run(check, "sh -c \"$(wget -O - https://x)\"\n") == Findings{"1:1-1:31 download=wget shell=sh"});
    CHECK(run(check, "eval \"$(curl -s u)\"\n") == Findings{"1:1-1:20 download=curl shell=eval"});
  }
  SECTION("downloads to a file, and shells that do not read the download, are fine") {
    CHECK(run(check, "curl -o file https://x\ncurl -fsSLO u | sh\nwget https://x | sh\n"
                     "curl -s u | bash install.sh\ncurl -s u | bash -c 'cat > f'\nbash <(cat local.sh)\n"
                     "curl -s u | jq .\ncat <<EOF | sh\ncurl u\nEOF\n")
              .empty());
  }
}

TEST_CASE("script-unsafe-rm: rm -rf on a path that may expand to nothing", "[rules][script]") {
  const auto check = rules::native::check_script_unsafe_rm;
  SECTION("unquoted or leading expansions") {
    CHECK(run(check, "rm -rf \"$DIR/\"*\n") == Findings{"1:8-1:16 arg=\"$DIR/\"* name=DIR"});
    CHECK(Script("rm -rf \"$DIR/\"*\n").help(check) ==
          "write `rm -rf \"${DIR:?}/\"*`: `${DIR:?}` stops the script when DIR is empty or unset");
    CHECK(run(check, "rm -fr \"$DIR\"/x\nrm -r -f \"${DIR}\"\nrm --recursive --force $TMP/build\n") ==
          Findings{"1:8-1:16 arg=\"$DIR\"/x name=DIR", "2:10-2:18 arg=\"${DIR}\" name=DIR",
                   "3:24-3:34 arg=$TMP/build name=TMP"});
    CHECK(Script("rm -rf $TMP/build\n").help(check) ==
          "write `rm -rf \"${TMP:?}\"/build`: `${TMP:?}` stops the script when TMP is empty or unset");
    CHECK(run(check, "rm -rf /srv/$APP\n") == Findings{"1:8-1:17 arg=/srv/$APP name=APP"});
  }
  SECTION("guarded, defaulted, set by the script, quoted in the middle, or not -rf") {
    CHECK(run(check, "rm -rf \"${BUILD_DIR:?}/out\"\n"
                     ": \"${OUT:?set OUT}\"\nrm -rf \"$OUT\"/*\n"
                     "STAGE=/tmp/stage\nrm -rf \"$STAGE\"/x $STAGE\n"
                     "rm -rf \"${CACHE:-/tmp/cache}\"/x\n"
                     "rm -rf \"/opt/app/$VERSION\"\n"
                     "rm -rf \"$HOME/.cache/claude\"\n"
                     "rm -f \"$DIR\"/*.tmp\nrm -r \"$DIR\"/old\n")
              .empty());
  }
  SECTION("a variable set from an expansion is not known") {
    CHECK(run(check, "DIR=$1\nrm -rf \"$DIR\"/\n") == Findings{"2:8-2:15 arg=\"$DIR\"/ name=DIR"});
  }
}

TEST_CASE("script-missing-source-file: copies of files the tree does not have", "[rules][script]") {
  const auto check = rules::native::check_script_missing_source_file;
  const fs::path root = fs::temp_directory_path() / ("claudelint-script-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "configs");
  fs::create_directories(root / "scripts");
  std::ofstream(root / "configs/production.json") << "{}";
  std::ofstream(root / "scripts/helper.sh") << "";
  compile::Tree tree;
  tree.root = root.string();

  SECTION("the guide's script copies a template the tree lacks") {
    Script script(guide_deploy_sh);
    script.disk_path = root / "deploy.sh";
    script.tree = &tree;
    CHECK(script.run(check) == Findings{"16:8-16:33 command=cp file=templates/production/.env"});
    CHECK(script.help(check) ==
          "add `templates/production/.env` to the tree, or fix the path (it is read from the script's folder or the "
          "tree root)");
  }
  SECTION("resolved from the script's folder or the tree root") {
    Script script("cp ../configs/production.json x\ncp helper.sh /usr/local/bin/\ncp configs/production.json x\n"
                  "install -m 600 configs/missing.json /etc/x\nrsync -a ./dist/ host:/srv/\n"
                  "scp -i key.pem configs/production.json host:/x\n");
    script.disk_path = root / "scripts/deploy.sh";
    script.tree = &tree;
    CHECK(script.run(check) == Findings{"4:16-4:36 command=install file=configs/missing.json",
                                        "5:10-5:17 command=rsync file=./dist/"});
  }
  SECTION("expansions, globs, home, absolute paths, made earlier, after an unknown cd") {
    Script script("cp \"$SRC\" x\ncp dist/*.js x\ncp ~/a x\ncp /etc/a x\nmkdir -p build\ncp build/app x\n"
                  "cp -t /opt a.json b.json\ncd \"$(dirname \"$0\")\"\ncp c.json x\ncd \"$WORK\"\ncp d.json x\n");
    script.disk_path = root / "deploy.sh";
    script.tree = &tree;
    CHECK(script.run(check) == Findings{"7:12-7:18 command=cp file=a.json", "7:19-7:25 command=cp file=b.json",
                                        "9:4-9:10 command=cp file=c.json"});
  }
  SECTION("no place to look: stdin") { CHECK(run(check, "cp missing.json x\n").empty()); }
  fs::remove_all(root);
}

TEST_CASE("script checks: partial and ERROR-mangled scripts never crash", "[rules][script]") {
  const std::vector<void (*)(const FileContext&, std::vector<FileFinding>&)> checks{
      rules::native::check_script_strict_mode,         rules::native::check_script_secret_file_mode,
      rules::native::check_script_config_file_mode,    rules::native::check_script_world_writable_chmod,
      rules::native::check_script_recursive_home_permissions, rules::native::check_script_secret_echoed,
      rules::native::check_script_pipe_to_shell,       rules::native::check_script_unsafe_rm,
      rules::native::check_script_missing_source_file};
  const std::vector<std::string> texts{
      "", "chmod\n", "chmod 777\n", "rm -rf\n", "cp\n", "sudo\n", "sudo -u\n", "curl |\n", "| sh\n",
      "chmod 7777777 x\nchmod u+,=,+ x\nchmod ,, x\n", "rm -rf \"$(\n", "echo \"$TOKEN\n", "set -x; echo ${API_KEY\n",
      "bash <(curl u\n", "if then fi ( ; } )\n", "cat <<EOF | sh\n$(curl u)\n", "f() { chown -R a ~; \n"};
  for (const auto& text : texts) {
    Script script(text);
    script.disk_path = "deploy.sh";
    for (const auto check : checks) CHECK_NOTHROW(script.run(check));
  }
  SECTION("a context without documents (another kind, or nothing loaded)") {
    const model::SourceFile file("deploy.sh", "chmod 777 x\n");
    const std::vector<model::Document> none;
    const std::vector<secrets::SecretHit> hits;
    const compile::SecretPolicy policy;
    const rules::native::TrackedQuery tracked = [](const fs::path&) { return std::optional<bool>(); };
    const FileContext context{file, 0, source::FileKind::shell, none, std::nullopt, std::nullopt, hits, nullptr,
                              nullptr, policy, tracked};
    for (const auto check : checks) {
      std::vector<FileFinding> findings;
      check(context, findings);
      CHECK(findings.empty());
    }
  }
}
