#!/usr/bin/env bash
# Builds the npm package `proficient-wasm` into wasm/pkg/ and copies what the
# browser page needs into wasm/www/pkg/. Needs the wasm32 target,
# wasm-bindgen-cli of the crate's wasm-bindgen version and `npm ci` in wasm/
# (scripts/setup-wasm.sh installs them). The package has two WebAssembly
# modules (wasm/README.md, "Two modules"): proficient_wasm (cargo feature
# `main`: the shipped frameworks and profile, baked into it by build.rs, CSV
# evidence, score, screen) and proficient_wasm_extra (feature `extra`:
# frameworks and profiles read from YAML, evidence read from JSON, analyses,
# plans/CPD/progress, the report, CASE, badges). Prints each .wasm's size, raw and gzipped, the
# main one against the budget (400 KB, 150 KB gzipped); with
# PROFICIENT_WASM_ENFORCE_BUDGET=1 a main module over budget fails the build.
#
# For each module:
#   1. cargo: the crate for wasm32-unknown-unknown with fat LTO, one codegen
#      unit and panic=abort (profile `wasm-release`, defined here with
#      --config so the workspace's own release profile is untouched), at the
#      opt-levels below;
#   2. wasm-bindgen --target web: ES module glue usable by pages, bundlers
#      and Node (node.js instantiates the main module synchronously from the
#      file, and the second on first use);
#   3. wasm-opt -Oz from the npm `binaryen` package (never a system one:
#      Debian's binaryen produces broken output for current Rust).
# Then the hand-written wrapper (js/) and the TypeScript types generated from
# the Rust types (js/types.d.ts) are copied beside them.
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
pkg=pkg
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# Optimisation ("mixed", the default): opt-level "z" for every crate but
# proficient-wasm-hot (wasm/hot) and the csv crates (csv, csv-core: the CSV
# tokenizer), at opt-level 3. That small crate is the
# hot path (evidence bytes read into the core's Scorer, results written as
# JSON): generic code is compiled in the crate that instantiates it, so the
# readers and serde_json's serialisation of the results are compiled for
# speed there and everything else for size; so are the core's functions
# marked `#[inline]` that it calls (a CSV record into an item, the item
# into the scorer's batch). All at "z" scores two to three
# times slower; all at 3 makes the main module about 40% bigger (see
# wasm/README.md). PROFICIENT_WASM_OPT_LEVEL=0-3, s or z sets every crate.
opt_level="${PROFICIENT_WASM_OPT_LEVEL:-mixed}"
# PROFICIENT_WASM_HOT_OPT_LEVEL: the hot crate's opt-level in a mixed build
# (default 3).
hot_level="${PROFICIENT_WASM_HOT_OPT_LEVEL:-3}"
case "$hot_level" in
  0 | 1 | 2 | 3) ;;
  s | z) hot_level="\"$hot_level\"" ;;
  *) echo "PROFICIENT_WASM_HOT_OPT_LEVEL must be 0-3, s or z" >&2; exit 2 ;;
esac
case "$opt_level" in
  mixed) opt_config=(--config 'profile.wasm-release.opt-level="z"'
    --config "profile.wasm-release.package.proficient-wasm-hot.opt-level=$hot_level"
    --config "profile.wasm-release.package.csv-core.opt-level=$hot_level"
    --config "profile.wasm-release.package.csv.opt-level=$hot_level") ;;
  0 | 1 | 2 | 3) opt_config=(--config "profile.wasm-release.opt-level=$opt_level") ;;
  s | z) opt_config=(--config "profile.wasm-release.opt-level=\"$opt_level\"") ;;
  *) echo "PROFICIENT_WASM_OPT_LEVEL must be mixed, 0-3, s or z" >&2; exit 2 ;;
