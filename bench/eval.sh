#!/usr/bin/env bash
# Matching quality: `archivist eval` on the generated development corpus (tools/corpus) with two
# seeds, and on the hand-labelled fixtures.
#
#   bench/eval.sh ARCHIVIST_BINARY
set -euo pipefail
ARCHIVIST=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/archivist-bench}
for seed in 7 8; do
    out="$BENCH_DIR/corpus-$seed"
    [[ -f "$out/truth.jsonl" ]] || python3 "$HERE/../tools/corpus/gen_corpus.py" "$out" --seed "$seed" --messages 2000 2>/dev/null
    echo "corpus seed $seed (2000 messages):"
    "$ARCHIVIST" eval --records "$out/records" --messages "$out/messages" --truth "$out/truth.jsonl" --own-domain budowex.pl | sed 's/^/  /'
done
echo "fixtures:"
"$ARCHIVIST" eval --records "$HERE/../fixtures/records" --messages "$HERE/../fixtures/mail" --truth "$HERE/../fixtures/truth.jsonl" --own-domain budowex.pl | sed 's/^/  /'
