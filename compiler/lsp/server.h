#pragma once
// The language server: LSP 3.17 lifecycle, document sync and diagnostics,
// over JSON-RPC 2.0. `Server` is the protocol logic with no I/O (tests drive
// it message by message); `serve` runs it over a pair of file descriptors.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/driver.h"
#include "report/render.h"
#include "schema/registry.h"
#include "lsp/check.h"
#include "lsp/documents.h"
#include "lsp/features.h"
#include "lsp/framing.h"
#include "lsp/lookup.h"
#include "lsp/protocol.h"

namespace claudelint::lsp {

class Server {
public:
  /// Called with every message the server sends (responses and notifications).
  using Send = std::function<void(const nlohmann::json&)>;

  /// `run` holds the command line's run options (rule packs, severities,
  /// schemas, baseline), used for every check.
  Server(driver::Options run, Send send);

  /// Handles one message (request, notification, or a response to a request
  /// of ours). Never throws: a bad message gets an error reply (requests)
  /// or a log message (notifications).
  void handle(const nlohmann::json& message);
  /// Handles a frame from FrameReader: a message body to parse, or a framing
  /// error, answered with a JSON-RPC parse error.
  void handle(const Frame& frame);

  /// Documents changed since their last check.
  bool check_pending() const { return !dirty_.empty(); }
  /// The checks of every unit with changed documents, to run on any thread
  /// (run_check); each outcome goes back through finish_check.
  std::vector<CheckJob> take_check_jobs();
  /// Publishes what a check found, unless its documents closed meanwhile.
  void finish_check(CheckOutcome outcome);
  /// Checks every unit with changed documents here and now, and publishes
  /// the results (take_check_jobs, run_check, finish_check).
  void run_checks();

  /// After the `exit` notification: 0 when `shutdown` came first, else 1.
  std::optional<int> exit_code() const { return exit_code_; }
  /// The open documents as the server has them.
  const DocumentStore& documents() const { return documents_; }
  /// The position encoding negotiated in `initialize`.
  PositionEncoding encoding() const { return encoding_; }

private:
  void dispatch(const std::string& method, const nlohmann::json& params, const nlohmann::json* id);
  nlohmann::json initialize(const nlohmann::json& params);
  void did_open(const nlohmann::json& params);
  void did_change(const nlohmann::json& params);
  void did_save(const nlohmann::json& params);
  void did_close(const nlohmann::json& params);
  void files_changed();
  void publish(const std::vector<Publication>& publications);
  void log(int type, const std::string& message);
  /// The unit of an open document, computed when it opened.
  CheckUnit unit_of(const OpenDocument& document) const;

  /// The context hover, completion and code actions work in.
  FeatureContext features();

  Send send_;
  schema::Registry registry_;
  SchemaNavigator navigator_;
  Checker checker_;
  std::vector<report::RuleInfo> rules_;
  std::map<std::string, nlohmann::json> published_; ///< the last diagnostics sent, by URI
  DocumentStore documents_;
  std::map<std::string, CheckUnit> units_; ///< by document URI
  std::set<CheckUnit> dirty_;
  std::vector<std::filesystem::path> workspace_folders_;
  PositionEncoding encoding_ = PositionEncoding::utf16;
  bool initialized_ = false;
  bool watch_files_ = false; ///< the client registers file watchers for us
  bool shutdown_ = false;
  std::optional<int> exit_code_;
};

struct ServeOptions {
  /// Documents are checked once no message has arrived for this long, so a
  /// burst of edits is one check.
  std::chrono::milliseconds debounce{50};
  /// Runs one check on the checking thread; tests replace it to hold a
  /// check for as long as they need.
  std::function<CheckOutcome(const CheckJob&)> run_check = lsp::run_check;
};

/// Runs a server reading `in_fd` and writing `out_fd` until `exit` (or the
/// end of input). Messages are read on a thread of their own and checks run
/// on another, so a slow check never holds up a reply: hover, completion
/// and code actions are answered while it runs (from the last finished
/// check), and `$/cancelRequest` answers a request still waiting with
/// RequestCancelled. Returns the process exit code.
int serve(int in_fd, int out_fd, driver::Options run, ServeOptions serve_options = {});

} // namespace claudelint::lsp
