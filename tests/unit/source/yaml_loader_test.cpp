#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_support.h"
#include "source/yaml_plain.h"

using claudelint::source::FileKind;
using claudelint::test::Loaded;
using nlohmann::json;

TEST_CASE("YAML values follow the 1.2 core schema", "[source][yaml]") {
  const Loaded l("t.yaml",
                 "s: text\ni: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nf: 2.5\nexp: 1.5e3\nt: true\nn: ~\ne:\n"
                 "q: \"42\"\nsq: 'it''s'\nstr: !!str 5\nbig: 18446744073709551615\n",
                 FileKind::yaml);
  REQUIRE(l.result.documents.size() == 1);
  const json& v = l.doc().value;
  CHECK(v["s"] == "text");
  CHECK(v["i"] == 42);
  CHECK(v["neg"] == -7);
  CHECK(v["hex"] == 31);
  CHECK(v["oct"] == 15);
  CHECK(v["f"] == 2.5);
  CHECK(v["exp"] == 1500.0);
  CHECK(v["t"] == true);
  CHECK(v["n"].is_null());
  CHECK(v["e"].is_null());
  CHECK(v["q"] == "42");
  CHECK(v["sq"] == "it's");
  CHECK(v["str"] == "5");
  CHECK(v["big"].is_number_unsigned());
  CHECK(l.result.diagnostics.empty());
}

TEST_CASE("YAML source map gives exact key and value ranges", "[source][yaml]") {
  const Loaded l("t.yaml",
                 "# HA\n"
                 "production:\n"
                 "  instances:\n"
                 "    - region: us-east-1\n"
                 "      count: 2\n"
                 "    - {region: \"us-west-2\", count: 1}\n"
                 "  backup:\n"
                 "    retention: 30_days   # keep a month\n"
                 "  note: |\n"
                 "    multi\n"
                 "  empty:\n",
                 FileKind::yaml);
  REQUIRE(l.result.documents.size() == 1);
  CHECK(l.key_text("/production") == "production");
  CHECK(l.value_at("/production/instances/0/region") == "4:15-4:24");
  CHECK(l.value_text("/production/instances/0/region") == "us-east-1");
  CHECK(l.key_text("/production/instances/0/count") == "count");
  CHECK(l.value_text("/production/instances/0/count") == "2");
  CHECK(l.value_text("/production/instances/1") == "{region: \"us-west-2\", count: 1}");
  CHECK(l.value_text("/production/instances/1/region") == "\"us-west-2\"");
  CHECK(l.value_text("/production/backup/retention") == "30_days");
  CHECK(l.value_text("/production/note") == "|\n    multi");
  CHECK(l.value_at("/production/instances") == "4:5-6:38");
  CHECK(l.doc().value["production"]["empty"].is_null());
  CHECK(l.value_at("/production/empty") == "11:8-11:8");
  REQUIRE(l.result.comments.size() == 2);
  CHECK(l.result.comments[1].text == "# keep a month");
  // Every value of the document, and nothing else, has an entry.
  CHECK(l.doc().map.size() == claudelint::test::count_values(l.doc().value));
}

TEST_CASE("YAML anchors, aliases and merge keys", "[source][yaml]") {
  const Loaded l("t.yaml",
                 "base: &base\n"
                 "  tls: \"1.3\"\n"
                 "  retries: 3\n"
                 "prod:\n"
                 "  <<: *base\n"
                 "  retries: 5\n"
                 "copy: *base\n",
                 FileKind::yaml);
  REQUIRE(l.result.documents.size() == 1);
  const json& v = l.doc().value;
  CHECK(v["prod"] == json({{"tls", "1.3"}, {"retries", 5}}));
  CHECK(v["copy"] == json({{"tls", "1.3"}, {"retries", 3}}));
  CHECK(l.value_text("/copy") == "*base");           // the alias use
  CHECK(l.value_text("/copy/tls") == "\"1.3\"");     // defined in the anchor
  CHECK(l.value_at("/copy/tls") == "2:8-2:13");
  CHECK(l.value_text("/prod/retries") == "5");
  CHECK(l.value_at("/prod/tls") == "2:8-2:13");      // merged from the anchor
  CHECK(l.doc().map.find("/prod/<<") == std::nullopt);
  CHECK(l.result.diagnostics.empty());
}

