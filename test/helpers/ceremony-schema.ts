// Checks a payload against RSTUF's published request schema (the API's docs/swagger.json, in
// ../shared/fixtures/rstuf), independently of our builders: a small JSON-schema evaluator for
// the keywords those components use. It also reports what the API's pydantic models would
// silently drop: a property that a model schema (with "properties" and no
// additionalProperties: true) does not declare is ignored by pydantic (extra="ignore"), and
// every null is removed by exclude_none when the API forwards the payload to the worker.
import { apiFixture, readFixtureJson } from './fixtures.js';

type Schema = Record<string, any>;

const swagger = readFixtureJson<{ components: { schemas: Record<string, Schema> } }>(apiFixture('swagger.json'));
export const RSTUF_SCHEMAS = swagger.components.schemas;

export interface SchemaReport {
  errors: string[];
  /** Paths of values the API would drop before the worker sees them. */
  dropped: string[];
}

function resolveRef(schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = RSTUF_SCHEMAS[name];
    if (!target) throw new Error(`unknown schema ${s.$ref}`);
    s = target;
  }
  return s;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

function check(value: unknown, raw: Schema, path: string, report: SchemaReport): void {
  const schema = resolveRef(raw);
  if (schema.anyOf) {
    // The first branch that validates without errors decides (pydantic's smart union is close enough here).
    const attempts = (schema.anyOf as Schema[]).map((branch) => {
      const r: SchemaReport = { errors: [], dropped: [] };
      check(value, branch, path, r);
      return r;
    });
    const ok = attempts.find((r) => r.errors.length === 0);
    if (ok) report.dropped.push(...ok.dropped);
    else report.errors.push(`${path}: matches none of anyOf (${attempts.map((r) => r.errors[0]).join(' | ')})`);
    return;
  }
  if (schema.const !== undefined && value !== schema.const) report.errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) report.errors.push(`${path}: must be one of ${JSON.stringify(schema.enum)}`);
  const t = typeOf(value);
  if (schema.type) {
    const ok = schema.type === t || (schema.type === 'number' && (t === 'integer' || t === 'number'));
    if (!ok) {
      report.errors.push(`${path}: must be ${schema.type}, found ${t}`);
      return;
    }
  }
  if (typeof value === 'number') {
    if (schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum)) report.errors.push(`${path}: must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && !(value < schema.exclusiveMaximum)) report.errors.push(`${path}: must be < ${schema.exclusiveMaximum}`);
    if (schema.minimum !== undefined && !(value >= schema.minimum)) report.errors.push(`${path}: must be >= ${schema.minimum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) report.errors.push(`${path}: needs at least ${schema.minItems} items`);
    if (schema.items) value.forEach((item, i) => check(item, schema.items, `${path}[${i}]`, report));
    return;
  }
  if (t !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const req of schema.required ?? []) if (!(req in obj)) report.errors.push(`${path}: missing required "${req}"`);
  const props: Record<string, Schema> = schema.properties ?? {};
  for (const [k, v] of Object.entries(obj)) {
    const at = `${path}.${k}`;
    if (schema.propertyNames) check(k, schema.propertyNames, `${at} (name)`, report);
    if (v === null && !(schema.additionalProperties === true && !props[k])) report.dropped.push(`${at} (null)`);
    if (props[k]) check(v, props[k], at, report);
    else if (typeof schema.additionalProperties === 'object') check(v, schema.additionalProperties, at, report);
    else if (schema.additionalProperties !== true && schema.properties) report.dropped.push(at);
  }
}

/** Validates `value` against the named component schema, e.g. "BootstrapPayload". */
export function checkAgainstRstufSchema(value: unknown, component: string): SchemaReport {
  const report: SchemaReport = { errors: [], dropped: [] };
  const schema = RSTUF_SCHEMAS[component];
  if (!schema) throw new Error(`no component ${component} in RSTUF's swagger.json`);
  check(value, schema, component, report);
  return report;
}

/**
 * The API's rules beyond the schema (api bootstrap.py, rstuf-formats.md 1.1, 1.4), written from
 * the document, not from our code: exactly one of bins/delegations, delegated role names,
 * non-empty paths, x-<vendor>-<name> fields in root.signed.
 */
export function bootstrapApiRuleErrors(payload: any): string[] {
  const errors: string[] = [];
  const roles = payload?.settings?.roles ?? {};
  const hasBins = roles.bins !== undefined && roles.bins !== null;
  const hasDelegations = roles.delegations !== undefined && roles.delegations !== null;
  if (hasBins === hasDelegations) errors.push("Exactly one of 'bins' and 'delegations' must be set");
  if (hasDelegations) errors.push(...delegationRuleErrors(roles.delegations));
  const standard = ['_type', 'spec_version', 'version', 'expires', 'keys', 'roles', 'consistent_snapshot'];
  for (const field of Object.keys(payload?.metadata?.root?.signed ?? {})) {
    if (!standard.includes(field) && (!field.startsWith('x-') || field.split('-').length < 3)) errors.push(`${field}: unrecognized_field must use format x-<vendor>-<name>`);
  }
  return errors;
}

export function delegationRuleErrors(delegations: any): string[] {
  const errors: string[] = [];
  for (const role of delegations?.roles ?? []) {
    if (!/^[a-zA-Z0-9_-]+$/.test(role.name)) errors.push(`${role.name}: name does not match [a-zA-Z0-9_-]+`);
    if (!Array.isArray(role.paths) || role.paths.length === 0 || role.paths.some((p: unknown) => typeof p !== 'string' || p === '')) errors.push(`${role.name}: paths need at least one non-empty string`);
    // The worker reads x-rstuf-expire-policy directly (KeyError when absent).
    if (!Number.isInteger(role['x-rstuf-expire-policy'])) errors.push(`${role.name}: x-rstuf-expire-policy missing`);
    for (const keyid of role.keyids ?? []) if (!delegations.keys?.[keyid]) errors.push(`${role.name}: key ${keyid} not in delegations.keys`);
  }
  return errors;
}

/** python-tuf's parse rules that RSTUF's worker applies to root metadata (rstuf-formats.md 1.1 worker step 2). */
export function pythonTufRootRuleErrors(signed: any): string[] {
  const errors: string[] = [];
  if (signed._type !== 'root') errors.push('_type must be root');
  if (!/^1\.\d+\.\d+$/.test(signed.spec_version)) errors.push('spec_version major must be 1');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(signed.expires)) errors.push(`expires ${signed.expires} is not %Y-%m-%dT%H:%M:%SZ`);
  if (!(Number.isInteger(signed.version) && signed.version > 0)) errors.push('version must be > 0');
  const names = Object.keys(signed.roles ?? {}).sort();
  if (names.join() !== 'root,snapshot,targets,timestamp') errors.push(`roles must be exactly the 4 top-level roles, found ${names.join()}`);
  for (const [name, role] of Object.entries<any>(signed.roles ?? {})) {
    if (!(role.threshold >= 1)) errors.push(`${name}.threshold must be >= 1`);
    for (const keyid of role.keyids) if (!signed.keys[keyid]) errors.push(`${name} lists key ${keyid} missing from keys`);
  }
  return errors;
}
