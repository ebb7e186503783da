package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// output is the set of files the generator produces, by path relative to
// the output folder. Building it in memory first lets -check compare it
// with what is committed without touching the tree.
type output map[string][]byte

// render turns the catalogue into file contents. Everything is sorted
// before this point and gzip headers carry no name or time, so the same
// input always gives the same bytes.
func render(c *catalogue) (output, error) {
	out := output{}
	var err error
	if out["index.json"], err = indented(c.Index); err != nil {
		return nil, err
	}
	if out["facts.json"], err = indented(c.Facts); err != nil {
		return nil, err
	}
	for _, s := range c.Services {
		raw, err := compact(s)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return nil, err
		}
		if _, err := zw.Write(raw); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		out["services/"+s.Prefix+".json.gz"] = buf.Bytes()
	}
	return out, nil
}

func indented(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

func compact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// write replaces the generated files under dir, removing service files of
// services the dataset no longer has.
func write(dir string, out output) error {
	if err := os.MkdirAll(filepath.Join(dir, "services"), 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "services", "*.json.gz"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if _, keep := out["services/"+filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	for _, name := range sortedKeys(out) {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), out[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// diff lists the files under dir that differ from out (changed, missing or
// extra). An empty result means the committed data is up to date.
func diff(dir string, out output) ([]string, error) {
	var bad []string
	for _, name := range sortedKeys(out) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(b, out[name]) {
			bad = append(bad, name)
		}
	}
	extra, err := filepath.Glob(filepath.Join(dir, "services", "*.json.gz"))
	if err != nil {
		return nil, err
	}
	for _, p := range extra {
		name := "services/" + filepath.Base(p)
		if _, ok := out[name]; !ok {
			bad = append(bad, name+" (stale)")
		}
	}
	sort.Strings(bad)
	return bad, nil
}

func summarize(files []string) string {
	if len(files) > 10 {
		return fmt.Sprintf("%s and %d more", strings.Join(files[:10], ", "), len(files)-10)
	}
	return strings.Join(files, ", ")
}
