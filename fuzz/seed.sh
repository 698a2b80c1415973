#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures and the shared real-world corpus.
set -euo pipefail
cd "$(dirname "$0")"
real=../../shared/corpus/real
seed() { # target, find expression…
    local target=$1; shift
    mkdir -p "corpus/$target"
    find ../fixtures "$real" -type f "$@" -size -512k 2>/dev/null | while read -r f; do
        cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16)"
    done
}
seed read_ics -name '*.ics'
seed read_eml -name '*.eml'
seed read_mbox \( -name '*.mbox' -o -name 'mbox_*' -o -name movemailspool \)
seed read_html -name '*.html'
seed read_markdown -name '*.md'
seed read_text \( -name '*.txt' -o -name '*.rst' -o -name '*.adoc' \)
# The pipeline target reads a format selector byte first.
mkdir -p corpus/pipeline
i=0
find ../fixtures "$real" -type f -size -256k 2>/dev/null | while read -r f; do
    case "$f" in
        *.ics) b='\x00' ;; *.eml) b='\x01' ;; *mbox*|*movemailspool) b='\x02' ;;
        *.html) b='\x23' ;; *.md) b='\x24' ;; *) b='\x05' ;;
    esac
    { printf "$b"; cat "$f"; } > "corpus/pipeline/$(sha1sum "$f" | cut -c1-16)"
done
echo "seeded: $(find corpus -type f | wc -l) files"
