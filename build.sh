#!/usr/bin/env bash
# sockrpc quick start. Idempotent; safe to run again at any time.
#
#   ./build.sh demo   install what is missing, build, run the demo
#   ./build.sh test   install what is missing, build, run every test:
#                     release + ASan/UBSan + TSan suites, bounded fuzz runs,
#                     and the find_package/add_subdirectory consumer check
#   ./build.sh deps   only install the Debian packages
#   ./build.sh build  only configure and build build/ (programs land in build/bin)
#
# Environment: JOBS (default: nproc), FUZZ_SECONDS (default 10 per target),
# SOCKRPC_SKIP_SANITIZERS=1 to skip the sanitizer builds locally,
# SOCKRPC_EXTRA_PACKAGES="a b" to have `deps` install more Debian packages (bench/run.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3 clang clang-format libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libtinyxml2-dev libasio-dev libcli11-dev tao-pegtl-dev nlohmann-json3-dev zlib1g-dev
  libxmlrpc-c++8-dev xmlrpc-api-utils libxmlrpcpp-dev
)
# shellcheck disable=SC2206  # a word list on purpose
PACKAGES+=(${SOCKRPC_EXTRA_PACKAGES:-})

log() { printf '\n==> %s\n' "$*"; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all Debian packages present"
    return
  fi
  log "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# configure_build DIR [cmake args...]
configure_build() {
  local dir=$1
  shift
  local launcher=()
  # ccache is optional (not installed by deps); it only speeds up repeated local builds.
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  # Our own builds treat warnings as errors; a plain `cmake -S . -B build` (packagers) does not.
  cmake -S "$ROOT" -B "$dir" -G Ninja "${launcher[@]}" -DSOCKRPC_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_ctest() {
  local dir=$1
  shift
  ctest --test-dir "$dir" -j "$JOBS" --output-on-failure --timeout 300 "$@"
}

build() {
  # Optimised like a release (-O2) but without debug info, which costs about a third of
  # the compile time of this template-heavy code base.
  log "building build/ (Release -O2, warnings as errors)"
  configure_build build -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"
}

demo() {
  build
  log "demo"
  bash "$ROOT/examples/demo.sh" "$ROOT/build/bin"
}

# Some kernels randomise mmap addresses more than TSan's shadow layout allows; running
# without ASLR (setarch -R) is the documented workaround.
tsan_runner() {
  if setarch "$(uname -m)" -R true 2>/dev/null; then echo "setarch $(uname -m) -R"; fi
}

fuzz() {
  log "fuzz targets (clang, libFuzzer), ${FUZZ_SECONDS}s each"
  CC=clang CXX=clang++ configure_build build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSOCKRPC_BUILD_FUZZ=ON -DSOCKRPC_BUILD_TESTS=OFF -DSOCKRPC_BUILD_EXAMPLES=OFF
  local found=0
  for f in build-fuzz/bin/*_fuzzer; do
    [ -x "$f" ] || continue
    found=1
    local name corpus
    name=$(basename "$f")
    corpus="$ROOT/tests/fuzz/corpus/${name%_fuzzer}"
    local work
    work=$(mktemp -d)
    [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
    log "fuzzing $name"
    "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/" "$work" 2>&1 | tail -n 3
    rm -rf "$work"
  done
  [ $found -eq 1 ] || echo "(no fuzz targets yet)"
}

consumer() {
  log "cmake consumer: find_package from an installed prefix, and add_subdirectory"
  # consumer uses every layer; codec_consumer links sockrpc::codec alone, without asio.
  local prefix
  prefix=$(mktemp -d)
  cmake --install build --prefix "$prefix" >/dev/null
  for mode in find_package add_subdirectory; do
    local out
    out=$(mktemp -d)
    cmake -S tests/cmake_consumer -B "$out" -G Ninja -DCONSUMER_MODE=$mode \
      -DCMAKE_PREFIX_PATH="$prefix" -DSOCKRPC_SOURCE_DIR="$ROOT" >/dev/null
    cmake --build "$out" -j "$JOBS" >/dev/null
    "$out/consumer"
    "$out/codec_consumer"
    rm -rf "$out"
  done
  rm -rf "$prefix"
}

check_format() {
  log "clang-format check"
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
}

test_all() {
  if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    check_format
  fi
  build
  log "test suite (release)"
  run_ctest build
  consumer
  if [ "${SOCKRPC_SKIP_SANITIZERS:-0}" != 1 ]; then
    log "test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
    # -g1 (line tables and function names) is all an -O0 sanitizer report needs, and
    # compiles 8-15% faster than full debug info.
    configure_build build-asan -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g1" \
      "-DSOCKRPC_SANITIZE=address;undefined" -DSOCKRPC_BUILD_EXAMPLES=ON
    ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      run_ctest build-asan
    log "test suite under ThreadSanitizer"
    # -O1 keeps TSan runs fast and reports exact; the example programs are thin shells
    # over the library and are black-box tested in the release and ASan trees already, and
    # the single-threaded codec tests (SOCKRPC_CONCURRENT_TESTS_ONLY) have no races to find.
    # Built with clang, so that the tests and tools compile warning-free with both
    # compilers (release and ASan use GCC).
    CC=clang CXX=clang++ configure_build build-tsan -DCMAKE_BUILD_TYPE=Debug \
      "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
      -DSOCKRPC_SANITIZE=thread -DSOCKRPC_BUILD_EXAMPLES=OFF -DSOCKRPC_CONCURRENT_TESTS_ONLY=ON
    # shellcheck disable=SC2046
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
      $(tsan_runner) ctest --test-dir build-tsan -j "$JOBS" --output-on-failure --timeout 300
    fuzz
  fi
  log "all checks passed"
}

case "${1:-}" in
  deps) deps ;;
  build) deps && build ;;
  demo) deps && demo ;;
  test) deps && test_all ;;
  fuzz) deps && fuzz ;;
  *)
    echo "usage: $0 {demo|test|deps|build|fuzz}" >&2
    exit 64
    ;;
esac
