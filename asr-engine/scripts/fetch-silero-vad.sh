#!/usr/bin/env bash
# Fetches Silero VAD v5 (silero_vad_v5.onnx) from the npm package @ricky0123/vad-web, checks its sha256
# and installs it at DEST (default ~/.cache/captionflow/silero_vad_v5.onnx). Needs npm and network access
# to the npm registry. Usage: fetch-silero-vad.sh [DEST]
set -euo pipefail

PACKAGE="@ricky0123/vad-web@0.0.31"
SHA256="2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"
DEST="${1:-$HOME/.cache/captionflow/silero_vad_v5.onnx}"

if [[ -f "$DEST" ]] && echo "$SHA256  $DEST" | sha256sum -c --status; then
  echo "already installed: $DEST"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/ricky0123-vad-web-*.tgz -C "$work" package/dist/silero_vad_v5.onnx
model="$work/package/dist/silero_vad_v5.onnx"
actual="$(sha256sum "$model" | cut -d' ' -f1)"
if [[ "$actual" != "$SHA256" ]]; then
  echo "sha256 mismatch for silero_vad_v5.onnx from $PACKAGE: expected $SHA256, got $actual" >&2
  exit 1
fi
mkdir -p "$(dirname "$DEST")"
install -m 0644 "$model" "$DEST"
echo "installed $DEST"
