// `--format sarif`: SARIF 2.1.0 for code-scanning UIs. Unknown results are `kind: review` (someone has to look),
// suppressed ones carry `suppressions`, parse errors become tool execution notifications.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import type { Finding, ParseError } from '../../core/model';
import { allRules, ruleDocUrl } from '../../core/rules';
import { catalogToSeverity } from '../../core/evaluate';
import { version } from '../version';

const levels: Record<string, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };
const securitySeverity: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/').replace(/^\.\//, '');
}

/**
 * A file under the working directory is a relative URI against %SRCROOT% (what code-scanning UIs resolve against
 * the checkout); any other file (an absolute path elsewhere, `../x`) is an absolute file:// URI, since a relative
 * reference must not start with a slash or climb out of its base.
 */
export function artifactLocation(file: string): Sarif.ArtifactLocation {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return { uri: toUri(relative), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(path.resolve(file)).href };
}

function pascal(title: string): string {
  return title.replace(/[`*]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function buildSarif(findings: Finding[], errors: ParseError[]): Sarif.Log {
  const rules = allRules.map((r) => r.meta);
  const index = new Map(rules.map((m, i) => [m.id, i]));
  const results: Sarif.Result[] = findings
    .filter((f) => f.status === 'fail' || f.status === 'unknown')
    .map((f) => {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        kind: f.status === 'unknown' ? 'review' : 'fail',
        level: f.status === 'unknown' ? 'none' : levels[f.severity],
        message: { text: f.message },
      };
      if (f.file && f.range) {
        result.locations = [{
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
          logicalLocations: [{ fullyQualifiedName: f.resource }],
        }];
      } else {
        result.locations = [{ logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] }];
      }
      if (f.suppressed) {
        result.suppressions = [{ kind: f.suppressed.by.startsWith('ignore ') ? 'external' : 'inSource', justification: f.suppressed.reason ?? '' }];
      }
      if (f.related.length) {
        result.relatedLocations = f.related.map((r, id) => ({
          id,
          message: { text: r.message },
          ...(r.loc ? { physicalLocation: { artifactLocation: artifactLocation(r.loc.file), region: { startLine: r.loc.range.start.line + 1, startColumn: r.loc.range.start.character + 1 } } } : {}),
        }));
      }
      return result;
    });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'TrailGuard',
          version,
          informationUri: 'https://github.com/trailguard/trailguard',
          rules: rules.map((m) => ({
            id: m.id,
            name: pascal(m.title),
            shortDescription: { text: m.title.replace(/[`*]/g, '') },
            fullDescription: { text: m.doc.summary },
            helpUri: ruleDocUrl(m.id),
            help: { text: `${m.doc.summary}\n\nFix: ${m.doc.fix}` },
            defaultConfiguration: { level: levels[catalogToSeverity(m.severity)], enabled: !m.optIn },
            properties: { tags: ['security', 'audit-logging'], 'security-severity': securitySeverity[m.severity] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: errors.map((e) => ({
          level: 'error',
          message: { text: `parse error: ${e.message}` },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), region: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1 } } }],
        })),
      }],
      results,
    }],
  };
}

export function formatSarif(findings: Finding[], errors: ParseError[]): string {
  return JSON.stringify(buildSarif(findings, errors), null, 2) + '\n';
}
