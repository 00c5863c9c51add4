#!/usr/bin/env bash
# Installs the Debian packages the tests and `npm start` need: Chromium for Playwright, the build
# tool chain and headers code-server's native modules compile against, ripgrep (seeds code-server's
# ripgrep download), and the real components the tests drive (git-flow AVH, a Docker engine with
# busybox for FROM-scratch images, Prometheus). Safe to run again: it only installs what is missing.
set -euo pipefail
pkgs=(chromium libkrb5-dev ripgrep build-essential python3 pkg-config git git-flow docker.io busybox-static prometheus)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed"
