#!/usr/bin/env bash
# Fetches hls.js (dist/hls.min.js and its Apache-2.0 LICENSE) from the npm package, checks its sha256 and
# installs it in DIR (default ~/.cache/captionflow/hls.js-1.5.20) for HlsJsBrowserITCase only: the sink
# never serves it. Needs npm and network access to the npm registry. Usage: fetch-hlsjs.sh [DIR]
set -euo pipefail

PACKAGE="hls.js@1.5.20"
SHA256="d016c1230496ee59f3f5b01c16cce4cc01b5a1d3d357adec200c908b131ebe49"
DEST="${1:-$HOME/.cache/captionflow/hls.js-1.5.20}"

if [[ -f "$DEST/hls.min.js" ]] && echo "$SHA256  $DEST/hls.min.js" | sha256sum -c --status; then
  echo "already installed: $DEST/hls.min.js"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/hls.js-*.tgz -C "$work" package/dist/hls.min.js package/LICENSE
actual="$(sha256sum "$work/package/dist/hls.min.js" | cut -d' ' -f1)"
if [[ "$actual" != "$SHA256" ]]; then
  echo "sha256 mismatch for hls.min.js from $PACKAGE: expected $SHA256, got $actual" >&2
  exit 1
fi
mkdir -p "$DEST"
install -m 0644 "$work/package/dist/hls.min.js" "$work/package/LICENSE" "$DEST/"
echo "installed $DEST/hls.min.js"
