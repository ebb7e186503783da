package catalog

import (
	"strings"
	"sync"
)

// memo remembers the answers to a pure question about an ARN, across
// analyses and goroutines: an editor re-analyses the whole document on every
// keystroke and asks the same questions each time. It holds at most
// memoLimit answers and starts over when full, so typing that produces a new
// partial ARN per keystroke cannot grow it without bound.
type memo[K comparable, V any] struct {
	mu      sync.Mutex
	answers map[memoKey[K]]V
}

type memoKey[K comparable] struct {
	about K
	arn   string
}

const memoLimit = 4096

func (m *memo[K, V]) get(about K, arn string, compute func() V) V {
	key := memoKey[K]{about, arn}
	m.mu.Lock()
	v, ok := m.answers[key]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	// The ARN is usually a substring of a document's source: copy it so the
	// memo does not keep whole documents alive.
	key.arn = strings.Clone(arn)
	m.mu.Lock()
	if m.answers == nil || len(m.answers) >= memoLimit {
		m.answers = make(map[memoKey[K]]V)
	}
	m.answers[key] = v
	m.mu.Unlock()
	return v
}
