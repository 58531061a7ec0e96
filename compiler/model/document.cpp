#include "model/document.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace claudelint::model {

std::uint32_t SourceMap::hash_of(std::string_view pointer) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(pointer));
}

std::size_t SourceMap::slot_of(std::string_view pointer, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1; // a power of two
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0 || (slot.hash == hash && pointer_of(entries_[slot.entry - 1]) == pointer)) return i;
  }
}

void SourceMap::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{0, 0});
  const std::size_t mask = slots_.size() - 1;
  // Every pointer is distinct: each goes to the first free slot from its hash.
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void SourceMap::set(std::string_view pointer, SourceSpan span) {
  // At most half full, so that probes stay short and always end.
  if (2 * (entries_.size() + 1) > slots_.size()) grow();
  const std::uint32_t hash = hash_of(pointer);
  const std::size_t slot = slot_of(pointer, hash);
  if (slots_[slot].entry != 0) {
    entries_[slots_[slot].entry - 1].span = span;
    return;
  }
  if (text_.size() + pointer.size() > UINT32_MAX || entries_.size() >= UINT32_MAX - 1)
    throw std::length_error("source map too large"); // far past any file-size limit
  entries_.push_back({static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(pointer.size()), span});
  text_.append(pointer);
  slots_[slot] = {static_cast<std::uint32_t>(entries_.size()), hash};
}

void SourceMap::shrink_to_fit() {
  text_.shrink_to_fit();
  entries_.shrink_to_fit();
}

const SourceSpan* SourceMap::find(std::string_view pointer) const {
  if (slots_.empty()) return nullptr;
  const Slot& slot = slots_[slot_of(pointer, hash_of(pointer))];
  return slot.entry == 0 ? nullptr : &entries_[slot.entry - 1].span;
}

std::vector<std::string> SourceMap::pointers() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.emplace_back(pointer_of(e));
  std::sort(out.begin(), out.end());
  return out;
}

void push_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
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

} // namespace claudelint::model
