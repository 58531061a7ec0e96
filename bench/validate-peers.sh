#!/usr/bin/env bash
# Schema validation throughput: claudelint vs ajv-cli vs @sourcemeta/jsonschema,
# side by side in one hyperfine call per corpus, on the same files.
#
# usage: bench/validate-peers.sh
# env:
#   PEERS       npm prefix holding ajv-cli@5, ajv-formats, @sourcemeta/jsonschema
#               (default /tmp/peers); install with
#               npm install --prefix "$PEERS" ajv-cli@5 ajv-formats @sourcemeta/jsonschema
#   CORPUS      where the generated corpus and results go (default /tmp/vcorpus)
#   CLAUDELINT  binary to time (default build-bench/compiler/claudelint, a Release build)
#   RUNS_SMALL  measured hyperfine runs per tool on the 10,000-file corpora (default 10)
#   RUNS_BIG    measured hyperfine runs per tool on the ~10 MB file (default 10)
#   RUNS_ONE    measured runs per tool on one small file: start-up plus schema
#               compile, the cost of a pre-commit or editor call (default 20)
#   SMALL_N     number of small files (default 10000)
#   BIG_MB      size of the big file in MB of 10^6 bytes (default 10)
#   INVALID     1 = also time the 10,000 files with 10 % invalid (default 1)
#
# Corpora (made here, deterministically, by the python3 below; stdlib only):
#   $CORPUS/small/         SMALL_N client configs, all valid against
#                          schemas/config/client.schema.json
#   $CORPUS/small-invalid/ the same files, with one planted mistake in 10 % of
#                          them (listed in $CORPUS/MANIFEST.json)
#   one                    the first small file alone (start-up + schema compile)
#   $CORPUS/big/fleet.json one JSON array of full client configs, ~BIG_MB MB,
#                          validated against $CORPUS/fleet.schema.json =
#                          {"type":"array","items":{"$ref":"<client schema $id>"}}
#   $CORPUS/big-check/     the big file with a mistake in its last item (check only)
# The client schema's $id (https://claudelint.dev/schemas/config/client.schema.json)
# is served by claudelint from the schemas embedded in its binary; ajv-cli and
# sourcemeta are given the repository's schemas/config/client.schema.json with -r.
#
# Every tool gets the identical file list as argv in ONE process (no batching),
# through a small with-list helper (like shared/bench/lib/with-list.sh).
# Flags, so that all tools check the same things and report every bad file:
# ajv-cli --all-errors --errors=line -c ajv-formats (asserts "format": "uri", as
# claudelint does); sourcemeta -c (go on past a failing file) -F (assert formats:
# off by default in sourcemeta); --fast is sourcemeta's speed mode (no error
# detail), timed as an extra row.
# Before timing, each command is run once under /usr/bin/time -v (peak RSS) and
# checked: exit 0 and every file counted on the valid corpora; non-zero exit and
# exactly the planted files reported invalid on the invalid corpus.
# Then one `hyperfine --warmup 1 --runs N --export-json` per corpus with all
# tools in it. Prints a markdown table; results in $CORPUS/results/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-/tmp/peers}
CORPUS=${CORPUS:-/tmp/vcorpus}
CLAUDELINT=${CLAUDELINT:-$ROOT/build-bench/compiler/claudelint}
RUNS_SMALL=${RUNS_SMALL:-10}
RUNS_BIG=${RUNS_BIG:-10}
RUNS_ONE=${RUNS_ONE:-20}
SMALL_N=${SMALL_N:-10000}
BIG_MB=${BIG_MB:-10}
INVALID=${INVALID:-1}
SCHEMA=$ROOT/schemas/config/client.schema.json
CLIENT_ID=https://claudelint.dev/schemas/config/client.schema.json

case ${1:-} in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;; esac

die() { echo "validate-peers: $*" >&2; exit 2; }
for t in hyperfine jq python3 node /usr/bin/time; do
  command -v "$t" >/dev/null || die "missing $t (apt-get install -y hyperfine jq time nodejs)"
