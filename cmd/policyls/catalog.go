package main

import (
	"fmt"

	"github.com/policyls/policyls/analysis/catalog"
)

// loadCatalogOverlay adds a directory of AWS service reference files (one
// JSON file per service, as AWS publishes them) to the catalogue, so users
// can pick up new actions without a new release. An empty dir does nothing.
func loadCatalogOverlay(dir string) error {
	if dir == "" {
		return nil
	}
	if err := catalog.LoadOverlay(dir); err != nil {
		return fmt.Errorf("cannot load the catalogue overlay %s: %w", dir, err)
	}
	return nil
}
