#include "lsp/server.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "driver/catalog.h"
#include "driver/schema_stage.h"
#include "lsp/features.h"
#include "rules/rule_pack.h"
#include "support/error.h"

namespace claudelint::lsp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// `message[name]` as a string, or a ProtocolError.
const std::string& string_member(const json& object, const char* name) {
  const auto it = object.is_object() ? object.find(name) : object.end();
  if (!object.is_object() || it == object.end() || !it->is_string())
    throw ProtocolError(error_code::invalid_params, fmt::format("missing string '{}'", name));
  return it->get_ref<const std::string&>();
}

const json& object_member(const json& object, const char* name) {
  const auto it = object.is_object() ? object.find(name) : object.end();
  if (!object.is_object() || it == object.end() || !it->is_object())
    throw ProtocolError(error_code::invalid_params, fmt::format("missing object '{}'", name));
  return *it;
}

std::int64_t version_member(const json& object) {
  const auto it = object.find("version");
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

/// The local path of a document URI, or a ProtocolError.
fs::path document_path(const std::string& uri) {
  const auto path = uri_to_path(uri);
  if (!path || !path->is_absolute()) throw ProtocolError(error_code::invalid_params, "not a file:// URI: " + uri);
  return *path;
}

/// A valid JSON-RPC id: a string or an integer.
bool valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

} // namespace

Server::Server(driver::Options run, Send send)
    : send_(std::move(send)), registry_(driver::make_registry(run)), navigator_(registry_), checker_(std::move(run)),
      rules_(driver::rule_catalog(rules::builtin_pack())) {}

FeatureContext Server::features() {
  return FeatureContext{
      documents_, encoding_, navigator_,
      [this](const std::string& path, std::size_t document) -> std::optional<std::string> {
        if (const auto* schemas = checker_.schemas_for(path); schemas && document < schemas->size())
          return (*schemas)[document];
        return registry_.builtin_for(path);
      },
      rules_,
      [this](const std::string& uri) {
        const auto found = published_.find(uri);
        return found == published_.end() ? json::array() : found->second;
      }};
}

void Server::log(int type, const std::string& message) {
  send_(notification("window/logMessage", {{"type", type}, {"message", message}}));
}

void Server::handle(const Frame& frame) {
  if (frame.kind == Frame::Kind::error) {
    send_(error_response(nullptr, error_code::parse_error, frame.text));
    return;
  }
  std::string error;
  const auto message = parse_message(frame.text, error);
  if (!message) {
    send_(error_response(nullptr, error_code::parse_error, error));
    return;
  }
  handle(*message);
}

void Server::handle(const json& message) {
  if (!message.is_object()) {
    send_(error_response(nullptr, error_code::invalid_request,
                         message.is_array() ? "batches are not supported" : "a message must be a JSON object"));
    return;
  }
  const auto id_it = message.find("id");
  const json* id = id_it != message.end() ? &*id_it : nullptr;
  const json reply_id = id && valid_id(*id) ? *id : json(nullptr);
  const auto method_it = message.find("method");
  if (message.value("jsonrpc", json()) != "2.0" || (id && !valid_id(*id)) ||
      (method_it != message.end() && !method_it->is_string())) {
    send_(error_response(reply_id, error_code::invalid_request, "not a JSON-RPC 2.0 request or notification"));
    return;
  }
  if (method_it == message.end()) {
    // A response to a request of ours (client/registerCapability): nothing to do.
    if (id && (message.contains("result") || message.contains("error"))) return;
    send_(error_response(reply_id, error_code::invalid_request, "a message needs a 'method'"));
    return;
  }
  const std::string& method = method_it->get_ref<const std::string&>();
  const auto params_it = message.find("params");
  const json params = params_it != message.end() ? *params_it : json::object();
  if (method == "exit") {
    exit_code_ = shutdown_ ? 0 : 1;
    return;
  }
  if (id) {
    if (!initialized_ && method != "initialize") {
      send_(error_response(*id, error_code::server_not_initialized, "the server is not initialized yet"));
      return;
    }
    if (shutdown_) {
      send_(error_response(*id, error_code::invalid_request, "the server is shutting down"));
      return;
    }
  } else if (!initialized_) {
    return; // notifications before initialize are dropped
  }
  try {
    dispatch(method, params, id);
  } catch (const ProtocolError& e) {
    if (id) send_(error_response(*id, e.code(), e.what()));
    else log(1, fmt::format("{}: {}", method, e.what()));
  } catch (const std::exception& e) {
    // One bad document or request never takes the server down.
    if (id) send_(error_response(*id, error_code::internal_error, e.what()));
    else log(1, fmt::format("{}: internal error: {}", method, e.what()));
  }
}