done
[[ -x $CLAUDELINT ]] || die "no $CLAUDELINT; build it: cmake -S $ROOT -B $ROOT/build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAUDELINT_TESTS=OFF && ninja -C $ROOT/build-bench claudelint"
"$CLAUDELINT" validate --help >/dev/null 2>&1 || die "$CLAUDELINT has no 'validate' subcommand: rebuild it"
AJV=$PEERS/node_modules/.bin/ajv
SM=$PEERS/node_modules/.bin/jsonschema
[[ -x $AJV && -x $SM && -d $PEERS/node_modules/ajv-formats ]] ||
  die "peers missing: npm install --prefix $PEERS ajv-cli@5 ajv-formats @sourcemeta/jsonschema"
# The npm package's bin is a node script that spawns a native binary; time that
# binary directly too, to separate node start-up from validation.
SM_NATIVE=$PEERS/node_modules/@sourcemeta/jsonschema/build/github-releases/jsonschema-linux-$(uname -m)
[[ -x $SM_NATIVE ]] || SM_NATIVE=

mkdir -p "$CORPUS"
CORPUS=$(cd "$CORPUS" && pwd)
OUT=$CORPUS/results
mkdir -p "$OUT"

# ---------------------------------------------------------------- corpus
GEN_KEY="v2 n=$SMALL_N mb=$BIG_MB schema=$(sha256sum "$SCHEMA" | cut -c1-16) fixtures=$(cat "$ROOT"/fixtures/schemas/client/valid/*.json | sha256sum | cut -c1-16)"
if [[ ! -f $CORPUS/.gen-key || $(cat "$CORPUS/.gen-key") != "$GEN_KEY" ]]; then
  echo "generating corpus in $CORPUS ..." >&2
  rm -rf "$CORPUS/small" "$CORPUS/small-invalid" "$CORPUS/big" "$CORPUS/big-check" "$CORPUS/.gen-key"
  python3 - "$CORPUS" "$SMALL_N" "$BIG_MB" "$SCHEMA" "$ROOT/fixtures/schemas/client/valid" "$CLIENT_ID" <<'PY'
import copy, json, os, random, sys

out, n_small, big_mb, schema_path, templates_dir, client_id = sys.argv[1:]
n_small, big_bytes = int(n_small), int(float(big_mb) * 1_000_000)
schema = json.load(open(schema_path))
P = schema["properties"]
CIPHERS = P["security"]["properties"]["tls"]["properties"]["ciphers"]["items"]["enum"]
TLS = P["security"]["properties"]["tls"]["properties"]["version"]["enum"]
ALGOS = P["context"]["properties"]["compression_algorithm"]["enum"]
LEVELS = P["logging"]["properties"]["level"]["enum"]
FORMATS = P["logging"]["properties"]["format"]["enum"]
names = sorted(f for f in os.listdir(templates_dir) if f.endswith(".json"))
templates = [json.load(open(os.path.join(templates_dir, f))) for f in names]
full = templates[names.index("every-key.json")]

def endpoint(r):
    k = r.randrange(4)
    if k == 0: return f"https://api{r.randrange(100)}.example.com"
    if k == 1: return f"https://gw-{r.randrange(1000)}.internal.example:{r.randrange(1024, 65536)}/v{r.randrange(1, 4)}"
    if k == 2: return f"http://localhost:{r.randrange(1024, 65536)}"
    return "https://api.anthropic.com"

def max_size(r):
    unit = r.choice(["B", "KB", "MB", "GB", "KiB", "MiB", "GiB"])
    num = str(r.randrange(1, 4096)) if r.random() < 0.7 else f"{r.randrange(1, 64)}.{r.randrange(10)}"
    return num + (" " if r.random() < 0.3 else "") + unit

def ipv4(r):
    a = ".".join(str(r.randrange(256)) for _ in range(4))
    return a + (f"/{r.randrange(8, 33)}" if r.random() < 0.5 else "")

def ipv6(r):
    return f"2001:db8:{r.randrange(65536):x}::{r.randrange(1, 65536):x}" + (f"/{r.randrange(16, 129)}" if r.random() < 0.5 else "")

