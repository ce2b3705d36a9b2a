// Vite bundles imported CSS and font files; TypeScript only needs to know such imports
// exist (a font import yields the bundled file's URL).
declare module '*.css';
declare module '*.woff2' {
  const url: string;
  export default url;
}
