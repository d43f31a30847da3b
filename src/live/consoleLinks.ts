// Links into the AWS console for live resources (offered only when the scan talks to AWS itself). The fix
// commands are the rules' own (rule meta `live.remediation`).
import type { EntityBase, Key, Trail } from '../core/model';

export function trailConsoleUrl(arn: string, region: string): string {
  return `https://console.aws.amazon.com/cloudtrailv2/home?region=${region}#/trails/${encodeURIComponent(arn)}`;
}

export function bucketConsoleUrl(name: string, region?: string): string {
  return `https://s3.console.aws.amazon.com/s3/buckets/${encodeURIComponent(name)}?${region ? `region=${region}&` : ''}tab=properties`;
}

export function keyConsoleUrl(arn: string, region?: string): string {
  const id = arn.split('/').pop() ?? arn;
  return `https://console.aws.amazon.com/kms/home?region=${region ?? 'us-east-1'}#/kms/keys/${encodeURIComponent(id)}`;
}

export function configConsoleUrl(region: string): string {
  return `https://console.aws.amazon.com/config/home?region=${region}#/settings`;
}

export function consoleUrlFor(entity: EntityBase): string | undefined {
  const region = entity.region;
  switch (entity.kind) {
    case 'trail': {
      const t = entity as Trail;
      return trailConsoleUrl(t.arn ?? t.id, t.homeRegion ?? region ?? 'us-east-1');
    }
    case 'bucket': return bucketConsoleUrl(entity.id, region);
    case 'key': return keyConsoleUrl((entity as Key).arn ?? entity.id, region);
    case 'recorder': return region ? configConsoleUrl(region) : undefined;
    case 'account': return region ? `https://console.aws.amazon.com/cloudtrailv2/home?region=${region}#/trails` : undefined;
    default: return undefined;
  }
}
