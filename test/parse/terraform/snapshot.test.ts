// The plain copy of the tree (snapshot.ts) may build the children of simple expressions from the text instead
// of reading them from the tree: both ways must give the same nodes, down to every offset.
import { strict as assert } from 'assert';
import { parseOnce, terraformParser } from '../../../src/core/parse/terraform/treeSitter';
import { snapshot, type SNode } from '../../../src/core/parse/terraform/snapshot';

/** Type, offsets and flags of every node, one line each, in document order. */
function outline(n: SNode, depth = 0, out: string[] = []): string[] {
  out.push(`${' '.repeat(depth)}${n.type} ${n.startIndex}-${n.endIndex}${n.field ? ` ${n.field}` : ''}${n.collapsed ? ' collapsed' : ''} named=${n.namedChildren.map((c) => c.type).join(',')}`);
  for (const c of n.children) outline(c, depth + 1, out);
  return out;
}

describe('terraform tree snapshot', () => {
  const text = [
    'locals {',
    '  plain     = "acme-audit-logs"',
    '  escaped   = "say \\"hi\\" \\\\"',
    '  ends_in_backslash = "a\\\\"',
    '  literal_dollar = "$${not.a.ref}"',
    '  template  = "${var.env}-logs"',
    '  directive = "%{ if true }x%{ endif }"',
    '  number    = 30',
    '  float     = 1.5e3',
    '  hex       = 0x1F',
    '  yes       = true',
    '  nothing   = null',
    '  ref       = aws_s3_bucket.logs-1.arn',
    '  legacy    = aws_instance.web.0.id',
    '  indexed   = var.list[0]',
    '  spaced    = var . name',
    '  commented = var./* c */name',
    '  unicode   = var.naïve',
    '  compare   = "a" == "b"',
    '  negative  = -1',
    '  call      = upper("x")',
    '  object    = { "k" = "v", k2 = 2, (var.k) = true }',
    '  tuple     = ["a", 1, var.x]',
    '  heredoc   = <<EOT',
    '  text ${var.x}',
    'EOT',
    '}',
    '',
  ].join('\n');

  it('builds simple expressions from the text exactly as the tree has them', async () => {
    const parser = await terraformParser();
    const tree = parseOnce(parser, text)!;
    try {
      assert.equal(tree.rootNode.hasError, false);
      const fromTree = outline(snapshot(tree));
      const fromText = outline(snapshot(tree, { text }));
      assert.deepEqual(fromText, fromTree);
      // The plain string really is built from the text (collapsed, no children).
      assert.ok(fromText.some((l) => l.includes('string_lit 23-40 collapsed')), fromText.join('\n'));
    } finally {
      tree.delete();
    }
  });
});
