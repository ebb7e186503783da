// This file only fences editors/ off from the policyls Go module: npm
// packages under vscode/node_modules ship stray .go files (flatted does),
// which `go vet ./...` and `go test ./...` at the repository root would
// otherwise pick up. There is no Go code here.
module github.com/policyls/policyls/editors

go 1.26
