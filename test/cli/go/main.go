// Command program is the CLI tests' Go program (test/cli/go.cli.test.ts): three web servers behind a CLB
// load balancer with the credentials of the stack config, and one more load balancer in each of two other
// accounts, through explicit providers, on the generated Go SDK (sdk/go). It serves the program inline
// through the Automation API for one command:
//
//	program <preview|up|refresh|destroy> <project dir> <project name>
//
// The project directory holds the Pulumi.yaml (which names the provider plugin) and the stack `test`.
// What the CLI prints goes to stdout and stderr; a failed command exits 1.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	backendservers "pulumi-backend-servers/sdk/go/backendservers"
	"pulumi-backend-servers/sdk/go/backendservers/alicloud/slb"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	canaryWeight, err := cfg.TryInt("canaryWeight")
	if err != nil {
		canaryWeight = 10
	}

	// The default provider: credentials from the `backend-servers:` stack config, else the environment.
	web, err := slb.NewBackendServerAttachment(ctx, "web", &slb.BackendServerAttachmentArgs{
		LoadBalancerId: pulumi.String(cfg.Require("loadBalancerId")),
		BackendServers: slb.BackendServerArray{
			slb.BackendServerArgs{ServerId: pulumi.String("i-2zej4lxhjoq1icue6k00"), Weight: pulumi.Int(100)},
			slb.BackendServerArgs{ServerId: pulumi.String("i-2zej4lxhjoq1icue6k01"), Weight: pulumi.Int(100)},
			slb.BackendServerArgs{ServerId: pulumi.String("i-2zej4lxhjoq1icue6k02"), Weight: pulumi.Int(canaryWeight)},
		},
	})
	if err != nil {
		return err
	}

	// Two more accounts, each with its own credentials: secrets in the program's config, and in state.
	for _, account := range []struct{ name, server string }{{"A", "i-2zej4lxhjoq1icue6k10"}, {"B", "i-2zej4lxhjoq1icue6k20"}} {
		provider, err := backendservers.NewProvider(ctx, "account"+account.name, &backendservers.ProviderArgs{
			AlicloudAccessKey: cfg.RequireSecret("account" + account.name + "KeyId"),
			AlicloudSecretKey: cfg.RequireSecret("account" + account.name + "Secret"),
			AlicloudRegion:    pulumi.String(cfg.Require("region")),
		})
		if err != nil {
			return err
		}
		_, err = slb.NewBackendServerAttachment(ctx, "shop"+account.name, &slb.BackendServerAttachmentArgs{
			LoadBalancerId: pulumi.String(cfg.Require("shop" + account.name + "LoadBalancerId")),
			BackendServers: slb.BackendServerArray{slb.BackendServerArgs{ServerId: pulumi.String(account.server)}},
		}, pulumi.Provider(provider))
		if err != nil {
			return err
		}
	}

	ctx.Export("webMembers", web.BackendServers)
	return nil
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: program <preview|up|refresh|destroy> <project dir> <project name>")
		os.Exit(2)
	}
	command, workDir, project := os.Args[1], os.Args[2], os.Args[3]
	ctx := context.Background()
	stack, err := auto.SelectStackInlineSource(ctx, "test", project, program, auto.WorkDir(workDir))
	if err == nil {
		err = run(ctx, stack, command)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stack auto.Stack, command string) error {
	out, errs := os.Stdout, os.Stderr
	var err error
	switch command {
	case "preview":
		_, err = stack.Preview(ctx, optpreview.Diff(), optpreview.Color("never"),
			optpreview.ProgressStreams(out), optpreview.ErrorProgressStreams(errs))
	case "up":
		_, err = stack.Up(ctx, optup.Color("never"), optup.ProgressStreams(out), optup.ErrorProgressStreams(errs))
	case "refresh":
		_, err = stack.Refresh(ctx, optrefresh.Color("never"),
			optrefresh.ProgressStreams(out), optrefresh.ErrorProgressStreams(errs))
	case "destroy":
		_, err = stack.Destroy(ctx, optdestroy.Color("never"),
			optdestroy.ProgressStreams(out), optdestroy.ErrorProgressStreams(errs))
	default:
		err = fmt.Errorf("unknown command %q", command)
	}
	return err
}
