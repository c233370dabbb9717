#!/usr/bin/env bash
# One style for every C file: clang-format with the repo's .clang-format
# changes nothing (`make format` applies it). Generated protobuf-c code is
# not ours to restyle.
set -uo pipefail

top=${ANSINH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1

mapfile -t files < <(find proto server client tests -name '*.[ch]' ! -name '*.pb-c.[ch]' | sort)
echo "1..$((${#files[@]} + 1))"
n=1
if [ "${#files[@]}" -gt 100 ]; then
	echo "ok $n - ${#files[@]} C files found"
else
	echo "not ok $n - only ${#files[@]} C files found"
fi
for f in "${files[@]}"; do
	n=$((n + 1))
	if out=$(clang-format --dry-run -Werror "$f" 2>&1); then
		echo "ok $n - $f is formatted"
	else
		echo "not ok $n - $f differs from .clang-format (run make format)"
		head -12 <<<"$out" | sed 's/^/# /'
	fi
done
