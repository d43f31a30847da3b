// Globs in settings (`exclude`, `ignore[].path`, `auditBucketPatterns`) use picomatch semantics. A pattern
// without a slash matches at any depth, as in .gitignore, and a pattern that matches a folder covers its files.
import picomatch from 'picomatch';

const cache = new Map<string, (s: string) => boolean>();

function matcherFor(pattern: string): (s: string) => boolean {
  let matcher = cache.get(pattern);
  if (!matcher) {
    const trimmed = pattern.replace(/\/+$/, '');
    matcher = picomatch(trimmed, { dot: true, basename: !trimmed.includes('/') });
    cache.set(pattern, matcher);
  }
  return matcher;
}

export function globMatch(pattern: string, subject: string): boolean {
  const matcher = matcherFor(pattern);
  const parts = subject.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  for (let i = parts.length; i > 0; i--) {
    if (matcher(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}
