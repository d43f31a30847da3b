// Integrity of a written report: `<base>.sha256` lists the SHA-256 of the JSON and the Markdown in the format of
// `sha256sum` (so `sha256sum -c` checks it too); with a signing key, `<base>.sha256.sig` signs that list.
// `verify` checks the hashes, the signature and that every evidence reference of every check resolves to an
// answer whose content still hashes to its key. Pure: the caller reads and writes the files.
import { createPrivateKey, createPublicKey, sign, verify as verifySignature, type KeyObject } from 'crypto';
import { canonicalJson, sha256Hex, sortKeys } from './canonical';
import { renderEvidenceReportMarkdown } from './markdown';
import type { EvidenceReport } from './types';

export interface ReportFiles {
  /** File name → content. */
  files: Record<string, string>;
  sha256: { json: string; markdown: string };
}

export function serializeReportJson(report: EvidenceReport): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}

/** The JSON, the Markdown, the checksum list and (with a private key, PEM) its signature. */
export function renderReportFiles(report: EvidenceReport, base: string, signingKeyPem?: string): ReportFiles {
  const json = serializeReportJson(report);
  const markdown = renderEvidenceReportMarkdown(report);
  const sha = { json: sha256Hex(json), markdown: sha256Hex(markdown) };
  const sums = `${sha.json}  ${base}.json\n${sha.markdown}  ${base}.md\n`;
  const files: Record<string, string> = { [`${base}.json`]: json, [`${base}.md`]: markdown, [`${base}.sha256`]: sums };
  if (signingKeyPem) files[`${base}.sha256.sig`] = signChecksums(sums, signingKeyPem);
  return { files, sha256: sha };
}

function signatureAlgorithm(key: KeyObject): string | null {
  // Ed25519/Ed448 sign the message itself; RSA and EC sign its SHA-256.
  return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
}

export function signChecksums(sums: string, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  const algorithm = signatureAlgorithm(key);
  const signature = sign(algorithm, Buffer.from(sums), key).toString('base64');
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return `${JSON.stringify({ algorithm: algorithm ? `${key.asymmetricKeyType}-sha256` : key.asymmetricKeyType, publicKey, signature }, null, 2)}\n`;
}

export interface VerifyInput {
  /** The report JSON's name and content. */
  json: { name: string; text: string };
  markdown?: { name: string; text: string };
  sums?: string;
  signature?: string;
  /** A public key (PEM) the signature must have been made with. */
  trustedPublicKeyPem?: string;
}

export interface VerifyResult { ok: boolean; lines: string[] }

export function verifyReport(input: VerifyInput): VerifyResult {
  const lines: string[] = [];
  let ok = true;
  const fail = (line: string) => { ok = false; lines.push(`FAIL ${line}`); };
  const pass = (line: string) => lines.push(`ok   ${line}`);

  if (!input.sums) fail('no checksum file (.sha256) beside the report');
  else {
    const listed = new Map(input.sums.split('\n').filter(Boolean).map((l) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(l);
      return m ? [m[2]!, m[1]!] as const : ['', ''] as const;
    }));
    for (const file of [input.json, input.markdown].filter((f): f is { name: string; text: string } => !!f)) {
      const expected = listed.get(file.name);
      if (!expected) fail(`${file.name} is not listed in the checksum file`);
      else if (sha256Hex(file.text) !== expected) fail(`${file.name}: SHA-256 differs from the checksum file (modified)`);
      else pass(`${file.name}: SHA-256 ${expected}`);
    }
    if (input.signature) {
      try {
        const sig = JSON.parse(input.signature) as { publicKey: string; signature: string };
        const key = createPublicKey(sig.publicKey);
        const valid = verifySignature(signatureAlgorithm(key), Buffer.from(input.sums), key, Buffer.from(sig.signature, 'base64'));
        if (!valid) fail('signature does not match the checksum file');
        else if (input.trustedPublicKeyPem && createPublicKey(input.trustedPublicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64') !== key.export({ type: 'spki', format: 'der' }).toString('base64')) {
          fail('signature is valid but made with another key than the trusted public key');
        } else pass(`signature valid (${key.asymmetricKeyType})${input.trustedPublicKeyPem ? ', made with the trusted public key' : '; pass --public-key to check who signed'}`);
      } catch (err) {
        fail(`signature file unreadable: ${(err as Error).message}`);
      }
    } else if (input.trustedPublicKeyPem) fail('a trusted public key was given but the report is not signed');
  }

  let report: EvidenceReport | undefined;
  try {
    report = JSON.parse(input.json.text) as EvidenceReport;
  } catch (err) {
    fail(`${input.json.name} is not JSON: ${(err as Error).message}`);
  }
  if (report) {
    if (report.format !== 'trailguard-evidence') fail(`${input.json.name} is not a TrailGuard evidence report`);
    const evidence = report.evidence ?? {};
    let refs = 0;
    let resolved = true;
    for (const check of report.checks ?? []) {
      for (const ref of check.evidence ?? []) {
        refs++;
        if (!Object.prototype.hasOwnProperty.call(evidence, ref)) {
          resolved = false;
          fail(`${check.ruleId} on ${check.resource} refers to evidence ${ref}, which the report does not contain`);
        }
      }
    }
    for (const r of report.retentionInPractice ?? []) {
      for (const ref of 'evidence' in r ? r.evidence ?? [] : []) {
        refs++;
        if (!Object.prototype.hasOwnProperty.call(evidence, ref)) {
          resolved = false;
          fail(`retention in practice of ${r.trailArn} refers to evidence ${ref}, which the report does not contain`);
        }
      }
    }
    let items = 0;
    for (const [key, item] of Object.entries(evidence)) {
      items++;
      const actual = sha256Hex(canonicalJson(item.content));
      if (actual !== key || item.sha256 !== key) {
        resolved = false;
        fail(`evidence ${key}: its content hashes to ${actual}`);
      }
    }
    if (resolved) pass(`${refs} evidence reference(s) resolve to ${items} stored API answer(s), each matching its SHA-256`);
  }
  return { ok, lines };
}
