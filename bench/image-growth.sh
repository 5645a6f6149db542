#!/usr/bin/env bash
# What the pictures add to the container image (issue #17: at most 40 MB).
#
# Builds the Dockerfile twice from the committed tree (HEAD): as it is, and with the picture
# packages (@napi-rs/canvas and the @fontsource fonts) left out of the runtime stage's install.
# Everything else, base image included, is the same, so the difference is the pictures' cost.
#
#   bash bench/image-growth.sh            # docker if its daemon answers, else buildah
#   BUILDER=buildah bash bench/image-growth.sh
#   BUILDAH_ISOLATION=chroot bash bench/image-growth.sh   # buildah where no OCI runtime can start (a sandbox)
#
# Needs the base image (node:22-bookworm-slim) pullable or already local, and npm's registry
# reachable from the build. docs/PERFORMANCE.md ("The image with pictures, built") has the figures.
set -euo pipefail

builder="${BUILDER:-}"
if [[ -z "$builder" ]]; then
  if docker info >/dev/null 2>&1; then builder=docker; else builder=buildah; fi
fi
command -v "$builder" >/dev/null || { echo "image-growth: neither a Docker daemon nor buildah is here" >&2; exit 1; }

root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$root" archive HEAD | tar -x -C "$work"

# The variant: its own package files without the picture packages, used by the runtime stage only
# (the build stage compiles the same source either way), and no font pruning (no fonts).
mkdir "$work/without-pictures"
cp "$work/package.json" "$work/package-lock.json" "$work/without-pictures/"
pictures=$(node -e "const d=require('$work/package.json').dependencies; console.log(Object.keys(d).filter((n)=>n==='@napi-rs/canvas'||n.startsWith('@fontsource/')).join(' '))")
(cd "$work/without-pictures" && npm uninstall --package-lock-only --ignore-scripts --no-audit --no-fund $pictures >/dev/null)
node - "$work/Dockerfile" "$work/Dockerfile.without-pictures" <<'EOF'
const { readFileSync, writeFileSync } = require('node:fs');
const [from, to] = process.argv.slice(2);
const text = readFileSync(from, 'utf8');
const stage = text.indexOf('AS runtime');
let runtime = text.slice(stage);
for (const [was, is] of [
  ['COPY package.json package-lock.json ./', 'COPY without-pictures/package.json without-pictures/package-lock.json ./'],
  [' && node scripts/prune-fonts.mjs', ''],
]) {
  if (!runtime.includes(was)) throw new Error(`image-growth: the runtime stage no longer has "${was}"; update this script`);
  runtime = runtime.replace(was, is);
}
writeFileSync(to, text.slice(0, stage) + runtime);
EOF

build() { # tag, Dockerfile
  if [[ "$builder" == docker ]]; then docker build -q -f "$2" -t "$1" "$work" >/dev/null
  else buildah bud --pull-never --layers --format docker -q -f "$2" -t "$1" "$work" >/dev/null; fi
}
size() { # tag → uncompressed bytes, as `docker images` counts them
  if [[ "$builder" == docker ]]; then docker image inspect --format '{{.Size}}' "$1"
  else # buildah prints sizes rounded; its store has each layer's exact size
    local store; store=$(buildah info --format '{{.store.GraphRoot}}/{{.store.GraphDriverName}}-layers/layers.json')
    buildah inspect --type image "$1" | node -e "
      const image = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const sizes = new Map(JSON.parse(require('fs').readFileSync('$store', 'utf8')).map((l) => [l['diff-digest'], l['diff-size']]));
      console.log(image.Docker.rootfs.diff_ids.reduce((sum, id) => sum + sizes.get(id), 0));"
  fi
}

echo "image-growth: building with $builder ($(git -C "$root" rev-parse --short HEAD))"
build studybot:growth-with "$work/Dockerfile"
build studybot:growth-without "$work/Dockerfile.without-pictures"
with=$(size studybot:growth-with)
without=$(size studybot:growth-without)
node -e "
const [w, wo] = [${with}, ${without}];
const mb = (b) => (b / 1e6).toFixed(1) + ' MB';
console.log('with pictures    ' + mb(w));
console.log('without pictures ' + mb(wo));
console.log('growth           ' + mb(w - wo) + ' (target ≤ 40 MB) ' + (w - wo <= 40e6 ? 'met' : 'MISSED'));
process.exit(w - wo <= 40e6 ? 0 : 1);
"
