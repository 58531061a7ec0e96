// The HTML report (`check --format html`, docs/output-formats.md): it
// fetches nothing, renders in a real browser (headless Chromium, skipped
// with a warning when none is installed), gives the same bytes on every run,
// never shows a secret, and matches the golden pages of fixtures/examples/good
// and bad (fixtures/golden/html/; CLAUDELINT_UPDATE_GOLDEN=1 rewrites them).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

const fs::path source_dir = CLAUDELINT_SOURCE_DIR;

/// Chromium, when installed: $CLAUDELINT_CHROMIUM, else the first of the
/// usual names on PATH.
std::optional<fs::path> find_chromium() {
  if (const char* explicit_path = std::getenv("CLAUDELINT_CHROMIUM"); explicit_path && *explicit_path) {
    if (::access(explicit_path, X_OK) == 0) return fs::path(explicit_path);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const std::string name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const auto end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return std::nullopt;
}

/// Headless Chromium on `page` with `extra` flags: no sandbox (CI containers),
/// its own profile in `profile`, and every host name unresolvable, so a page
/// that needed the network would show it.
claudelint::test::ProcessResult run_chromium(const fs::path& chromium, const fs::path& profile, const fs::path& page,
                                             const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                   "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
                                   "--user-data-dir=" + profile.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("file://" + page.string());
  return run_process(chromium.string(), args, profile.parent_path(), std::chrono::seconds(120),
                     {"HOME=" + profile.string()});
}

/// Every element other than a link that would load something from a URL:
/// `src`, `href` (stylesheets, icons), `srcset`, `action`, `poster`,
/// `data`, and CSS `url(...)` / `@import`.
std::vector<std::string> network_references(const std::string& html) {
  std::vector<std::string> found;
  static const std::regex tag(R"(<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>)");
  static const std::regex attribute(R"(\s(src|href|srcset|action|poster|data|formaction)\s*=\s*["']?\s*([^"'\s>]*))",
                                    std::regex::icase);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    const std::string attributes = (*it)[2].str();
    if (name == "a" || name == "A") continue; // a link is followed only when clicked
    for (auto a = std::sregex_iterator(attributes.begin(), attributes.end(), attribute); a != std::sregex_iterator();
         ++a) {
      const std::string value = (*a)[2].str();
      if (!value.starts_with("#")) found.push_back((*it)[0].str());
    }
  }
  for (const std::string css : {"url(", "@import"})
    if (html.find(css) != std::string::npos) found.push_back(css);
  return found;
}

/// The `<tr>` of the first matrix row for `pointer`, or "".
std::string matrix_row(const std::string& dom, const std::string& pointer) {
  const auto at = dom.find("<th scope=\"row\"><code>" + pointer + "</code></th>");
  if (at == std::string::npos) return {};
  const auto begin = dom.rfind("<tr", at);
  const auto end = dom.find("</tr>", at);
  return dom.substr(begin, end - begin);
}

fs::path artifacts_dir() {
  // CLAUDELINT_BINARY is <build>/compiler/claudelint.
  return fs::path(CLAUDELINT_BINARY).parent_path().parent_path() / "test-artifacts";
}

} // namespace

