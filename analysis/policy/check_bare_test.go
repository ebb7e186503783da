package policy

import "testing"

// TestWrapStatementKeepsCRLF: the wrap fix writes the line breaks the file
// uses, so a Windows file does not end up with mixed ones.
func TestWrapStatementKeepsCRLF(t *testing.T) {
	src := "{\r\n\t\"Effect\": \"Allow\",\r\n\t\"Action\": \"s3:GetObject\",\r\n\t\"Resource\": \"*\"\r\n}"
	want := "{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [\r\n\t\t{\r\n\t\t\t\"Effect\": \"Allow\",\r\n\t\t\t\"Action\": \"s3:GetObject\",\r\n\t\t\t\"Resource\": \"*\"\r\n\t\t}\r\n\t]\r\n}"
	res := Analyze([]byte(src), Options{})
	for _, d := range res.Diagnostics {
		if d.Code != RuleBareStatement || len(d.Fixes) != 1 || d.Fixes[0].Preferred {
			continue
		}
		out, err := ApplyEdits([]byte(src), d.Fixes[0].Edits)
		if err != nil || string(out) != want {
			t.Fatalf("wrapped:\n%q (%v)\nwant:\n%q", out, err, want)
		}
		return
	}
	t.Fatalf("no POL015 with one non-preferred fix in %+v", res.Diagnostics)
}
