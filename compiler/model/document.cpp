#include "model/document.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "support/huge_pages.h"

namespace claudelint::model {

std::uint32_t SourceMap::extend_hash(std::uint32_t hash, std::string_view text) {
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

std::size_t SourceMap::home_slot(std::uint32_t hash, std::size_t mask) {
  // MurmurHash3's finaliser: every bit of the hash reaches the low ones.
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35u;
  hash ^= hash >> 16;
  return hash & mask;
}

bool SourceMap::holds(std::uint32_t index, std::string_view pointer) const {
  for (;;) {
    const Entry& e = entries_[index];
    const std::string_view suffix = std::string_view(text_).substr(e.suffix_offset, e.suffix_length);
    if (!pointer.ends_with(suffix)) return false;
    pointer.remove_suffix(suffix.size());
    if (e.parent == none) return pointer.empty();
    index = e.parent;
  }
}

std::size_t SourceMap::slot_of(std::string_view pointer, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1; // a power of two
  for (std::size_t i = home_slot(hash, mask);; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0 || (slot.hash == hash && holds(slot.entry - 1, pointer))) return i;
  }
}

std::uint32_t SourceMap::index_of(std::string_view pointer) const {
  if (slots_.empty()) return none;
  const Slot& slot = slots_[slot_of(pointer, hash_of(pointer))];
  return slot.entry == 0 ? none : slot.entry - 1;
}

void SourceMap::grow() { resize_index(slots_.empty() ? 16 : slots_.size() * 2); }

void SourceMap::resize_index(std::size_t slots) {
  const std::vector<Slot> old = std::move(slots_);
  slots_.assign(slots, Slot{0, 0});
  const std::size_t mask = slots_.size() - 1;
  // Every pointer is distinct: each goes to the first free slot from its hash.
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t i = home_slot(slot.hash, mask);
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

namespace {

std::uint32_t narrow(std::size_t offset) {
  if (offset >= UINT32_MAX) throw std::length_error("source map too large"); // far past any file-size limit
  return static_cast<std::uint32_t>(offset);
}

} // namespace

void SourceMap::set(std::string_view pointer, SourceSpan span) {
  // At most half full, so that probes stay short and always end.
  if (2 * (entries_.size() + 1) > slots_.size()) grow();
  const std::uint32_t hash = hash_of(pointer);
  const std::size_t slot = slot_of(pointer, hash);
  Entry entry{none, 0, 0, hash, none, none, narrow(span.value.begin), narrow(span.value.end)};
  if (span.key) {
    entry.key_begin = narrow(span.key->begin);
    entry.key_end = narrow(span.key->end);
  }
  if (slots_[slot].entry != 0) {
    Entry& existing = entries_[slots_[slot].entry - 1];
    entry.parent = existing.parent;
    entry.suffix_offset = existing.suffix_offset;
    entry.suffix_length = existing.suffix_length;
    existing = entry;
    return;
  }
  if (entries_.size() >= UINT32_MAX - 1) throw std::length_error("source map too large");
  // Store only what the pointer adds to its parent's, when the parent is
  // here; otherwise (a root set last, say) the whole pointer.
  std::string_view suffix = pointer;
  if (const auto slash = pointer.rfind('/'); slash != std::string_view::npos) {
    const std::string_view parent = pointer.substr(0, slash);
    if (last_parent_ == none || !holds(last_parent_, parent)) last_parent_ = index_of(parent);
    if (last_parent_ != none) {
      entry.parent = last_parent_;
      suffix = pointer.substr(slash);
    }
  }
  narrow(text_.size() + suffix.size()); // the whole text stays addressable in 32 bits
  entry.suffix_offset = static_cast<std::uint32_t>(text_.size());
  entry.suffix_length = static_cast<std::uint32_t>(suffix.size());
  entries_.push_back(entry);
  text_.append(suffix);
  slots_[slot] = {static_cast<std::uint32_t>(entries_.size()), hash};
  ++pointers_;
}

void SourceMap::index_entry(std::uint32_t index) {
  const Entry& entry = entries_[index];
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home_slot(entry.hash, mask);
  for (; slots_[i].entry != 0; i = (i + 1) & mask) {
    // The same hash is rare, the same pointer twice rarer still.
    if (slots_[i].hash == entry.hash && holds(slots_[i].entry - 1, pointer_of(index))) break;
  }
  if (slots_[i].entry == 0) ++pointers_;
  slots_[i] = {index + 1, entry.hash};
}

std::string SourceMap::pointer_of(std::uint32_t index) const {
  std::vector<std::string_view> suffixes;
  for (const Entry* e = &entries_[index];; e = &entries_[e->parent]) {
    suffixes.push_back(std::string_view(text_).substr(e->suffix_offset, e->suffix_length));
    if (e->parent == none) break;
  }
  std::string pointer;
  for (auto it = suffixes.rbegin(); it != suffixes.rend(); ++it) pointer.append(*it);
  return pointer;
}

void SourceMap::reserve(std::size_t entries, std::size_t suffix_bytes) {
  entries_.reserve(entries);
  text_.reserve(suffix_bytes);
  std::size_t slots = 16;
  while (slots < 2 * entries) slots *= 2;
  if (slots > slots_.size()) resize_index(slots);
}

void SourceMap::reserve_for_text(std::size_t bytes) {
  // The suffixes are keys and indices the text spells out, so at most its size.
  entries_.reserve(bytes / 8);
  text_.reserve(bytes);
  support::advise_huge_pages(entries_.data(), entries_.capacity() * sizeof(Entry));
  support::advise_huge_pages(text_.data(), text_.capacity());
}

void SourceMap::shrink_to_fit() {
  // Only small maps: the unused end of a large buffer was never touched and
  // costs no memory, while copying it to a fitted one touches every page
  // again (a sixth of a 10 MB file's page faults).
  constexpr std::size_t small = 64 * 1024;
  if (text_.capacity() < small) text_.shrink_to_fit();
  if (entries_.capacity() * sizeof(Entry) < small) entries_.shrink_to_fit();
}

std::optional<SourceSpan> SourceMap::find(std::string_view pointer) const {
  const std::uint32_t index = index_of(pointer);
  if (index == none) return std::nullopt;
  const Entry& e = entries_[index];
  SourceSpan span;
  if (e.key_begin != none) span.key = ByteRange{e.key_begin, e.key_end};
  span.value = {e.value_begin, e.value_end};
  return span;
}

std::vector<std::string> SourceMap::pointers() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  // From the index: an entry a later one with the same pointer replaced is not in it.
  for (const Slot& slot : slots_)
    if (slot.entry != 0) out.push_back(pointer_of(slot.entry - 1));
  std::sort(out.begin(), out.end());
  return out;
}

SourceMap::Builder::Builder(std::size_t text_bytes) { map_.reserve_for_text(text_bytes); }

SourceMap::Builder::Builder(std::size_t entries, std::size_t suffix_bytes) {
  map_.entries_.reserve(entries);
  map_.text_.reserve(suffix_bytes);
}

std::uint32_t SourceMap::Builder::add(std::uint32_t parent, std::string_view suffix, SourceSpan span) {
  auto& entries = map_.entries_;
  if (entries.size() >= UINT32_MAX - 1) throw std::length_error("source map too large");
  const std::uint32_t parent_hash = parent == no_parent ? empty_pointer_hash : entries[parent].hash;
  Entry entry{parent, narrow(map_.text_.size()), 0, extend_hash(parent_hash, suffix), none, none, 0, 0};
  entry.suffix_length = narrow(suffix.size());
  narrow(map_.text_.size() + suffix.size()); // the whole text stays addressable in 32 bits
  map_.text_.append(suffix);
  entries.push_back(entry);
  const auto index = static_cast<std::uint32_t>(entries.size() - 1);
  set_span(index, span);
  return index;
}

void SourceMap::Builder::set_span(std::uint32_t index, SourceSpan span) {
  Entry& entry = map_.entries_[index];
  entry.key_begin = span.key ? narrow(span.key->begin) : none;
  entry.key_end = span.key ? narrow(span.key->end) : none;
  entry.value_begin = narrow(span.value.begin);
  entry.value_end = narrow(span.value.end);
}

SourceMap SourceMap::Builder::take() && {
  std::size_t slots = 16;
  while (slots < 2 * (map_.entries_.size() + 1)) slots *= 2;
  map_.slots_.reserve(slots);
  support::advise_huge_pages(map_.slots_.data(), slots * sizeof(Slot));
  map_.slots_.assign(slots, Slot{0, 0});
  for (std::uint32_t i = 0; i < map_.entries_.size(); ++i) map_.index_entry(i);
  map_.shrink_to_fit();
  return std::move(map_);
}

void push_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  // Nearly every token needs no escape: one append, not a byte at a time.
  if (std::none_of(token.begin(), token.end(), [](char c) { return c == '~' || c == '/'; })) {
    pointer.append(token);
    return;
  }
  for (const char c : token) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
}

