#!/bin/sh
# Copies the current build (dist/) to <dir>/<name>/dist for bench/ablation.ts, with contracts/,
# mocks/ and node_modules/ linked where the copy looks for them. Run `npm run build` first.
#   sh bench/ablation-build.sh <name> [dir, default /tmp/pixmock-ablation]
set -eu
name=$1
dir=${2:-/tmp/pixmock-ablation}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/$name"
rm -rf "$dir/$name/dist"
cp -r "$root/dist" "$dir/$name/dist"
ln -sfn "$root/contracts" "$dir/$name/contracts"
ln -sfn "$root/mocks" "$dir/$name/mocks"
ln -sfn "$root/node_modules" "$dir/node_modules"
echo "$dir/$name/dist"
