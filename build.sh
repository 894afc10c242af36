#!/usr/bin/env bash
# Too Soon? build script. On a fresh Debian machine it installs only what is missing.
#
#   ./build.sh          build dist/extension (Chrome and Firefox), dist/too-soon-chrome.zip,
#                       dist/too-soon-firefox.xpi
#   ./build.sh test     build, then run every test; ends with one line "N passed, N failed"
#   ./build.sh bench    build, then run the benchmarks (not part of the tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

WASM_TARGET=wasm32-unknown-unknown
# The crate pins wasm-bindgen exactly; wasm-bindgen-cli must be the same version.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' crate/Cargo.toml)
GECKODRIVER_VERSION=0.37.1
DIST=$ROOT/dist
NODE_BIN=$ROOT/node_modules/.bin
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mbuild.sh: %s\033[0m\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- installs (idempotent)

APT_UPDATED=
apt_install() { # apt_install PACKAGE... : installs the Debian packages that are missing
  local missing=()
  for p in "$@"; do # installed, not merely known (a removed package leaves "deinstall ok config-files")
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing ${missing[*]} (apt)"
  [ -n "$APT_UPDATED" ] || { $sudo apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_build_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  command -v zip >/dev/null || apt_install zip
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    say "adding the Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  # npm ci only when the lock file changed since the last install.
  if ! cmp -s package-lock.json node_modules/.package-lock.json.installed 2>/dev/null; then
    say "installing npm dev dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.package-lock.json.installed
  fi
}

ensure_test_tools() {
  apt_install chromium chromium-driver firefox-esr iproute2 util-linux
  # Firefox in German, French and Spanish (tests/e2e/languages.test.js).
  apt_install firefox-esr-l10n-de firefox-esr-l10n-fr firefox-esr-l10n-es-es
  if [ "$(geckodriver --version 2>/dev/null | head -n1 | cut -d' ' -f2)" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (about 2 minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --force
  fi
}

# ---------------------------------------------------------------- build

size_of() { stat -c %s "$1"; }
# Without the name and time gzip would store in its header: the same bytes give the same size.
gzip_size() { gzip -9 -n -c "$1" | wc -c; }

# wasm-opt over a module, in place; more wasm-opt flags after it (`-g` keeps the names:
# tests/bench/module-size.js). Also used by tests/bench/wasm-vs-native.js.
# --low-memory-unused lets a constant added to an address become the load's or store's
# offset (2.3 KB smaller): the two differ only where the add wraps past 4 GiB into the
# first KB, which Rust's pointers never do (there the offset traps instead). The
# compiler's notes (the producers and target_features sections) are left out: no browser
# reads them. Functions are then ordered by name: the copies of one generic function sit
# side by side, where gzip finds what they share (0.6 KB smaller, 0.3 KB gzipped).
optimize_wasm() {
  "$NODE_BIN/wasm-opt" -Oz --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --reorder-functions-by-name --strip-producers --strip-target-features "${@:2}" "$1" -o "$1.opt"
  mv "$1.opt" "$1"
}

# assemble OUT HOOKS : the extension in OUT, from extension/ and the engine built in
# $ENGINE. HOOKS true is the test build: the hooks the tests use (the clock offset, see
# shared/protocol.js CLOCK_OFFSET) are in; false is the shipped build, where every bundle
# is made with them defined away, so no trace of them is shipped.
assemble() {
  local out=$1 hooks=$2
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  cp -r extension "$out"
  cp -r "$ENGINE" "$out/engine"
  local bundle=("$NODE_BIN/esbuild" --bundle --log-level=warning --minify-syntax
    "--define:globalThis.TOO_SOON_TEST_HOOKS=$hooks")
  # The popup and the options page: each page's modules shipped as one minified file
  # (fewer loads and less to parse before the popup can show its list: about 8 ms of its
  # opening); the module sources stay as they are. The popup's early.js is bundled as a
  # classic script, which runs as soon as the head is read.
  local page
  for page in popup options welcome; do
    "${bundle[@]}" --minify "extension/$page/$page.js" --format=esm --outfile="$out/$page/$page.js" --allow-overwrite
    find "$out/$page" -name '*.js' ! -name "$page.js" ! -name early.js -delete
  done
  "${bundle[@]}" extension/popup/early.js --format=iife --outfile="$out/popup/early.js" --allow-overwrite
  # The background: one module; the engine's glue stays beside it (it finds the module
  # by its own address).
  "${bundle[@]}" extension/background/main.js --format=esm --external:'*/engine/too_soon.js' --external:'*/engine/sync/too_soon.js' \
    --outfile="$out/background/main.js" --allow-overwrite
  find "$out/background" -name '*.js' ! -name main.js -delete
  rm -r "$out/shared"
  # The content scripts: each webmail's entry (content/<webmail>.js, the one file its
  # manifest entry lists) with the modules it imports, as one classic script (a content
  # script cannot be a module; strict, as modules are), minified by terser (a few % smaller
  # gzipped than esbuild's own): it runs in every webmail page.
  local entries entry
  entries=$(node -e 'for (const c of require(process.argv[1]).content_scripts) console.log(c.js.join(" "))' "$ROOT/extension/manifest.json")
  rm -r "$out/content"
  for entry in $entries; do
    "${bundle[@]}" "extension/$entry" --format=iife --banner:js='"use strict";' --outfile="$out/$entry"
    "$NODE_BIN/terser" "$out/$entry" --compress --mangle --output "$out/$entry.min"
    mv "$out/$entry.min" "$out/$entry"
  done
}

# extension/shared/contract.js, what the extension's JavaScript shares with the engine,
# written from the engine's Rust definitions (crate/src/contract.rs); only when it changed.
write_contract() {
  local file=extension/shared/contract.js fresh
  fresh=$(mktemp)
  cargo run --quiet -p too-soon --example contract >"$fresh"
  cmp -s "$fresh" "$file" || { say "writing $file"; cat "$fresh" >"$file"; }
  rm "$fresh"
}

# build_engine OUT [CARGO FLAGS]: the engine built for WebAssembly (release, optimised for
# size), its glue made by wasm-bindgen and the module by wasm-opt, in OUT. The module
# cargo built is kept as target/engine/<OUT's name>/too_soon.wasm (tests/bench/module-size.js);
# UNOPTIMIZED[OUT] is its size before wasm-opt.
declare -A UNOPTIMIZED
build_engine() {
  local out=$1
  # The source paths of panics are in the module: the registry's start where cargo keeps
  # its sources, so the same module is built wherever that is (and 0.3 KB smaller).
  CARGO_ENCODED_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/=" \
    cargo build --quiet --profile wasm --target "$WASM_TARGET" -p too-soon --lib "${@:2}"
  local kept; kept=target/engine/$(basename "$out")
  mkdir -p "$kept"
  cp "target/$WASM_TARGET/wasm/too_soon.wasm" "$kept/too_soon.wasm"
  # A fresh instance after a trap (background/engine.js, recoverFrom): __wbg_reset_state.
  wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir "$out" \
    "$kept/too_soon.wasm"
  UNOPTIMIZED[$out]=$(size_of "$out/too_soon_bg.wasm")
  optimize_wasm "$out/too_soon_bg.wasm"
}

build() {
  ensure_build_tools
  write_contract
  rm -rf "$DIST"
  mkdir -p "$DIST"
  # Two modules (docs/performance.md, "Two modules"): the everyday engine, without sync's
  # exports, which the background loads; and the engine with them, which it loads in its
  # place once sync is on (background/engine.js).
  ENGINE=$DIST/engine
  say "building the engine for WebAssembly (release, optimised for size), without and with sync"
  build_engine "$ENGINE" --no-default-features
  build_engine "$ENGINE/sync"
  local raw=$ENGINE/too_soon_bg.wasm synced=$ENGINE/sync/too_soon_bg.wasm
  assemble "$DIST/extension" false
  assemble "$DIST/test/extension" true
  # The pseudo-locale build (tests only): the test build with every word in ⟦…⟧, a third longer.
  mkdir -p "$DIST/pseudo" && cp -r "$DIST/test/extension" "$DIST/pseudo/extension"
  node tests/pseudo-locale.js "$DIST/pseudo/extension/_locales"
  local content; content=$(node -e '
    const m = require(process.argv[1] + "/manifest.json"), fs = require("fs");
    console.log(m.content_scripts.map((c) => c.js.reduce((n, f) => n + fs.statSync(process.argv[1] + "/" + f).size, 0)).join(" / "))' "$DIST/extension")
  # The command line's shell completions and man page, generated by the CLI itself
  # (clap_complete, clap_mangen).
  cargo build --quiet --bin too-soon
  mkdir -p "$DIST/cli"
  local cli=target/debug/too-soon
  "$cli" completions bash >"$DIST/cli/too-soon.bash"
  "$cli" completions zsh >"$DIST/cli/_too-soon"
  "$cli" completions fish >"$DIST/cli/too-soon.fish"
  "$cli" manpage >"$DIST/cli/too-soon.1"
  (cd "$DIST/extension" && zip -q -r -X "$DIST/too-soon-chrome.zip" . && cp "$DIST/too-soon-chrome.zip" "$DIST/too-soon-firefox.xpi")
  say "built"
  cat <<EOF
  dist/extension/            unpacked extension, one folder for both browsers:
                               Chrome:  chrome://extensions > Developer mode > Load unpacked
                               Firefox: about:debugging > This Firefox > Load Temporary Add-on (pick manifest.json)
  dist/too-soon-chrome.zip   for the Chrome Web Store
  dist/too-soon-firefox.xpi  for addons.mozilla.org
  dist/cli/                  the command line's completions (bash, zsh, fish) and man page
  dist/test/extension/       the test build: the shipped one plus the hooks the tests use
  dist/pseudo/extension/     the test build in the pseudo-locale (every word in ⟦…⟧, a third longer)
  WebAssembly engine:        $(size_of "$raw") bytes raw (${UNOPTIMIZED[$ENGINE]} before wasm-opt), $(gzip_size "$raw") bytes gzipped
  the engine with sync:      $(size_of "$synced") bytes raw, $(gzip_size "$synced") bytes gzipped (loaded instead once sync is on)
  content script per page:   $content bytes (Gmail / Outlook / Proton / Yahoo, minified)
EOF
}

# ---------------------------------------------------------------- tests

PASSED=0
FAILED=0
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

summary() { echo "$PASSED passed, $FAILED failed"; }

# Counters read what one part printed ($LOG) and add it to the totals; $1 is ok or fail.
count_cargo() { # "test result: ok. N passed; M failed" of cargo test and wasm-bindgen-test
  local results
  results=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$LOG" || true)
  PASSED=$((PASSED + $(awk '{s+=$4} END {print s+0}' <<<"$results")))
  FAILED=$((FAILED + $(awk '{s+=$6} END {print s+0}' <<<"$results")))
}
count_node() { # node --test's summary: "ℹ pass N" / "ℹ fail N"
  PASSED=$((PASSED + $(grep -oE '^ℹ pass [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')))
  FAILED=$((FAILED + $(grep -oE '^ℹ fail [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')))
}
count_one() { # a check that passes or fails as a whole (formatting, lints)
  if [ "$1" = ok ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}

# step NAME COUNTER COMMAND... : runs one part of the suite; stops the suite if it fails.
step() {
  local name=$1 counter=$2; shift 2
  say "test: $name"
  local started=$SECONDS
  if "$@" 2>&1 | tee "$LOG"; then
    $counter ok
    echo "   ($name: $((SECONDS - started)) s)"
  else
    local failed_before=$FAILED
    $counter fail
    [ "$FAILED" -gt "$failed_before" ] || FAILED=$((FAILED + 1)) # a crash that counted nothing
    printf '\033[1;31mFAILED: %s (output above). Later parts were not run.\033[0m\n' "$name" >&2
    summary
    exit 1
  fi
}

wasm_tests() { # wasm_tests chrome|firefox : Rust tests compiled to WebAssembly, in a real browser
  local driver
  case $1 in
    chrome) driver=(env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver) ;;
    firefox) driver=(env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)") ;;
  esac
  # Compiled first, with the network as it is; then run offline like every browser test.
  cargo test --no-run --quiet --target "$WASM_TARGET" -p too-soon --tests
  # webdriver.json (crate/) adds --no-sandbox for Chromium, needed when running as root.
  # The browser runs in a zone with daylight saving time, which the zone tests need.
  offline "${driver[@]}" TZ=America/New_York CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --offline --target "$WASM_TARGET" -p too-soon --tests
}

offline() { # runs a command with no network but loopback, where the machine allows it
  if unshare -n true 2>/dev/null; then
    unshare -n bash -c 'ip link set lo up && exec "$@"' offline "$@"
  else
    echo "(unshare -n is not permitted here: running with the network namespace as is)"
    "$@"
  fi
}

run_tests() {
  ensure_test_tools
  build
  step "rustfmt" count_one cargo fmt --all --check
  step "clippy (native)" count_one cargo clippy --quiet --all-targets -- -D warnings
  step "clippy (wasm32)" count_one cargo clippy --quiet --target "$WASM_TARGET" -p too-soon --lib --tests -- -D warnings
  step "cargo test (native)" count_cargo cargo test --quiet
  step "Rust in headless Chromium (wasm-bindgen-test)" count_cargo wasm_tests chrome
  step "Rust in headless Firefox (wasm-bindgen-test)" count_cargo wasm_tests firefox
  step "web-ext lint" count_one node tests/lint.js "$DIST/extension"
  step "links in README and docs, files cited in comments" count_one node tests/links.js
  step "no dependency cycle between the engine's modules, no import across the extension's rooms" count_one node tests/modules.js
  step "JavaScript unit tests (node)" count_node node --test --test-reporter=spec tests/unit/*.test.js
  step "end-to-end: Chromium and Firefox (offline)" count_node \
    offline node --test --test-reporter=spec --test-concurrency=2 tests/e2e/chromium.test.js tests/e2e/firefox.test.js tests/e2e/crash.test.js tests/e2e/smoke.test.js tests/e2e/languages.test.js tests/e2e/welcome.test.js
  say "all tests passed"
  summary
}

case ${1:-build} in
  build) build ;;
  test) run_tests ;;
  bench) build && bash tests/bench/run.sh ;;
  optimize-wasm) optimize_wasm "${@:2}" ;;
  -h | --help | help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (try: ./build.sh, ./build.sh test, ./build.sh bench)" ;;
esac
