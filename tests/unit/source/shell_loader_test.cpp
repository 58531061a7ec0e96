#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "../test_support.h"

using namespace claudelint;

namespace {

using test::Loaded;

Loaded load_sh(std::string text) { return Loaded("deploy.sh", std::move(text), source::FileKind::shell); }

std::string where(const model::SourceFile& file, std::size_t offset) { return test::where(file, offset); }

/// "text@line:col" of the value mapped at `pointer`.
std::string at(const Loaded& loaded, std::string_view pointer) {
  REQUIRE(loaded.result.documents.size() == 1);
  const auto s = loaded.result.documents[0].map.find(pointer);
  INFO("pointer " << pointer);
  REQUIRE(s.has_value());
  return fmt::format("{}@{}", loaded.file.text().substr(s->value.begin, s->value.end - s->value.begin),
                     where(loaded.file, s->value.begin));
}

/// The commands with all their facts.
const nlohmann::json& facts(const Loaded& loaded) {
  REQUIRE(loaded.result.documents.size() == 1);
  return loaded.result.documents[0].value.at("commands");
}

/// The commands as {name, args} only.
nlohmann::json commands(const Loaded& loaded) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& command : facts(loaded)) out.push_back({{"name", command.at("name")}, {"args", command.at("args")}});
  return out;
}

/// One fact of every command, in order ("-" where a command lacks it).
std::vector<std::string> fact(const Loaded& loaded, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& command : facts(loaded))
    out.push_back(command.contains(key) ? fmt::format("{} {}", command.at("name").get<std::string>(), command.at(key).dump())
                                        : fmt::format("{} -", command.at("name").get<std::string>()));
  return out;
}

/// The facts of argument `i` of command `c`.
const nlohmann::json& arg_info(const Loaded& loaded, std::size_t c, std::size_t i) {
  return facts(loaded).at(c).at("args_info").at(i);
}

/// Every diagnostic as "CODE severity begin-end message".
std::vector<std::string> diagnostics(const Loaded& loaded) {
  std::vector<std::string> out;
  for (const auto& d : loaded.result.diagnostics)
    out.push_back(fmt::format("{} {} {}-{} {}", d.rule.code, model::to_string(d.severity),
                              where(loaded.file, d.range.begin), where(loaded.file, d.range.end), d.message));
  return out;
}

constexpr const char* deploy_sh = R"(#!/bin/bash
set -e
deploy_configs() {
    cp configs/production.json ~/.claude/config.json
    cp templates/production/.env ~/.claude/.env
}
setup_permissions() {
    chmod 600 ~/.claude/.env
    chmod 644 ~/.claude/config.json
    chown -R $USER:$USER ~/.claude
}
deploy_configs
setup_permissions
)";

} // namespace

TEST_CASE("shell: the guide's deploy.sh yields its commands", "[source][shell]") {
  const auto loaded = load_sh(deploy_sh);
  CHECK(loaded.result.diagnostics.empty());
  CHECK_FALSE(loaded.result.documents[0].partial);
  CHECK(commands(loaded) == nlohmann::json::parse(R"([
    {"name": "set", "args": ["-e"]},
    {"name": "cp", "args": ["configs/production.json", "~/.claude/config.json"]},
    {"name": "cp", "args": ["templates/production/.env", "~/.claude/.env"]},
    {"name": "chmod", "args": ["600", "~/.claude/.env"]},
    {"name": "chmod", "args": ["644", "~/.claude/config.json"]},
    {"name": "chown", "args": ["-R", "$USER:$USER", "~/.claude"]},
    {"name": "deploy_configs", "args": []},
    {"name": "setup_permissions", "args": []}
  ])"));

  CHECK(at(loaded, "/commands/3") == "chmod 600 ~/.claude/.env@8:5");
  CHECK(at(loaded, "/commands/3/name") == "chmod@8:5");
  CHECK(at(loaded, "/commands/3/args/0") == "600@8:11");
  CHECK(at(loaded, "/commands/3/args/1") == "~/.claude/.env@8:15");
  CHECK(at(loaded, "/commands/3/args") == "600 ~/.claude/.env@8:11");
  CHECK(at(loaded, "/commands/4/name") == "chmod@9:5");
  CHECK(at(loaded, "/commands/4/args/0") == "644@9:11");
  CHECK(at(loaded, "/commands/4/args/1") == "~/.claude/config.json@9:15");
  CHECK(at(loaded, "/commands/5/args/1") == "$USER:$USER@10:14");
  CHECK(at(loaded, "/commands/7") == "setup_permissions@13:1");
  CHECK(at(loaded, "/commands/7/args") == "@13:18");

  const auto root = loaded.result.documents[0].map.find("");
  REQUIRE(root.has_value());
  CHECK(root->value.begin == 0);
  CHECK(root->value.end == loaded.file.text().size());

  REQUIRE(loaded.result.comments.size() == 1);
  CHECK(loaded.result.comments[0].text == "#!/bin/bash");
  CHECK(where(loaded.file, loaded.result.comments[0].range.begin) == "1:1");
}