TEST_CASE("YAML source map: a key given twice maps to its later value, deep paths to theirs", "[source][yaml]") {
  const Loaded l("t.yaml",
                 "a:\n"
                 "  x: 1\n"
                 "  deep: {p: [q, {r: s}]}\n"
                 "b: [1, [2, 3]]\n"
                 "a:\n"
                 "  y: 2\n"
                 "c: 4\n",
                 FileKind::yaml);
  REQUIRE(l.result.documents.size() == 1);
  CHECK(l.value_at("/a") == "6:3-6:7");
  CHECK(l.value_text("/a/y") == "2");
  CHECK(l.value_text("/a/deep/p/1/r") == "s"); // of the earlier value, still written there
  CHECK(l.value_text("/b/1/1") == "3");
  CHECK(l.value_text("/c") == "4");
  CHECK(l.doc().map.find("")->value.begin == 0);
  for (const char* absent : {"/a/z", "/b/2", "/b/1/2", "/c/0", "/a/deep/p/2"})
    CHECK_FALSE(l.doc().map.find(absent).has_value());
}

TEST_CASE("YAML duplicate keys are errors at the second, naming the first", "[source][yaml]") {
  const Loaded l("t.yaml", "a: 1\nb: 2\na: 3\n", FileKind::yaml);
  REQUIRE(l.codes() == std::vector<std::string>{"CL0002 3:1"});
  const auto& d = l.result.diagnostics[0];
  REQUIRE(d.related.size() == 1);
  CHECK(l.file.position(d.related[0].range.begin).line == 1);
  CHECK(l.doc().value["a"] == 3);
}