void push_pointer_index(std::string& pointer, std::size_t index) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  pointer += '/';
  pointer.append(digits, end);
}

std::string append_pointer(std::string_view pointer, std::string_view token) {
  std::string out;
  out.reserve(pointer.size() + token.size() + 1);
  out.append(pointer);
  push_pointer_token(out, token);
  return out;
}

std::string append_pointer(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  push_pointer_index(out, index);
  return out;
}

const nlohmann::json* find_value(const nlohmann::json& document, std::string_view pointer) {
  if (pointer.empty()) return &document;
  if (pointer.front() != '/') return nullptr;
  const nlohmann::json* at = &document;
  std::string unescaped;
  for (std::size_t start = 1;;) {
    const std::size_t slash = std::min(pointer.find('/', start), pointer.size());
    std::string_view token = pointer.substr(start, slash - start);
    if (token.find('~') != std::string_view::npos) {
      unescaped.clear();
      for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
          unescaped += token[i];
          continue;
        }
        if (i + 1 == token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) return nullptr;
        unescaped += token[++i] == '0' ? '~' : '/';
      }
      token = unescaped;
    }
    if (at->is_object()) {
      const auto& members = at->get_ref<const nlohmann::json::object_t&>();
      const auto it = members.find(token);
      if (it == members.end()) return nullptr;
      at = &it->second;
    } else if (at->is_array()) {
      // RFC 6901 array indexes: digits, no leading zero; `-` (past the end) holds nothing.
      std::size_t index = 0;
      const char* end = token.data() + token.size();
      if (token.empty() || (token.size() > 1 && token.front() == '0')) return nullptr;
      const auto [stop, error] = std::from_chars(token.data(), end, index);
      if (error != std::errc() || stop != end || index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
    if (slash == pointer.size()) return at;
    start = slash + 1;
  }
}

} // namespace claudelint::model
