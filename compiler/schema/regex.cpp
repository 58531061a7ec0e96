#include "schema/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

namespace claudelint::schema {

namespace {

/// ECMA-262 WhiteSpace and LineTerminator, for `\s`, in PCRE2 ALT_BSUX syntax.
constexpr std::string_view ecma_space =
    "\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/// Long General_Category names and aliases ECMA-262 accepts, PCRE2 10.42 does not.
std::string_view short_category(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> names[] = {
      {"Other", "C"},           {"Control", "Cc"},           {"cntrl", "Cc"},
      {"Format", "Cf"},         {"Unassigned", "Cn"},        {"Private_Use", "Co"},
      {"Surrogate", "Cs"},      {"Letter", "L"},             {"Cased_Letter", "L&"},
      {"LC", "L&"},             {"Lowercase_Letter", "Ll"},  {"Modifier_Letter", "Lm"},
      {"Other_Letter", "Lo"},   {"Titlecase_Letter", "Lt"},  {"Uppercase_Letter", "Lu"},
      {"Mark", "M"},            {"Combining_Mark", "M"},     {"Spacing_Mark", "Mc"},
      {"Enclosing_Mark", "Me"}, {"Nonspacing_Mark", "Mn"},   {"Number", "N"},
      {"Decimal_Number", "Nd"}, {"digit", "Nd"},             {"Letter_Number", "Nl"},
      {"Other_Number", "No"},   {"Punctuation", "P"},        {"punct", "P"},
      {"Connector_Punctuation", "Pc"}, {"Dash_Punctuation", "Pd"}, {"Close_Punctuation", "Pe"},
      {"Final_Punctuation", "Pf"},     {"Initial_Punctuation", "Pi"}, {"Other_Punctuation", "Po"},
      {"Open_Punctuation", "Ps"},      {"Symbol", "S"},               {"Currency_Symbol", "Sc"},
      {"Modifier_Symbol", "Sk"},       {"Math_Symbol", "Sm"},         {"Other_Symbol", "So"},
      {"Separator", "Z"},              {"Line_Separator", "Zl"},      {"Paragraph_Separator", "Zp"},
      {"Space_Separator", "Zs"},
  };
  for (const auto& [long_name, short_name] : names)
    if (name == long_name) return short_name;
  return name;
}

std::string property_name(std::string_view name) {
  for (const std::string_view prefix : {"General_Category=", "gc="})
    if (name.starts_with(prefix)) return std::string(short_category(name.substr(prefix.size())));
  for (const std::string_view prefix : {"Script_Extensions=", "scx="})
    if (name.starts_with(prefix)) return "scx:" + std::string(name.substr(prefix.size()));
  return std::string(short_category(name));
}

int hex4(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = text[i];
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

} // namespace

struct Regex::Code {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Code() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

std::string translate_ecmascript_regex(std::string_view p) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char d = p[i + 1];
      if (d == 's' || d == 'S') {
        if (in_class) out += d == 's' ? std::string(ecma_space) : std::string("\\S");
        else out += fmt::format("[{}{}]", d == 's' ? "" : "^", ecma_space);
        i += 2;
        continue;
      }
      if (d == 'v') { // ECMA: U+000B; PCRE2: any vertical space
        out += "\\x0b";
        i += 2;
        continue;
      }
      if (d == 'u') {
        const int high = hex4(p, i + 2);
        const int low = high >= 0xD800 && high <= 0xDBFF && p.substr(i + 6, 2) == "\\u" ? hex4(p, i + 8) : -1;
        if (low >= 0xDC00 && low <= 0xDFFF) {
          out += fmt::format("\\u{{{:x}}}", 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
          i += 12;
          continue;
        }
      }
      if ((d == 'p' || d == 'P') && i + 2 < p.size() && p[i + 2] == '{') {
        const auto close = p.find('}', i + 3);
        if (close != std::string_view::npos) {
          out += fmt::format("\\{}{{{}}}", d, property_name(p.substr(i + 3, close - i - 3)));
          i = close + 1;
          continue;
        }
      }
      out += c;
      out += d;
      i += 2;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      if (c == '[') out += '\\'; // literal in ECMA; PCRE2 would read [:alpha:]
      out += c;
      ++i;
      continue;
    }
    if (p.substr(i, 2) == "[]") {
      out += "(?!)";
      i += 2;
      continue;
    }
    if (p.substr(i, 3) == "[^]") {
      out += "[\\s\\S]";
      i += 3;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (p.substr(i + 1, 1) == "^") {
        out += '^';
        ++i;
      }
      ++i;
      continue;
    }
    if (c == '.') {
      out += "[^\\n\\r\\u2028\\u2029]";
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::optional<Regex> Regex::compile(std::string_view pattern, std::string& error) {
  const std::string translated = translate_ecmascript_regex(pattern);
  pcre2_compile_context* compile_context = pcre2_compile_context_create(nullptr);
  pcre2_set_compile_extra_options(compile_context, PCRE2_EXTRA_ALT_BSUX);
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                       PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY, &code, &offset, compile_context);
  pcre2_compile_context_free(compile_context);
  if (!compiled) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(code, message, sizeof message);
    error = reinterpret_cast<const char*>(message);
    return std::nullopt;
  }
  auto owned = std::make_shared<Code>();
  owned->code = compiled;
  owned->context = pcre2_match_context_create(nullptr);
  // Bounded backtracking: a pathological pattern gives up instead of hanging.
  pcre2_set_match_limit(owned->context, 1'000'000);
  return Regex(std::move(owned));
}

std::optional<bool> Regex::search(std::string_view subject) const {
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(code_->code, nullptr);
  const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data,
                             code_->context);
  pcre2_match_data_free(data);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return std::nullopt;
}

} // namespace claudelint::schema
