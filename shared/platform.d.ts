// The few Web-platform globals that both Node (>= 20) and browsers provide. shared/ is
// compiled without DOM or Node typings, so these are declared here, and nothing else is.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare const crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
  randomUUID(): string;
};