def allowlist(r):
    seen = []
    for _ in range(r.randrange(1, 8)):
        ip = ipv4(r) if r.random() < 0.7 else ipv6(r)
        if ip not in seen: seen.append(ip)
    return seen

GEN = {
    "security.tls.version": lambda r, i: r.choice(TLS),
    "security.tls.ciphers": lambda r, i: r.sample(CIPHERS, r.randrange(1, 7)),
    "security.api_endpoint": lambda r, i: endpoint(r),
    "security.certificate_validation": lambda r, i: r.random() < 0.8,
    "context.window_size": lambda r, i: r.randrange(1000, 200001),
    "context.compression": lambda r, i: r.random() < 0.6,
    "context.caching.enabled": lambda r, i: r.random() < 0.7,
    "context.caching.ttl": lambda r, i: r.randrange(0, 86401),
    "context.caching.max_size": lambda r, i: max_size(r),
    "context.compression_algorithm": lambda r, i: r.choice(ALGOS),
    "performance.max_concurrent_requests": lambda r, i: r.randrange(1, 129),
    "performance.request_queue_size": lambda r, i: r.randrange(1, 2001),
    "performance.timeout": lambda r, i: r.randrange(1000, 180001),
    "performance.retry_policy.max_attempts": lambda r, i: r.randrange(1, 11),
    "performance.retry_policy.backoff_factor": lambda r, i: r.choice([0, 1, 2, 3, 0.5, 1.5, round(r.uniform(0, 5), 2)]),
    "performance.retry_policy.jitter": lambda r, i: r.random() < 0.5,
    "logging.level": lambda r, i: r.choice(LEVELS),
    "logging.format": lambda r, i: r.choice(FORMATS),
    "logging.destination": lambda r, i: f"/var/log/claude/client-{i}.log",
    "access.ip_allowlist": lambda r, i: allowlist(r),
    "access.rate_limit.requests_per_minute": lambda r, i: r.randrange(1, 10001),
    "access.rate_limit.burst": lambda r, i: r.randrange(0, 501),
}

def fill(node, r, i, path=""):
    if isinstance(node, dict):
        return {k: (GEN[path + k](r, i) if path + k in GEN else fill(v, r, i, path + k + ".")) for k, v in node.items()}
    return copy.deepcopy(node)

# One planted mistake; each kind needs one block of the template.
MUTATIONS = [
    ("unknown-top-level-key", None, lambda d: d.__setitem__("loging", {"level": "info"})),
    ("tls-version-1.1", "security", lambda d: d["security"]["tls"].__setitem__("version", "1.1")),
    ("endpoint-bad-uri-format", "security", lambda d: d["security"].__setitem__("api_endpoint", "https://a.example/%zz")),
    ("cert-validation-string", "security", lambda d: d["security"].__setitem__("certificate_validation", "yes")),
    ("window-size-zero", "context", lambda d: d["context"].__setitem__("window_size", 0)),
    ("compression-algorithm-zip", "context", lambda d: d["context"].__setitem__("compression_algorithm", "zip")),
    ("timeout-string", "performance", lambda d: d["performance"].__setitem__("timeout", "30s")),
    ("max-attempts-zero", "performance", lambda d: d["performance"]["retry_policy"].__setitem__("max_attempts", 0)),
    ("log-level-verbose", "logging", lambda d: d["logging"].__setitem__("level", "verbose")),
    ("ip-octet-256", "access", lambda d: d["access"].__setitem__("ip_allowlist", ["10.0.0.256"])),
]

