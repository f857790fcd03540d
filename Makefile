SHELL := /bin/bash
# thebot — build, run and test. `make run` and `make test` install what they need first.
SWIFT        ?= swift
PREFIX       ?= /usr/local
BUILD_FLAGS  ?=
DEBS         := libncursesw5-dev libsqlite3-dev tmux python3-websockets bsdutils libnats-dev nats-server
RELEASE_BIN   = .build/release/thebot

.PHONY: all deps build release run demo test test-asan test-tsan test-tsan-concurrency build-tsan fuzz bench bench-live \
	bench-feed soak sim install uninstall clean

all: build

# Installs missing Debian/Ubuntu packages (with sudo when not root).
deps:
	@sh scripts/install-deps.sh $(DEBS)

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release --product thebot $(BUILD_FLAGS)

# The monitor on the built-in simulated exchange.
run: release
	$(RELEASE_BIN) --demo $(ARGS)

demo: run

# Builds and runs every test (unit, integration against the simulator, end-to-end in tmux).
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS) 2>&1 | tee .build/test-output.txt; exit $${PIPESTATUS[0]}

# libFuzzer harnesses (Fuzz/, built with -sanitize=fuzzer,address in .build-fuzz, apart from
# `make build` and `make test`): each runs SECONDS seconds (default 60), or RUNS executions
# (SECONDS then only a ceiling, default a day); HARNESSES="stream rest" picks some; exits non-zero
# on a crash or a disagreement. See RELIABILITY.md.
fuzz: deps
	RUNS=$(RUNS) bash scripts/fuzz.sh $(or $(SECONDS),$(if $(RUNS),86400,60)) $(HARNESSES)

# Every test under AddressSanitizer or ThreadSanitizer, each in a build directory of its own (a
# first build takes about as long as `make test`'s). TSAN_FILTER picks tests (swift test --filter).
# Under ASan every thebot process the tests start checks for leaks at exit, with suppressions for
# third-party leaks and Swift layouts LeakSanitizer cannot follow (Sources/SanitizerDefaults); the
# test runner's own process does not (Tests/SanitizerDefaults). See RELIABILITY.md.
# ASAN_SYMBOLIZER_PATH reaches the processes tests start with an environment of their own, so
# that leak reports have function names for the suppressions to match.
test-asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS)
	ASAN_SYMBOLIZER_PATH="$${ASAN_SYMBOLIZER_PATH:-$$(command -v llvm-symbolizer)}" \
		$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan $(BUILD_FLAGS)

test-tsan: build-tsan
	TSAN_OPTIONS="halt_on_error=1 $(TSAN_OPTIONS)" $(SWIFT) test --skip-build --sanitize=thread \
		--scratch-path .build-tsan $(if $(TSAN_FILTER),--filter '$(TSAN_FILTER)') $(BUILD_FLAGS)

build-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan $(BUILD_FLAGS)

# What CI runs under ThreadSanitizer on every run: the concurrent parts (stream manager and feed,
# series store, signal recorder and history, notifiers, monitor loop).
test-tsan-concurrency:
	$(MAKE) test-tsan TSAN_FILTER='MarketDataTests|MarketStateTests|SignalsTests|MonitorLoopTests'

# Every benchmark figure in one run (release build), against the peers in the same run; rewrites
# BENCHMARKS.md (see scripts/bench.py). The peers' virtualenv is made while the build runs.
# ARGS="--only decoder,pipeline" runs some measures, ARGS=--quick shortens every window.
bench: deps
	@start=$$(date +%s); mkdir -p .build; python3 scripts/bench.py --make-venv > .build/bench-venv.log 2>&1 & venv=$$!; \
	$(SWIFT) build -c release --product thebot $(BUILD_FLAGS) && \
	$(SWIFT) build -c release --product thebot-bench $(BUILD_FLAGS); built=$$?; \
	wait $$venv || { echo "bench: the peers' virtualenv was not made:"; tail -3 .build/bench-venv.log; }; \
	[ $$built = 0 ] && BENCH_MAKE_STARTED=$$start python3 scripts/bench.py $(ARGS)

# The live feed under load: `thebot stream`, the monitor and a Python peer (cryptofeed, when
# pip can install it) on `thebot sim --firehose`; RATES="1000 10000" picks the rates, ARGS the
# seconds measured (see scripts/bench-live.sh).
bench-live: deps
	$(SWIFT) build -c release --product thebot $(BUILD_FLAGS)
	bash scripts/bench-live.sh $(ARGS)

# One feed, many viewers: `thebot serve` on a real nats-server and VIEWERS (default 50)
# `stream --feed` viewers; ARGS the seconds measured (see scripts/bench-feed.py).
bench-feed: deps
	$(SWIFT) build -c release --product thebot $(BUILD_FLAGS)
	python3 scripts/bench-feed.py $(ARGS)

# Soak: the monitor (in tmux) and `stream` on the simulator with every fault on, for HOURS
# simulated hours (default 24) at SPEED (default 1000x); checks candles against the simulator's
# truth, memory, descriptors, threads and health (see scripts/soak.py).
soak: release
	BIN=$(RELEASE_BIN) HOURS=$(or $(HOURS),24) SPEED=$(or $(SPEED),1000) python3 scripts/soak.py

# The simulated exchange alone, for other clients.
sim: release
	$(RELEASE_BIN) sim --port $${PORT:-9443} $(ARGS)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/thebot/Themes
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/thebot
	install -m 644 Themes/*.toml $(DESTDIR)$(PREFIX)/share/thebot/Themes/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/thebot
	rm -rf $(DESTDIR)$(PREFIX)/share/thebot

clean:
	$(SWIFT) package clean
