package server

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
)

// pathFromURI converts a file: URI into an operating-system path. Other
// schemes (untitled:, a remote file system) have no path.
func pathFromURI(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", false
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		// file:///C:/dir/file has the path /C:/dir/file.
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
			p = p[1:]
		}
		if u.Host != "" {
			p = "//" + u.Host + p // a UNC path
		}
	} else if u.Host != "" && u.Host != "localhost" {
		return "", false
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return filepath.FromSlash(p), true
}

// fileURIFromPath converts an absolute operating-system path into a file:
// URI, the inverse of pathFromURI.
func fileURIFromPath(p string) string {
	p = filepath.ToSlash(p)
	u := url.URL{Scheme: "file"}
	switch {
	case strings.HasPrefix(p, "//"): // a UNC path: //host/share/...
		host, rest, _ := strings.Cut(p[2:], "/")
		u.Host, u.Path = host, "/"+rest
	case strings.HasPrefix(p, "/"):
		u.Path = p
	default: // C:/dir/file
		u.Path = "/" + p
	}
	return u.String()
}