void Server::dispatch(const std::string& method, const json& params, const json* id) {
  const auto reply = [&](json result) { send_(response(*id, std::move(result))); };
  if (id) {
    if (method == "initialize") return reply(initialize(params));
    if (method == "shutdown") {
      shutdown_ = true;
      return reply(nullptr);
    }
    if (method == "textDocument/codeAction") return reply(code_actions(features(), params));
    if (method == "textDocument/hover") return reply(hover(features(), params));
    if (method == "textDocument/completion") return reply(completion(features(), params));
    throw ProtocolError(error_code::method_not_found, fmt::format("unknown method '{}'", method));
  }
  if (method == "initialized") {
    // Changes to files nobody has open (another layer of the environment)
    // re-check the trees, where the client can watch files for us.
    if (!watch_files_) return;
    const json watchers = {{{"globPattern", "**/*.{json,jsonc,yaml,yml,sh,bash,env}"}}, {{"globPattern", "**/.env*"}}};
    send_({{"jsonrpc", "2.0"},
           {"id", "claudelint/watch-files"},
           {"method", "client/registerCapability"},
           {"params",
            {{"registrations",
              {{{"id", "claudelint/watched-files"},
                {"method", "workspace/didChangeWatchedFiles"},
                {"registerOptions", {{"watchers", watchers}}}}}}}}});
    return;
  }
  if (method == "textDocument/didOpen") return did_open(params);
  if (method == "textDocument/didChange") return did_change(params);
  if (method == "textDocument/didSave") return did_save(params);
  if (method == "textDocument/didClose") return did_close(params);
  if (method == "workspace/didChangeWatchedFiles") return files_changed();
  if (method == "workspace/didChangeWorkspaceFolders") {
    const json& event = object_member(params, "event");
    for (const auto& folder : event.value("removed", json::array()))
      if (const auto path = uri_to_path(folder.value("uri", ""))) std::erase(workspace_folders_, *path);
    for (const auto& folder : event.value("added", json::array()))
      if (const auto path = uri_to_path(folder.value("uri", ""))) workspace_folders_.push_back(*path);
    return files_changed();
  }
  // Other notifications ($/cancelRequest handled by serve, $/setTrace …) need nothing.
}

json Server::initialize(const json& params) {
  if (initialized_) throw ProtocolError(error_code::invalid_request, "initialize was already called");
  if (!params.is_object()) throw ProtocolError(error_code::invalid_params, "initialize needs params");
  const json capabilities_of_client = params.value("capabilities", json::object());
  encoding_ = negotiate_encoding(capabilities_of_client);
  try {
    watch_files_ = capabilities_of_client.at(json::json_pointer("/workspace/didChangeWatchedFiles/dynamicRegistration"))
                       .get<bool>();
  } catch (const json::exception&) {
    watch_files_ = false;
  }
  const auto folders = params.find("workspaceFolders");
  if (folders != params.end() && folders->is_array()) {
    for (const auto& folder : *folders)
      if (folder.is_object())
        if (const auto path = uri_to_path(folder.value("uri", ""))) workspace_folders_.push_back(*path);
  } else if (params.contains("rootUri") && params["rootUri"].is_string()) {
    if (const auto path = uri_to_path(params["rootUri"].get<std::string>())) workspace_folders_.push_back(*path);
  }
  initialized_ = true;
  json capabilities = {
      {"positionEncoding", to_string(encoding_)},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"hoverProvider", true},
      {"completionProvider", {{"triggerCharacters", {"\"", " "}}}},
      {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
  };
  return {{"capabilities", std::move(capabilities)}, {"serverInfo", {{"name", "claudelint"}, {"version", CLAUDELINT_VERSION}}}};
}

CheckUnit Server::unit_of(const OpenDocument& document) const {
  // Search for the manifest up to the workspace folder holding the document.
  fs::path stop = document.path.root_path();
  for (const auto& folder : workspace_folders_) {
    const auto relative = document.path.lexically_relative(folder);
    if (!relative.empty() && *relative.begin() != ".." && folder.native().size() > stop.native().size()) stop = folder;
  }
  return unit_for(document.path, stop);
}

void Server::did_open(const json& params) {
  const json& item = object_member(params, "textDocument");
  OpenDocument document;
  document.uri = string_member(item, "uri");
  document.path = document_path(document.uri);
  document.language = item.value("languageId", "");
  document.version = version_member(item);
  document.text = string_member(item, "text");
  const CheckUnit unit = unit_of(document);
  units_[document.uri] = unit;
  dirty_.insert(unit);
  documents_.open(std::move(document));
}

