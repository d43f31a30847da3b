// The language server runs for a whole editing session: one hostile file or setting must not change how every
// later file is linted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestClient } from '../server/lspClient';

const trail = `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "some-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
`;

const pollutingPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::x/*",
    "Condition": { "__proto__": { "TG101": "info" } }
  }]
}
`;

describe('prototype pollution: language server session', function () {
  this.timeout(60000);
  let ws: string;
  let client: TestClient;

  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ws-'));
    fs.mkdirSync(path.join(ws, 'a'));
    fs.mkdirSync(path.join(ws, 'b'));
    client = await TestClient.start({ workspace: ws });
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('a policy with a __proto__ condition key, then a trail file: TG101 stays an Error', async () => {
    const policy = path.join(ws, 'b', 'bucket-policy.json');
    await client.open(policy, pollutingPolicy);
    await client.diagnosticsOfVersion(policy, 1);
    const file = path.join(ws, 'a', 'main.tf');
    await client.open(file, trail);
    const tg101 = (await client.diagnosticsOfVersion(file, 1)).filter((d) => d.code === 'TG101');
    assert.deepStrictEqual(tg101.map((d) => d.severity), [1]);
  });

  it('settings spelling __proto__ / constructor are ignored, not merged into the rule severities', async () => {
    client.settings = JSON.parse('{"rules": {"__proto__": {"TG101": "info"}, "TG101": "constructor"}, "__proto__": {"maxFileSize": 10}, "files": {"__proto__": {"exclude": ["**"]}}}');
    await client.configurationChanged(client.settings);
    const file = path.join(ws, 'a', 'main.tf');
    await client.open(file, trail);
    const tg101 = (await client.diagnosticsOfVersion(file, 1)).filter((d) => d.code === 'TG101');
    assert.deepStrictEqual(tg101.map((d) => d.severity), [1]);
  });
});
