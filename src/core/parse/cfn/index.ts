// CloudFormation templates and standalone policy JSON parsers (see docs/architecture.md; recognising them is
// formats/registry.ts's job).
export { parseCloudFormation } from './cloudformation';
export { parsePolicyFile } from './policyFile';
