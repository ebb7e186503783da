module github.com/policyls/policyls

go 1.26.8

require (
	github.com/buger/jsonparser v1.6.1 // indirect
	github.com/tliron/glsp v0.2.2 // indirect
)