TEST_CASE("YAML duplicate keys: each names the one before it, in nested maps, from every source of events",
          "[source][yaml]") {
  // Keys needing a pointer escape, collection values, a key given three
  // times, merge keys: the builder finds earlier definitions only once a
  // map has a duplicate, from the entries of its values.
  const std::string text = "top:\n"
                           "  a/b: 1\n"
                           "  list:\n"
                           "    - x\n"
                           "  a/b: 2\n"
                           "  other: 'it''s'\n"
                           "  list:\n"
                           "    k: v\n"
                           "  a/b: 3\n"
                           "merged:\n"
                           "  <<:\n"
                           "    x: 1\n"
                           "  <<:\n"
                           "    y: 1\n"
                           "    y: 2\n"
                           "  '<<': 3\n"
                           "  '<<': 4\n"
                           "end: 1\n";
  const claudelint::support::Limits limits;
  const claudelint::source::LoaderInput input{text, 0, 0, limits};
  const auto line_of = [&](std::size_t offset) { return std::count(text.begin(), text.begin() + offset, '\n') + 1; };
  for (const auto events : {claudelint::source::YamlEvents::from_text_when_plain,
                            claudelint::source::YamlEvents::from_tree_when_plain,
                            claudelint::source::YamlEvents::from_yaml_cpp}) {
    const auto loaded = claudelint::source::load_yaml(input, events);
    REQUIRE(loaded.documents.size() == 1);
    CHECK(loaded.documents[0].value["top"] == json::parse(R"({"a/b": 3, "list": {"k": "v"}, "other": "it's"})"));
    std::vector<std::string> seen;
    for (const auto& d : loaded.diagnostics) {
      REQUIRE(d.related.size() == 1);
      seen.push_back(fmt::format("{} {}<-{}", d.pointer.value_or("?"), line_of(d.range.begin), line_of(d.related[0].range.begin)));
    }
    CHECK(loaded.documents[0].value["merged"] == json::parse(R"({"<<": 4, "x": 1, "y": 2})"));
    // Within the second merge key's mapping, and a quoted `<<` (a key, not
    // a merge) named against its own first, not against a merge.
    CHECK(seen == std::vector<std::string>{"/top/a~1b 5<-2", "/top/list 7<-3", "/top/a~1b 9<-5",
                                           "/merged/<</y 15<-14", "/merged/<< 17<-16"});
    const auto span = loaded.documents[0].map.find("/top/a~1b");
    REQUIRE(span);
    CHECK(line_of(span->value.begin) == 9);
  }
}

TEST_CASE("YAML 1.1 ambiguous scalars are warnings", "[source][yaml]") {
  const Loaded l("t.yaml",
                 "a: yes\nb: off\nc: 0755\nd: 1e3\ne: 1_000\nf: 1:30\ng: \"yes\"\nh: 1.3\ni: 0\nj: Y\n",
                 FileKind::yaml);
  CHECK(l.codes() == std::vector<std::string>{"CL0006 1:4", "CL0006 2:4", "CL0006 3:4", "CL0006 4:4",
                                              "CL0006 5:4", "CL0006 6:4", "CL0006 10:4"});
  CHECK(l.doc().value["a"] == "yes");
  CHECK(l.doc().value["c"] == 755);
  CHECK(l.doc().value["d"] == 1000.0);
  CHECK(l.result.diagnostics[2].message.find("493") != std::string::npos);
}

TEST_CASE("YAML multi-document streams yield one document each", "[source][yaml]") {
  const Loaded l("t.yaml", "a: 1\n---\nb: 2\n...\n---\n- x\n", FileKind::yaml);
  REQUIRE(l.result.documents.size() == 3);
  CHECK(l.doc(1).value == json({{"b", 2}}));
  CHECK(l.value_at("/b", 1) == "3:4-3:5");
  CHECK(l.doc(2).value == json::array({"x"}));
}

TEST_CASE("YAML syntax errors have a position", "[source][yaml]") {
  const Loaded l("t.yaml", "a: 1\nb: [1, 2\nc: 3\n", FileKind::yaml);
  REQUIRE(!l.result.diagnostics.empty());
  CHECK(l.result.diagnostics[0].rule.code == "CL0001");
  CHECK(l.file.position(l.result.diagnostics[0].range.begin).line >= 2);
}

TEST_CASE("YAML line ends: CRLF and a lone CR are line breaks, positions count them", "[source][yaml]") {
  for (const std::string eol : {"\r\n", "\r"}) {
    INFO(eol.size());
    const Loaded l("t.yaml", "a: 1" + eol + "b:" + eol + "  c: two" + eol + "a: 3" + eol, FileKind::yaml);
    CHECK(l.codes() == std::vector<std::string>{"CL0002 4:1"});
    REQUIRE(l.result.documents.size() == 1);
    CHECK(l.doc().value == json({{"a", 3}, {"b", {{"c", "two"}}}}));
    CHECK(l.value_at("/b/c") == "3:6-3:9");
  }
}

TEST_CASE("YAML syntax errors yaml-cpp words tersely are named: tabs, over-long keys", "[source][yaml]") {
  const Loaded tab("t.yaml", "a:\n  b: 1\n\tc: 2\n", FileKind::yaml);
  REQUIRE(tab.codes() == std::vector<std::string>{"CL0001 3:1"});
  CHECK(tab.result.diagnostics[0].message == "invalid YAML: a tab in the indentation; YAML indents with spaces only");
  // yaml-cpp calls this one "illegal map value".
  const Loaded tab_first("t.yaml", "a:\n\tb: 1\n", FileKind::yaml);
  REQUIRE(tab_first.codes() == std::vector<std::string>{"CL0001 2:1"});
  CHECK(tab_first.result.diagnostics[0].message == tab.result.diagnostics[0].message);
  const Loaded long_key("k.yaml", "- ok: 1\n- " + std::string(1025, 'k') + ": 1\n", FileKind::yaml);
  REQUIRE(long_key.codes() == std::vector<std::string>{"CL0001 2:3"});
  CHECK(long_key.result.diagnostics[0].message ==
        "invalid YAML: this key is 1025 bytes long; a key without `?` is limited to 1024");
  CHECK(Loaded("k.yaml", std::string(1024, 'k') + ": 1\n", FileKind::yaml).codes().empty());
  // Any other "illegal map value" keeps yaml-cpp's words.
  const Loaded other("m.yaml", "a: b: c\n", FileKind::yaml);
  REQUIRE(other.codes() == std::vector<std::string>{"CL0001 1:5"});
  CHECK(other.result.diagnostics[0].message == "invalid YAML: illegal map value");
}

TEST_CASE("YAML alias bombs stop at the expansion limit", "[source][yaml]") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    text += fmt::format("a{}: &a{} [", i, i);
    for (int k = 0; k < 10; ++k) text += fmt::format("{}*a{}", k ? ", " : "", i - 1);
    text += "]\n";
  }
  const Loaded l("bomb.yaml", text, FileKind::yaml);
  bool limited = false;
  for (const auto& d : l.result.diagnostics) limited |= d.rule.code == "CL0009";
  CHECK(limited);
}

