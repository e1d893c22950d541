/**
 * The two ways a program reaches the resources: the dynamic resources (a TypeScript program, the
 * `pulumi-nodejs` dynamic-provider plugin) and the `backend-servers` provider plugin (a program in any
 * language). The engine suites run once per front end: the same registrations, each as the engine would
 * hand it to that plugin.
 */
import { CONFIG_KEYS } from "../provider/runtime/settings";
import { propertyOf } from "../provider/plugin/config";
import { KINDS } from "../provider/runtime";
import { tokenOf } from "../provider/plugin/schema";
import type { PreviewStep } from "./miniEngine";
import type { DiffResult, Plugin, PluginKind } from "./plugin";
import { changedEntries, previewDiffLines } from "./previewDiff";
import type { Props } from "./struct";

export interface FrontEnd {
  readonly name: PluginKind;
  /** The URN the engine gives the resource a program registers under this dynamic-resource URN. */
  urn(dynamicUrn: string): string;
  /** What the engine sends Check for these registered inputs: the plugin gets no `__` keys from a program. */
  inputs(registered: Props): Props;
  /** What Configure gets for this stack config: the whole config, or the provider's own properties. */
  configuration(stackConfig: Record<string, string>): Props;
  /**
   * The entries of `field` a reviewer sees changed in `pulumi preview --diff`: for the dynamic plugin the
   * CLI's comparison of the old and new inputs, for the provider plugin its detailed diff.
   */
  reviewed(step: PreviewStep, oldInputs: Props, field: string): Set<string>;
}

export const DYNAMIC: FrontEnd = {
  name: "dynamic",
  urn: (urn) => urn,
  inputs: (registered) => registered,
  configuration: (config) => config,
  reviewed: (step, oldInputs, field) =>
    changedEntries(previewDiffLines(oldInputs, step.checkedInputs), field),
};

/**
 * `pulumi-nodejs:dynamic/alicloud-slb:BackendServerAttachment` (a dynamic resource's type: its type name's
 * module with dashes) -> the provider plugin's type token for the same kind.
 */
const TOKEN_OF_DYNAMIC = new Map(
  Object.values(KINDS).map((kind) => {
    const parts = kind.schema.typeName.split(".");
    return [`pulumi-nodejs:dynamic/${parts.slice(0, -1).join("-")}:${parts.at(-1)}`, tokenOf(kind)];
  }),
);

/** `backendServers["ecs:i-1"].weight` -> `ecs:i-1` when `field` is `backendServers`. */
function entryOf(path: string, field: string): string | undefined {
  const match = /^([A-Za-z]\w*)\["((?:[^"\\]|\\.)*)"\]/.exec(path);
  return match && match[1] === field ? (JSON.parse(`"${match[2]}"`) as string) : undefined;
}

export const PLUGIN: FrontEnd = {
  name: "backend-servers",
  urn(urn) {
    const parts = urn.split("::");
    const token = TOKEN_OF_DYNAMIC.get(parts[2]);
    if (token === undefined) throw new Error(`no provider plugin type for ${urn}`);
    return [...parts.slice(0, 2), token, ...parts.slice(3)].join("::");
  },
  inputs: (registered) =>
    Object.fromEntries(
      Object.entries(registered).filter(([key, value]) => !key.startsWith("__") && value !== undefined),
    ),
  configuration(config) {
    const properties: Props = {};
    for (const key of CONFIG_KEYS) if (config[key] !== undefined) properties[propertyOf(key)] = config[key];
    return properties;
  },
  reviewed(step, _oldInputs, field) {
    const entries = new Set<string>();
    for (const path of Object.keys(step.detailedDiff ?? {})) {
      const entry = entryOf(path, field);
      if (entry !== undefined) entries.add(entry);
    }
    return entries;
  },
};

/**
 * The plugin as the engine drives it for a program of this front end: requests under the front end's
 * URNs and inputs, answers unchanged. Tests keep naming resources by the URNs their programs registered.
 */
export function asFrontEnd(plugin: Plugin, frontEnd: FrontEnd): Plugin {
  if (frontEnd === DYNAMIC) return plugin;
  const urn = frontEnd.urn;
  return {
    ...bound(plugin),
    check: (u, olds, news) => plugin.check(urn(u), olds, frontEnd.inputs(news)),
    diff: (u, id, olds, news, oldInputs): Promise<DiffResult> =>
      plugin.diff(urn(u), id, olds, news, oldInputs),
    create: (u, properties) => plugin.create(urn(u), properties),
    read: (u, id, properties, inputs) => plugin.read(urn(u), id, properties, inputs),
    update: (u, id, olds, news, oldInputs) => plugin.update(urn(u), id, olds, news, oldInputs),
    delete: (u, id, properties, oldInputs) => plugin.delete(urn(u), id, properties, oldInputs),
  };
}

/** The plugin's methods bound to it, so that a wrapper can pass the ones it does not change. */
function bound(plugin: Plugin): Plugin {
  return {
    getPluginInfo: () => plugin.getPluginInfo(),
    configure: (config) => plugin.configure(config),
    getSchema: () => plugin.getSchema(),
    checkConfig: (urn, olds, news) => plugin.checkConfig(urn, olds, news),
    diffConfig: (urn, olds, news) => plugin.diffConfig(urn, olds, news),
    check: (urn, olds, news) => plugin.check(urn, olds, news),
    diff: (urn, id, olds, news, oldInputs) => plugin.diff(urn, id, olds, news, oldInputs),
    create: (urn, properties) => plugin.create(urn, properties),
    read: (urn, id, properties, inputs) => plugin.read(urn, id, properties, inputs),
    update: (urn, id, olds, news, oldInputs) => plugin.update(urn, id, olds, news, oldInputs),
    delete: (urn, id, properties, oldInputs) => plugin.delete(urn, id, properties, oldInputs),
    output: () => plugin.output(),
    kill: (signal) => plugin.kill(signal),
    exited: () => plugin.exited(),
    close: () => plugin.close(),
  };
}
