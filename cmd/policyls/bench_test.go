package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/policyls/policyls/analysis/host"
)

// BenchmarkStartToInitialize measures what an editor waits for when it opens
// a policy: spawning the binary until the initialize response arrives. The
// shutdown of each server is not timed.
func BenchmarkStartToInitialize(b *testing.B) {
	for b.Loop() {
		s := startServer(b)
		s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}})
		s.response(1)
		b.StopTimer()
		s.send(map[string]any{"id": 2, "method": "shutdown"})
		s.response(2)
		s.send(map[string]any{"method": "exit"})
		if code := s.waitExit(); code != 0 {
			b.Fatalf("exit code %d", code)
		}
		b.StartTimer()
	}
}

// BenchmarkCheckTerraformRatio measures issue 15's ratio in one process:
// `check` on a module's .tf files and on the same policies as .json files,
// interleaved so load from other work weighs on both alike. TF_BENCH names
// the folder tools/bench/terraform-module.py wrote (its tf and json
// folders); x-json is the .tf check's time over the .json check's.
func BenchmarkCheckTerraformRatio(b *testing.B) {
	dir := os.Getenv("TF_BENCH")
	if dir == "" {
		b.Skip("TF_BENCH names the folder tools/bench/terraform-module.py wrote")
	}
	tf, js := filepath.Join(dir, "tf"), filepath.Join(dir, "json")
	var tfTime, jsonTime time.Duration
	for b.Loop() {
		// check reads a folder's module once per process: each round is a
		// new process's first check.
		terraformModules.byFolder = map[string]*host.TerraformModule{}
		start := time.Now()
		run([]string{"check", tf}, io.Discard, io.Discard)
		mid := time.Now()
		run([]string{"check", js}, io.Discard, io.Discard)
		tfTime += mid.Sub(start)
		jsonTime += time.Since(mid)
	}
	b.ReportMetric(float64(tfTime)/float64(jsonTime), "x-json")
	b.ReportMetric(float64(tfTime.Microseconds())/1000/float64(b.N), "tf-ms/op")
	b.ReportMetric(float64(jsonTime.Microseconds())/1000/float64(b.N), "json-ms/op")
}
