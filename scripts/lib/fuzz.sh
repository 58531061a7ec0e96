# Runs libFuzzer targets built in a claudelint ASan/UBSan build folder.
# Sourced by scripts/sanitize (CI: seconds per target, over a throw-away copy
# of the seeds) and scripts/fuzz-long (local: hours, corpus kept between runs).

# Leaks, and UBSan findings, are failures too; an abort leaves the input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Every fuzz target (tests/fuzz/CMakeLists.txt builds fuzz_<kind>).
readonly FUZZ_ALL_TARGETS="json yaml dotenv shell units pipeline manifest rules lsp"

# The dictionary file of a target, if it has one (fixtures/fuzz/dict/).
fuzz_dict_for() {
  case "$1" in
    json) echo fixtures/fuzz/dict/json.dict ;;
    yaml) echo fixtures/fuzz/dict/yaml.dict ;;
    pipeline | manifest | rules) echo fixtures/fuzz/dict/tree.dict ;;
    lsp) echo fixtures/fuzz/dict/lsp.dict ;;
  esac
}

# fuzz_targets BUILD_DIR SECONDS CORPUS_ROOT KINDS...
# Runs each fuzz_<kind> for SECONDS over CORPUS_ROOT/<kind> (seeded from
# fixtures/fuzz/<kind>/, which is never written). Findings (crash-*, leak-*,
# timeout-*, oom-*) and the log go to BUILD_DIR/fuzz/<kind>/. Prints one
# summary line per target: runs, executions per second, corpus size.
# Returns 1 when any target found something.
fuzz_targets() {
  local build_dir="$1" seconds="$2" corpus_root="$3"
  shift 3
  local failed=() kind
  for kind in "$@"; do
    local fuzzer="$build_dir/tests/fuzz/fuzz_$kind" seeds="fixtures/fuzz/$kind"
    [[ -x "$fuzzer" ]] || { printf 'fuzz: error: %s was not built\n' "$fuzzer" >&2; return 1; }
    [[ -d "$seeds" ]] || { printf 'fuzz: error: no seed corpus at %s\n' "$seeds" >&2; return 1; }
    local corpus="$corpus_root/$kind" out="$build_dir/fuzz/$kind"
    mkdir -p "$corpus" "$out"
    rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out"/slow-unit-*
    cp -R "$seeds"/. "$corpus"/
    local dict_option=() dict
    dict="$(fuzz_dict_for "$kind")"
    [[ -n "$dict" ]] && dict_option=(-dict="$dict")

    printf 'fuzz: fuzz_%s: %ss over %s (%s inputs), log %s/fuzz.log\n' \
      "$kind" "$seconds" "$corpus" "$(find "$corpus" -type f | wc -l)" "$out" >&2
    local status=0
    "$fuzzer" "$corpus" "${dict_option[@]}" \
      -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$out/" -print_final_stats=1 >"$out/fuzz.log" 2>&1 || status=$?
    local runs rate
    runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$out/fuzz.log" | grep -Eo '[0-9]+$' || echo '?')"
    rate="$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$out/fuzz.log" | grep -Eo '[0-9]+$' || echo '?')"
    if ((status != 0)); then
      printf 'fuzz: fuzz_%s: FAILED (exit %s); findings in %s/, last lines of the log:\n' "$kind" "$status" "$out" >&2
      tail -n 40 "$out/fuzz.log" >&2
      failed+=("$kind")
    else
      printf 'fuzz: fuzz_%s: ok, %s runs in %ss (%s/s), corpus %s inputs\n' \
        "$kind" "$runs" "$seconds" "$rate" "$(find "$corpus" -type f | wc -l)" >&2
    fi
  done
  if ((${#failed[@]} > 0)); then
    printf 'fuzz: findings in: %s. Reproduce with %s/tests/fuzz/fuzz_<kind> <file>; once fixed, keep the input as\n' \
      "${failed[*]}" "$build_dir" >&2
    printf 'fuzz: fixtures/fuzz/<kind>/regression-<what>.<ext> (ctest replays every seed)\n' >&2
    return 1
  fi
}