TEST_CASE("shell: comments and nested commands in document order", "[source][shell]") {
  const auto loaded = load_sh("# setup\n"
                              "curl -k https://api.internal > out 2>&1 # TODO: drop -k\n"
                              "echo \"$(chmod 777 /srv)\" | sudo tee -a log\n"
                              "FOO=1 env\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(commands(loaded) == nlohmann::json::parse(R"([
    {"name": "curl", "args": ["-k", "https://api.internal"]},
    {"name": "echo", "args": ["\"$(chmod 777 /srv)\""]},
    {"name": "chmod", "args": ["777", "/srv"]},
    {"name": "sudo", "args": ["tee", "-a", "log"]},
    {"name": "env", "args": []}
  ])"));
  CHECK(at(loaded, "/commands/2/args/0") == "777@3:15");
  CHECK(at(loaded, "/commands/4") == "FOO=1 env@4:1");
  CHECK(at(loaded, "/commands/4/name") == "env@4:7");
  std::vector<std::string> comments;
  for (const auto& c : loaded.result.comments)
    comments.push_back(fmt::format("{}@{}", c.text, where(loaded.file, c.range.begin)));
  CHECK(comments == std::vector<std::string>{"# setup@1:1", "# TODO: drop -k@2:41"});
}

TEST_CASE("shell: syntax errors are CL0001 with positions", "[source][shell]") {
  SECTION("an `if` without `fi`") {
    const auto loaded = load_sh("if true; then echo x\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 2:1-2:1 syntax error: missing `fi`"});
    const auto& d = loaded.result.diagnostics[0];
    CHECK(d.rule.name == "syntax-error");
    CHECK(d.help.has_value());
    REQUIRE(d.related.size() == 1);
    CHECK(d.related[0].message == "`if` opened here");
    CHECK(where(loaded.file, d.related[0].range.begin) == "1:1");
    CHECK(loaded.result.documents[0].partial);
    CHECK(commands(loaded) == nlohmann::json::parse(R"([{"name": "true", "args": []},
                                                        {"name": "echo", "args": ["x"]}])"));
  }
  SECTION("a `for` loop without `done`") {
    const auto loaded = load_sh("for f in a b; do\n  chmod 600 \"$f\"\n");
    REQUIRE(loaded.result.diagnostics.size() == 1);
    CHECK(loaded.result.diagnostics[0].message == "syntax error: missing `done`");
    CHECK(loaded.result.diagnostics[0].related.at(0).message == "`do` opened here");
  }
  SECTION("an unexpected token points at the token") {
    const auto loaded = load_sh("echo ok\necho a )\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 2:8-2:9 syntax error: unexpected `)`"});
  }
  SECTION("an unterminated string is reported without its content") {
    const auto loaded = load_sh("echo ok\nexport TOKEN=\"sk-prod-CANARY42\n");
    REQUIRE(loaded.result.diagnostics.size() == 1);
    const auto& d = loaded.result.diagnostics[0];
    CHECK(d.message.find("CANARY") == std::string::npos);
    CHECK(where(loaded.file, d.range.begin).starts_with("2:"));
  }
  SECTION("only the outermost errors, at most 20 per file") {
    std::string text;
    for (int i = 0; i < 30; ++i) text += "echo a )\n";
    const auto loaded = load_sh(text);
    CHECK(loaded.result.diagnostics.size() == 20);
    CHECK(commands(loaded).size() == 30);
  }
}

