#!/usr/bin/env bash
# Sourced by scripts/setup.sh: installs cargo-deny (licences, bans and
# sources of the dependency graph, checked by scripts/test.sh against
# deny.toml) when missing. Built from source (no prebuilt binaries are
# reachable here); its release profile's fat LTO is turned off, which
# roughly halves the cold build. A fast no-op when it is there.
proficient_setup_deny() {
  local want=0.20.2
  if [ "$(cargo deny --version 2>/dev/null | awk '{ print $2 }')" = "$want" ]; then
    return 0
  fi
  echo "installing cargo-deny $want (a few minutes, once)" >&2
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-deny --version "$want" --locked
}
proficient_setup_deny
unset -f proficient_setup_deny
