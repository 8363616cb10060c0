# Archivist: `make demo` and `make test` work on a fresh Debian 12 machine with the Swift toolchain.
SWIFT ?= swift
BUILD_PACKAGES := pkg-config libsqlite3-dev libcurl4-openssl-dev libpcre2-dev libgmime-3.0-dev libxml2-dev libsodium-dev libssl-dev python3
# A throwaway local IMAP server for the tests, the demo and the benchmarks.
IMAP_PACKAGES := dovecot-imapd openssl
BENCH_PACKAGES := notmuch libhyperscan-dev gcc isync

.PHONY: all deps build release demo test conformance bench clean

all: build

deps:
	@scripts/install-deps.sh $(BUILD_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Runs the main job on the bundled fixtures with a fresh embedded database.
demo: release
	@scripts/install-deps.sh $(IMAP_PACKAGES) || echo "Dovecot cannot be installed here; the demo goes on without IMAP" >&2
	@scripts/demo.sh .build/release/archivist

## The whole test suite (Swift Testing), including the MIME conformance check when ../shared is there
## and the IMAP tests against a throwaway Dovecot (installed when missing).
test: deps
	@scripts/install-deps.sh $(IMAP_PACKAGES)
	$(SWIFT) build
	$(SWIFT) test

## Compares the parser with the reference corpus in ../shared/corpus/mime.
conformance: release
	../shared/tools/mime-conformance .build/release/archivist

## Benchmarks: figures, never pass or fail.
bench: release
	@scripts/install-deps.sh $(BENCH_PACKAGES) $(IMAP_PACKAGES)
	bench/ingest.sh .build/release/archivist 20000
	bench/fetch.sh .build/release/archivist 20000
	bench/archive.sh .build/release/archivist-bench-archive 100000
	REPEAT=3 bench/names/run.sh .build/release/archivist-bench-names
	bench/eval.sh .build/release/archivist
	.build/release/archivist-bench-rules $${BENCH_DIR:-/tmp/archivist-bench}/maildir-100000 100

clean:
	rm -rf .build
