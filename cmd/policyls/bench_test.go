package main

import "testing"

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