TEST_CASE("YAML nesting beyond the limit is refused before parsing", "[source][yaml]") {
  const Loaded l("deep.yaml", "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n", FileKind::yaml);
  REQUIRE(l.codes().size() == 1);
  CHECK(l.result.diagnostics[0].rule.code == "CL0007");
  CHECK(l.result.documents.empty());
}

TEST_CASE("YAML files past the grammar's 32,767-line limit load fully with exact starts", "[source][yaml]") {
  // The anchor keeps it from the plain text reader: yaml-cpp reads it, ends come from the text.
  std::string text = "anchor: &a x\n";
  for (int i = 0; i < 40000; ++i) text += fmt::format("key{}: value{}\n", i, i);
  const Loaded l("big.yaml", text, FileKind::yaml);
  CHECK_FALSE(claudelint::source::plain_yaml_text(text));
  REQUIRE(l.result.documents.size() == 1);
  CHECK(l.result.diagnostics.empty());
  CHECK(l.doc().value.size() == 40001);
  CHECK(l.doc().value["key39999"] == "value39999");
  CHECK(l.value_at("/key39999") == "40001:11-40001:21");
  CHECK(l.key_text("/key35000") == "key35000");
}

TEST_CASE("YAML input that sends yaml-cpp into a loop is an error, not a hang", "[source][yaml]") {
  // yaml-cpp 0.7 emits empty nodes forever for a lone `,` (yaml-cpp issue #1040).
  for (const char* text : {",\n", "a: 1\n,\n", "- ,\n"}) {
    const Loaded l("loop.yaml", text, FileKind::yaml);
    REQUIRE_FALSE(l.result.diagnostics.empty());
    CHECK(l.result.diagnostics[0].rule.code == "CL0001");
  }
}

// ------------------------------------------------ events from the syntax tree

namespace {

/// Loads `text` from each source of events; what differs, or "" (and
/// whether the tree, and the text reader, served).
std::string tree_against_yaml_cpp(std::string_view text, bool* plain = nullptr, bool* plain_text = nullptr) {
  using claudelint::source::YamlEvents;
  const claudelint::support::Limits limits;
  const claudelint::source::LoaderInput input{text, 0, 0, limits};
  const auto from_text = claudelint::source::load_yaml(input);
  const auto from_tree = claudelint::source::load_yaml(input, YamlEvents::from_tree_when_plain);
  const auto from_yaml_cpp = claudelint::source::load_yaml(input, YamlEvents::from_yaml_cpp);
  if (plain) *plain = claudelint::source::plain_yaml(text);
  if (plain_text) *plain_text = claudelint::source::plain_yaml_text(text);
  if (auto d = claudelint::test::load_difference(from_tree, from_yaml_cpp); !d.empty()) return "tree: " + d;
  if (auto d = claudelint::test::load_difference(from_text, from_tree); !d.empty()) return "text: " + d;
  return "";
}

} // namespace

