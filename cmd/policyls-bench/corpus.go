package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// writeCheckTree writes n policy files into dir, 100 to a folder, cycling
// through the example policies, the 4 KB benchmark policy and the broken
// sending policy (so the report has findings to print). Each file gets its
// own Sid, so no two files are the same. It returns the number of files
// and their total size.
func writeCheckTree(repo, dir string, n int) (int, int64, error) {
	var sources [][]byte
	paths, _ := filepath.Glob(filepath.Join(repo, "examples", "*.json"))
	paths = append(paths, filepath.Join(repo, "analysis", "testdata", "ses-identity-4kb.json"),
		filepath.Join(repo, "testdata", "broken-sending-policy.json"))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return 0, 0, err
		}
		sources = append(sources, src)
	}
	var size int64
	for i := range n {
		sub := filepath.Join(dir, fmt.Sprintf("team%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return 0, 0, err
			}
		}
		src := sources[i%len(sources)]
		// Replace the first Sid's value (or add nothing where there is none).
		if at := bytes.Index(src, []byte(`"Sid": "`)); at >= 0 {
			at += len(`"Sid": "`)
			src = append(fmt.Appendf(append([]byte{}, src[:at]...), "Gen%05d", i), src[at:]...)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("policy%05d.json", i)), src, 0o644); err != nil {
			return 0, 0, err
		}
		size += int64(len(src))
	}
	return n, size, nil
}

// newCheckCommand runs "policyls check" on dir with its report discarded.
func newCheckCommand(binary, dir string) *exec.Cmd {
	cmd := exec.Command(binary, "check", dir)
	cmd.Stdout, cmd.Stderr = nil, nil // both go to the null device
	return cmd
}
