package server

import (
	"github.com/policyls/policyls/analysis/eval"
	"path/filepath"
	"slices"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/policy"
)

// When settings change, the open documents they govern are analysed again
// and re-published. That happens off the request path, on one goroutine at
// a time, so a keystroke in a .policyls.json governing thousands of open
// documents returns at once:
//   - a change records what changed (a settings file's path, or every
//     document for the editor's settings) and starts the worker unless it
//     is running;
//   - the worker takes what is pending, works out under s.mu which open
//     documents are affected and their new options, analyses them without
//     the lock, and publishes each under the lock only if the document is
//     still the same version and no newer settings change came in;
//   - a newer change while it works makes it stop, put back what it had
//     not finished, and start over with everything pending: rapid changes
//     cost one re-analysis, of the last settings.
// A document edited meanwhile was analysed with the new settings by its own
// didChange, so it is skipped.

// reanalysis is the worker's state, guarded by s.mu.
type reanalysis struct {
	running    bool
	generation uint64          // counts changes, so the worker sees newer ones
	everything bool            // every open document is pending
	files      map[string]bool // settings files whose documents are pending
}

// reanalyse records that the documents governed by the settings file at
// path ("" for every open document) must be analysed again, and starts the
// worker unless it is running. s.mu must be held.
func (s *Server) reanalyse(ctx *glsp.Context, path string) {
	r := &s.reanalysis
	r.generation++
	if path == "" {
		r.everything = true
	} else {
		if r.files == nil {
			r.files = map[string]bool{}
		}
		r.files[path] = true
	}
	if r.running {
		return
	}
	r.running = true
	s.goSafely("re-analysis", func() { s.reanalyseLoop(ctx) })
}

// reanalysisJob is one document to analyse again, with its new options.
type reanalysisJob struct {
	doc  *document
	opts policy.Options
}

// reanalyseLoop is the worker: it runs until nothing is pending.
func (s *Server) reanalyseLoop(ctx *glsp.Context) {
	for {
		if s.beforeReanalysis != nil {
			s.beforeReanalysis()
		}
		s.mu.Lock()
		r := &s.reanalysis
		if !r.everything && len(r.files) == 0 {
			r.running = false
			s.mu.Unlock()
			return
		}
		everything, files, generation := r.everything, r.files, r.generation
		r.everything, r.files = false, nil
		jobs := s.reanalysisJobs(everything, files)
		s.reportBrokenSettings(ctx)
		s.mu.Unlock()

		for _, job := range jobs {
			res, tmpl := analyze(job.doc.uri, job.doc.language, job.doc.src, job.opts)
			s.mu.Lock()
			if s.reanalysis.generation != generation {
				// Newer settings: do it all again with them.
				s.reanalysis.everything = s.reanalysis.everything || everything
				for f := range files {
					if s.reanalysis.files == nil {
						s.reanalysis.files = map[string]bool{}
					}
					s.reanalysis.files[f] = true
				}
				s.mu.Unlock()
				break
			}
			if d := job.doc; s.docs[d.uri] == d {
				next := &document{uri: d.uri, version: d.version, src: d.src, index: d.index, result: res, template: tmpl}
				keepLastGoodFindings(d, next)
				if eval.IsTestFile(d.uri) {
					next.tests = s.runTests(next)
				}
				s.docs[d.uri] = next
				s.publish(ctx, next)
			}
			s.mu.Unlock()
		}
	}
}

// reanalysisJobs lists, in URI order, the open documents to analyse again:
// all of them, or those governed by one of files (see governedBy), each
// with its options under the current settings. s.mu must be held.
func (s *Server) reanalysisJobs(everything bool, files map[string]bool) []reanalysisJob {
	uris := make([]protocol.DocumentUri, 0, len(s.docs))
	for uri := range s.docs {
		uris = append(uris, uri)
	}
	slices.Sort(uris)
	var jobs []reanalysisJob
	for _, uri := range uris {
		if isSettingsFile(uri) {
			continue
		}
		if !everything {
			p, ok := pathFromURI(uri)
			if !ok {
				continue
			}
			nearest := s.settingsFileFor(p).File
			governed := false
			for f := range files {
				if governedBy(f, p, nearest) {
					governed = true
					break
				}
			}
			if !governed {
				continue
			}
		}
		jobs = append(jobs, reanalysisJob{doc: s.docs[uri], opts: s.optionsFor(uri)})
	}
	return jobs
}

// governedBy reports whether a change to the settings file at file can
// change the settings of the document at path, whose nearest settings file
// is now nearest (""; none): the document lies in file's folder or below,
// and no settings file between them shields it. Whether file was just
// created, changed or deleted, that is exactly the documents it governed
// before or governs now.
func governedBy(file, path, nearest string) bool {
	folder := filepath.Dir(file)
	if !insideFolder(folder, path) {
		return false
	}
	return nearest == "" || nearest == file || !insideFolder(folder, filepath.Dir(nearest))
}
