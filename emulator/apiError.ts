// A refusal by an emulated API. Handlers throw it; the cloud's router turns it into that cloud's error body.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
