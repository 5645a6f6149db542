import { readFile } from 'node:fs/promises';

const FIELDS = ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile'] as const;

/**
 * A process's memory from /proc/<pid>/status, in MB, read at one instant ("self" for this process):
 * resident (VmRSS), its peak (VmHWM), and the resident part that is anonymous (heaps, pixels) or
 * file-backed (mapped code such as Node's and Skia's, which the kernel can drop and reload).
 */
export async function memoryMb(pid: number | 'self'): Promise<Record<(typeof FIELDS)[number], number>> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return Object.fromEntries(FIELDS.map((field) => [field, mb(field)])) as Record<(typeof FIELDS)[number], number>;
}
