package server

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
)

// Settings reach the server three ways, all in the shape analysis/config
// reads ({"policyls": {...}} or the bare policyls object):
//   - initializationOptions in the initialize request;
//   - the settings of workspace/didChangeConfiguration, when they hold a
//     policyls object;
//   - otherwise, when the client supports it, the answer to a
//     workspace/configuration request for the "policyls" section, asked after
//     initialized and after every didChangeConfiguration without settings.
// The nearest .policyls.json above a document adds rules after the
// editor's (workspacefile.go).

// didChangeConfiguration takes the new settings from the notification, or
// asks the client for them, and re-publishes every open document.
func (s *Server) didChangeConfiguration(ctx *glsp.Context, params *protocol.DidChangeConfigurationParams) error {
	if holdsSettings(params.Settings) {
		s.applySettings(ctx, params.Settings, true)
		return nil
	}
	s.mu.Lock()
	canPull := s.canPullSettings
	s.mu.Unlock()
	if canPull {
		s.pullSettings(ctx)
	} else {
		s.applySettings(ctx, params.Settings, true)
	}
	return nil
}

// holdsSettings reports whether a settings value carries policyls settings:
// an object with a "policyls" member or with our own members.
func holdsSettings(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if _, nested := m["policyls"]; nested {
		return true
	}
	for _, key := range config.SettingsKeys {
		if _, bare := m[key]; bare {
			return true
		}
	}
	return false
}

// pullSettings asks the client for the policyls section on a goroutine (from
// inside a handler the request would deadlock glsp) and applies the answer.
// It does nothing when the client cannot answer.
func (s *Server) pullSettings(ctx *glsp.Context) {
	s.mu.Lock()
	canPull := s.canPullSettings
	s.mu.Unlock()
	if !canPull || ctx.Call == nil {
		return
	}
	s.mu.Lock()
	asked := s.settingsApplied
	s.mu.Unlock()
	s.goSafely("workspace/configuration", func() {
		section := "policyls"
		var answer []json.RawMessage
		ctx.Call(protocol.ServerWorkspaceConfiguration, protocol.ConfigurationParams{
			Items: []protocol.ConfigurationItem{{Section: &section}},
		}, &answer)
		if len(answer) == 0 {
			return // the request failed; glsp has logged why
		}
		s.applySettingsUnlessNewer(ctx, answer[0], asked)
	})
}

// applySettings replaces the editor settings, forgets the settings files
// read (they are read again when needed) and,
// when republish is set, re-analyses and re-publishes every open document
// (their kinds may have changed). Invalid settings are reported to the user
// and leave the previous ones in force.
func (s *Server) applySettings(ctx *glsp.Context, raw any, republish bool) {
	s.applySettingsIf(ctx, raw, republish, func() bool { return true })
}

// applySettingsUnlessNewer applies settings pulled from the client, unless
// other settings were applied since they were asked for: those came later
// (a didChangeConfiguration that crossed the answer) and stay.
func (s *Server) applySettingsUnlessNewer(ctx *glsp.Context, raw any, asked uint64) {
	s.applySettingsIf(ctx, raw, true, func() bool {
		if s.settingsApplied != asked {
			s.log.Printf("settings: dropped the answer to workspace/configuration: newer settings arrived meanwhile")
			return false
		}
		return true
	})
}

// applySettingsIf is applySettings when current, called with s.mu held,
// says the settings are still the ones to take.
func (s *Server) applySettingsIf(ctx *glsp.Context, raw any, republish bool, current func() bool) {
	editor, err := parseSettings(raw)
	if err != nil {
		s.warn(ctx, fmt.Sprintf("policyls: ignoring invalid settings: %v", err))
	} else {
		// Logged only: an editor's settings have no file to show them in,
		// and an ignored entry spoils nothing else.
		for _, p := range editor.Problems {
			s.log.Printf("settings: %s", p.Message)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !current() {
		return
	}
	s.settingsApplied++
	if err == nil {
		s.editorConfig = editor
	}
	s.forgetSettings() // read the settings files again too
	if s.root != "" {
		// Read the root's file now, so that a broken one is reported at
		// start rather than when the first document opens.
		s.settingsIn(config.Found{File: filepath.Join(s.root, config.FileName), Boundary: s.root})
	}
	if republish {
		s.reanalyse(ctx, "")
	}
	s.reportBrokenSettings(ctx)
}

// parseSettings reads a settings value as decoded from JSON (or raw JSON).
func parseSettings(raw any) (*config.Config, error) {
	data, ok := raw.(json.RawMessage)
	if !ok {
		var err error
		if data, err = json.Marshal(raw); err != nil {
			return nil, fmt.Errorf("encoding settings: %w", err)
		}
	}
	return config.Parse(data)
}

// problemSummary is the first of a settings text's problems, and how many
// more there are.
func problemSummary(problems []config.Problem) string {
	msg := problems[0].Message
	if n := len(problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

// warn logs a problem the user should fix and shows it in the editor.
func (s *Server) warn(ctx *glsp.Context, msg string) {
	s.log.Print(msg)
	if ctx.Notify != nil {
		ctx.Notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
	}
}
