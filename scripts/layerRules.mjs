/**
 * Turns a layer ({ path, allow | deny, modules }) into ESLint `no-restricted-imports` blocks.
 *
 * Imports between layers are relative paths, so whether `../x` leaves a layer depends on how deep the
 * importing file sits. One block per depth below the layer folder makes that exact: for a file k folders
 * deep, `../` up to k times stays inside the layer, and k+j times lands in a known ancestor folder, where
 * the rest of the path must (allow) or must not (deny) start with one of the listed folders or files.
 */
import { dirname, extname } from 'node:path';

const maxDepth = 6;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex for the start of a path relative to `base` that points into `entry` (a folder or a .ts file). */
function entryPattern(entry, base) {
  const rel = base === '' ? entry : entry.slice(base.length + 1);
  return extname(rel) === '.ts' ? `${escape(rel.slice(0, -3))}(?:\\.[cm]?[jt]s)?$` : `${escape(rel)}(?:/|$)`;
}

const under = (entry, base) => base === '' || entry.startsWith(`${base}/`);

function ancestor(folder, levels) {
  const parts = folder === '' ? [] : folder.split('/');
  return parts.slice(0, parts.length - levels).join('/');
}

/** `^(\.\./){n}` (or `^\./` for n = 0), not followed by a further `../`. */
const ups = (n) => (n === 0 ? '^\\./' : `^(?:\\.\\./){${n}}(?!\\.\\./)`);

function pathPatterns(layer, folder, depth, selfInside) {
  const folderDepth = folder === '' ? 0 : folder.split('/').length;
  const entries = layer.allow ?? layer.deny;
  const message = layer.allow
    ? `${layer.path} may import only ${layer.allow.join(', ')} (CONTRIBUTING.md, "Layers")`
    : `${layer.path} must not import ${layer.deny.join(', ')} (CONTRIBUTING.md, "Layers")`;
  const patterns = [];
  for (let n = selfInside ? depth + 1 : 0; n <= depth + folderDepth; n++) {
    const base = ancestor(folder, n - depth);
    const reachable = entries.filter((entry) => under(entry, base)).map((entry) => entryPattern(entry, base));
    if (layer.allow) {
      patterns.push(reachable.length > 0 ? `${ups(n)}(?!${reachable.join('|')})` : ups(n));
    } else if (reachable.length > 0) {
      patterns.push(`${ups(n)}(?:${reachable.join('|')})`);
    }
  }
  if (layer.allow) patterns.push(`^(?:\\.\\./){${depth + folderDepth + 1}}`); // above the repository
  return patterns.map((regex) => ({ regex, message }));
}

function moduleRules(layer) {
  const modules = layer.modules ?? [];
  return {
    paths: modules.filter((name) => name !== 'node:*').map((name) => ({ name, message: `${layer.path} must not depend on ${name === 'vscode' ? 'VS Code' : name}` })),
    patterns: modules.includes('node:*') ? [{ group: ['node:*'], message: `${layer.path} must not use Node built-ins (it also runs in the webview)` }] : [],
  };
}

export function importRules(layer) {
  const isFile = extname(layer.path) === '.ts';
  const modules = moduleRules(layer);
  const block = (files, folder, depth, selfInside) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: modules.paths, patterns: [...modules.patterns, ...pathPatterns(layer, folder, depth, selfInside)] }],
    },
  });
  if (isFile) return [block([layer.path], dirname(layer.path), 0, false)];
  return Array.from({ length: maxDepth + 1 }, (_, depth) => block([`${layer.path}/${'*/'.repeat(depth)}*.ts`], layer.path, depth, true));
}
