#!/usr/bin/env bash
# Sourced by scripts/setup.sh: installs, only when missing, what the WASM
# package, its Node tests and the browser test need:
#   - the Rust target wasm32-unknown-unknown;
#   - wasm-bindgen-cli of exactly the wasm-bindgen version in Cargo.lock;
#   - wasm/node_modules from wasm/package-lock.json (`npm ci`: binaryen for
#     wasm-opt, playwright-core, typescript, @types/node, ajv for the
#     badge schema check);
#   - Debian's chromium and chromium-driver (the browser test drives
#     /usr/bin/chromium; playwright cannot download browsers here).
# A fast no-op when everything is there.
proficient_setup_wasm() {
  local want have stamp lock_sum sudo=""
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node and npm are needed for the WASM package: install Node.js 18 or later and re-run" >&2
    return 2
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
      rustup target add wasm32-unknown-unknown
  fi

  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  # `|| true`: on a fresh machine wasm-bindgen is missing, and under
  # `set -e -o pipefail` a failed pipeline in an assignment ends the script.
  have="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')"
  if [ -n "$want" ] && [ "$have" != "$want" ]; then
    echo "installing wasm-bindgen-cli $want (found: ${have:-none})" >&2
    # Not --locked: the CLI's own lock file pins crates that no longer build.
    cargo install wasm-bindgen-cli --version "$want"
  fi

  stamp=wasm/node_modules/.package-lock.sha256
  lock_sum="$(sha256sum wasm/package-lock.json | cut -d' ' -f1)"
  if [ ! -x wasm/node_modules/.bin/wasm-opt ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    echo "installing wasm/node_modules (npm ci)" >&2
    (cd wasm && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" >"$stamp"
  fi

  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing Debian's chromium and chromium-driver" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}
proficient_setup_wasm
unset -f proficient_setup_wasm
