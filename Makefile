# Everyday and release builds. The README's two commands need only Go; this
# file is a convenience, and the recipe for release binaries.

VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
LDFLAGS   := -s -w -X main.releaseVersion=$(VERSION)

.PHONY: build test check release clean

# A static binary for this machine.
build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o policyls ./cmd/policyls

# The README's test command.
test:
	go vet ./... && go test -race ./...

# The README's main command.
check:
	go run ./cmd/policyls check examples

# Static binaries (no cgo) for every platform in dist/, with SHA-256 sums.
release:
	@rm -rf dist && mkdir -p dist
	@for platform in $(PLATFORMS); do \
		os=$${platform%/*}; arch=$${platform#*/}; ext=; \
		[ "$$os" = windows ] && ext=.exe; \
		out=dist/policyls_$(VERSION)_$${os}_$${arch}$$ext; \
		echo "building $$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath -ldflags "$(LDFLAGS)" -o $$out ./cmd/policyls || exit 1; \
	done
	@cd dist && sha256sum policyls_* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf dist policyls
