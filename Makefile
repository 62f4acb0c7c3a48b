# Thin wrapper over CMake. See README.md.
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 20

.PHONY: all build demo test deps install fuzz bench clean

all: build

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTD_TESTS=OFF \
	    -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j $(JOBS)

deps:
	@scripts/install-deps

demo: deps build
	@scripts/demo

test: deps
	@cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DTD_SANITIZE=ON >/dev/null
	@cmake --build build-test -j $(JOBS)
	@cd build-test && ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install build

fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTD_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/run-fuzzers build-fuzz $(FUZZ_SECONDS)

bench: build
	@bench/run

clean:
	rm -rf build build-test build-fuzz
