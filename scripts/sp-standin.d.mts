// Types of sp-standin.mjs for the TypeScript files that import it (vite.config.ts).
export declare const SP_STANDIN_URL: string;
export declare function buildSpStandin(outfile?: string): Promise<void>;
export declare function spStandinPlugin(): { name: string; serverStart(): Promise<void> };
export declare function spStandinMiddleware(): (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
