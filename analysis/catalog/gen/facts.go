package main

import (
	"encoding/json"
	"path/filepath"
)

// facts is what the generator takes from the team's compiled fact files
// (../shared/facts). Every section is optional so that a small fixture can
// stand in for the real files in tests.
type facts struct {
	SESActions struct {
		IdentityPolicyActions struct {
			Management []string `json:"identity_management_actions"`
			Sending    []string `json:"sending_authorization_actions"`
		} `json:"identity_policy_actions"`
		Actions []struct {
			Name          string   `json:"name"`
			APIVersions   []string `json:"api_versions"`
			Dependent     []string `json:"dependent_actions"`
			Description   string   `json:"description"`
			ResourceTypes []struct {
				Name     string `json:"name"`
				Required bool   `json:"required"`
			} `json:"resource_types"`
		} `json:"actions"`
		Meta struct {
			APIVersionValues map[string]string `json:"api_version_values"`
		} `json:"meta"`
	}
	Keys struct {
		Meta struct {
			SESGlobal  []string `json:"ses_identity_policy_supported_global_keys"`
			SESService []string `json:"ses_identity_policy_usable_service_keys"`
		} `json:"meta"`
		Types map[string]struct {
			Families []string `json:"operator_families"`
		} `json:"types"`
		SES    []factKey `json:"ses_keys"`
		Global []factKey `json:"global_keys"`
		STS    []factKey `json:"sts_and_federation_keys"`
		IAM    []factKey `json:"iam_keys"`
	}
	Operators struct {
		Operators []struct {
			Name            string `json:"name"`
			Family          string `json:"family"`
			ValueType       string `json:"value_type"`
			Negated         bool   `json:"negated"`
			CaseSensitive   *bool  `json:"case_sensitive"`
			Wildcards       bool   `json:"wildcards"`
			IfExists        bool   `json:"if_exists_allowed"`
			SetQualifier    bool   `json:"set_operator_prefix_allowed"`
			PolicyVariables bool   `json:"policy_variables_in_values"`
			Description     string `json:"description"`
		} `json:"operators"`
	}
	Pinpoint struct {
		Service struct {
			ServicePrincipal string `json:"service_principal"`
		} `json:"service"`
		Role struct {
			Permission json.RawMessage `json:"permission_policy_template"`
			Trust      json.RawMessage `json:"trust_policy_template"`
		} `json:"orchestration_sending_role"`
		EmailActions []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"email_related_actions"`
	}
	Grammar struct {
		Partitions []struct {
			Partition   string            `json:"partition"`
			Name        string            `json:"name"`
			DNSSuffix   string            `json:"dns_suffix"`
			RegionRegex string            `json:"region_regex"`
			Regions     map[string]string `json:"regions"`
			SESRegions  []string          `json:"ses_regions_in_botocore_endpoints"`
		} `json:"partitions"`
		ServicePrincipals struct {
			Relevant map[string]string `json:"relevant"`
			Known    []string          `json:"known_list_third_party"`
		} `json:"service_principals"`
	}
}

// factKey is one condition key as the fact files describe it.
type factKey struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Multivalued bool   `json:"multivalued"`
	Category    string `json:"category"`
	Description string `json:"description"`
}

// readFacts loads the fact files from dir. A missing file is an error: the
// generator must not silently ship a catalogue without the team's facts.
func readFacts(dir string) (*facts, error) {
	f := &facts{}
	files := []struct {
		name string
		v    any
	}{
		{"ses-actions.json", &f.SESActions},
		{"condition-keys.json", &f.Keys},
		{"condition-operators.json", &f.Operators},
		{"pinpoint.json", &f.Pinpoint},
		{"policy-grammar.json", &f.Grammar},
	}
	for _, file := range files {
		if err := readJSON(filepath.Join(dir, file.name), file.v); err != nil {
			return nil, err
		}
	}
	return f, nil
}
