#!/usr/bin/env bash
# claudelint against the tools users would otherwise pick, side by side: each
# comparison is ONE hyperfine call holding claudelint and its peers on the
# same files, so the ratios come from one run on one machine.
#
# usage: bench/compare.sh [--install] [--runs N] [--only REGEX]
#   --install   install the peers first: npm packages into $PEERS, and
#               hyperfine, yamllint, jq, time, python3-jsonschema from Debian
#   --runs N    measured runs per command (default 5; +1 warmup)
#   --only RE   run only the comparisons whose name matches RE
# env:
#   CLAUDELINT  the binary (default build-bench/compiler/claudelint, a Release
#               build: cmake -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release)
#   PEERS       npm prefix for ajv-cli, @sourcemeta/jsonschema, spectral,
#               secretlint (default /tmp/claudelint-peers)
#   CORPUS      where the corpora are generated (default /tmp/claudelint-corpus)
#   SHARED      the shared bench kit (default ../shared/bench next to the repo):
#               gen_corpus.py, schemas/, peers-config/, lib/with-list.sh
#   BEFORE      an older claudelint binary, timed beside the current one in
#               the whole-job, big-file and one-file comparisons (optional)
#   SCALE       projects in the scaling corpus beside p100 and p2000
#               (default 20000: 140,000 files; 0 leaves it out)
#
# Writes $CORPUS/results/<comparison>.json (hyperfine exports) and prints the
# markdown table bench/README.md records (medians, each row's ratio to the
# claudelint row of its comparison, peak RSS of claudelint).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLAUDELINT=${CLAUDELINT:-$REPO/build-bench/compiler/claudelint}
PEERS=${PEERS:-/tmp/claudelint-peers}
CORPUS=${CORPUS:-/tmp/claudelint-corpus}
SHARED=${SHARED:-$REPO/../shared/bench}
BEFORE=${BEFORE:-} SCALE=${SCALE:-20000}
RUNS=5 ONLY=. INSTALL=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --install) INSTALL=1; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

[[ -f $SHARED/gen_corpus.py ]] || { echo "compare.sh: the shared bench kit is not at $SHARED (set SHARED)" >&2; exit 2; }
SHARED=$(cd "$SHARED" && pwd)
if [[ $INSTALL == 1 ]]; then
  apt-get install -y --no-install-recommends hyperfine yamllint jq time python3-jsonschema python3-yaml >&2
  npm install --prefix "$PEERS" --no-audit --no-fund ajv-cli@5 ajv-formats @sourcemeta/jsonschema \
    @stoplight/spectral-cli secretlint @secretlint/secretlint-rule-preset-recommend \
    @secretlint/secretlint-rule-anthropic >&2
fi
[[ -x $CLAUDELINT ]] || { echo "compare.sh: no claudelint at $CLAUDELINT (build it, or set CLAUDELINT)" >&2; exit 2; }
for tool in hyperfine yamllint jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: missing $tool (run with --install)" >&2; exit 2; }
done
BIN=$PEERS/node_modules/.bin
for tool in ajv jsonschema spectral secretlint; do
  [[ -x $BIN/$tool ]] || { echo "compare.sh: missing $BIN/$tool (run with --install)" >&2; exit 2; }
done

# The corpora: 100 and 2,000 guide-shaped projects, and one 10 MB file of each syntax.
mkdir -p "$CORPUS"
CORPUS=$(cd "$CORPUS" && pwd)
specs=("p100 --projects 100" "p2000 --projects 2000" "big --big --big-mb 10")
((SCALE > 0)) && specs+=("p$SCALE --projects $SCALE")
for spec in "${specs[@]}"; do
  read -r name args <<<"$spec"
  [[ -d $CORPUS/$name ]] || python3 "$SHARED/gen_corpus.py" --out "$CORPUS/$name" $args --seed 1 --violations 0.1 >&2
done
LISTS=$CORPUS/lists RESULTS=$CORPUS/results
mkdir -p "$LISTS" "$RESULTS"
for name in p100 p2000; do
  (cd "$CORPUS/$name" && find proj-* -type f | LC_ALL=C sort) > "$LISTS/$name-all.txt"
  grep -E '/config/[^/]+\.json$' "$LISTS/$name-all.txt" > "$LISTS/$name-env.txt"
  grep -E '\.ya?ml$' "$LISTS/$name-all.txt" > "$LISTS/$name-yaml.txt"
done

WITH=$SHARED/lib/with-list.sh
S=$SHARED/schemas
AJV=$BIN/ajv SM=$BIN/jsonschema SPECTRAL=$BIN/spectral SECRETLINT=$BIN/secretlint
CL="$CLAUDELINT check --format json"
# The same job with the older binary, when given: "before" rows.
before() { [[ -n $BEFORE ]] && printf '%s\n' "$BEFORE check --format json $*"; }

# compare NAME DIR COMMAND... : one hyperfine call, the first command being claudelint's.
compare() {
  local name=$1 dir=$2
  shift 2
  [[ $name =~ $ONLY ]] || return 0
  echo "compare.sh: $name" >&2
  (cd "$dir" && hyperfine --warmup 1 --runs "$RUNS" -i --style basic --export-json "$RESULTS/$name.json" \
    --output=null "$@" >&2)
}
# Peak RSS of claudelint's run, in MB.
peak_rss() { (cd "$1" && /usr/bin/time -f %M "${@:2}" >/dev/null 2>"$RESULTS/rss.txt" || true); tail -1 "$RESULTS/rss.txt" | awk '{printf "%.0f", $1/1024}'; }

# Outside the corpus, so that claudelint does not check it as one of its files.
cp "$SHARED/peers-config/spectral.yaml" "$CORPUS/spectral-bench.yaml"
P2000=$CORPUS/p2000 P100=$CORPUS/p100 BIG=$CORPUS/big