void Server::did_change(const json& params) {
  const json& item = object_member(params, "textDocument");
  const std::string& uri = string_member(item, "uri");
  documents_.change(uri, version_member(item), params.value("contentChanges", json()), encoding_);
  dirty_.insert(units_.at(uri));
}

void Server::did_save(const json& params) {
  const std::string& uri = string_member(object_member(params, "textDocument"), "uri");
  if (!documents_.find(uri)) return;
  // Saving may have created the file on disk, or a manifest.
  files_changed();
}

void Server::did_close(const json& params) {
  const std::string uri = string_member(object_member(params, "textDocument"), "uri");
  if (!documents_.close(uri)) return;
  const CheckUnit unit = units_.at(uri);
  units_.erase(uri);
  publish({{uri, std::nullopt, json::array()}});
  checker_.cleared(uri);
  bool still_open = false;
  for (const auto& entry : units_) still_open = still_open || entry.second == unit;
  if (still_open) {
    dirty_.insert(unit); // the rest of the tree is checked without this buffer
  } else {
    dirty_.erase(unit);
    publish(checker_.forget(unit));
  }
}

void Server::files_changed() {
  // A manifest may have appeared or gone: each document's unit is found again.
  std::set<CheckUnit> before;
  for (auto& entry : units_) {
    before.insert(entry.second);
    entry.second = unit_of(*documents_.find(entry.first));
    dirty_.insert(entry.second);
  }
  for (const auto& unit : before) {
    bool kept = false;
    for (const auto& entry : units_) kept = kept || entry.second == unit;
    if (!kept) {
      dirty_.erase(unit);
      publish(checker_.forget(unit));
    }
  }
}

std::vector<CheckJob> Server::take_check_jobs() {
  std::vector<CheckJob> jobs;
  for (const auto& unit : dirty_) jobs.push_back(checker_.prepare(unit, documents_, encoding_));
  dirty_.clear();
  return jobs;
}

void Server::finish_check(CheckOutcome outcome) {
  // The unit's last document closed while it was checked: it was cleared then.
  bool watched = false;
  for (const auto& entry : units_) watched = watched || entry.second == outcome.unit;
  if (!watched) return;
  // A document closed meanwhile keeps the empty list it got on closing.
  std::erase_if(outcome.publications, [this](const Publication& publication) {
    return publication.version && !documents_.find(publication.uri);
  });
  const CheckUnit unit = outcome.unit;
  try {
    publish(checker_.apply(std::move(outcome)));
  } catch (const std::exception& e) {
    log(1, fmt::format("claudelint could not check {}: {}", unit.file ? unit.file->string() : unit.root.string(),
                       e.what()));
  }
}

void Server::run_checks() {
  for (const auto& job : take_check_jobs()) finish_check(run_check(job));
}

void Server::publish(const std::vector<Publication>& publications) {
  for (const auto& publication : publications) {
    if (publication.diagnostics.empty()) published_.erase(publication.uri);
    else published_[publication.uri] = publication.diagnostics;
    json params = {{"uri", publication.uri}, {"diagnostics", publication.diagnostics}};
    if (publication.version) params["version"] = *publication.version;
    send_(notification("textDocument/publishDiagnostics", std::move(params)));
  }
}

