#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "model/source_file.h"
#include "source/loader.h"
#include "source/syntax_cache.h"
#include "source/tree_sitter.h"

namespace fs = std::filesystem;
using namespace claudelint;
using source::FileKind;

namespace {

std::string read_example(const std::string& relative) {
  std::ifstream in(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment" / relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The tree as an S-expression, then every node's bytes and row:column:
/// equal strings, equal trees.
std::string sexp(const source::ts::Tree& tree) {
  char* text = ts_node_string(ts_tree_root_node(tree.get()));
  std::string out(text);
  std::free(text);
  source::ts::walk(ts_tree_root_node(tree.get()), [&](TSNode node) {
    const TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
    out += "\n" + std::to_string(ts_node_start_byte(node)) + "-" + std::to_string(ts_node_end_byte(node)) + " " +
           std::to_string(start.row) + ":" + std::to_string(start.column) + "-" + std::to_string(end.row) + ":" +
           std::to_string(end.column);
    return true;
  });
  return out;
}

/// What a load produced, in a form two loads can be compared by.
std::string summary(const source::LoadResult& result) {
  std::string out;
  for (const auto& d : result.diagnostics)
    out += d.rule.code + "@" + std::to_string(d.range.begin) + "-" + std::to_string(d.range.end) + " " + d.message + "\n";
  for (const auto& document : result.documents) {
    out += document.value.dump() + (document.partial ? " partial\n" : "\n");
    for (const auto& pointer : document.map.pointers()) {
      const auto span = document.map.find(pointer);
      out += pointer + " " + std::to_string(span->value.begin) + "-" + std::to_string(span->value.end);
      if (span->key) out += " key " + std::to_string(span->key->begin);
      out += "\n";
    }
  }
  return out;
}

/// A random edit in the style of typing: a token inserted, a few bytes
/// deleted, or both; never inside a UTF-8 sequence.
std::string random_edit(std::string text, std::mt19937& random) {
  static const char* tokens[] = {"a", "1", " ", "\n", "  ", ": ", "- ", "\"", "'", ",", "{", "}", "[", "]",
                                 "#", "key: value\n", "$(", ")", "\\", "\t", "true", "\"x\": 2,", "&a", "*a"};
  const auto boundary = [&](std::size_t at) {
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return at;
  };
  const std::size_t at = boundary(std::uniform_int_distribution<std::size_t>(0, text.size())(random));
  const int kind = std::uniform_int_distribution<int>(0, 2)(random);
  if (kind != 0) {
    const std::size_t end = boundary(std::min(text.size(), at + std::uniform_int_distribution<std::size_t>(0, 12)(random)));
    text.erase(at, end - at);
  }
  if (kind != 1)
    text.insert(at, tokens[std::uniform_int_distribution<std::size_t>(0, std::size(tokens) - 1)(random)]);
  return text;
}

struct Grammar {
  const char* name;
  const TSLanguage* (*language)();
  const char* example;
  FileKind kind;
};

const Grammar grammars[] = {
    {"json", tree_sitter_json, "configs/production.json", FileKind::json},
    {"yaml", tree_sitter_yaml, "deployment.yaml", FileKind::yaml},
    {"bash", tree_sitter_bash, "deploy.sh", FileKind::shell},
};

} // namespace

TEST_CASE("incremental reparses give the tree a fresh parse gives, edit after edit", "[source][syntax-cache]") {
  for (const auto& grammar : grammars) {
    SECTION(grammar.name) {
      std::string text = read_example(grammar.example);
      REQUIRE_FALSE(text.empty());
      source::SyntaxCache cache;
      std::mt19937 random(20261126);
      for (int step = 0; step < 300; ++step) {
        // Several edits between parses, as when checks are debounced.
        const int edits = std::uniform_int_distribution<int>(1, 3)(random);
        for (int i = 0; i < edits; ++i) text = random_edit(std::move(text), random);
        const auto incremental = source::ts::parse(grammar.language(), text, &cache);
        const auto fresh = source::ts::parse(grammar.language(), text);
        INFO("step " << step << ", text:\n" << text);
        REQUIRE(sexp(incremental) == sexp(fresh));
      }
      const auto stats = cache.stats();
      CHECK(stats.parses == 300);
      // All but the first reused a tree (an edit that deleted nothing and
      // inserted nothing left the text as it was: no parse at all).
      CHECK(stats.incremental + stats.unchanged == 299);
      CHECK(stats.incremental > 250);
    }
  }
}

TEST_CASE("a loader given a buffer's cache loads exactly what a fresh load does", "[source][syntax-cache]") {
  for (const auto& grammar : grammars) {
    SECTION(grammar.name) {
      std::string text = read_example(grammar.example);
      source::SyntaxCache cache;
      std::mt19937 random(7);
      for (int step = 0; step < 150; ++step) {
        text = random_edit(std::move(text), random);
        const model::SourceFile file(grammar.example, text);
        const auto incremental = source::load(file, 0, grammar.kind, {}, &cache);
        const auto fresh = source::load(file, 0, grammar.kind, {});
        INFO("step " << step << ", text:\n" << text);
        REQUIRE(summary(incremental) == summary(fresh));
      }
      CHECK(cache.stats().incremental > 0);
    }
  }
}

TEST_CASE("an unchanged text is not parsed again; another language starts afresh", "[source][syntax-cache]") {
  source::SyntaxCache cache;
  const std::string text = "{\"a\": [1, 2]}";
  const auto first = source::ts::parse(tree_sitter_json(), text, &cache);
  const auto again = source::ts::parse(tree_sitter_json(), text, &cache);
  CHECK(sexp(first) == sexp(again));
  CHECK(cache.stats().unchanged == 1);
  const auto yaml = source::ts::parse(tree_sitter_yaml(), text, &cache);
  CHECK(sexp(yaml) == sexp(source::ts::parse(tree_sitter_yaml(), text)));
  CHECK(cache.stats().incremental == 0);
}
