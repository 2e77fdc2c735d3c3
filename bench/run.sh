#!/usr/bin/env bash
# sockrpc benchmark suite (issue 7; documented in docs/performance.md).
#
#   bench/run.sh            full run: ~5 min; table on stdout, chart in docs/performance.png
#   bench/run.sh --quick    short points (1 s, fewer calls/connections): checks the suite works
#   bench/run.sh --perf     also profile interop_server (perf record) under struct and array
#   bench/run.sh --perf-only   build and profile only
#
# Builds the anchors and sockrpc (Release, build-bench/), starts each server pinned to
# core 0 (taskset -c 0), checks its answers (verify.py), runs wrk -t1 pinned to core 1
# (1 s warm-up, 5 s timed, HTTP/1.1 keep-alive, POST /RPC2) for add(2,3) at 1 and 16
# connections, a 10-member struct echo and a 10,000-int array echo at 16; then the
# client stacks against the floor, interop_server with 1 and 2 I/O threads (unpinned),
# memory per idle connection (10,000 open), and codec_bench. Results and logs land in
# build-bench/bench-results/ (BENCH_OUT overrides); ratios within one run are what count.
#
# Environment: BUILD_DIR (default build-bench), BENCH_OUT, JOBS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
BUILD=${BUILD_DIR:-$ROOT/build-bench}
JOBS=${JOBS:-2}
QUICK=0
PERF=0
MATRIX=1
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --perf) PERF=1 ;;
    --perf-only) PERF=1 MATRIX=0 ;;
    *)
      echo "usage: $0 [--quick] [--perf | --perf-only]" >&2
      exit 64
      ;;
  esac
done
OUT=${BENCH_OUT:-$BUILD/bench-results}
BIN=$BUILD/bin
LUA=$ROOT/bench/lua

if [ $QUICK = 1 ]; then
  WARM=0 DURATION=1 CALLS=2000 HOLD=500 CHART=$OUT/performance.png
else
  WARM=1 DURATION=5 CALLS=20000 HOLD=10000 CHART=$ROOT/docs/performance.png
fi

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

BENCH_PACKAGES=(wrk gnuplot-nox linux-perf python3 util-linux)

deps() {
  SOCKRPC_EXTRA_PACKAGES="${BENCH_PACKAGES[*]}" "$ROOT/build.sh" deps
}

build() {
  log "building $BUILD (Release)"
  local launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  # Tests stay configured (not built) because xmlrpc_c_server lives in tests/interop.
  # GCC 12 at -O3 reports -Wrestrict false positives in std::string code: no -Werror here.
  cmake -S "$ROOT" -B "$BUILD" -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DSOCKRPC_BUILD_BENCH=ON -DSOCKRPC_BUILD_TESTS=ON -DSOCKRPC_BUILD_EXAMPLES=OFF \
    -DSOCKRPC_BUILD_IDL=OFF -DSOCKRPC_WERROR=OFF >/dev/null
  local targets=(interop_server floor_server xmlrpcpp_server client_bench codec_bench)
  if ninja -C "$BUILD" -t targets all 2>/dev/null | grep -q '^xmlrpc_c_server:'; then
    targets+=(xmlrpc_c_server)
  fi
  cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}" >"$OUT/build.log" 2>&1 ||
    die "build failed; see $OUT/build.log"
}

SPID=""
PORT=""
# start_server NAME PIN(0|-) CMD...: starts it, waits for "listening on", sets SPID/PORT.
start_server() {
  local name=$1 pin=$2
  shift 2
  local logf=$OUT/server-$name.log
  if [ "$pin" = - ]; then
    "$@" --port 0 >"$logf" 2>&1 &
  else
    taskset -c "$pin" "$@" --port 0 >"$logf" 2>&1 &
  fi
  SPID=$!
  for _ in $(seq 300); do
    grep -q '^listening on ' "$logf" && break
    kill -0 "$SPID" 2>/dev/null || die "$name exited at start; see $logf"
    sleep 0.1
  done
  PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$logf" | head -1)
  [ -n "$PORT" ] || die "$name did not print 'listening on' within 30 s"
}

stop_server() {
  kill -TERM "$SPID" 2>/dev/null || true
  local rc=0
  wait "$SPID" || rc=$?
  [ $rc -eq 0 ] || log "warning: server exited $rc after SIGTERM"
  SPID=""
}
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; true' EXIT

# wrk_point TAG PIN(1|-) WORKLOAD CONNS: one warm-up and one timed run; echoes RESULT fields.
wrk_point() {
  local tag=$1 pin=$2 wl=$3 c=$4 run=()
  [ "$pin" = - ] || run=(taskset -c "$pin")
  local url=http://127.0.0.1:$PORT/RPC2
  if [ "$WARM" != 0 ]; then
    "${run[@]}" wrk -t1 -c"$c" -d"${WARM}s" --timeout 10s -s "$LUA/$wl.lua" "$url" >/dev/null
  fi
  local res
  res=$("${run[@]}" wrk -t1 -c"$c" -d"${DURATION}s" --timeout 10s -s "$LUA/$wl.lua" "$url" |
    tee "$OUT/wrk-$tag-$wl-c$c.txt" | sed -n 's/^RESULT //p')
  [ -n "$res" ] || die "wrk printed no result for $tag $wl c$c"
  case "$res" in
    *non2xx=0*) ;;
    *) die "$tag answered non-2xx under $wl (see $OUT/wrk-$tag-$wl-c$c.txt)" ;;
  esac
  echo "$res"
}

verify() {
  python3 "$ROOT/bench/verify.py" "http://127.0.0.1:$PORT/RPC2" "$1" ||
    die "$2 gave wrong answers; not timing it"
}

