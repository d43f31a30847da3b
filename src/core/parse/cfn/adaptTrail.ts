// AWS::CloudTrail::Trail → Trail (links to bucket and key are filled in by link.ts).
import type { AdvancedEventSelector, EventSelector, Trail } from '../../model';
import type { CfnContext } from './context';
import { entityBase, withSuppressions } from './entity';
import type { ResourceInfo } from './template';
import { entry, type Node } from './tree';

export function adaptTrail(ctx: CfnContext, res: ResourceInfo): Trail {
  const a = ctx.attrs;
  const p = res.props;
  const base = entityBase(ctx, res, 'trail');
  return withSuppressions(base, {
    kind: 'trail',
    id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target,
    name: a.str(p, 'TrailName'),
    logFileValidation: a.bool(p, 'EnableLogFileValidation'),
    multiRegion: a.bool(p, 'IsMultiRegionTrail'),
    globalServiceEvents: a.bool(p, 'IncludeGlobalServiceEvents'),
    logging: a.bool(p, 'IsLogging'),
    organization: a.bool(p, 'IsOrganizationTrail'),
    kmsKeyId: a.str(p, 'KMSKeyId'),
    cloudWatchLogGroupArn: a.str(p, 'CloudWatchLogsLogGroupArn'),
    cloudWatchLogsRoleArn: a.str(p, 'CloudWatchLogsRoleArn'),
    snsTopicName: a.str(p, 'SnsTopicName'),
    insightSelectors: insightSelectors(ctx, p),
    s3BucketName: a.str(p, 'S3BucketName'),
    s3KeyPrefix: a.str(p, 'S3KeyPrefix'),
    eventSelectors: eventSelectors(ctx, ctx.block(p, 'EventSelectors')),
    advancedEventSelectors: advancedEventSelectors(ctx, ctx.block(p, 'AdvancedEventSelectors')),
    bucket: { state: 'absent' },
    key: { state: 'absent' },
  });
}

function insightSelectors(ctx: CfnContext, p: Node | undefined): Trail['insightSelectors'] {
  const found = ctx.attrs.raw(p, 'InsightSelectors');
  if (!found) return { state: 'absent' };
  const loc = ctx.attrs.entryLoc(found.e);
  if (found.v.t === 'unresolved') return { state: 'unresolved', reason: found.v.reason, loc };
  if (found.v.t !== 'arr') return { state: 'unresolved', reason: 'InsightSelectors is not a list', loc };
  const types: string[] = [];
  for (const item of found.v.items) {
    const t = item.t === 'obj' ? item.props.find((x) => x.key === 'InsightType')?.value : undefined;
    if (t?.t === 'unresolved') return { state: 'unresolved', reason: t.reason, loc };
    if (t?.t === 'str') types.push(t.v);
  }
  return ctx.attrs.known(found.e, types);
}

/** Selector lists that are not literal lists (an `Fn::If`, a `Ref`) cannot be read item by item. */
function listItems(ctx: CfnContext, node: Node | undefined): Node[] | { unresolved: string } | undefined {
  if (!node) return undefined;
  if (node.k === 'seq') return node.items;
  const v = ctx.ev.value(node);
  if (v.t === 'null') return undefined;
  return { unresolved: v.t === 'unresolved' ? v.reason : 'selectors are not a list' };
}

function eventSelectors(ctx: CfnContext, node: Node | undefined): Trail['eventSelectors'] {
  const items = listItems(ctx, node);
  if (!items) return [];
  if (!Array.isArray(items)) return items;
  const a = ctx.attrs;
  return items.filter((s) => s.k === 'map').map((s): EventSelector => {
    const dataNode = ctx.block(s, 'DataResources');
    const data = dataNode?.k === 'seq' ? dataNode.items : [];
    return {
      loc: ctx.loc(s),
      readWriteType: a.str(s, 'ReadWriteType'),
      includeManagementEvents: a.bool(s, 'IncludeManagementEvents'),
      excludeManagementEventSources: a.strList(s, 'ExcludeManagementEventSources'),
      dataResources: data.map((d) => ({ type: a.str(d, 'Type'), values: a.strList(d, 'Values'), loc: ctx.loc(d) })),
    };
  });
}

const FIELD_OPERATORS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'] as const;

function advancedEventSelectors(ctx: CfnContext, node: Node | undefined): Trail['advancedEventSelectors'] {
  const items = listItems(ctx, node);
  if (!items) return [];
  if (!Array.isArray(items)) return items;
  return items.filter((s) => s.k === 'map').map((s): AdvancedEventSelector => {
    const out: AdvancedEventSelector = { loc: ctx.loc(s), fieldSelectors: [] };
    const name = ctx.attrs.str(s, 'Name');
    if (name.state === 'known') out.name = name.value;
    const fields = ctx.block(s, 'FieldSelectors');
    if (!fields || fields.k !== 'seq') {
      if (fields) out.unresolved = 'FieldSelectors is not a literal list';
      return out;
    }
    for (const f of fields.items) {
      const field = ctx.attrs.str(f, 'Field');
      if (field.state !== 'known') {
        out.unresolved ??= field.state === 'unresolved' ? field.reason : 'a field selector has no Field';
        continue;
      }
      const fs: AdvancedEventSelector['fieldSelectors'][number] = { field: field.value, loc: ctx.loc(f) };
      for (const op of FIELD_OPERATORS) {
        if (!entry(f, op)) continue;
        const values = ctx.attrs.strList(f, op);
        if (values.state === 'known') fs[lowerFirst(op)] = values.value;
        else if (values.state === 'unresolved') out.unresolved ??= values.reason;
      }
      out.fieldSelectors.push(fs);
    }
    return out;
  });
}

function lowerFirst<T extends string>(s: T): Uncapitalize<T> {
  return (s[0].toLowerCase() + s.slice(1)) as Uncapitalize<T>;
}
