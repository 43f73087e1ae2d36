#!/usr/bin/env bash
# Installs the Debian packages autov needs, when they are missing.
# Idempotent: prints nothing and installs nothing when everything is present.
set -euo pipefail

packages=(llvm-19-dev clang-19 llvm-14 libz3-dev coq pkg-config)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "autov setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >/dev/null
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in clang-19 llvm-link-19 llvm-config-19 llvm-as-14 coqc coq_makefile; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "autov setup: '$tool' is still missing after installing packages" >&2
    exit 1
  fi
done