servers() {
  local name cmd kind
  while read -r name kind cmd <&3; do
    # shellcheck disable=SC2086
    [ -x "${cmd%% *}" ] || command -v "${cmd%% *}" >/dev/null ||
      {
        log "skipping $name (${cmd%% *} not built)"
        continue
      }
    log "server $name"
    # shellcheck disable=SC2086
    start_server "$name" 0 $cmd
    verify "$kind" "$name"
    local wl c
    for point in "add 1" "add 16" "struct 16" "array 16"; do
      read -r wl c <<<"$point"
      echo "wrk server=$name workload=$wl conns=$c $(wrk_point "$name" 1 "$wl" "$c")" >>"$RESULTS"
    done
    stop_server
  done 3<<EOF
floor add $BIN/floor_server
sockrpc full $BIN/interop_server --threads 1
xmlrpc++ full $BIN/xmlrpcpp_server
xmlrpc-c full $BIN/xmlrpc_c_server
python full python3 $ROOT/bench/py_server.py
EOF
}

clients() {
  log "client stacks against the floor ($CALLS calls each)"
  start_server floor-clients 0 "$BIN/floor_server"
  for m in raw sockrpc xmlrpc-c xmlrpc++; do
    local r
    r=$(taskset -c 1 "$BIN/client_bench" --mode "$m" --port "$PORT" --calls "$CALLS") ||
      die "client_bench $m failed"
    echo "client mode=$m per_call_us=$(awk '{print $6}' <<<"$r")" >>"$RESULTS"
  done
  r=$(taskset -c 1 python3 "$ROOT/bench/py_client.py" "http://127.0.0.1:$PORT/RPC2" "$CALLS") ||
    die "python client failed"
  echo "client mode=python per_call_us=$(awk '{print $6}' <<<"$r")" >>"$RESULTS"
  stop_server
}

scale() {
  for t in 1 2; do
    log "interop_server --threads $t (unpinned), struct"
    start_server "sockrpc-t$t" - "$BIN/interop_server" --threads "$t"
    verify full "interop_server --threads $t"
    echo "scale threads=$t $(wrk_point "sockrpc-t$t" - struct 16)" >>"$RESULTS"
    stop_server
  done
}

memory() {
  ulimit -n "$(ulimit -Hn)"
  [ "$(ulimit -n)" -ge $((HOLD + 100)) ] || die "ulimit -n $(ulimit -n) < $((HOLD + 100))"
  local name prog r
  for s in "sockrpc $BIN/interop_server" "floor $BIN/floor_server"; do
    read -r name prog <<<"$s"
    log "memory: $HOLD idle keep-alive connections to $name"
    start_server "$name-mem" - "$prog"
    r=$(python3 "$ROOT/bench/hold_conns.py" --port "$PORT" --pid "$SPID" --n "$HOLD") ||
      die "hold_conns failed against $name"
    echo "mem server=$name $(sed -n 's/^RESULT //p' <<<"$r")" >>"$RESULTS"
    stop_server
  done
}

codec() {
  log "codec_bench"
  local filter='(a_100k_ints|b_10k_structs|e_10k_int_call)'
  [ $QUICK = 1 ] && filter='d_10_member_call'
  taskset -c 0 "$BIN/codec_bench" --benchmark_filter="$filter" --benchmark_format=json \
    --benchmark_out="$OUT/codec.json" --benchmark_out_format=json >/dev/null ||
    die "codec_bench failed"
}

profile() {
  for wl in struct array; do
    log "perf record: interop_server under $wl"
    start_server "sockrpc-perf-$wl" 0 "$BIN/interop_server" --threads 1
    taskset -c 1 wrk -t1 -c16 -d"$((DURATION + 2))s" --timeout 10s -s "$LUA/$wl.lua" \
      "http://127.0.0.1:$PORT/RPC2" >/dev/null &
    local wpid=$!
    sleep 1
    perf record -F 999 -g -p "$SPID" -o "$OUT/perf-$wl.data" -- sleep "$DURATION" \
      >/dev/null 2>&1 || die "perf record failed"
    wait "$wpid"
    stop_server
    perf report -i "$OUT/perf-$wl.data" --stdio --no-children --sort symbol \
      >"$OUT/perf-$wl-report.txt" 2>/dev/null || die "perf report failed"
    grep -E '^ +[0-9]' "$OUT/perf-$wl-report.txt" | sed -n '1,25{s/  */ /g;s/ - - *$//;p}' |
      cut -c1-160 >"$OUT/perf-$wl-top.txt"
    echo "--- top symbols, $wl (self time; full report: perf report -i $OUT/perf-$wl.data)"
    cat "$OUT/perf-$wl-top.txt"
  done
}

mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: >"$RESULTS"
env_line() {
  echo "env when=$1 date=$(date -u +%Y-%m-%dT%H:%MZ) nproc=$(nproc) load1=$(cut -d' ' -f1 /proc/loadavg)"
}
deps
build
if [ $MATRIX = 1 ]; then
  env_line start >>"$RESULTS"
  servers
  clients
  scale
  memory
  codec
  env_line end >>"$RESULTS"
  python3 "$ROOT/bench/report.py" "$RESULTS" --codec "$OUT/codec.json" \
    --chart-data "$OUT/chart.dat" | tee "$OUT/report.md"
  gnuplot -e "datafile='$OUT/chart.dat'; outfile='$CHART'" "$ROOT/bench/chart.gp" ||
    die "gnuplot failed"
  log "chart: $CHART"
fi
if [ $PERF = 1 ]; then profile; fi
log "done; results in $OUT"
