import type * as pulumi from "@pulumi/pulumi";

/**
 * Makes the provider class Pulumi serializes into every resource's state. Its methods only require this
 * package by name and forward the call, so the stored text is about 4 KB, holds no credential
 * and no copy of this package's code, and every operation runs the version installed in the project.
 * Nothing else may be referenced from these methods: whatever they reach is copied into state.
 */
export function delegatingProvider(kind: string): new () => pulumi.dynamic.ResourceProvider {
  return class DelegatingProvider implements pulumi.dynamic.ResourceProvider {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      require("pulumi-backend-servers/runtime").configure(req.config);
    }
    async check(olds: any, news: any) {
      return require("pulumi-backend-servers/runtime").dispatch(kind, "check", [olds, news]);
    }
    async diff(id: string, olds: any, news: any) {
      return require("pulumi-backend-servers/runtime").dispatch(kind, "diff", [id, olds, news]);
    }
    async create(inputs: any) {
      return require("pulumi-backend-servers/runtime").dispatch(kind, "create", [inputs]);
    }
    async read(id: string, props: any) {
      return require("pulumi-backend-servers/runtime").dispatch(kind, "read", [id, props]);
    }
    async update(id: string, olds: any, news: any) {
      return require("pulumi-backend-servers/runtime").dispatch(kind, "update", [id, olds, news]);
    }
    async delete(id: string, props: any) {
      await require("pulumi-backend-servers/runtime").dispatch(kind, "delete", [id, props]);
    }
  };
}
