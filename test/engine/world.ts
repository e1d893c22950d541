/**
 * The setup every engine test file shares: one emulator seeded from the clouds' TestClouds (both targets,
 * a key and an STS credential each), a `Stack` configured as the README tells users to, with retries short
 * enough for a test, and after every test a check that each request the plugin sent fits the vendors'
 * definitions of the actions (cleared from the call log or not).
 *
 * Call `engineWorld` at the top of a file or inside a `describe`: it registers its own hooks there.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type CallRecord, type Emulator, type StartOptions, startEmulator } from "../../emulator";
import { nonconforming } from "../../emulator/contract/conformance";
import { DYNAMIC, type FrontEnd } from "../../harness/frontEnd";
import { SHORT_RETRIES } from "../../harness/shortRetries";
import { Stack } from "../../harness/stack";
import { endpointsOf, isWrite, type SeedExtra, seedOfClouds, type TestCloud } from "../clouds";

export interface WorldOptions {
  /** What a test file adds to each cloud's seed (listeners, a health monitor). */
  seed?: (cloud: TestCloud) => SeedExtra;
  /** Environment beyond the endpoints and the short retries. */
  env?: Record<string, string>;
  /** The emulator's clock, for files that move it instead of sleeping. */
  now?: StartOptions["now"];
  /** Which plugin serves the stacks; default the dynamic resources'. */
  frontEnd?: FrontEnd;
}

export interface EngineWorld {
  readonly emulator: Emulator;
  /** A fresh stack for each test, on the clouds' key from stack config. */
  stack: Stack;
  /** The environment of `stack`: endpoints, short retries, the file's own settings, then `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Stack config naming every cloud's long-term key and region. */
  config(): Record<string, string>;
  /** A stack with another environment or config that starts from the current stack's state. */
  continueWith(env: Record<string, string>, config?: Record<string, string>): Stack;
  /** The cloud's writes since the call log was last cleared. */
  writes(cloud: TestCloud): CallRecord[];
}

export function engineWorld(clouds: TestCloud[], options: WorldOptions = {}): EngineWorld {
  let emulator: Emulator | undefined;
  const sent: CallRecord[] = [];
  const ready = () => {
    if (!emulator) throw new Error("the engine world is used outside a test");
    return emulator;
  };
  const world: EngineWorld = {
    get emulator() {
      return ready();
    },
    stack: undefined as unknown as Stack,
    env: (extra = {}) => ({
      ...endpointsOf(clouds, ready()),
      ...SHORT_RETRIES,
      ...options.env,
      ...extra,
    }),
    // Both Alibaba clouds name `alicloud:accessKey`: the emulator takes either key for either API.
    config: () => Object.assign({}, ...clouds.map((cloud) => cloud.config())),
    continueWith(env, config = world.config()) {
      const next = new Stack(env, config, options.frontEnd ?? DYNAMIC);
      for (const [urn, resource] of world.stack.state) next.state.set(urn, resource);
      return next;
    },
    writes: (cloud) =>
      ready()
        .calls({ cloud: cloud.api })
        .filter((c) => isWrite(cloud, c.action)),
  };

  beforeAll(async () => {
    emulator = await startEmulator({ now: options.now });
    emulator.onCall((call) => sent.push(call));
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => {
    sent.length = 0;
    ready().reset();
    ready().seed(seedOfClouds(clouds, options.seed));
    world.stack = new Stack(world.env(), world.config(), options.frontEnd ?? DYNAMIC);
  });
  afterEach(() => {
    expect(nonconforming(sent.splice(0))).toEqual([]);
  });
  return world;
}
