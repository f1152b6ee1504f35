// Types of drop-in-builds.mjs for the TypeScript files that import it (vite.config.ts).
export declare const DROP_IN_BUILDS: readonly { mode: string; file: string }[];
export declare function dropInFile(mode: string): string;
