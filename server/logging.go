package server

import (
	"io"
	"log"

	"github.com/tliron/commonlog"
)

// routeLibraryLogs sends what glsp logs through commonlog to our logger,
// warnings and worse only. Without a backend commonlog drops everything,
// including glsp's reports of failed writes to the client.
func routeLibraryLogs(l *log.Logger) {
	commonlog.SetBackend(&logBackend{log: l, max: commonlog.Warning})
}

// logBackend is a minimal commonlog.Backend over a standard logger.
type logBackend struct {
	log *log.Logger
	max commonlog.Level
}

func (b *logBackend) Configure(verbosity int, path *string) {}

func (b *logBackend) GetWriter() io.Writer { return b.log.Writer() }

func (b *logBackend) NewMessage(level commonlog.Level, depth int, name ...string) commonlog.Message {
	if !b.AllowLevel(level, name...) {
		return nil
	}
	return commonlog.NewUnstructuredMessage(func(m *commonlog.UnstructuredMessage) {
		b.log.Printf("glsp %s: %s", level, m)
	})
}

func (b *logBackend) AllowLevel(level commonlog.Level, name ...string) bool {
	return level != commonlog.None && level <= b.max
}

func (b *logBackend) SetMaxLevel(level commonlog.Level, name ...string) { b.max = level }

func (b *logBackend) GetMaxLevel(name ...string) commonlog.Level { return b.max }