# 1. The whole job against schema validation of the env JSON files alone, and the floor.
mapfile -t before_whole < <(before .)
compare whole-job "$P2000" \
  "$CL ." \
  "${before_whole[@]}" \
  "$WITH $LISTS/p2000-env.txt - $SM validate -c -f $S/env.schema.json" \
  "$AJV validate --spec=draft7 --all-errors --errors=line -s $S/env.schema.json -d 'proj-*/config/*.json'" \
  "$WITH $LISTS/p2000-all.txt - cat"
# 2. Each part against its specialist.
# The YAML files given to check are checked within their whole trees (every
# file loaded, validated, compiled, every rule); validate against the empty
# schema does what yamllint does: syntax, duplicate keys, and nothing else.
echo '{}' > "$CORPUS/empty.schema.json"
compare yaml-vs-yamllint "$P2000" \
  "$WITH $LISTS/p2000-yaml.txt - $CL" \
  "$WITH $LISTS/p2000-yaml.txt - $CLAUDELINT validate --format json --schema $CORPUS/empty.schema.json" \
  "$WITH $LISTS/p2000-yaml.txt - yamllint -f parsable"
# The rules Spectral's ruleset has (https endpoint, certificate validation,
# TLS >= 1.2, TLS 1.3 in production, the log level's enum), then every rule.
compare rules-vs-spectral "$P2000" \
  "$WITH $LISTS/p2000-env.txt - $CL --select CL2001,CL2002,CL2003,CL2006,CL1002" \
  "$WITH $LISTS/p2000-env.txt - $CL" \
  "$WITH $LISTS/p2000-env.txt - $SPECTRAL lint -r $CORPUS/spectral-bench.yaml -f text"
# Literal secrets (what secretlint finds), then the whole job.
compare secrets-vs-secretlint "$P100" \
  "$CL --select literal-secret ." \
  "$CL ." \
  "$SECRETLINT --secretlintrc $SHARED/peers-config/secretlintrc.json 'proj-*/**/*'"
# 3. One big file of each syntax.
mapfile -t before_json < <(before fleet.json)
mapfile -t before_yaml < <(before fleet.yaml)
compare big-json "$BIG" \
  "$CL fleet.json" \
  "${before_json[@]}" \
  "$SM validate -c -f -r $S/env.schema.json $S/fleet.schema.json fleet.json"
compare big-yaml "$BIG" \
  "$CL fleet.yaml" \
  "${before_yaml[@]}" \
  "$SM validate -c -f -r $S/env.schema.json $S/fleet.schema.json fleet.yaml"
# 4. Start-up, and one small file end to end (what a pre-commit hook pays per call).
first_env=$(head -1 "$LISTS/p100-env.txt")
compare startup "$P100" \
  "$CLAUDELINT --version" \
  "$SM version"
mapfile -t before_one < <(before "$first_env")
compare one-file "$P100" \
  "$CL $first_env" \
  "${before_one[@]}" \
  "$SM validate -c -f $S/env.schema.json $first_env"
# 5. Scaling: files per second from 700 to 14,000 files, and --jobs 1 against --jobs 2.
scale_rows=()
((SCALE > 0)) && scale_rows+=("$CL p$SCALE")
compare scaling "$CORPUS" \
  "$CL p100" \
  "$CL p2000" \
  "${scale_rows[@]}"
compare jobs "$P2000" \
  "$CL --jobs 2 ." \
  "$CL --jobs 1 ."
# 6. What a CI runner of a 4-way matrix pays (--shard), and a re-run over an
# unchanged tree (--cache, warmed by hyperfine's warmup run).
rm -rf "$CORPUS/cache"
compare shard-and-cache "$P2000" \
  "$CL ." \
  "$CL --shard 1/4 ." \
  "$CL --cache $CORPUS/cache ."

# Peak RSS, with /usr/bin/time, one run each.
rss_lines=("claudelint, p100 (700 files)=$(peak_rss "$P100" $CL .)"
           "claudelint, p2000 (14,000 files)=$(peak_rss "$P2000" $CL .)"
           "claudelint --shard 1/4, p2000=$(peak_rss "$P2000" $CL --shard 1/4 .)"
           "sourcemeta, the 8,000 env JSON of p2000=$(peak_rss "$P2000" $WITH $LISTS/p2000-env.txt - $SM validate -c -f $S/env.schema.json)")
((SCALE > 0)) && rss_lines+=("claudelint, p$SCALE ($((SCALE * 7)) files)=$(peak_rss "$CORPUS/p$SCALE" $CL .)")
python3 - "$RESULTS" "${rss_lines[@]}" <<'EOF'
import json, os, sys
results, rss = sys.argv[1], sys.argv[2:]
print(f"| comparison | command | median s | ratio to the first row |")
print("|---|---|--:|--:|")
for name in ["whole-job", "yaml-vs-yamllint", "rules-vs-spectral", "secrets-vs-secretlint", "big-json",
             "big-yaml", "startup", "one-file", "scaling", "jobs", "shard-and-cache"]:
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        continue
    rows = json.load(open(path))["results"]
    base = rows[0]["median"]
    for row in rows:
        command = row["command"].replace(os.environ.get("HOME", "~"), "~")
        for long, short in [(os.path.dirname(os.path.dirname(results)) + "/", "")]:
            command = command.replace(long, "")
        command = command if len(command) < 90 else command[:87] + "..."
        print(f"| {name} | `{command}` | {row['median']:.4f} | {row['median'] / base:.2f} |")
print("\n| peak RSS | MB |\n|---|--:|")
for line in rss:
    what, mb = line.rsplit("=", 1)
    print(f"| {what} | {mb} |")
EOF
