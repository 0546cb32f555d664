export declare const serverEntry: string;
export declare const serverNodeArgs: string[];
export declare const serverProcessEnv: Record<string, string>;