TEST_CASE("shell: an empty script has no commands", "[source][shell]") {
  const auto loaded = load_sh("\n\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(commands(loaded) == nlohmann::json::array());
}

TEST_CASE("shell: deeply nested input does not overflow the stack", "[source][shell]") {
  constexpr int depth = 5000;
  std::string text = "echo ";
  for (int i = 0; i < depth; ++i) text += "$(";
  text += "chmod 777 x";
  text += std::string(depth, ')');
  text += "\n";
  const auto loaded = load_sh(std::move(text));
  CHECK(loaded.result.diagnostics.empty());
  REQUIRE(commands(loaded).size() >= 2);
  CHECK(commands(loaded).back() == nlohmann::json{{"name", "chmod"}, {"args", {"777", "x"}}});
  CHECK(facts(loaded).back().at("captured") == true);
  CHECK(facts(loaded).front().at("top_level") == true);
}

TEST_CASE("shell: where each command runs", "[source][shell]") {
  SECTION("the guide's deploy.sh: top level or in a function") {
    const auto loaded = load_sh(deploy_sh);
    CHECK(fact(loaded, "top_level") ==
          std::vector<std::string>{"set true", "cp false", "cp false", "chmod false", "chmod false", "chown false",
                                   "deploy_configs true", "setup_permissions true"});
    CHECK(fact(loaded, "in_function") ==
          std::vector<std::string>{"set -", "cp \"deploy_configs\"", "cp \"deploy_configs\"",
                                   "chmod \"setup_permissions\"", "chmod \"setup_permissions\"",
                                   "chown \"setup_permissions\"", "deploy_configs -", "setup_permissions -"});
  }
  SECTION("subshells, loops, ifs, cases and substitutions are not top level; groups and lists are") {
    const auto loaded = load_sh("(a)\nfor x in 1; do b; done\nwhile c; do d; done\nif e; then f; fi\n"
                                "case $x in y) g;; esac\n{ h; }\ni && j || k\nl \"$(m)\"\n");
    CHECK(fact(loaded, "top_level") ==
          std::vector<std::string>{"a false", "b false", "c false", "d false", "e false", "f false", "g false",
                                   "h true", "i true", "j true", "k true", "l true", "m false"});
  }
  SECTION("pipelines: index, position and length; a here-document's pipeline includes its command") {
    const auto loaded = load_sh("curl -fsSL u | sudo bash -s\nx | { y; z; } | w\nsolo\n");
    CHECK(fact(loaded, "pipeline") ==
          std::vector<std::string>{R"(curl {"index":0,"length":2,"position":0})",
                                   R"(sudo {"index":0,"length":2,"position":1})",
                                   R"(x {"index":1,"length":3,"position":0})", R"(y {"index":1,"length":3,"position":1})",
                                   R"(z {"index":1,"length":3,"position":1})", R"(w {"index":1,"length":3,"position":2})",
                                   "solo -"});
    // The grammar puts `| sh` inside the here-document redirect of `cat`.
    const auto heredoc = load_sh("cat <<EOF | sh\n$(q)\nEOF\n");
    CHECK(fact(heredoc, "pipeline") == std::vector<std::string>{R"(cat {"index":0,"length":2,"position":0})",
                                                                R"(sh {"index":0,"length":2,"position":1})", "q -"});
  }
  SECTION("stdout redirected to a file, not to stderr or the terminal") {
    const auto loaded = load_sh("a > out\nb >> log 2>&1\nc 2> err\nd >&2\ne > /dev/stderr\n>f g\nh &> all\n"
                                "{ i; } > grouped\nj 1>one\nk < in\n");
    CHECK(fact(loaded, "redirected") ==
          std::vector<std::string>{"a true", "b true", "c false", "d false", "e false", "g true", "h true", "i true",
                                   "j true", "k false"});
  }
  SECTION("commands in substitutions: captured, and which argument they are in") {
    const auto loaded = load_sh("bash <(curl -s u)\nsh -c \"$(wget -O- u)\"\nX=$(id)\n");
    CHECK(fact(loaded, "captured") ==
          std::vector<std::string>{"bash false", "curl true", "sh false", "wget true", "id true"});
    CHECK(fact(loaded, "substitution") ==
          std::vector<std::string>{"bash -", R"(curl {"argument":0,"command":0})", "sh -",
                                   R"(wget {"argument":1,"command":2})", "id -"});
    CHECK(arg_info(loaded, 0, 0).at("process_substitution") == true);
    CHECK(arg_info(loaded, 2, 1).at("command_substitution") == true);
    CHECK(arg_info(loaded, 2, 0).at("command_substitution") == false);
  }
}

TEST_CASE("shell: how each argument is quoted and what it expands", "[source][shell]") {
  const auto loaded = load_sh("rm -rf \"$DIR\"/x '$NOT' \"${D:?unset}/y\" $E/z \"${F:-/tmp}\" \"/p/$G\" ${#H} ${I:+x} "
                              "a\\ b \"q\\\"t\" \"$DIR$DIR\"\n");
  using nlohmann::json;
  CHECK(arg_info(loaded, 0, 0) == json::parse(R"({"quoted": "none", "expansions": [], "guarded": [], "unquoted": [],
      "command_substitution": false, "process_substitution": false, "literal": "-rf"})"));
  CHECK(arg_info(loaded, 0, 1) == json::parse(R"({"quoted": "double", "expansions": ["DIR"], "guarded": [],
      "unquoted": [], "leading": "DIR", "command_substitution": false, "process_substitution": false})"));
  CHECK(arg_info(loaded, 0, 2).at("quoted") == "single");
  CHECK(arg_info(loaded, 0, 2).at("expansions") == json::array());
  CHECK(arg_info(loaded, 0, 2).at("literal") == "$NOT");
  CHECK(arg_info(loaded, 0, 3).at("guarded") == json{"D"});
  CHECK(arg_info(loaded, 0, 3).at("leading") == "D");
  CHECK(arg_info(loaded, 0, 4).at("unquoted") == json{"E"});
  CHECK(arg_info(loaded, 0, 4).at("quoted") == "none");
  CHECK_FALSE(arg_info(loaded, 0, 5).contains("leading")); // a default is never empty
  CHECK(arg_info(loaded, 0, 5).at("expansions") == json{"F"});
  CHECK_FALSE(arg_info(loaded, 0, 6).contains("leading"));
  CHECK(arg_info(loaded, 0, 6).at("expansions") == json{"G"});
  CHECK(arg_info(loaded, 0, 7).at("expansions") == json::array()); // a length
  CHECK(arg_info(loaded, 0, 8).at("expansions") == json::array()); // an alternate word
  CHECK_FALSE(arg_info(loaded, 0, 8).contains("literal"));
  CHECK(arg_info(loaded, 0, 9).at("literal") == "a b");
  CHECK(arg_info(loaded, 0, 10).at("literal") == "q\"t");
  CHECK(arg_info(loaded, 0, 11).at("expansions") == json{"DIR"});
}

TEST_CASE("shell: every assignment, with its value's exact range", "[source][shell]") {
  const auto loaded = load_sh("#!/bin/bash\nexport CLAUDE_API_TOKEN=\"sk-prod-x\" PLAIN\nf() { local L='v'; }\n"
                              "readonly R=1\nFOO=bar env\nEMPTY=\nA[2]=item\ndeclare -x D=$(id)\n");
  using nlohmann::json;
  CHECK(loaded.doc().value.at("assignments") == json::parse(R"J([
    {"name": "CLAUDE_API_TOKEN", "value": "sk-prod-x", "declaration": "export"},
    {"name": "L", "value": "v", "declaration": "local"},
    {"name": "R", "value": "1", "declaration": "readonly"},
    {"name": "FOO", "value": "bar"},
    {"name": "EMPTY", "value": ""},
    {"name": "A", "value": "item"},
    {"name": "D", "value": "$(id)", "declaration": "declare"}
  ])J"));
  CHECK(at(loaded, "/assignments/0") == "CLAUDE_API_TOKEN=\"sk-prod-x\"@2:8");
  CHECK(at(loaded, "/assignments/0/name") == "CLAUDE_API_TOKEN@2:8");
  CHECK(at(loaded, "/assignments/0/value") == "sk-prod-x@2:26");
  CHECK(loaded.value_at("/assignments/0/value") == "2:26-2:35");
  CHECK(at(loaded, "/assignments/1/value") == "v@3:16");
  CHECK(at(loaded, "/assignments/3") == "FOO=bar@5:1");
  CHECK(loaded.value_at("/assignments/4/value") == "6:7-6:7");
  CHECK(at(loaded, "/assignments/5/name") == "A@7:1");
  CHECK(at(loaded, "/assignments/6/value") == "$(id)@8:14");
}

TEST_CASE("shell: every expansion, in source order, with ranges", "[source][shell]") {
  const auto loaded = load_sh("echo \"$A\" ${B:?} ${#C}\n[ -n \"$CLAUDE_API_TOKEN\" ]\nX=$Y\n"
                              "cat <<EOF\n$HEREDOC\nEOF\ncat <<'EOF'\n$QUOTED\nEOF\n# $COMMENT\necho '$SINGLE' \\$ESC\n");
  std::vector<std::string> names;
  for (const auto& e : loaded.doc().value.at("expansions"))
    names.push_back(fmt::format("{}{}", e.at("name").get<std::string>(), e.at("guarded").get<bool>() ? "?" : ""));
  CHECK(names == std::vector<std::string>{"A", "B?", "C", "CLAUDE_API_TOKEN", "Y", "HEREDOC"});
  CHECK(at(loaded, "/expansions/0") == "$A@1:7");
  CHECK(at(loaded, "/expansions/1") == "${B:?}@1:11");
  CHECK(at(loaded, "/expansions/1/name") == "B@1:13");
  CHECK(at(loaded, "/expansions/3/name") == "CLAUDE_API_TOKEN@2:8");
  CHECK(at(loaded, "/expansions/5") == "$HEREDOC@5:1");
}