TEST_CASE("YAML: a plain file's events come from the syntax tree, as yaml-cpp gives them", "[source][yaml]") {
  const std::vector<std::string> plain = {
      "a: 1\n",
      "---\na: 1\nb: [x]\n" /* flow: not plain */,
      "# head\n---\n# c\nservice: api  # trailing\nport: 8080\nratio: 0.5\non: yes\nempty_string: ''\n"
      "quoted: \"a: b # c\"\nsingle: 'it''s'\nlist:\n  - one\n  - two: 2\n    three: \"3\"\n  -   spaced\n"
      "nested:\n  deeper:\n    deepest: true\n# end\n",
      "- a\n- b\n-  - c\n   - d\n",
      "just a scalar\n",
      "dup: 1\ndup: 2\n",
      "ver: 1.10\nnor: no\noct: 010\n",
      "k: v\r\nl: w\r\n",
      "'quoted key': 1\n\"dq\": 2\n? complex\n: 3\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a:\nb: 2\n",
      "a: b: c\n",
      "%YAML 1.2\n---\na: 1\n",
      "a: 1\n...\n",
      "a: 1\n---\nb: 2\n",
      "a: \"esc\\tape\"\n",
      "a: multi\n  line\n",
      "\ta: 1\n",
      "key:    value   \n",
      "- \n- x\n",
      // Edges where the two parsers could part ways.
      "a: @x\n", "a: `x\n", "a : 1\n", "a:   1   \n", "- - - x\n", "a: -\n", "a: - x\n", "a: 'x' y\n",
      "a: \"x\" # c\n", "a: b\n  c: d\n", "a:\n- b\n- c\n", "key: value:with:colons\n", "k: v #c\n#c2\n",
      "'a''b': c\n", "a: ''''\n", "a: \"\"\n", "a: ' '\n", "- 'a'\n- \"b\"\n", "\xD0\xBA: \xD0\xB7\n", "a: 1\n\n\n",
      "a: 1 # c\n# c\n  # c\n", "a:\n  b: 1\n c: 2\n", "a: 1\n  b: 2\n", "- a\nb: c\n", "a: [\n", "a: 'x\n",
      "a: \"x\n", "a: b\n a: c\n", "a:\n  - b\n  c: d\n", "a: x#y\n", "a: x #y\n", "a: 0x1F\nb: .inf\nc: -.5\n",
      "a: ~\nb: null\nc: Null\n", "- ~\n- null\n", "a: !x\n", "a: &\n", "a: *\n", "a: %x\n", "--- a: 1\n",
      "---\n---\n", "---\n", "# only a comment\n", "a: 1\n--- # c\n", "a:\n    - b\n  - c\n",
      // Null keys (the fuzzer found the builder named them "" from yaml-cpp's
      // events, and "null" from the tree's): their text, both ways.
      "null: 1\n", "~: 1\n", "a:\n null: 1\n", "a:\n  null:\n    b: 1\n", "- null: 1\n", "Null: x\n", "a: null\n",
      "a:\n  - null\n  - ~\n", "sgcurity:\n null:\n    enabled: true\n", "x:\n null:\n  b: 1\n",
      "1: a\ntrue: b\n1.5: c\n0x1F: d\n'1': e\n", "- 1: a\n  2: b\n",
      "nan: .nan\ninf: -.inf\n", // NaN is unequal to itself: compared as text
      // Edges of the line-by-line text reader.
      "---\na: 1\n", "--- \na: 1\n", "---\n# c\n\na: 1\n", "a:\n- b\nc: d\n", "- a:\n  - x\n  b: 1\n",
      "key:\n- a: 1\n  b: 2\nnext: 3\n", "a: b # c  \n", "  a: 1\n  b: 2\n", "  a: 1\nb: 2\n",
      "a:\n  b: 1\n\n  # c\n  c: 2\n", "-a: 1\n", "a: -1\n", "a: --x\n", "a: 'x' # c\n", "a: \"x\"#c\n",
      "a: x :y\n", "a: \"\xD0\xBA\"\n", "# \xD0\xBA\na: 1\n", "a: b\n#c\n  # indented comment\nc: d\n",
      "a:\n  b:\n    c:\n      d: 1\n  e: 2\n", "- a\n-\n", "a: 1\n- b\n", "a:    \n  b: 1\n",
      "a: # comment\n  b: 1\n", "a: <<\n", "<<: x\n", "a: 1 \n", "a: 1", "a:", "- x", "k: 'a''", "a: 'b'c'\n",
      "a: b\n  # c\n", "a:\n  - b\n  -  c: 1\n     d: 2\n", "a: x,y\n", "a: x]\n", "a: \"x\" \n",
      "a: 'x'\nb:\n  - 'y'\n  - \"z\"\n", "a:\n  b: 1\n   c: 2\n", "a: 1\n...\nb: 2\n", "a: 1 #\n",
      "a:\n  -\n    b: 1\n", "- - x\n", "a: b\n  - c\n", "a:\n  b\n", "? a\n", "a: ? b\n", "a: :b\n",
      "a: b:c\n", "a: b:\n", "1: 2\n", "\"a\":1\n", "a:b: c\n", "a: #\n  b: 1\n#\n",
  };
  std::size_t from_tree = 0, from_text = 0;
  for (const auto& text : plain) {
    INFO(text);
    bool used = false, text_used = false;
    CHECK(tree_against_yaml_cpp(text, &used, &text_used) == "");
    from_tree += used;
    from_text += text_used;
  }
  CHECK(from_tree >= 8);
  CHECK(from_text >= 8);
  CHECK(claudelint::source::plain_yaml("a: 1\nb:\n  - c\n"));
  CHECK_FALSE(claudelint::source::plain_yaml("a: &x 1\nb: *x\n"));
  CHECK_FALSE(claudelint::source::plain_yaml("a: [1]\n"));
  CHECK_FALSE(claudelint::source::plain_yaml("a:\n"));
  // The grammar stops at a NUL; yaml-cpp refuses it (found by the fuzzer).
  const std::string nul("key\0x: 1\nb: 2\n", 14);
  CHECK_FALSE(claudelint::source::plain_yaml(nul));
  CHECK(tree_against_yaml_cpp(nul) == "");
  CHECK_FALSE(claudelint::source::plain_yaml("a: \x7F\n"));
  CHECK_FALSE(claudelint::source::plain_yaml("a: b\xC2\x85" "c\n"));
}

