# Everyday and release builds. The README's two commands need only Go; this
# file is a convenience, and the recipe for release binaries.

VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
LDFLAGS   := -s -w -X main.releaseVersion=$(VERSION)

# The VS Code extension's platform-specific packages (vsce's target names).
VSIX_TARGETS := linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64
TARGETS      ?= $(VSIX_TARGETS)
VSCODE_DIR   := editors/vscode
VSIX_OUT     ?= dist

.PHONY: build test race check release vsix clean

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

# One VS Code extension package per target in $(VSIX_OUT) (dist/), named
# policyls_$(VERSION)_vscode_<target>.vsix, each holding the bundled extension,
# the matching static server (built as for release) at server/policyls[.exe],
# README, LICENSE and NOTICE. The package's version is package.json's, or
# VERSION when it is a plain vX.Y.Z. Keeps what is already in dist/ (run it
# after release) and writes SHA256SUMS over every policyls_* file there.
# vsce packages $(VSCODE_DIR) as it is, so the server, LICENSE and NOTICE are
# put there for it and removed afterwards.
# Needs Node.js 20+ (npm ci installs vsce and esbuild on first use).
vsix:
	@mkdir -p $(VSIX_OUT)
	@[ -d $(VSCODE_DIR)/node_modules ] || (cd $(VSCODE_DIR) && npm ci --no-audit --no-fund)
	@version=$(VERSION); version=$${version#v}; vsce_version=; \
	echo "$$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$$' && vsce_version="$$version --no-update-package-json --no-git-tag-version"; \
	cp LICENSE NOTICE $(VSCODE_DIR)/ || exit 1; \
	trap 'rm -rf $(VSCODE_DIR)/server $(VSCODE_DIR)/LICENSE $(VSCODE_DIR)/NOTICE' EXIT; \
	for target in $(TARGETS); do \
		case " $(VSIX_TARGETS) " in *" $$target "*) ;; *) echo "unknown target $$target (one of $(VSIX_TARGETS))"; exit 1;; esac; \
		os=$${target%-*}; arch=$${target#*-}; ext=; \
		[ "$$os" = win32 ] && os=windows && ext=.exe; \
		[ "$$arch" = x64 ] && arch=amd64; \
		rm -rf $(VSCODE_DIR)/server; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath -ldflags "$(LDFLAGS)" -o $(VSCODE_DIR)/server/policyls$$ext ./cmd/policyls || exit 1; \
		chmod 755 $(VSCODE_DIR)/server/policyls$$ext; \
		out=$(abspath $(VSIX_OUT))/policyls_$(VERSION)_vscode_$$target.vsix; \
		(cd $(VSCODE_DIR) && npx vsce package $$vsce_version --target $$target --out $$out) || exit 1; \
	done
	@cd $(VSIX_OUT) && sha256sum policyls_* > SHA256SUMS

clean:
	rm -rf dist policyls
