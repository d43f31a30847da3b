// snapshot.ts walks trees through the runtime's cursor exports (treeSitter.ts wasmCursor), skipping
// web-tree-sitter's copy of the cursor state around every call. That walk must be available with the pinned
// web-tree-sitter (else every lint silently pays the slow one) and must copy exactly what the TreeCursor walk
// copies: on clean and broken files (MISSING and ERROR nodes, fields), and when the callbacks it makes during the
// walk call into the runtime themselves.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseOnce, terraformParser, wasmCursor } from '../../../src/core/parse/terraform/treeSitter';
import { snapshot, type SNode, type SnapshotOptions } from '../../../src/core/parse/terraform/snapshot';

function outline(n: SNode, depth = 0, out: string[] = []): string[] {
  out.push(`${' '.repeat(depth)}${n.type} ${n.startIndex}-${n.endIndex} ${n.field ?? ''} missing=${n.isMissing} error=${n.hasError} ${n.collapsed ? 'collapsed' : ''}${n.skipped ? 'skipped' : ''}${n.claimed ? 'claimed' : ''}`);
  for (const c of n.children) outline(c, depth + 1, out);
  return out;
}

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

function fixtureTexts(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.tf')) out.set(path.relative(FIXTURES, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

const BROKEN: Record<string, string> = {
  'missing closing brace': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
  'missing value': 'locals {\n  a =\n  b = { k = "v" }\n}\n',
  'stray tokens': 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [ { Effect = "Allow" ] })\n}\n}}\n',
  'unclosed interpolation': 'locals {\n  x = "${var.a"\n  y = [for s in var.l : s if]\n}\n',
};

describe('terraform snapshot through the runtime cursor exports', () => {
  it('is available with the web-tree-sitter this project pins', async () => {
    const parser = await terraformParser();
    const tree = parseOnce(parser, 'a = 1\n')!;
    const cursor = tree.walk();
    try {
      assert.ok(wasmCursor(tree, cursor), 'web-tree-sitter no longer exposes the cursor exports: snapshot.ts falls back to the slow walk');
    } finally {
      cursor.delete();
      tree.delete();
    }
  });

  const texts = new Map([...fixtureTexts(), ...Object.entries(BROKEN)]);
  it(`copies every node as the TreeCursor walk does (${texts.size} files)`, async () => {
    assert.ok(texts.size > 20);
    const parser = await terraformParser();
    let broken = 0;
    for (const [name, text] of texts) {
      const tree = parseOnce(parser, text)!;
      try {
        if (tree.rootNode.hasError) broken++;
        for (const options of [{}, { text }] as SnapshotOptions[]) {
          assert.deepEqual(outline(snapshot(tree, options)), outline(snapshot(tree, { ...options, apiCursor: true })), name);
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(broken >= Object.keys(BROKEN).length, `${broken} broken trees`);
  });

  it('keeps its place when its callbacks use the runtime (parses, node reads)', async () => {
    const parser = await terraformParser();
    for (const [name, text] of texts) {
      const tree = parseOnce(parser, text)!;
      try {
        const run = (busy: boolean) => {
          const topLevel: string[] = [];
          const use = () => {
            if (!busy) return;
            parseOnce(parser, 'locals {\n  z = [1, 2]\n}\n')!.delete();
            void tree.rootNode.firstChild?.type;
          };
          const root = snapshot(tree, {
            apiCursor: !busy,
            skipBody: () => (use(), false),
            claim: (_node, hasError) => (use(), hasError(), false),
            onTopLevel: (node) => (use(), topLevel.push(...outline(node))),
          });
          return [...outline(root), '--', ...topLevel];
        };
        const quiet = run(false);
        assert.ok(quiet.length > 2, name);
        assert.deepEqual(run(true), quiet, name);
      } finally {
        tree.delete();
      }
    }
  });
});
