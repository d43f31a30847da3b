// terraform-aws-modules/kms/aws → a Key.
import type { Key, PolicyDoc } from '../../model';
import type { Evaluator } from './evaluate';
import { readPolicy } from './policies';
import type { RegistryCall } from './registryModuleCalls';
import { asBool, asStr, attrOf, defaulted, ModuleInputs } from './registryModuleInputs';

export function adaptKeyModule(ev: Evaluator, call: RegistryCall): Key | undefined {
  const inputs = new ModuleInputs(ev, call.block);
  const header = inputs.header;
  const id = `module.${call.name}`;
  const create = attrOf(inputs.get('create'), asBool, 'a boolean');
  if (create.state === 'known' && !create.value) return undefined;

  const rotation = attrOf(inputs.get('enable_key_rotation'), asBool, 'a boolean');
  const policyInput = inputs.get('policy');
  const policy: PolicyDoc = policyInput && policyInput.value.t !== 'null'
    ? readPolicy(ev, call.block, 'policy')
    : {
        state: 'unresolved',
        reason: `\`${id}\` generates its key policy from inputs such as \`key_owners\`, \`key_administrators\` and \`key_users\`, which are not evaluated`,
        loc: header,
        statements: [],
      };
  const aliasNames = attrOf(inputs.get('aliases'), (v) => (v.t === 'arr' ? v.items.map(asStr) : undefined), 'a list of strings');
  const aliases = aliasNames.state === 'known' ? aliasNames.value.filter((a): a is string => !!a).map((a) => (a.startsWith('alias/') ? a : `alias/${a}`)) : [];
  return {
    kind: 'key',
    id,
    format: 'terraform',
    loc: header,
    extent: ev.loc(call.block.file, call.block.span),
    enabled: attrOf(inputs.get('is_enabled'), asBool, 'a boolean'),
    keyState: { state: 'absent' },
    keySpec: attrOf(inputs.get('customer_master_key_spec'), asStr, 'a string'),
    keyUsage: attrOf(inputs.get('key_usage'), asStr, 'a string'),
    keyManager: { state: 'absent' },
    // The module turns rotation on unless told otherwise.
    rotation: rotation.state === 'absent' ? defaulted(true, header) : rotation,
    policy,
    trails: [],
    aliases,
  };
}
