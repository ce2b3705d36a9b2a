// noble's untyped entry points, loaded lazily by load-noble.ts (typed there via noble-types.ts).
declare module '@abandonware/noble/with-bindings.js' {
  const withBindings: (bindings: unknown) => unknown;
  export default withBindings;
}
declare module '@abandonware/noble/lib/hci-socket/bindings.js' {
  const Bindings: unknown;
  export default Bindings;
}
