package catalog

import (
	"runtime"
	"testing"
	"time"
)

// BenchmarkIndex is the start-up cost: a fresh catalogue reading its index
// (every later lookup starts from it). No service is decoded.
func BenchmarkIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := New()
		if _, ok := c.Service("ses"); !ok {
			b.Fatal("no ses")
		}
	}
}

// BenchmarkFirstLookup is a fresh catalogue answering its first action
// lookup: index plus one cold service (unzip and decode).
func BenchmarkFirstLookup(b *testing.B) {
	for _, name := range []string{"ses:SendEmail", "sts:AssumeRole", "iam:PassRole", "ec2:RunInstances"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := New().Action(name); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

// BenchmarkDecodeService is the cold cost of one service alone.
func BenchmarkDecodeService(b *testing.B) {
	for _, prefix := range []string{"ses", "sts", "iam", "ec2"} {
		b.Run(prefix, func(b *testing.B) {
			s, _ := Default().Service(prefix)
			b.ReportAllocs()
			for b.Loop() {
				raw, err := readEmbedded(s.file)
				if err == nil {
					_, err = decodeService(s, raw)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAction is a warm lookup, in AWS's spelling and in another case.
func BenchmarkAction(b *testing.B) {
	c := Default()
	for _, name := range []string{"ses:SendEmail", "SES:sendemail", "ec2:DescribeVpcs"} {
		c.Action(name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Action(name); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

// BenchmarkMatch runs Action element values through the iterator (as a
// rule asking "does it match anything?") and MatchActions (all matches).
func BenchmarkMatch(b *testing.B) {
	c := Default()
	patterns := []string{"ses:SendEmail", "s3:Get*Tagging", "ec2:DescribeVpc?", "iam:List*", "ses:*", "s*:Get*", "*"}
	for _, p := range patterns {
		c.MatchActions(p) // warm the services involved
	}
	for _, p := range patterns {
		b.Run("any/"+p, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				found := false
				for range c.ActionsMatching(p) {
					found = true
					break
				}
				if !found {
					b.Fatal("no match")
				}
			}
		})
		b.Run("all/"+p, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(c.MatchActions(p)) == 0 {
					b.Fatal("no match")
				}
			}
		})
	}
}

// BenchmarkMatchesARN tests one Resource value against an action's types.
func BenchmarkMatchesARN(b *testing.B) {
	a, _ := Default().Action("ses:SendEmail")
	b.ReportAllocs()
	for b.Loop() {
		if len(a.ResourcesForARN("arn:aws:ses:us-east-1:123456789012:identity/example.com")) != 1 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkConditionKey looks up a templated global key and a service key.
func BenchmarkConditionKey(b *testing.B) {
	c := Default()
	for _, k := range []string{"aws:SourceIp", "aws:RequestTag/team", "ses:FromAddress", "saml:sub"} {
		c.ConditionKey(k)
		b.Run(k, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.ConditionKey(k); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

// BenchmarkParseOperator takes a qualified IfExists operator apart.
func BenchmarkParseOperator(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.ParseOperator("ForAnyValue:StringLikeIfExists"); !ok {
			b.Fatal("not parsed")
		}
	}
}

// TestMemory reports the heap a catalogue holds with its index only, with
// one service decoded and with every service decoded (go test -v -run
// Memory). The bounds are loose; the figures go to BENCHMARKS.md.
func TestMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes every service")
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	facts() // shared by all catalogues; not part of the figures
	base := heap()
	c := New()
	c.Prefixes()
	index := heap()
	c.Action("ses:SendEmail")
	one := heap()
	start := time.Now()
	for _, s := range c.Services() {
		s.Actions()
	}
	elapsed := time.Since(start)
	all := heap()
	runtime.KeepAlive(c)
	mb := func(n uint64) float64 { return float64(n) / (1 << 20) }
	t.Logf("index only: %.2f MiB; + ses: %.2f MiB; all %d services: %.2f MiB (decoded in %v)",
		mb(index-base), mb(one-base), len(c.Services()), mb(all-base), elapsed.Round(time.Millisecond))
	if all-base > 200<<20 {
		t.Errorf("all services take %.0f MiB", mb(all-base))
	}
	if one-base > 4<<20 {
		t.Errorf("index plus one service take %.1f MiB", mb(one-base))
	}
}
