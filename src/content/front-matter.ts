import jsyaml from 'js-yaml';

export interface FrontMatterDocument {
  data: unknown;
  body: string;
}

/** Splits `---\nYAML\n---\nbody`; throws with a readable message when malformed. */
export function parseFrontMatter(source: string): FrontMatterDocument {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.startsWith('---\n')) throw new Error('must start with a "---" front matter line');
  const end = text.indexOf('\n---', 3);
  if (end === -1) throw new Error('front matter is not closed by a "---" line');
  const yaml = text.slice(4, end);
  const afterFence = text.indexOf('\n', end + 1);
  const body = afterFence === -1 ? '' : text.slice(afterFence + 1);
  try {
    // CORE_SCHEMA: plain YAML 1.2 scalars, no implicit dates or custom types.
    return { data: jsyaml.load(yaml, { schema: jsyaml.CORE_SCHEMA }), body: body.trim() };
  } catch (error) {
    throw new Error(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
