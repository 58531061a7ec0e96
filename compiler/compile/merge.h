#pragma once
// Layering of documents into one compiled environment: objects merge key by
// key, arrays replace unless a MergeSpec says append or merge-by-key, `null`
// removes a key, and every value set is recorded with its origin.
#include <map>
#include <string>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/document.h"

namespace claudelint::compile {

/// Where a layer's value comes from: a document, the pointer of the subtree
/// used (`/production` for a section of a split file), and the layer's name.
struct LayerSource {
  const model::Document* document = nullptr;
  std::string pointer; ///< in the document
  std::string layer;   ///< "shared", "environment", "extends staging"
};

class Layering {
public:
  Layering(CompiledEnvironment& target, const std::vector<MergeSpec>& merge,
           std::vector<model::Diagnostic>& diagnostics)
      : target_(target), merge_(merge), diagnostics_(diagnostics) {}

  /// Layers `value` (the subtree of `source` at source.pointer) over what
  /// the target document holds at `pointer`.
  void apply(const std::string& pointer, const nlohmann::json& value, const LayerSource& source);

  /// Sets `value` at `pointer` (replacing what is there) with one origin for
  /// the whole subtree: used for values the compiler derives.
  void set(const std::string& pointer, nlohmann::json value, const Origin& origin);

private:
  void merge(nlohmann::json& into, const nlohmann::json& value, const std::string& pointer,
             const std::string& source_pointer, const LayerSource& source);
  void replace(nlohmann::json& into, const nlohmann::json& value, const std::string& pointer,
               const std::string& source_pointer, const LayerSource& source);
  void record_tree(const nlohmann::json& value, const std::string& pointer, const std::string& source_pointer,
                   const LayerSource& source);
  using ProvenanceSlot = std::map<std::string, std::vector<Origin>>::iterator;
  /// record_tree's walk: extends both pointers in place and cuts them back.
  /// It visits pointers mostly in sorted order, so each is inserted at
  /// `next`, where the one before it ended, before searching the map.
  void record_subtree(const nlohmann::json& value, std::string& pointer, std::string& source_pointer,
                      const LayerSource& source, ProvenanceSlot& next);
  void record(const std::string& pointer, const std::string& source_pointer, const LayerSource& source);
  void record(const std::string& pointer, const std::string& source_pointer, const LayerSource& source,
              ProvenanceSlot& next);
  void forget_below(const std::string& pointer);
  const MergeSpec* strategy_for(const std::string& pointer) const;

  CompiledEnvironment& target_;
  const std::vector<MergeSpec>& merge_;
  std::vector<model::Diagnostic>& diagnostics_;
};

} // namespace claudelint::compile