namespace {

/// What the reader thread hands to the main loop.
struct Incoming {
  Frame frame;
  std::optional<json> message; ///< the parsed body of a message frame
  std::string error;           ///< why a message frame did not parse
  /// Not a message: the checking thread's results, one batch of jobs.
  std::optional<std::vector<CheckOutcome>> outcomes;
};

/// Messages read so far, shared by the reader thread and the main loop.
class Inbox {
public:
  /// Adds what one read brought, all at once: a request and its cancel
  /// that arrived together are never split.
  void push(std::vector<Incoming> items) {
    {
      std::lock_guard lock(mutex_);
      for (auto& item : items) {
        if (item.message && item.message->is_object() && item.message->value("method", json()) == "$/cancelRequest") {
          const json params = item.message->value("params", json::object());
          const json id = params.is_object() ? params.value("id", json()) : json();
          // Ids of requests answered before their cancel arrived would pile up.
          if (cancelled_.size() > 1000) cancelled_.clear();
          if (valid_id(id)) cancelled_.insert(id);
        }
        items_.push_back(std::move(item));
      }
    }
    ready_.notify_one();
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_one();
  }
  /// The next item, waiting at most `wait` (forever when nullopt); nullopt
  /// on timeout or when the input has ended and everything was taken.
  std::optional<Incoming> pop(std::optional<std::chrono::milliseconds> wait) {
    std::unique_lock lock(mutex_);
    const auto has_item = [this] { return !items_.empty() || closed_; };
    if (wait) ready_.wait_for(lock, *wait, has_item);
    else ready_.wait(lock, has_item);
    if (items_.empty()) return std::nullopt;
    Incoming item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_ && items_.empty();
  }
  /// Whether the request `id` was cancelled (forgetting it).
  bool take_cancelled(const json& id) {
    std::lock_guard lock(mutex_);
    return cancelled_.erase(id) > 0;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Incoming> items_;
  std::set<json> cancelled_;
  bool closed_ = false;
};

/// Reads `fd` until the end of input or `stop`, framing and parsing messages into `inbox`.
void read_messages(int fd, Inbox& inbox, const std::atomic<bool>& stop) {
  FrameReader reader;
  std::vector<Incoming> batch;
  const auto take = [&](Frame frame) {
    Incoming item{std::move(frame), std::nullopt, {}, std::nullopt};
    if (item.frame.kind == Frame::Kind::message) item.message = parse_message(item.frame.text, item.error);
    batch.push_back(std::move(item));
  };
  char buffer[65536];
  while (!stop) {
    pollfd descriptor{fd, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) break;
    reader.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    while (auto frame = reader.next()) take(std::move(*frame));
    if (!batch.empty()) inbox.push(std::move(batch));
    batch.clear();
  }
  if (auto rest = reader.finish()) take(std::move(*rest));
  if (!batch.empty()) inbox.push(std::move(batch));
  inbox.close();
}

/// Writes all of `bytes` to `fd`; false when the other end is gone.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

/// The thread checks run on: one batch of jobs at a time, its outcomes
/// handed back through the inbox, so the server's state is only ever touched
/// by the main loop.
class CheckThread {
public:
  CheckThread(Inbox& inbox, std::function<CheckOutcome(const CheckJob&)> run)
      : inbox_(inbox), run_(std::move(run)), thread_([this] { loop(); }) {}
  ~CheckThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void post(std::vector<CheckJob> jobs) {
    {
      std::lock_guard lock(mutex_);
      jobs_ = std::move(jobs);
    }
    wake_.notify_one();
  }

private:
  void loop() {
    for (;;) {
      std::vector<CheckJob> jobs;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stop_ || jobs_; });
        if (stop_) return;
        jobs = std::move(*jobs_);
        jobs_.reset();
      }
      std::vector<CheckOutcome> outcomes;
      for (const auto& job : jobs) {
        try {
          outcomes.push_back(run_(job));
        } catch (const std::exception& e) {
          outcomes.push_back({job.unit, {}, {}, e.what()});
        }
      }
      std::vector<Incoming> done(1);
      done.front().outcomes = std::move(outcomes);
      inbox_.push(std::move(done));
    }
  }

  Inbox& inbox_;
  std::function<CheckOutcome(const CheckJob&)> run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::vector<CheckJob>> jobs_;
  bool stop_ = false;
  std::thread thread_; ///< last: started once the members above exist
};

} // namespace

int serve(int in_fd, int out_fd, driver::Options run, ServeOptions serve_options) {
  bool output_open = true;
  const auto send = [&](const json& message) {
    if (output_open)
      output_open = write_all(out_fd, frame(message.dump(-1, ' ', false, json::error_handler_t::replace)));
  };
  Server server(std::move(run), send);
  Inbox inbox;
  std::atomic<bool> stop{false};
  std::thread reader(read_messages, in_fd, std::ref(inbox), std::cref(stop));
  {
    CheckThread checks(inbox, serve_options.run_check);
    bool checking = false;
    while (!server.exit_code() && output_open) {
      // Check only once the editor pauses (a burst of edits is one check),
      // and one batch at a time: edits made during a check wait for it.
      const bool due = server.check_pending() && !checking;
      auto item = inbox.pop(due ? std::optional(serve_options.debounce) : std::nullopt);
      if (!item) {
        if (inbox.closed()) break;
        checks.post(server.take_check_jobs());
        checking = true;
        continue;
      }
      if (item->outcomes) {
        for (auto& outcome : *item->outcomes) server.finish_check(std::move(outcome));
        checking = false;
        continue;
      }
      if (!item->message) {
        server.handle(item->frame.kind == Frame::Kind::error ? item->frame : Frame{Frame::Kind::error, item->error});
        continue;
      }
      const json& message = *item->message;
      if (message.is_object() && message.contains("method") && message.contains("id") &&
          inbox.take_cancelled(message["id"])) {
        send(error_response(message["id"], error_code::request_cancelled, "the request was cancelled"));
        continue;
      }
      server.handle(message);
    }
  } // waits for a check still running
  stop = true;
  reader.join();
  return server.exit_code().value_or(1);
}

} // namespace claudelint::lsp
