// Content-Disposition for downloads: names are built from dates and fixed words only, so an
// ASCII name is enough and nothing user-typed reaches a header.
export function attachmentName(name: string): string {
  return `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}
