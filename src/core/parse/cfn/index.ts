// CloudFormation templates and standalone policy JSON: content detection and parsers (see docs/architecture.md).
export { detectKind } from './detect';
export { parseCloudFormation } from './cloudformation';
export { parsePolicyFile } from './policyFile';