TEST_CASE("YAML: the depth limit holds alike for files read from their text", "[source][yaml]") {
  // The text reader lets the depth guard skip a file it counted shallow
  // enough; at every limit, both sources must report the same.
  const std::vector<std::string> texts = {
      "a:\n  b:\n    c:\n      d: 1\n", "- - x\n", "- a:\n  - b:\n    - c\n", "a:\n- b:\n  - c: 1\n",
      "a: 1\nb:\n  c:\n    - d\n    - e: f\n      g: h\n", "k:\n  - x\n  - y\n"};
  for (const auto& text : texts)
    for (unsigned depth = 1; depth <= 6; ++depth) {
      INFO(text << "max depth " << depth);
      claudelint::support::Limits limits;
      limits.max_depth = depth;
      const claudelint::source::LoaderInput input{text, 0, 0, limits};
      using claudelint::source::YamlEvents;
      CHECK(claudelint::test::load_difference(claudelint::source::load_yaml(input),
                                              claudelint::source::load_yaml(input, YamlEvents::from_tree_when_plain)) ==
            "");
    }
}

TEST_CASE("YAML: a long plain file is read from its text alike", "[source][yaml]") {
  const auto fleet = [](int entries) {
    std::string text = "---\nfleet:\n";
    for (int i = 0; i < entries; ++i)
      text += fmt::format("  - name: \"svc-{}\"  # entry {}\n    port: {}\n    tags:\n      - 'x''{}'\n", i, i,
                          8000 + i, i);
    return text + "# the end\n\n";
  };
  // Just within tree-sitter-yaml's int16_t rows (32,004 lines): the three readers agree.
  const std::string within = fleet(8000);
  bool used = false, text_used = false;
  CHECK(tree_against_yaml_cpp(within, &used, &text_used) == "");
  CHECK(used);
  CHECK(text_used);
  // Past them the tree is not used, and yaml-cpp's ends come from the text:
  // the same values and scalar ranges; a collection still ends where the
  // grammar would end it (at the end of the file here), not at its last child.
  const std::string past = fleet(9000); // 36,004 lines
  const claudelint::support::Limits limits;
  const claudelint::source::LoaderInput input{past, 0, 0, limits};
  const auto from_text = claudelint::source::load_yaml(input);
  const auto from_yaml_cpp = claudelint::source::load_yaml(input, claudelint::source::YamlEvents::from_yaml_cpp);
  CHECK(claudelint::source::plain_yaml_text(past));
  CHECK_FALSE(claudelint::source::plain_yaml(past));
  REQUIRE(from_text.documents.size() == 1);
  REQUIRE(from_yaml_cpp.documents.size() == 1);
  const auto &a = from_text.documents[0], &b = from_yaml_cpp.documents[0];
  CHECK(a.value == b.value);
  CHECK(a.map.pointers() == b.map.pointers());
  std::size_t scalars = 0;
  for (const auto& pointer : a.map.pointers()) {
    if (!a.value.at(json::json_pointer(pointer)).is_primitive()) continue;
    ++scalars;
    CHECK(a.map.find(pointer)->value == b.map.find(pointer)->value);
    CHECK(a.map.find(pointer)->key == b.map.find(pointer)->key);
  }
  CHECK(scalars == 9000 * 3);
  CHECK(a.map.find("/fleet")->value.end == past.size());
  CHECK(from_text.comments.size() == 9001);
  CHECK(from_text.diagnostics.empty());
}

