import { SLACK } from '../core/limits.js';
import { truncate } from '../core/markdown.js';

/** Cut to `max` UTF-16 units (how the stricter platform counts), never inside an emoji. */
function fitUtf16(text: string, max: number): string {
  let cut = truncate(text, max);
  for (let room = max - 1; cut.length > max; room--) cut = truncate(text, room);
  return cut;
}

/** A lesson's source as a link button: where it leads, and a label a learner can read. */
export interface SourceLink {
  label: string;
  url: string;
}

/** What a learner calls each documentation site. */
function siteOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (host === 'docs.aws.amazon.com') return 'AWS docs';
  if (host === 'aws.amazon.com' || host.endsWith('.aws.amazon.com')) {
    if (path.startsWith('/blogs/')) return 'AWS blog';
    if (path.startsWith('/about-aws/whats-new/')) return "AWS What's New";
    return 'AWS';
  }
  if (host === 'developer.hashicorp.com') return path.startsWith('/terraform') ? 'Terraform docs' : 'HashiCorp docs';
  if (host === 'registry.terraform.io') return 'Terraform Registry';
  if (host === 'github.com') return `GitHub ${path.split('/').filter(Boolean).slice(0, 2).join('/')}`;
  if (host.endsWith('opentofu.org')) return 'OpenTofu docs';
  if (host.endsWith('docker.com')) return 'Docker docs';
  if (host.endsWith('kubernetes.io')) return 'Kubernetes docs';
  return host.replace(/^www\./, '');
}

/** The page's own name from its path: `…/userguide/object-lifecycle-mgmt.html` → "Object lifecycle mgmt". */
function pageOf(url: URL): string | undefined {
  const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s).replace(/\.(html?|md)$/i, ''));
  const meaningful = segments.filter((s) => !/^(index|latest|userguide|developerguide|docs?|en-us|en|v\d[\w.]*)$/i.test(s));
  const page = meaningful.at(-1);
  if (!page || (url.hostname === 'github.com' && meaningful.length <= 2)) return undefined;
  const words = page.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : undefined;
}

/**
 * Link buttons for a lesson's sources. Labels fit both platforms' button limits (Slack's 75
 * characters is the smaller), so a long page name is cut, never the button refused.
 */
export function sourceLinks(urls: readonly string[]): SourceLink[] {
  return urls.map((raw) => {
    const url = new URL(raw);
    const page = pageOf(url);
    return { label: fitUtf16(`📄 ${siteOf(url)}${page ? ` · ${page}` : ''}`, SLACK.buttonText), url: raw };
  });
}
