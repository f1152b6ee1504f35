// Types of playground-config.js (a plain script module, served to the demo as it is).

/** Attribute name to value: a text, a boolean for a flag, an object for `strings`. */
export type PlaygroundSettings = Record<string, string | boolean | Record<string, unknown> | undefined>;

export interface SettingDefinition {
  attribute: string;
  flag?: boolean;
  json?: boolean;
  always?: boolean;
  default?: string;
}

export const LEVELS: readonly string[];
export const BUILT_IN_PURPOSES: readonly string[];
export const SETTINGS: readonly SettingDefinition[];
export function chosenSettings(settings: PlaygroundSettings): [string, string | true | Record<string, unknown>][];
export function propertyName(attribute: string): string;
/** The drop-in's scripts: the full build, and the tag build for sites with the Snowplow JS tag. */
export const DROP_IN_FILES: { full: string; tag: string };
export type DropInBuild = keyof typeof DROP_IN_FILES;
export function dropInTag(settings: PlaygroundSettings, folder: string, build?: DropInBuild): string;
export function elementMarkup(settings: PlaygroundSettings, folder: string, build?: DropInBuild): string;
export function snippetSettings(settings: PlaygroundSettings): Record<string, unknown>;
export function cmsSnippet(settings: PlaygroundSettings, folder: string, template: string, build?: DropInBuild): string;
export function previewQuery(settings: PlaygroundSettings): string;
