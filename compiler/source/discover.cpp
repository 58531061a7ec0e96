#include "source/discover.h"

#include <algorithm>
#include <unordered_set>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "support/error.h"
#include "support/read_file.h"

namespace claudelint::source {

namespace fs = std::filesystem;

bool is_ignored_directory(std::string_view name) {
  static constexpr std::string_view ignored[] = {
      ".git", ".hg", ".svn", "node_modules", "build", "dist", ".cache", "__pycache__", ".venv", "venv"};
  if (std::find(std::begin(ignored), std::end(ignored), name) != std::end(ignored)) return true;
  return name.starts_with("cmake-build-") || name.starts_with("build-");
}

std::string display_path(const fs::path& path, const fs::path& cwd) {
  const fs::path absolute = path.is_absolute() ? path.lexically_normal() : (cwd / path).lexically_normal();
  const fs::path relative = absolute.lexically_relative(cwd);
  if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return absolute.generic_string();
}

namespace {

bool starts_with_shell_shebang(const fs::path& path) {
  // Not blocking, and only a regular file: a FIFO would wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat info {};
  char head[128] = {};
  ssize_t n = 0;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) n = ::read(fd, head, sizeof head);
  ::close(fd);
  return n > 0 && has_shell_shebang(std::string_view(head, static_cast<std::size_t>(n)));
}

bool is_within(const fs::path& inner, const fs::path& outer) {
  const auto rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

class Walker {
public:
  Walker(const fs::path& cwd, Discovery& out) : cwd_(cwd), out_(out) {}

  void root(const std::string& argument) {
    const fs::path path = argument;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      if (fs::is_symlink(fs::symlink_status(path, ec)))
        return skip(path, "broken symbolic link");
      throw UsageError(fmt::format("no such file or directory: {}", argument));
    }
    if (fs::is_directory(status)) {
      root_ = fs::weakly_canonical(path, ec);
      directory(path, root_, display_path(path, cwd_));
    } else {
      if (!fs::is_regular_file(status)) return skip(path, support::not_regular_reason(status.type()));
      FileKind kind = classify(path.filename().string());
      if (kind == FileKind::unknown && starts_with_shell_shebang(path)) kind = FileKind::shell;
      if (kind == FileKind::unknown) return skip(path, "not a recognised config file kind (json, jsonc, yaml, .env, shell, key)");
      add(path, display_path(path, cwd_), kind);
    }
  }

private:
  void skip(const fs::path& path, std::string reason) {
    out_.skipped.push_back({display_path(path, cwd_), std::move(reason)});
  }

  void add(const fs::path& path, std::string display, FileKind kind) {
    out_.files.push_back({path, std::move(display), kind});
  }

  /// The display path of `path`, named `name` in the folder shown as
  /// `folder`: what display_path gives, without normalising the whole path
  /// again (that was most of walking 14,000 files). A folder outside the
  /// working directory is shown absolute, and a walk from there may come
  /// back inside it, so its entries take the long way.
  std::string child_display(const fs::path& path, const std::string& folder, const std::string& name) const {
    if (folder.starts_with('/')) return display_path(path, cwd_);
    if (folder == ".") return name;
    return folder.ends_with('/') ? folder + name : folder + "/" + name;
  }

  /// `canonical` is the folder's real path (for loop detection); `display`
  /// its display path.
  void directory(const fs::path& path, const fs::path& canonical, const std::string& display) {
    // Kept as normalised text: a set of paths compares them component by
    // component, which was a quarter of walking a large estate.
    if (!visited_.insert(canonical.lexically_normal().native()).second)
      return skip(path, "symbolic link loop; already scanned");
    std::error_code ec;
    std::vector<std::pair<std::string, fs::directory_entry>> entries; // by name
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
      entries.emplace_back(it->path().filename().native(), *it);
    if (ec) return skip(path, fmt::format("cannot read directory: {}", ec.message()));
    // One name compares as its text does as a path.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& entry : entries) visit(entry.second, canonical, display);
  }

  void visit(const fs::directory_entry& entry, const fs::path& folder_canonical, const std::string& folder_display) {
    std::error_code ec;
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();
    const std::string display = child_display(path, folder_display, name);
    if (entry.is_symlink(ec)) {
      const fs::path target = fs::canonical(path, ec);
      if (ec) return skip(path, "broken symbolic link");
      if (!is_within(target, root_) && target != root_)
        return skip(path, fmt::format("symbolic link leads out of the scanned root (to {})", target.generic_string()));
      if (fs::is_directory(target, ec)) {
        if (is_ignored_directory(name)) return;
        return directory(path, target, display);
      }
    } else if (entry.is_directory(ec)) {
      if (is_ignored_directory(name)) return;
      // Not a link, so its real path is its folder's plus its name.
      return directory(path, folder_canonical / name, display);
    }
    FileKind kind = classify(name);
    if (!entry.is_regular_file(ec)) {
      // A FIFO or device named like a config file is said, not read: reading
      // one could wait forever or never end.
      const auto status = entry.status(ec);
      if (!ec && kind != FileKind::unknown && fs::exists(status))
        skip(path, support::not_regular_reason(status.type()));
      return;
    }
    // An extensionless file may be a script: its shebang says.
    if (kind == FileKind::unknown && path.extension().empty() && starts_with_shell_shebang(path)) kind = FileKind::shell;
    if (kind != FileKind::unknown) add(path, display, kind);
  }

  const fs::path& cwd_;
  Discovery& out_;
  fs::path root_;
  std::unordered_set<std::string> visited_; ///< real paths of the folders walked
};

} // namespace

Discovery discover(const std::vector<std::string>& roots, const fs::path& cwd) {
  Discovery out;
  Walker walker(cwd, out);
  for (const auto& root : roots) walker.root(root);
  const auto by_display = [](const auto& a, const auto& b) { return a.display < b.display; };
  const auto same_display = [](const auto& a, const auto& b) { return a.display == b.display; };
  std::sort(out.files.begin(), out.files.end(), by_display);
  out.files.erase(std::unique(out.files.begin(), out.files.end(), same_display), out.files.end());
  // Stable: a path both walked and named (a FIFO in a tree, given on the
  // command line too) may be skipped for two reasons; the first one stays.
  std::stable_sort(out.skipped.begin(), out.skipped.end(), by_display);
  out.skipped.erase(std::unique(out.skipped.begin(), out.skipped.end(), same_display), out.skipped.end());
  return out;
}

} // namespace claudelint::source
