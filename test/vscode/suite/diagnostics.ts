// In the real extension host: the extension activates on Terraform, the server's diagnostics reach VS Code with
// their rule ids and doc links, and the quick fix from the code-action provider edits the document correctly.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeActionsAt, EXTENSION_ID, trailguardOnly, waitForDiagnostics, workspaceFile } from './helpers';

describe('TrailGuard in VS Code', () => {
  it('activates and registers its commands and the terraform language', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await ext.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['trailguard.lintWorkspace', 'trailguard.showOutput']) assert.ok(commands.includes(c), c);
    assert.ok((await vscode.languages.getLanguages()).includes('terraform'));
  });

  it('shows TG101 on the Terraform attribute with its docs link', async () => {
    const uri = workspaceFile('infra/main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'terraform');
    const [d] = trailguardOnly(await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length > 0), 'TG101');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('enable_log_file_validation'));
    assert.strictEqual(d.range.start.line, line);
    assert.strictEqual(d.range.start.character, 2);
    assert.strictEqual(doc.getText(d.range), 'enable_log_file_validation = false');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.value, 'TG101');
    // The Problems panel and hovers open code links with commands allowed: the link shows the rendered page.
    assert.strictEqual(code.target.scheme, 'command');
    assert.strictEqual(code.target.path, 'trailguard.openRuleDoc');
    assert.deepStrictEqual(JSON.parse(code.target.query), ['TG101']);
  });

  it('the rule link of a diagnostic opens the rendered rule page (Markdown preview), not the raw file', async () => {
    const uri = workspaceFile('infra/main.tf');
    const [d] = trailguardOnly(await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length > 0), 'TG101');
    const target = (d.code as { target: vscode.Uri }).target;
    await vscode.commands.executeCommand(target.path, ...JSON.parse(target.query));
    const preview = await waitForPreviewTab('TG101');
    assert.ok(preview, `a Markdown preview tab for TG101; tabs: ${allTabLabels().join(' | ')}`);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.path.endsWith('/docs/rules/TG101.md')), 'the raw page is not opened as text');
  });

  it('applies the rule quick fix through the code-action provider and the problem goes away', async () => {
    const uri = workspaceFile('infra/main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    const [d] = trailguardOnly(await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length > 0), 'TG101');
    const actions = await codeActionsAt(uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Suppress TG101 here with a reason'), titles.join(' | '));
    assert.ok(titles.includes('Open documentation for TG101'), titles.join(' | '));
    // The rule's own fix comes first (the provider API does not carry isPreferred; the server test checks it).
    const fix = actions[0];
    assert.ok(fix?.edit && !fix.title.startsWith('Suppress'), `the rule's fix first among ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /enable_log_file_validation = true\n/);
    await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length === 0);
    await doc.save();
  });

  it('"Open documentation for TGxxx" opens the rule page shipped with the extension', async () => {
    const uri = workspaceFile('infra/main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(uri, (all) => trailguardOnly(all).length > 0);
    const actions = await codeActionsAt(uri, ds[0].range, vscode.CodeActionKind.QuickFix.value);
    const open = actions.find((a) => /^Open documentation for TG\d{3}$/.test(a.title));
    assert.ok(open?.command, 'a documentation action with a command');
    await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
    const id = open.title.replace('Open documentation for ', '');
    assert.ok(await waitForPreviewTab(id), `a Markdown preview tab for ${id}; tabs: ${allTabLabels().join(' | ')}`);
  });

  it('shows TG101 in a CloudFormation template (content-detected YAML)', async () => {
    const uri = workspaceFile('cfn/trail.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [d] = trailguardOnly(await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length > 0), 'TG101');
    assert.strictEqual(doc.getText(d.range), 'EnableLogFileValidation: false');
  });

  it('fixes all safe problems with source.fixAll.trailguard', async () => {
    const uri = workspaceFile('cfn/trail.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length > 0);
    const actions = await codeActionsAt(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.trailguard');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.trailguard');
    assert.ok(fixAll?.edit, 'a fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.match(doc.getText(), /EnableLogFileValidation: true\n/);
    await waitForDiagnostics(uri, (ds) => trailguardOnly(ds, 'TG101').length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

function allTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

/** The Markdown preview's tab is labelled "Preview <file name>". */
async function waitForPreviewTab(ruleId: string, timeoutMs = 15000): Promise<vscode.Tab | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === `Preview ${ruleId}.md` && t.input instanceof vscode.TabInputWebview);
    if (tab) return tab;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