TEST_CASE("html: the report of fixtures/examples/bad fetches nothing and renders in Chromium", "[e2e][html]") {
  const ScratchDir scratch;
  const fs::path page = scratch.path / "report.html";
  const auto run = run_process(CLAUDELINT_BINARY,
                               {"check", "--output-file", "html=" + page.string(), "fixtures/examples/bad"},
                               source_dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  const std::string html = read_all(page);
  REQUIRE(html.starts_with("<!DOCTYPE html>\n"));
  CHECK(html.find("default-src 'none'") != std::string::npos); // the browser itself refuses any fetch

  const auto references = network_references(html);
  std::string listed;
  for (const auto& reference : references) listed += reference + "\n";
  INFO("loads from outside the page:\n" << listed);
  CHECK(references.empty());
  CHECK(network_references("<img src=\"https://x.test/a.png\"><a href=\"https://docs.test\">d</a>").size() == 1);

  const auto chromium = find_chromium();
  if (!chromium) {
    WARN("chromium is not installed (apt-get install chromium): the HTML report is not rendered in a browser");
    return;
  }
  const auto dom = run_chromium(*chromium, scratch.path / "profile", page, {"--dump-dom"});
  INFO(dom.err);
  REQUIRE(dom.exit_code == 0);
  // The inline script ran (the filter controls are shown) under the page's own policy.
  CHECK(dom.out.find("<div id=\"controls\">") != std::string::npos);
  // A finding, with its code frame.
  CHECK(dom.out.find("certificate validation is turned off in dev") != std::string::npos);
  CHECK(dom.out.find("<span class=\"caret\">^^^^^</span>") != std::string::npos);
  // The matrix: TLS 1.2 in dev and pre-prod against 1.3 in staging and production.
  const std::string row = matrix_row(dom.out, "/config/security/tls/version");
  INFO(row);
  CHECK(row.find("<tr class=\"varies\">") == 0);
  CHECK(row.find("<td class=\"v diff\"><code>\"1.2\"</code></td><td class=\"v\"><code>\"1.3\"</code></td>") !=
        std::string::npos);
  // pre-prod's "1.2" has findings, linked.
  const std::regex mark(R"re(<td class="v diff finding-cell finding-error"><code>"1.2"</code>)re"
                        R"re(<a class="mark sev-error" href="#(f[0-9]+)")re");
  std::smatch linked;
  REQUIRE(std::regex_search(row, linked, mark));
  CHECK(dom.out.find("id=\"" + linked[1].str() + "\"") != std::string::npos);

  const fs::path screenshot = artifacts_dir() / "html-report.png";
  fs::create_directories(screenshot.parent_path());
  fs::remove(screenshot);
  const auto shot = run_chromium(*chromium, scratch.path / "profile",
                                 page, {"--screenshot=" + screenshot.string(), "--window-size=1400,3000"});
  INFO(shot.err);
  CHECK(shot.exit_code == 0);
  const std::string png = read_all(screenshot);
  CHECK(png.starts_with("\x89PNG"));
  CHECK(png.size() > 20000);
  std::cout << "html report screenshot: " << screenshot.string() << "\n";
}

TEST_CASE("html: two runs give the same bytes", "[e2e][html]") {
  const std::vector<std::string> args = {"check", "--format", "html", "fixtures/examples/bad"};
  const auto first = run_process(CLAUDELINT_BINARY, args, source_dir);
  const auto second = run_process(CLAUDELINT_BINARY, args, source_dir);
  REQUIRE(first.exit_code == 1);
  CHECK(first.out.size() > 10000);
  CHECK(first.out == second.out);
}

TEST_CASE("html: the pages of fixtures/examples/good and bad match their goldens", "[e2e][html][golden]") {
  for (const std::string tree : {"good", "bad"}) {
    const auto run =
        run_process(CLAUDELINT_BINARY, {"check", "--format", "html", "fixtures/examples/" + tree}, source_dir);
    INFO(tree << "\n" << run.err);
    REQUIRE(run.exit_code == (tree == "good" ? 0 : 1));
    const fs::path golden = source_dir / "fixtures/golden/html" / (tree + ".html");
    if (claudelint::test::updating_golden()) {
      write_file(golden, run.out);
      continue;
    }
    REQUIRE(fs::exists(golden));
    CHECK(run.out == read_all(golden));
  }
}

TEST_CASE("html: the page never shows a secret", "[e2e][html][secrets]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  const std::string body = "Qx7mB2vK9pL4sT8wZ1nR6yH3cF5gJ0dA2eU7iO4kM9bV1xN8qW3tY6rE5uP0zS7aD2fG4hJ9kL1mC3vB8nX6";
  const std::string key = "sk-ant-api03-" + body + "AA";
  write_file(root / "configs/production.json",
             "{\n  \"security\": {\n    \"tls\": {\"version\": \"1.3\"},\n    \"api_key\": \"" + key +
                 "\",\n    \"note\": \"" + key + "\",\n    \"certificate_validation\": true\n  }\n}\n");
  write_file(root / "configs/staging.json",
             "{\n  \"security\": {\n    \"tls\": {\"version\": \"1.2\"},\n"
             "    \"api_key\": \"${CLAUDE_API_TOKEN_TEST}\",\n"
             "    \"certificate_validation\": true\n  }\n}\n");
  write_file(root / ".env.production", "CLAUDE_API_TOKEN_PROD=" + key + "\n");
  write_file(root / ".env.staging", "CLAUDE_API_TOKEN_TEST=" + key + "\n");
  write_file(root / "deploy.sh", "#!/bin/bash\nset -euo pipefail\ncurl -H \"x-api-key: " + key +
                                     "\" https://api.anthropic.com/v1/models\n");

  const auto run = run_process(CLAUDELINT_BINARY, {"check", "--format", "html", "tree"}, scratch.path);
  REQUIRE(run.signal == 0);
  REQUIRE(run.exit_code == 1);
  CHECK(run.out.find("Anthropic API key") != std::string::npos); // the finding is there …
  CHECK(run.out.find("<pre class=\"frame\">") != std::string::npos);
  INFO(run.out);
  CHECK(run.out.find(body.substr(0, body.size() - 4)) == std::string::npos); // … the key is not
  CHECK(run.out.find(body.substr(10, 24)) == std::string::npos);
}

TEST_CASE("html: file names, messages and values are escaped", "[e2e][html]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_file(root / "configs/production.json", "{\n  \"security\": {\"tls\": {\"version\": \"1.3\"}},\n"
                                               "  \"x<script>alert(1)</script>\": \"</code><img src=x>\"\n}\n");
  write_file(root / "odd<b>&'\".json", "{\"a\": 1,,}\n");

  const auto run = run_process(CLAUDELINT_BINARY, {"check", "--format", "html", "tree"}, scratch.path);
  REQUIRE(run.exit_code == 1);
  INFO(run.out);
  CHECK(run.out.find("<script>alert") == std::string::npos);
  CHECK(run.out.find("<img") == std::string::npos);
  CHECK(run.out.find("odd<b>") == std::string::npos);
  CHECK(run.out.find("<script>") == run.out.rfind("<script>")); // only the page's own
  CHECK(run.out.find("tree/odd&lt;b&gt;&amp;&#39;&quot;.json:1:") != std::string::npos);
  CHECK(run.out.find("<th scope=\"row\"><code>/config/x&lt;script&gt;alert(1)&lt;~1script&gt;</code></th>"
                     "<td class=\"v\"><code>&quot;&lt;/code&gt;&lt;img src=x&gt;&quot;</code></td>") != std::string::npos);
}