esac
# PROFICIENT_WASM_NAMES=1 keeps the functions' names (wasm-opt -g), for
# profiles (`node --cpu-prof`) that name Rust functions; the module is then
# larger than the budget allows and the budget is not checked.
names=""
if [ "${PROFICIENT_WASM_NAMES:-0}" = 1 ]; then names=1; fi
# One cargo build per module: the crate with feature `main` (the main
# module, proficient_wasm) and with feature `extra` (the second module,
# proficient_wasm_extra). Both land at the same cargo output path, so each
# is run through wasm-bindgen before the next build.
build_module() {
  local features="$1" name="$2"
  echo "building $name (wasm32-unknown-unknown, feature $features, opt-level $opt_level)"
  cargo build --locked -q -p proficient-wasm --target wasm32-unknown-unknown \
    --no-default-features --features "$features" \
    --profile wasm-release \
    --config 'profile.wasm-release.inherits="release"' \
    "${opt_config[@]}" \
    --config 'profile.wasm-release.lto=true' \
    --config 'profile.wasm-release.codegen-units=1' \
    --config 'profile.wasm-release.panic="abort"' \
    --config 'profile.wasm-release.debug=false'
  local wasm_in="$target_dir/wasm32-unknown-unknown/wasm-release/proficient_wasm.wasm"
  wasm-bindgen --target web --out-dir "$pkg" --out-name "$name" "$wasm_in"
  rm -f "$pkg/${name}_bg.wasm.d.ts"
  local file="$pkg/${name}_bg.wasm"
  wc -c <"$file" >"$pkg/.${name}.before"
  # The main module (budgeted): wasm-opt's passes repeated while they
  # shrink it (--converge), and the low 1 KB of memory taken as unused
  # (--low-memory-unused: it is the far end of the 1 MiB stack, which Rust
  # places first), 0.6 and 0.8 KB gzipped less.
  local more=()
  if [ "$name" = proficient_wasm ]; then more=(--converge --low-memory-unused); fi
  "$wasm_opt" -Oz ${names:+-g} "${more[@]}" \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$file" -o "$pkg/${name}_bg.opt.wasm"
  mv "$pkg/${name}_bg.opt.wasm" "$file"
}

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "wasm/node_modules/.bin/wasm-opt missing: run \`npm ci\` in wasm/ (scripts/setup-wasm.sh does)" >&2
  exit 2
fi

rm -rf "$pkg"
mkdir -p "$pkg"
build_module main proficient_wasm
build_module extra proficient_wasm_extra

cp js/index.js js/index.d.ts js/node.js js/node.d.ts js/types.d.ts "$pkg/"

rm -rf www/pkg www/demo
mkdir -p www/pkg www/demo
cp "$pkg/index.js" "$pkg/proficient_wasm.js" "$pkg/proficient_wasm_bg.wasm" \
  "$pkg/proficient_wasm_extra.js" "$pkg/proficient_wasm_extra_bg.wasm" www/pkg/
cp "$root/examples/job-retention-evidence.csv" "$root/examples/job-coach-evidence.csv" "$root/examples/ips-fidelity-reviews.csv" www/demo/

node --input-type=module - "$pkg" <<'JS'
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const [pkg] = process.argv.slice(2);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
let over = false;
for (const [name, budget] of [['proficient_wasm', true], ['proficient_wasm_extra', false]]) {
  const bytes = readFileSync(`${pkg}/${name}_bg.wasm`);
  const before = Number(readFileSync(`${pkg}/.${name}.before`, 'utf8'));
  const raw = bytes.length;
  const gz = gzipSync(bytes, { level: 9 }).length;
  const limit = budget ? '; budget 400 KB, 150 KB gzipped' : ' (second module, loaded for files read from YAML, JSON evidence, the analyses, trainer, CASE and badges; no budget)';
  console.log(`${name}_bg.wasm: ${raw} bytes (${kb(raw)}), gzipped ${gz} bytes (${kb(gz)})${limit} [wasm-opt -Oz: ${kb(before)} -> ${kb(raw)}]`);
  if (budget && (raw >= 400_000 || gz >= 150_000) && process.env.PROFICIENT_WASM_NAMES !== '1') over = true;
}
if (over) {
  console.log('OVER BUDGET: see "Size and speed" in wasm/README.md for what the size is made of');
  if (process.env.PROFICIENT_WASM_ENFORCE_BUDGET === '1') process.exit(1);
}
JS
rm -f "$pkg"/.*.before
echo "package built in wasm/$pkg/ (page copy in wasm/www/pkg/, demo evidence in wasm/www/demo/)"
