#!/usr/bin/env bash
# Builds the npm package `proficient-wasm` into wasm/pkg/ and copies what the
# browser page needs into wasm/www/pkg/. Needs the wasm32 target,
# wasm-bindgen-cli of the crate's wasm-bindgen version and `npm ci` in wasm/
# (scripts/setup-wasm.sh installs them). Prints the .wasm size, raw and
# gzipped, against the budget (400 KB, 150 KB gzipped); with
# PROFICIENT_WASM_ENFORCE_BUDGET=1 a size over budget fails the build.
#
#   1. cargo: the crate for wasm32-unknown-unknown with fat LTO, one codegen
#      unit and panic=abort (profile `wasm-release`, defined here with
#      --config so the workspace's own release profile is untouched), at
#      opt-level 3: opt-level "z" gives a .wasm about 25% smaller that
#      scores about three times slower (PROFICIENT_WASM_OPT_LEVEL=z selects
#      it; see wasm/README.md for both sets of figures);
#   2. wasm-bindgen --target web: ES module glue usable by pages, bundlers
#      and Node (node.js instantiates it synchronously from the file);
#   3. wasm-opt -Oz from the npm `binaryen` package (never a system one:
#      Debian's binaryen produces broken output for current Rust);
#   4. the hand-written wrapper (js/) and the TypeScript types generated from
#      the Rust types (js/types.d.ts) are copied beside it.
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
pkg=pkg
target_dir="${CARGO_TARGET_DIR:-$root/target}"

opt_level="${PROFICIENT_WASM_OPT_LEVEL:-3}"
case "$opt_level" in
  0 | 1 | 2 | 3) ;;
  s | z) opt_level="\"$opt_level\"" ;;
  *) echo "PROFICIENT_WASM_OPT_LEVEL must be 0-3, s or z" >&2; exit 2 ;;
esac
echo "building proficient-wasm (wasm32-unknown-unknown, opt-level $opt_level)"
cargo build --locked -q -p proficient-wasm --target wasm32-unknown-unknown \
  --profile wasm-release \
  --config 'profile.wasm-release.inherits="release"' \
  --config "profile.wasm-release.opt-level=$opt_level" \
  --config 'profile.wasm-release.lto=true' \
  --config 'profile.wasm-release.codegen-units=1' \
  --config 'profile.wasm-release.panic="abort"' \
  --config 'profile.wasm-release.debug=false'
wasm_in="$target_dir/wasm32-unknown-unknown/wasm-release/proficient_wasm.wasm"

rm -rf "$pkg"
mkdir -p "$pkg"
wasm-bindgen --target web --out-dir "$pkg" --out-name proficient_wasm "$wasm_in"
rm -f "$pkg/proficient_wasm_bg.wasm.d.ts"

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "wasm/node_modules/.bin/wasm-opt missing: run \`npm ci\` in wasm/ (scripts/setup-wasm.sh does)" >&2
  exit 2
fi
before=$(wc -c <"$pkg/proficient_wasm_bg.wasm")
"$wasm_opt" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$pkg/proficient_wasm_bg.wasm" -o "$pkg/proficient_wasm_bg.opt.wasm"
mv "$pkg/proficient_wasm_bg.opt.wasm" "$pkg/proficient_wasm_bg.wasm"

cp js/index.js js/index.d.ts js/node.js js/node.d.ts js/types.d.ts "$pkg/"

rm -rf www/pkg www/demo
mkdir -p www/pkg www/demo
cp "$pkg/index.js" "$pkg/proficient_wasm.js" "$pkg/proficient_wasm_bg.wasm" www/pkg/
cp "$root/examples/job-retention-evidence.csv" www/demo/

node --input-type=module - "$pkg/proficient_wasm_bg.wasm" "$before" <<'JS'
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const [file, before] = process.argv.slice(2);
const bytes = readFileSync(file);
const raw = bytes.length;
const gz = gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(`wasm-opt -Oz: ${kb(Number(before))} -> ${kb(raw)}`);
console.log(`proficient_wasm_bg.wasm: ${raw} bytes (${kb(raw)}), gzipped ${gz} bytes (${kb(gz)}); budget 400 KB, 150 KB gzipped`);
if (raw >= 400_000 || gz >= 150_000) {
  console.log('OVER BUDGET: see "Size and speed" in wasm/README.md for what the size is made of');
  if (process.env.PROFICIENT_WASM_ENFORCE_BUDGET === '1') process.exit(1);
}
JS
echo "package built in wasm/$pkg/ (page copy in wasm/www/pkg/, demo evidence in wasm/www/demo/)"
