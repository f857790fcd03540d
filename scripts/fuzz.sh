#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/) with -sanitize=fuzzer,address and runs each for
# SECONDS seconds (default 60) on a corpus seeded from Tests/Fixtures and Fuzz/Corpus, or for
# RUNS executions when RUNS is set in the environment (then SECONDS is only a ceiling).
# Prints executions and findings per harness; exits non-zero on any crash or disagreement.
#   scripts/fuzz.sh [SECONDS] [harness ...]
#   RUNS=10000000 scripts/fuzz.sh 86400 decimal
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(stream rest config theme indicators rules csv decimal)
SCRATCH=.build-fuzz
WORK=$SCRATCH/runs
FIXTURES=Tests/Fixtures/binance

swift build -c release --package-path Fuzz --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -g || exit 2
BIN=$(swift build -c release --package-path Fuzz --scratch-path "$SCRATCH" --show-bin-path)

# Seeds from the fixtures, written fresh each run (the corpus itself grows under $WORK).
seed() {
    local name=$1 dir=$WORK/seeds/$1
    rm -rf "$dir" && mkdir -p "$dir"
    case $name in
        stream)
            cp $FIXTURES/ws/*.json $FIXTURES/docs_examples/ws_*.json $FIXTURES/errors/ws_*.json "$dir"/
            head -c 4000 $FIXTURES/depth_sync/nknusdt_bookTicker.jsonl > "$dir/bookTicker_lines.jsonl" ;;
        rest)
            cp $FIXTURES/rest/*.json $FIXTURES/docs_examples/rest_*.json $FIXTURES/errors/rest_* "$dir"/
            cp $FIXTURES/rest/klines_adabtc_1m_2021-11-27_data-binance-vision.csv "$dir"/
            head -n 20 $FIXTURES/rest/klines_btcusdt_1h_2021Q1_data-binance-vision.csv > "$dir/klines_20.csv" ;;
        csv)
            for f in Tests/Fixtures/oracle/*.csv $FIXTURES/rest/*.csv; do head -n 30 "$f" > "$dir/$(basename "$f")"; done ;;
        theme)
            cp Themes/*.toml "$dir"/ ;;
    esac
    [ -d Fuzz/Corpus/$name ] && cp Fuzz/Corpus/$name/* "$dir"/ 2>/dev/null
    echo "$dir"
}

status=0
printf '%-11s %12s %10s %8s  %s\n' harness executions exec/s corpus findings > "$WORK.summary" 2>/dev/null || {
    mkdir -p "$WORK"; printf '%-11s %12s %10s %8s  %s\n' harness executions exec/s corpus findings > "$WORK.summary"; }
for name in "${HARNESSES[@]}"; do
    seeds=$(seed "$name")
    corpus=$WORK/corpus/$name
    artifacts=$WORK/findings/$name/
    # Findings of earlier runs were turned into regression tests; each run reports its own.
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    log=$WORK/$name.log
    echo "== fuzz-$name for ${RUNS:+$RUNS executions or }${SECONDS_EACH}s (log $log)"
    # TOMLKit (config, themes) leaks its C++ table on every parse, about 730 bytes; that is the
    # library's, recorded in RELIABILITY.md. Leak detection stays on for every other harness.
    # (-detect_leaks=0 stops the per-input check, ASAN_OPTIONS the report at exit.)
    extra=() sanitizer=()
    [ -n "${RUNS:-}" ] && extra+=(-runs="$RUNS")
    case $name in config|theme) extra+=(-detect_leaks=0) sanitizer=(ASAN_OPTIONS=detect_leaks=0) ;; esac
    # Output to a file: after a crash the symbolizer may keep a pipe open.
    env "${sanitizer[@]}" "$BIN/fuzz-$name" "$corpus" "$seeds" -max_total_time="$SECONDS_EACH" -print_final_stats=1 "${extra[@]}" \
        -artifact_prefix="$artifacts" -max_len=8192 -timeout=10 -rss_limit_mb=4096 > "$log" 2>&1 < /dev/null
    rc=$?
    runs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
    rate=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1)
    size=$(ls "$corpus" | wc -l)
    found=$(ls "$artifacts" | wc -l)
    verdict="none"
    if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
        verdict="$found input(s) in $artifacts (exit $rc): $(grep -a -m1 -E 'FUZZ FINDING|ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error' "$log")"
        status=1
    fi
    printf '%-11s %12s %10s %8s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "$size" "$verdict" | tee -a "$WORK.summary"
done
echo
cat "$WORK.summary"
exit $status
