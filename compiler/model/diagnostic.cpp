#include "model/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace claudelint::model {

std::string_view to_string(Severity severity) {
  switch (severity) {
  case Severity::error: return "error";
  case Severity::warning: return "warning";
  case Severity::info: return "info";
  }
  return "error";
}

std::string quote_for_message(std::string_view text) {
  constexpr std::size_t shown = 64;
  const auto literal = [](std::string_view part) {
    return nlohmann::json(std::string(part)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (text.size() <= shown) return literal(text);
  std::size_t cut = shown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out = literal(text.substr(0, cut));
  out.insert(out.size() - 1, "\u2026");
  return fmt::format("{} ({} bytes)", out, text.size());
}

std::string apply_edits(std::string_view text, std::vector<Edit> edits) {
  // Last first, so that the earlier ranges still point at the same bytes.
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.range.begin > b.range.begin; });
  std::string out(text);
  for (const auto& edit : edits) {
    const std::size_t begin = std::min(edit.range.begin, out.size());
    const std::size_t end = std::clamp(edit.range.end, begin, out.size());
    out.replace(begin, end - begin, edit.replacement);
  }
  return out;
}

namespace {
auto sort_key(const Diagnostic& d) {
  return std::tie(d.range.file, d.range.begin, d.range.end, d.rule.code, d.message,
                  d.severity, d.pointer, d.environment);
}
} // namespace

void sort_and_deduplicate(std::vector<Diagnostic>& diagnostics) {
  const auto before = [](const Diagnostic& a, const Diagnostic& b) { return sort_key(a) < sort_key(b); };
  // A run sorts its findings again after each stage that may add some;
  // most of the time they are in order already.
  if (!std::is_sorted(diagnostics.begin(), diagnostics.end(), before)) {
    // Sort numbers, then move each finding once into its place (following
    // the permutation's cycles): a sort of the findings themselves would
    // move each about log n times and std::stable_sort would hold a second
    // copy of them all. Ties keep their order, so the result is stable.
    std::vector<std::size_t> order(diagnostics.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // The findings come as a few sorted runs (each tree's, each stage's):
    // merging neighbouring runs, stably, until one is left costs n log(runs)
    // comparisons instead of n log n.
    std::vector<std::size_t> runs{0};
    for (std::size_t i = 1; i < diagnostics.size(); ++i)
      if (before(diagnostics[i], diagnostics[i - 1])) runs.push_back(i);
    runs.push_back(diagnostics.size());
    const auto by_key = [&](std::size_t a, std::size_t b) { return before(diagnostics[a], diagnostics[b]); };
    while (runs.size() > 2) {
      std::vector<std::size_t> merged{0};
      for (std::size_t r = 0; r + 1 < runs.size(); r += 2) {
        const std::size_t first = runs[r], middle = runs[r + 1];
        const std::size_t last = r + 2 < runs.size() ? runs[r + 2] : middle;
        const auto at = [&](std::size_t k) { return order.begin() + static_cast<std::ptrdiff_t>(k); };
        if (last > middle) std::inplace_merge(at(first), at(middle), at(last), by_key);
        merged.push_back(last);
      }
      runs = std::move(merged);
    }
    for (std::size_t start = 0; start < order.size(); ++start) {
      if (order[start] == start) continue;
      Diagnostic held = std::move(diagnostics[start]);
      std::size_t at = start;
      while (order[at] != start) {
        const std::size_t from = order[at];
        diagnostics[at] = std::move(diagnostics[from]);
        order[at] = at;
        at = from;
      }
      diagnostics[at] = std::move(held);
      order[at] = at;
    }
  }
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(),
                                [](const Diagnostic& a, const Diagnostic& b) {
                                  // One value in a shared file breaks a rule in every environment
                                  // it reaches: report it once, most severe first.
                                  return std::tie(a.range.file, a.range.begin, a.range.end, a.rule.code, a.message,
                                                  a.pointer) == std::tie(b.range.file, b.range.begin, b.range.end,
                                                                         b.rule.code, b.message, b.pointer);
                                }),
                    diagnostics.end());
}

void move_append(std::vector<Diagnostic>& into, std::vector<Diagnostic>& part) {
  into.insert(into.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  std::vector<Diagnostic>().swap(part);
}

void move_append(std::vector<Diagnostic>& into, std::vector<std::vector<Diagnostic>>& parts) {
  std::size_t total = into.size();
  for (const auto& part : parts) total += part.size();
  into.reserve(total);
  for (auto& part : parts) move_append(into, part);
}

Summary summarize(const std::vector<Diagnostic>& diagnostics, std::size_t files) {
  Summary s;
  s.files = files;
  for (const auto& d : diagnostics) {
    switch (d.severity) {
    case Severity::error: ++s.errors; break;
    case Severity::warning: ++s.warnings; break;
    case Severity::info: ++s.infos; break;
    }
  }
  return s;
}

} // namespace claudelint::model
