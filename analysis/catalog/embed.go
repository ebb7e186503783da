package catalog

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// dataFS holds the generated catalogue. Only index.json is read when a
// Catalog is first used; facts.json and each services/<prefix>.json.gz
// are read when something needs them.
//
//go:embed data/index.json data/facts.json data/services
var dataFS embed.FS

// readEmbedded returns the contents of a generated file, unzipping it when
// its name ends in .gz.
func readEmbedded(name string) ([]byte, error) {
	raw, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", name, err)
	}
	// A gzip file ends with the unzipped size (mod 2^32); our files are
	// far smaller than that, so it sizes the buffer exactly.
	size := 0
	if len(raw) >= 4 {
		size = int(binary.LittleEndian.Uint32(raw[len(raw)-4:]))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