os.makedirs(f"{out}/small"); os.makedirs(f"{out}/small-invalid"); os.makedirs(f"{out}/big")
sel = random.Random("validate-peers/invalid")
planted = set(sel.sample(range(n_small), n_small // 10))
manifest = {"small": n_small, "invalid": []}
width = len(str(n_small - 1))
for i in range(n_small):
    r = random.Random(f"validate-peers/small/{i}")
    doc = fill(r.choice(templates), r, i)
    name = f"client-{i:0{width}d}.json"
    text = json.dumps(doc, indent=2) + "\n"
    open(f"{out}/small/{name}", "w").write(text)
    if i in planted:
        bad = copy.deepcopy(doc)
        kinds = [m for m in MUTATIONS if m[1] is None or m[1] in bad]
        kind, _, apply = r.choice(kinds)
        apply(bad)
        text = json.dumps(bad, indent=2) + "\n"
        manifest["invalid"].append({"file": f"small-invalid/{name}", "kind": kind})
    open(f"{out}/small-invalid/{name}", "w").write(text)

# big: an array of full configs (every-key shape), indented as in a real file
parts, size, i = [], 2, 0
while size < big_bytes:
    r = random.Random(f"validate-peers/big/{i}")
    item = "  " + json.dumps(fill(full, r, i), indent=2).replace("\n", "\n  ")
    parts.append(item); size += len(item) + 2; i += 1
open(f"{out}/big/fleet.json", "w").write("[\n" + ",\n".join(parts) + "\n]\n")
# check only (not timed): the same file with one mistake in the last config, to
# prove that every tool resolves the $ref and looks inside every item
r = random.Random(f"validate-peers/big/{i - 1}")
bad = fill(full, r, i - 1); bad["logging"]["level"] = "verbose"
parts[-1] = "  " + json.dumps(bad, indent=2).replace("\n", "\n  ")
os.makedirs(f"{out}/big-check")
open(f"{out}/big-check/fleet-last-bad.json", "w").write("[\n" + ",\n".join(parts) + "\n]\n")
manifest["big_items"] = i
json.dump({"$schema": "http://json-schema.org/draft-07/schema#",
           "$id": "https://bench.invalid/fleet.schema.json",
           "type": "array", "items": {"$ref": client_id}},
          open(f"{out}/fleet.schema.json", "w"), indent=2)
json.dump(manifest, open(f"{out}/MANIFEST.json", "w"), indent=1)
print(f"small: {n_small} files ({len(planted)} invalid in small-invalid/), big: {i} configs", file=sys.stderr)
PY
  echo "$GEN_KEY" > "$CORPUS/.gen-key"
fi

cd "$CORPUS"
WORK=$CORPUS/.bench
mkdir -p "$WORK"
WITH=$WORK/with-list.sh
cat > "$WITH" <<'SH'
#!/usr/bin/env bash
# usage: with-list.sh LISTFILE FLAG CMD [ARGS...]: CMD ARGS then every path of
# LISTFILE as its own argv entry, each preceded by FLAG unless FLAG is "-".
set -euo pipefail
list=$1 flag=$2
shift 2
mapfile -t files < "$list"
if [[ $flag == - ]]; then exec "$@" "${files[@]}"; fi
args=()
for f in "${files[@]}"; do args+=("$flag" "$f"); done
exec "$@" "${args[@]}"
SH
chmod +x "$WITH"
find small -name '*.json' | LC_ALL=C sort > "$WORK/small.txt"
find small-invalid -name '*.json' | LC_ALL=C sort > "$WORK/small-invalid.txt"
head -n 1 "$WORK/small.txt" > "$WORK/one.txt"
echo big/fleet.json > "$WORK/big.txt"
echo big-check/fleet-last-bad.json > "$WORK/big-check.txt"
jq -r '.invalid[].file' MANIFEST.json | LC_ALL=C sort > "$WORK/planted.txt"
BIG_ITEMS=$(jq .big_items MANIFEST.json)
FLEET=$CORPUS/fleet.schema.json

# ---------------------------------------------------------------- commands
# cmd_TOOL SCHEMA LIST: the exact command line timed for that tool
cmd_claudelint() { # $1 schema, $2 list, $3 extra -r (ignored: served from the binary)
  echo "$WITH $2 - $CLAUDELINT validate --schema $1"; }
cmd_ajv() {
  echo "$WITH $2 -d $AJV validate --spec=draft7 --all-errors --errors=line -c ajv-formats -s $1 ${3:+-r $3}"; }
cmd_sm() {
  echo "$WITH $2 - $SM validate -c -F ${3:+-r $3} $1"; }
cmd_smfast() {
  echo "$WITH $2 - $SM validate -c -F -f ${3:+-r $3} $1"; }
cmd_smnative() {
  echo "$WITH $2 - $SM_NATIVE validate -c -F ${3:+-r $3} $1"; }
TOOLS=(claudelint ajv sm smfast)
[[ -n $SM_NATIVE ]] && TOOLS+=(smnative)

# count_TOOL LOG -> "files_seen files_invalid" parsed from that tool's output
count_claudelint() {
  local seen bad
  seen=$( { grep -Eo 'in [0-9]+ files?$' "$1" || true; } | tail -1 | grep -Eo '[0-9]+' || true)
  bad=$( { grep -Eo '^[^ :]+:[0-9]+:[0-9]+: error\[' "$1" || true; } | cut -d: -f1 | sort -u | wc -l)
  echo "${seen:-0} $bad"; }
count_ajv() {
  local ok bad
  ok=$(grep -Ec '^[^ ]+ valid$' "$1" || true); bad=$(grep -Ec '^[^ ]+ invalid$' "$1" || true)
  echo "$((ok + bad)) $bad"; }
count_sm() { # needs -v output: "N validated, P passed, F failed"
  local line; line=$( { grep -E '^[0-9]+ validated, [0-9]+ passed, [0-9]+ failed' "$1" || true; } | tail -1)
  set -- $line; echo "${1:-0} ${5:-0}"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
bytes_of() { xargs -a "$1" -d '\n' stat -c %s | awk '{s+=$1} END {print s+0}'; }
SUMMARY=$OUT/summary.tsv
printf 'corpus\ttool\tfiles\tdocs\tbytes\tmedian_s\tstddev_s\tmin_s\truns\trss_kb\trc\tload_before\tload_after\n' > "$SUMMARY"

# run_corpus NAME LIST SCHEMA REFSCHEMA RUNS EXPECT_INVALID DOCS [BAD_LIST]
# BAD_LIST (check only): files every tool must reject, naming /logging/level
# or the value "verbose" in its output (sourcemeta --fast: "fail: FILE").
run_corpus() {
  local name=$1 list=$2 schema=$3 ref=$4 runs=$5 expect_bad=$6 docs=$7 bad_list=${8:-}
  local files bytes; files=$(grep -c . "$list"); bytes=$(bytes_of "$list")
  echo "== $name: $files files, $bytes bytes, $docs client configs, expect $expect_bad invalid" >&2
  local -a hf=() ; local t cmd rc seen bad
  declare -gA RSS RC
  for t in "${TOOLS[@]}"; do
    cmd=$(cmd_$t "$schema" "$list" "$ref")
    set +e
    /usr/bin/time -v -o "$OUT/$name.$t.time" bash -c "$cmd" > "$OUT/$name.$t.log" 2>&1
    rc=$?
    set -e
    RSS[$name.$t]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.$t.time")
    RC[$name.$t]=$rc
    # check: every file validated, the right ones invalid
    case $t in
      claudelint) read -r seen bad < <(count_claudelint "$OUT/$name.$t.log") ;;
      ajv) read -r seen bad < <(count_ajv "$OUT/$name.$t.log") ;;
      sm|smfast|smnative)   # same command plus -v, which lists every file and a count
        bash -c "${cmd/ validate / validate -v }" > "$OUT/$name.$t.verbose.log" 2>&1 || true
        read -r seen bad < <(count_sm "$OUT/$name.$t.verbose.log") ;;
    esac
    if [[ $seen != "$files" || $bad != "$expect_bad" ]] || { [[ $expect_bad == 0 ]] && [[ $rc != 0 ]]; } ||
       { [[ $expect_bad != 0 ]] && [[ $rc == 0 ]]; }; then
      die "$name/$t: rc=$rc, $seen files seen (want $files), $bad invalid (want $expect_bad); see $OUT/$name.$t.log"
    fi
    if [[ -n $bad_list ]]; then
      local brc=0
      bash -c "$(cmd_$t "$schema" "$bad_list" "$ref")" > "$OUT/$name.$t.check.log" 2>&1 || brc=$?
      # sourcemeta --fast says only "fail: FILE": the valid file passing and this one failing is the proof
      local want='logging/level|"verbose"'; [[ $t == smfast ]] && want='^fail: '
      [[ $brc != 0 ]] && grep -Eq "$want" "$OUT/$name.$t.check.log" ||
        die "$name/$t: the planted mistake in $(cat "$bad_list") was not reported (rc=$brc); see $OUT/$name.$t.check.log"
    fi
    printf '  %-10s ok: rc=%s, %s files seen, %s invalid%s, peak RSS %s KB\n' "$t" "$rc" "$seen" "$bad" \
      "${bad_list:+, planted mistake in the last item found}" "${RSS[$name.$t]}" >&2
    hf+=(--command-name "$t" "$cmd")
  done
  local before after; before=$(loadavg)
  local -a ignore=(); [[ $expect_bad != 0 ]] && ignore=(-i)   # invalid corpus: non-zero exit expected
  hyperfine --style basic --warmup 1 --runs "$runs" "${ignore[@]}" \
    --export-json "$OUT/$name.json" "${hf[@]}" > "$OUT/$name.hyperfine.txt" 2>&1
  after=$(loadavg)
  echo "  load average before/after: $before / $after" >&2
  for t in "${TOOLS[@]}"; do
    jq -r --arg t "$t" '.results[] | select(.command == $t) | [.median, .stddev, .min, (.times | length)] | map(tostring) | join("\t")' "$OUT/$name.json" |
      while IFS=$'\t' read -r med sd mn n; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$t" "$files" "$docs" "$bytes" "$med" "$sd" "$mn" "$n" \
          "${RSS[$name.$t]}" "${RC[$name.$t]}" "$before" "$after" >> "$SUMMARY"
      done
  done
}

