// bleno's CommonJS entry, loaded lazily by load-bleno.ts (typed there via bleno-types.ts).
declare module '@abandonware/bleno' {
  const bleno: unknown;
  export default bleno;
}
