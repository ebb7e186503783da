# Everyday and release builds. The README's two commands need only Go; this
# file is a convenience, and the recipe for release binaries.

VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
LDFLAGS   := -s -w -X main.releaseVersion=$(VERSION)

.PHONY: build test race check release clean

# A static binary for this machine.
build:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o policyls ./cmd/policyls

# The README's test command.
test:
	go vet ./... && go test ./...

# The tests under the race detector, as CI runs them (needs cgo and gcc).
race:
	go test -race ./...

# The README's main command.
check:
	go run ./cmd/policyls check examples

# Static binaries (no cgo) for every platform in dist/, each also as an
# archive with LICENSE, NOTICE and README.md (tar.gz; zip for Windows), and
# SHA-256 sums of all of them.
release:
	@rm -rf dist && mkdir -p dist
	@for platform in $(PLATFORMS); do \
		os=$${platform%/*}; arch=$${platform#*/}; ext=; \
		[ "$$os" = windows ] && ext=.exe; \
		name=policyls_$(VERSION)_$${os}_$${arch}; \
		echo "building dist/$$name$$ext"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath -ldflags "$(LDFLAGS)" -o dist/$$name$$ext ./cmd/policyls || exit 1; \
		stage=dist/.stage/$$name; mkdir -p $$stage; \
		cp dist/$$name$$ext $$stage/policyls$$ext && cp LICENSE NOTICE README.md $$stage/ || exit 1; \
		if [ "$$os" = windows ]; then \
			(cd dist/.stage && python3 -m zipfile -c ../$$name.zip $$name) || exit 1; \
		else \
			tar -C dist/.stage -czf dist/$$name.tar.gz --owner=0 --group=0 $$name || exit 1; \
		fi; \
	done
	@rm -rf dist/.stage
	@cd dist && sha256sum policyls_* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf dist policyls