run_corpus one "$WORK/one.txt" "$SCHEMA" "" "$RUNS_ONE" 0 1
run_corpus small "$WORK/small.txt" "$SCHEMA" "" "$RUNS_SMALL" 0 "$(wc -l < "$WORK/small.txt")"
[[ $INVALID == 1 ]] && run_corpus small-invalid "$WORK/small-invalid.txt" "$SCHEMA" "" "$RUNS_SMALL" "$(wc -l < "$WORK/planted.txt")" "$(wc -l < "$WORK/small-invalid.txt")"
run_corpus big "$WORK/big.txt" "$FLEET" "$SCHEMA" "$RUNS_BIG" 0 "$BIG_ITEMS" "$WORK/big-check.txt"

# ---------------------------------------------------------------- table
echo
echo "claudelint $("$CLAUDELINT" --version | awk '{print $2}'), ajv-cli $(jq -r .version "$PEERS/node_modules/ajv-cli/package.json") (ajv $(jq -r .version "$PEERS/node_modules/ajv/package.json"), ajv-formats $(jq -r .version "$PEERS/node_modules/ajv-formats/package.json")), @sourcemeta/jsonschema $(jq -r .version "$PEERS/node_modules/@sourcemeta/jsonschema/package.json"), node $(node --version), hyperfine $(hyperfine --version | awk '{print $2}'); $(nproc) CPUs; results in $OUT"
echo
python3 - "$SUMMARY" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
label = {"claudelint": "claudelint validate", "ajv": "ajv-cli", "sm": "sourcemeta",
         "smfast": "sourcemeta --fast", "smnative": "sourcemeta (native, no node)"}
base = {r["corpus"]: float(r["median_s"]) for r in rows if r["tool"] == "claudelint"}
print("| corpus | tool | files | configs | MB | median s (± sd) | configs/s | MB/s | time / claudelint | peak RSS MB | load 1 min before → after |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|")
for r in rows:
    m = float(r["median_s"])
    sd = float(r["stddev_s"]) if r["stddev_s"] not in ("", "null") else 0.0
    mb = int(r["bytes"]) / 1e6
    print(f"| {r['corpus']} | {label[r['tool']]} | {r['files']} | {r['docs']} | {mb:.2f} | {m:.3f} (± {sd:.3f}) | "
          f"{int(r['docs']) / m:,.0f} | {mb / m:.2f} | {m / base[r['corpus']]:.2f}× | {int(r['rss_kb']) / 1024:.0f} | "
          f"{r['load_before'].split()[0]} → {r['load_after'].split()[0]} |")
PY
