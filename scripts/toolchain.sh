#!/usr/bin/env bash
# The pinned Rust toolchain (rust-toolchain.toml), and nothing else: what
# building the CLI needs. Sourced by scripts/demo.sh and scripts/setup.sh.
set -euo pipefail
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (https://rustup.rs) and re-run" >&2
  exit 2
fi
if command -v rustup >/dev/null 2>&1; then
  # rust-toolchain.toml pins a release. When it is not installed under that
  # name but the machine's `stable` is that release, link it under the
  # pinned name (`rustup toolchain link` refuses release names, and rustup
  # would otherwise need the network to install it).
  pin="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
  if [ -n "$pin" ] && ! rustup toolchain list | grep -q "^$pin-"; then
    host="$(rustc +stable -vV | sed -n 's/^host: //p')"
    if rustc +stable -V | grep -q "^rustc $pin "; then
      echo "using the installed stable toolchain as Rust $pin (rust-toolchain.toml)" >&2
      ln -s "$(rustc +stable --print sysroot)" "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$pin-$host"
    else
      rustup toolchain install "$pin" --profile minimal
    fi
  fi
fi
