package catalog

import "testing"

func TestActionsNear(t *testing.T) {
	c := Default()
	names := func(near []NearAction) []string {
		var out []string
		for _, n := range near {
			out = append(out, n.Action.FullName()+"@"+string(rune('0'+n.Distance)))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		limit int
		want  []string
	}{
		// One edit away, case ignored; nothing else within two.
		{"ses:sendemial", 2, []string{"ses:SendEmail@1"}},
		// Two within reach, nearest first.
		{"sts:AssumeRol", 2, []string{"sts:AssumeRole@1", "sts:AssumeRoot@2"}},
		// A known prefix is taken as typed: scn:DescribeInstance is two
		// prefix edits from ec2 but not searched.
		{"ec2:DescribeInstance", 2, []string{"ec2:DescribeInstances@1"}},
		// An unknown prefix is a typo: services a swap away are searched.
		{"sse:SendEmail", 1, []string{"ses:SendEmail@1"}},
		{"sse:SendEmail", 0, nil},
		{"no colon", 2, nil},
	} {
		got := names(c.ActionsNear(tc.name, tc.limit))
		if len(got) != len(tc.want) {
			t.Errorf("ActionsNear(%q, %d) = %v, want %v", tc.name, tc.limit, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ActionsNear(%q, %d) = %v, want %v", tc.name, tc.limit, got, tc.want)
				break
			}
		}
	}
}
