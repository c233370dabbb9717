#!/bin/sh
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a
# bounded time: FUZZ_SECONDS (default 60) per target. `make fuzz` runs this.
#
# Needs clang and its runtime (Debian: clang, libclang-rt-14-dev). The corpus
# grows in tests/fuzz/out/ (removed by `make clean`); crashes land there too.
set -eu

cd "$(dirname "$0")/../.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
CLANG=${CLANG:-clang}
OUT=tests/fuzz/out

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "run.sh: $CLANG not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

make proto/ansinh.pb-c.c proto/ansinh.pb-c.h

mkdir -p "$OUT"
FLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Iproto
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Wall -Wextra -Werror"
PROTO_SRCS=$(ls proto/*.c)

status=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin="$OUT/$name"
	# Client code some targets exercise.
	case $name in
	fuzz_csv) extra="client/csv.c client/outbox-codec.c client/xmalloc.c" ;;
	*) extra="" ;;
	esac
	echo "run.sh: building $bin"
	# shellcheck disable=SC2086
	"$CLANG" $FLAGS -o "$bin" "$src" $PROTO_SRCS $extra -lprotobuf-c
	mkdir -p "$OUT/$name.corpus"
	echo "run.sh: running $name for ${FUZZ_SECONDS}s"
	if ! "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
	        -artifact_prefix="$OUT/$name-" -print_final_stats=1 \
	        "$OUT/$name.corpus"; then
		echo "run.sh: $name FAILED; reproducer in $OUT/" >&2
		status=1
	fi
done
exit $status
