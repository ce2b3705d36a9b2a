// Placeholder until the shell lands (issue 2).
export {};
