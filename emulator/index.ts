// Public API of the cloud emulator; other test code imports only from here.
export type { Emulator } from "./emulator";
export { startEmulator } from "./emulator";
export type {
  CallRecord,
  Cloud,
  ElbMember,
  ElbMemberSeed,
  EmulatorCredential,
  EmulatorSeed,
  EnsBackendServer,
  EnsServer,
  FaultKind,
  FaultRule,
  ServerGroupServer,
  SlbBackendServer,
  SlbListenerSeed,
  SlbServer,
  SlbVServerBackendServer,
  StartOptions,
} from "./types";