TEST_CASE("YAML: every fixture reads the same from the syntax tree as from yaml-cpp", "[source][yaml]") {
  namespace fs = std::filesystem;
  std::size_t files = 0, from_tree = 0, from_text = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures")) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".yaml" && extension != ".yml")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.starts_with("\xEF\xBB\xBF")) continue; // load() cuts a BOM before load_yaml
    INFO(entry.path().string());
    bool used = false, text_used = false;
    CHECK(tree_against_yaml_cpp(text, &used, &text_used) == "");
    ++files;
    from_tree += used;
    from_text += text_used;
  }
  CHECK(files > 50);
  CHECK(from_tree >= 40); // the fixtures are mostly edge cases; about a quarter are plain
  CHECK(from_text >= 30);
}

TEST_CASE("YAML: a null key is named by its text, from either source of events", "[source][yaml]") {
  // As keys, `null` and `~` are written text; the builder read them as ""
  // from yaml-cpp's events, whose null ends at the `:`.
  const std::string text = "null: 1\n~: 2\nNULL:\n  a: 3\nkeep: x\nref: &r y\n";
  const claudelint::support::Limits limits;
  const claudelint::source::LoaderInput input{text, 0, 0, limits};
  for (const auto events : {claudelint::source::YamlEvents::from_text_when_plain,
                            claudelint::source::YamlEvents::from_tree_when_plain,
                            claudelint::source::YamlEvents::from_yaml_cpp}) {
    const auto loaded = claudelint::source::load_yaml(input, events);
    REQUIRE(loaded.documents.size() == 1);
    const json& v = loaded.documents[0].value;
    CHECK(v["null"] == 1);
    CHECK(v["~"] == 2);
    CHECK(v["NULL"]["a"] == 3);
    CHECK_FALSE(v.contains(""));
    const auto span = loaded.documents[0].map.find("/null");
    REQUIRE(span);
    REQUIRE(span->key);
    CHECK(text.substr(span->key->begin, span->key->end - span->key->begin) == "null");
  }
}

TEST_CASE("node extents: the smallest and largest end of the nodes starting at a byte", "[yaml][plain]") {
  using claudelint::source::yaml_plain::NodeExtents;
  NodeExtents extents;
  // A mapping opened at 0 (its end known only later), its first key, a value,
  // and a node added out of order.
  const std::size_t map = extents.add(0, 0);
  extents.add(0, 3);
  extents.add(5, 9);
  extents.add(2, 4);
  extents.set_end(map, 20);
  extents.seal(true);
  CHECK(extents.usable());
  CHECK(extents.smallest_end(0) == 3u);
  CHECK(extents.largest_end(0) == 20u);
  CHECK(extents.smallest_end(2) == 4u);
  CHECK(extents.largest_end(5) == 9u);
  CHECK_FALSE(extents.smallest_end(1).has_value());
  CHECK_FALSE(extents.largest_end(21).has_value());
  NodeExtents broken;
  broken.seal(false);
  CHECK_FALSE(broken.usable());
  CHECK_FALSE(broken.smallest_end(0).has_value());
}
