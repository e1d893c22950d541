// Command sdkgen writes the Python and Go SDKs of the backend-servers provider plugin from its schema.json,
// with the code generators of github.com/pulumi/pulumi/pkg/v3 (codegen/python, codegen/go) at the version
// the Pulumi CLI is built from. `pulumi package gen-sdk` would hand generation to the Python and Go
// language hosts, which the Go module proxy does not serve; these are the same generators they call.
//
// Usage: go run . <schema.json> <sdk dir>. The output replaces <sdk dir>/python and <sdk dir>/go whole:
// nothing in them is edited by hand.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in the files' "do not edit" headers.
const tool = "backend-servers sdkgen (pulumi/pkg/v3 codegen)"

// pulumiSDK is the Go SDK the generated Go module requires: the version of the CLI and of this module.
const pulumiSDK = "v3.248.0"

// noPackages refuses every package reference: the schema references no other package.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", pkg)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", d.Name)
}

func (l noPackages) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", pkg)
}

func (l noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema may not reference package %q", d.Name)
}

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: sdkgen <schema.json> <sdk dir>"))
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sdkgen:", err)
	os.Exit(1)
}

func run(schemaPath, out string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}

	python, err := pygen.GeneratePackage(tool, pkg, nil, noPackages{})
	if err != nil {
		return fmt.Errorf("python: %w", err)
	}
	if err := replace(filepath.Join(out, "python"), python); err != nil {
		return err
	}

	golang, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	var info gogen.GoPackageInfo
	if goInfo, ok := pkg.Language["go"].(gogen.GoPackageInfo); ok {
		info = goInfo
	}
	// The module holds the package directory (importBasePath's last element) and nothing else.
	module := filepath.Dir(info.ImportBasePath)
	golang["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", module, pulumiSDK))
	goDir := filepath.Join(out, "go")
	if err := replace(goDir, golang); err != nil {
		return err
	}
	// go.sum and the indirect requirements, as the go command records them.
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = goDir
	tidy.Stdout, tidy.Stderr = os.Stderr, os.Stderr
	return tidy.Run()
}

// replace writes files into dir after removing whatever dir held before.
func replace(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
