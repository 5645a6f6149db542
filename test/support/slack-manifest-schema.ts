/** Slack's app manifest JSON Schema (slackapi/manifest-schema, draft-07) as a validator. */
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readSpec } from './specs.js';

/** The top schema picks a version by `_metadata.major_version` and `$ref`s these by their raw URLs. */
const VERSIONED = ['1.0.0', '2.0.0'].map((version) => ({
  url: `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`,
  file: `slack-manifest.schema.${version}.json`,
}));

export type ManifestValidator = (manifest: unknown) => ErrorObject[];

export function slackManifestValidator(): ManifestValidator {
  // strict: false because the schema uses a non-standard `regex` keyword (for background_color).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv, ['uri']);
  for (const { url, file } of VERSIONED) ajv.addSchema(readSpec(file), url);
  const validate = ajv.compile(readSpec('slack-manifest.schema.json'));
  return (manifest) => (validate(manifest) ? [] : [...(validate.errors ?? [])]);
}
