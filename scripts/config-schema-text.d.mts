export declare const CONFIG_SCHEMA_FILE: string;
export declare function configSchemaText(schema: unknown): Promise<string>;
