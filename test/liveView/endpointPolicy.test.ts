import assert from 'node:assert/strict';
import { decideEndpoint } from '../../src/extension/liveView/endpointPolicy';

describe('live view endpoint policy', () => {
  it('no setting: no override', () => {
    assert.deepEqual(decideEndpoint(undefined, undefined), { kind: 'none' });
    assert.deepEqual(decideEndpoint({ globalValue: '  ' }, undefined), { kind: 'none' });
  });

  it('a user-level endpoint is used without asking', () => {
    assert.deepEqual(decideEndpoint({ globalValue: 'http://localhost:4566' }, undefined), { kind: 'use', url: 'http://localhost:4566', from: 'user' });
  });

  it('a workspace-level endpoint needs confirmation of that exact value, and wins over the user value once confirmed', () => {
    const layers = { globalValue: 'http://localhost:4566', workspaceValue: 'https://collector.example' };
    assert.deepEqual(decideEndpoint(layers, undefined), { kind: 'confirm', url: 'https://collector.example' });
    assert.deepEqual(decideEndpoint(layers, 'https://other.example'), { kind: 'confirm', url: 'https://collector.example' });
    assert.deepEqual(decideEndpoint(layers, 'https://collector.example'), { kind: 'use', url: 'https://collector.example', from: 'workspace' });
  });

  it('a folder-level value counts as workspace-level', () => {
    assert.deepEqual(decideEndpoint({ workspaceFolderValue: 'http://127.0.0.1:9' }, undefined), { kind: 'confirm', url: 'http://127.0.0.1:9' });
  });
});
