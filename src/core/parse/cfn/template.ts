// The sections of a CloudFormation template that evaluation and adaptation look up by name.
import { childMap, scalarString, type Entry, type MapNode, type Node } from './tree';

export interface ResourceInfo {
  id: string;
  type: string;
  /** `LogicalId:` entry; its key range is the entity's `loc`. */
  entry: Entry;
  node: MapNode;
  /** `Properties` map, when present and a map. */
  props: MapNode | undefined;
}

export class Template {
  readonly resources = new Map<string, ResourceInfo>();
  readonly parameters = new Map<string, MapNode>();
  readonly conditions = new Map<string, Node | undefined>();
  readonly mappings: MapNode | undefined;

  constructor(readonly root: MapNode) {
    for (const e of childMap(root, 'Resources')?.entries ?? []) {
      if (!e.value || e.value.k !== 'map') continue;
      const type = scalarString(e.value.entries.find((x) => x.key === 'Type')?.value) ?? '';
      this.resources.set(e.key, { id: e.key, type, entry: e, node: e.value, props: childMap(e.value, 'Properties') });
    }
    for (const e of childMap(root, 'Parameters')?.entries ?? []) {
      if (e.value && e.value.k === 'map') this.parameters.set(e.key, e.value);
    }
    for (const e of childMap(root, 'Conditions')?.entries ?? []) this.conditions.set(e.key, e.value);
    this.mappings = childMap(root, 'Mappings');
  }

  ofType(type: string): ResourceInfo[] {
    return [...this.resources.values()].filter((r) => r.type === type);
  }
}
