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
  const auto* s = loaded.result.documents[0].map.find(pointer);
  INFO("pointer " << pointer);
  REQUIRE(s != nullptr);
  return fmt::format("{}@{}", loaded.file.text().substr(s->value.begin, s->value.end - s->value.begin),
                     where(loaded.file, s->value.begin));
}

const nlohmann::json& commands(const Loaded& loaded) {
  REQUIRE(loaded.result.documents.size() == 1);
  return loaded.result.documents[0].value.at("commands");
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

  const auto* root = loaded.result.documents[0].map.find("");
  REQUIRE(root != nullptr);
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
}
