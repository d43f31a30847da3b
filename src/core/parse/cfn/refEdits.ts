// References in CloudFormation fix text: a value that names another resource or the account is written as an
// engineer would (`!GetAtt LogBucket.Arn`, `!Sub "${LogBucket.Arn}/*"`, `!Ref AWS::AccountId` in YAML; the
// `Fn::` objects in JSON), never as the resolved string a parameter default happens to give today.
import type { Loc } from '../../model';
import { Sentinels, cfnIntrinsic, mapRefs, type RefText } from '../../refText';

/** Offset of an LSP position in `text`. */
function offsetOf(text: string, line: number, character: number): number {
  let at = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at + character;
}

/**
 * What the value written at `loc` stands for inside `Fn::Sub`: a parameter or resource it references
 * (`!Ref TrailName` → `TrailName`), or its literal text (`account-audit`). Anything else (`!If`, `!Join`...) is
 * not reused.
 */
export function exprVar(text: string, file: string, loc: Loc): { sub?: string; literal?: string } | undefined {
  if (loc.file !== file) return undefined;
  const src = text.slice(offsetOf(text, loc.range.start.line, loc.range.start.character), offsetOf(text, loc.range.end.line, loc.range.end.character)).trim();
  let m = /^!Ref\s+([A-Za-z0-9:]+)$/.exec(src) ?? /^\{\s*"Ref"\s*:\s*"([A-Za-z0-9:]+)"\s*\}$/.exec(src);
  if (m) return { sub: m[1] };
  m = /^!GetAtt\s+([A-Za-z0-9]+\.[A-Za-z0-9.]+)$/.exec(src);
  if (m) return { sub: m[1] };
  if (/^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/.test(src)) return { literal: src };
  m = /^"([A-Za-z0-9_.\-/]*)"$/.exec(src) ?? /^'([A-Za-z0-9_.\-/]*)'$/.exec(src);
  if (m) return { literal: m[1] };
  return undefined;
}

/** JSON templates: references become `Fn::` objects before the JSON editor lays the value out. */
export function jsonWithRefs(value: unknown, text: string, file: string): unknown {
  return mapRefs(value, (r) => cfnIntrinsic(r, (loc) => exprVar(text, file, loc)));
}

/** YAML short form of an intrinsic object (or a plain string, quoted when it must be). */
function yamlShortForm(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9][A-Za-z0-9_.\-/:*]*$/.test(v) && !/:(\s|$)/.test(v) ? v : JSON.stringify(v);
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `!Ref ${o.Ref}`;
  const getAtt = o['Fn::GetAtt'] as string[] | undefined;
  if (getAtt) return `!GetAtt ${getAtt.join('.')}`;
  return `!Sub ${JSON.stringify(o['Fn::Sub'])}`;
}

/**
 * YAML templates: the value is laid out with sentinels where references go (the YAML renderer knows nothing of
 * tags), and `finish` turns the rendered text's sentinels into `!GetAtt` / `!Ref` / `!Sub`.
 */
export function yamlWithRefs(value: unknown, text: string, file: string): { value: unknown; finish(out: string): string } {
  const s = new Sentinels();
  const hidden = s.hide(value);
  return {
    value: hidden,
    finish: (out) =>
      s.render(out, (ref: RefText, open, close) => {
        const short = yamlShortForm(cfnIntrinsic(ref, (loc) => exprVar(text, file, loc)));
        return open && close ? short : open + short + close;
      }),
  };
}
