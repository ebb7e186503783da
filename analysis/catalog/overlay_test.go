package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestLoadOverlay(t *testing.T) {
	c := New()
	oldSES := mustService(t, c, "ses")
	oldSend, _ := oldSES.Action("SendEmail")
	if err := c.LoadOverlay("testdata/overlay"); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Services()); n != wantServices+1 {
		t.Errorf("%d services after overlay, want %d", n, wantServices+1)
	}
	if !slices.IsSorted(c.Prefixes()) {
		t.Error("prefixes not sorted")
	}

	ses := mustService(t, c, "SES")
	if ses == oldSES || ses.Name != "Amazon SES" || !strings.HasSuffix(ses.ReferenceURL(), "list_amazonsimpleemailservicev2.html") {
		t.Errorf("ses after overlay: %q %q", ses.Name, ses.ReferenceURL())
	}
	if n := len(ses.Actions()); n != 3 {
		t.Errorf("ses has %d actions, want the overlay's 3", n)
	}
	pigeon, ok := c.Action("ses:sendcarrierpigeon")
	if !ok || pigeon.Level != AccessWrite || !pigeon.Resources[0].Type.MatchesARN("arn:aws:ses:us-east-1:123456789012:loft/main") {
		t.Fatalf("ses:SendCarrierPigeon = %+v", pigeon)
	}
	if _, ok := pigeon.ConditionKey("ses:PigeonColour"); !ok {
		t.Error("overlay key missing")
	}
	send, _ := c.Action("ses:SendEmail")
	// Kept from the embedded data: description, SES families, required flags.
	if send.Description != oldSend.Description || !slices.Equal(send.SESFamilies, oldSend.SESFamilies) {
		t.Errorf("ses:SendEmail lost embedded facts: %+v", send)
	}
	if r, ok := send.Resource("identity"); !ok || !r.Required {
		t.Errorf("identity required flag lost: %+v", r)
	}
	if k, _ := send.ConditionKey("ses:Recipients"); !k.MultiValued || k.Description == "" {
		t.Errorf("ses:Recipients = %+v", k)
	}
	if _, ok := c.Action("ses:SendRawEmail"); ok {
		t.Error("ses:SendRawEmail survived the overlay")
	}
	if tag, _ := c.Action("ses:TagResource"); tag.Level != AccessTagging {
		t.Errorf("ses:TagResource level %v", tag.Level)
	}
	// The old service object still answers from its own data.
	if a, ok := oldSES.Action("SendRawEmail"); !ok || a.Service() != oldSES {
		t.Error("the replaced service changed under its holder")
	}

	w := mustService(t, c, "newsvc")
	if w.Name != "newsvc" || w.ReferenceURL() != "" {
		t.Errorf("newsvc = %q %q", w.Name, w.ReferenceURL())
	}
	levels := map[string]AccessLevel{"newsvc:ListWidgets": AccessList, "newsvc:GetWidget": AccessRead, "newsvc:PutWidgetPolicy": AccessPermissionsManagement}
	for name, want := range levels {
		if a, ok := c.Action(name); !ok || a.Level != want {
			t.Errorf("%s = %v", name, a)
		}
	}
	if got := c.MatchActions("newsvc:*Widget*"); len(got) != 3 {
		t.Errorf("newsvc:*Widget* matched %d", len(got))
	}
	// Other catalogues are not affected.
	if _, ok := Default().Service("newsvc"); ok {
		t.Error("overlay leaked into the default catalogue")
	}
}

func TestLoadOverlayErrors(t *testing.T) {
	c := New()
	err := c.LoadOverlay("testdata/badoverlay")
	if err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Fatalf("err = %v", err)
	}
	if _, ok := c.Service("newsvc"); ok {
		t.Error("a failed overlay applied part of its files")
	}
	// A mistyped or empty folder is an error: the user asked for files.
	if err := c.LoadOverlay("testdata/no-such-dir"); err == nil {
		t.Error("missing folder: no error")
	}
	if err := c.LoadOverlay(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no service reference files") {
		t.Errorf("empty folder: err = %v", err)
	}
}

// The files of an overlay are read through boundedfile: a file over
// MaxOverlayFileSize, a folder named *.json or a link out of the overlay
// folder is an error, and nothing applies.
func TestLoadOverlayReadsBoundedRegularFiles(t *testing.T) {
	newsvc, err := os.ReadFile("testdata/overlay/newsvc.json")
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "elsewhere.json")
	if err := os.WriteFile(outside, newsvc, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, setUp := range map[string]func(dir string) error{
		"too large": func(dir string) error {
			big := append(newsvc[:len(newsvc):len(newsvc)], bytes.Repeat([]byte(" "), MaxOverlayFileSize)...)
			return os.WriteFile(filepath.Join(dir, "big.json"), big, 0o644)
		},
		"a directory": func(dir string) error { return os.Mkdir(filepath.Join(dir, "dir.json"), 0o755) },
		"outside":     func(dir string) error { return os.Symlink(outside, filepath.Join(dir, "link.json")) },
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.json"), newsvc, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := setUp(dir); err != nil {
			t.Skipf("%s: %v", name, err)
		}
		c := New()
		if err := c.LoadOverlay(dir); err == nil {
			t.Errorf("%s: no error", name)
		}
		if _, ok := c.Service("newsvc"); ok {
			t.Errorf("%s: part of the overlay applied", name)
		}
	}
}

func TestLoadOverlayConcurrent(t *testing.T) {
	c := New()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := c.LoadOverlay("testdata/overlay"); err != nil {
			t.Error(err)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			if _, ok := c.Action("ses:SendEmail"); !ok {
				t.Error("ses:SendEmail missing during overlay")
				return
			}
		}
	}()
	wg.Wait()
}
