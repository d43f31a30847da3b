// The CI integrations shipped in the repository: the pre-commit hook runs on exactly the file names the input-format
// registry reads, and the GitHub Action lints to SARIF and uploads it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { allGlobs } from '../../src/core/formats/registry';

const root = path.join(__dirname, '../..');

describe('CI integrations', () => {
  it('.pre-commit-hooks.yaml: hook trailguard, files matching every format the registry reads and nothing else', () => {
    const [hook] = parse(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
    assert.equal(hook.id, 'trailguard');
    assert.equal(hook.entry, 'trailguard lint');
    assert.equal(hook.language, 'node');
    const files = new RegExp(hook.files);
    // One example name per registry glob (`*.tf` → `infra/x.tf`).
    for (const glob of allGlobs()) {
      const example = `infra/${glob.replace('*', 'x')}`;
      assert.ok(files.test(example), `${example} (from ${glob}) is passed to the hook`);
    }
    for (const other of ['README.md', 'app/index.js', 'infra/x.tfstate', 'infra/prod.tfvars']) assert.ok(!files.test(other), `${other} is not`);
  });

  it('action.yml: a composite action that lints to SARIF, uploads it, and fails on findings', () => {
    const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
    assert.equal(action.runs.using, 'composite');
    const [lint, upload, fail] = action.runs.steps;
    assert.match(lint.run, /npx --yes trailguard lint \$TG_PATHS --format sarif > "\$TG_SARIF"/);
    assert.match(upload.uses, /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.equal(upload.with.sarif_file, '${{ inputs.sarif-file }}');
    assert.match(fail.if, /steps\.lint\.outputs\.exit-code != '0'/);
    for (const input of ['paths', 'sarif-file', 'upload', 'fail-on-findings']) assert.ok(action.inputs[input]?.description, input);
  });

  it('docs/ci.md shows GitHub, GitLab, Jenkins and pre-commit with the formats they read', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
    for (const needle of ['codequality: gl-code-quality-report.json', 'junit: trailguard-junit.xml', "junit 'trailguard-junit.xml'", 'id: trailguard', 'uses: trailguard/trailguard@']) {
      assert.ok(doc.includes(needle), needle);
    }
  });
});
