import { packageOf } from './declarations.js';
import type { ClientKindTable } from './detector.js';

/*
 * What the detectors say about their libraries' clients, merged into lookups the classifier asks
 * (clients.ts): which constructions, calls, imports, types, factories and properties give a client of a kind.
 */

/** All detectors' tables merged into lookups. */
export class ClientTables {
  private readonly constructors = new Map<string, string>();
  private readonly calls = new Map<string, string>();
  private readonly injectors = new Set<string>();
  private readonly values = new Map<string, string>();
  private readonly types = new Map<string, string>();
  private readonly typesByName = new Map<string, { module: string; kind: string }[]>();
  /** The packages declaring a client type: the only ones whose declaration files the checker's answer can name. */
  readonly typedPackages = new Set<string>();
  private readonly factories = new Map<string, string>();
  private readonly properties = new Map<string, string>();

  constructor(tables: readonly ClientKindTable[]) {
    for (const table of tables) {
      for (const entry of table.constructors ?? []) this.constructors.set(`${entry.module}#${entry.name}`, entry.kind);
      for (const entry of table.calls ?? []) this.calls.set(`${entry.module}#${entry.name}`, entry.kind);
      for (const entry of table.injectors ?? []) this.injectors.add(`${entry.module}#${entry.name}`);
      for (const entry of table.values ?? []) this.values.set(`${entry.module}#${entry.name}`, entry.kind);
      for (const entry of table.types ?? []) {
        this.types.set(`${entry.module}#${entry.name}`, entry.kind);
        const list = this.typesByName.get(entry.name) ?? [];
        list.push({ module: entry.module, kind: entry.kind });
        this.typedPackages.add(packageOf(entry.module));
        this.typesByName.set(entry.name, list);
      }
      for (const entry of table.factories ?? []) this.factories.set(`${entry.on}#${entry.method}`, entry.kind);
      for (const entry of table.properties ?? []) this.properties.set(`${entry.on}#${entry.property}`, entry.kind);
    }
  }

  constructorKind(module: string, name: string): string | undefined {
    return this.constructors.get(`${module}#${name}`);
  }
  isInjector(module: string, name: string): boolean {
    return this.injectors.has(`${module}#${name}`);
  }
  callKind(module: string, name: string): string | undefined {
    return this.calls.get(`${module}#${name}`);
  }
  valueKind(module: string, name: string): string | undefined {
    return this.values.get(`${module}#${name}`);
  }
  typeKind(module: string, name: string): string | undefined {
    return this.types.get(`${module}#${name}`) ?? this.types.get(`${packageOf(module)}#${name}`);
  }
  /** Type kinds by declaring package, for types the checker found in `node_modules/<package>/`. */
  typeKindInPackage(packageName: string, name: string): string | undefined {
    return this.typesByName.get(name)?.find((entry) => packageOf(entry.module) === packageName)?.kind;
  }
  factoryKind(on: string, method: string): string | undefined {
    return this.factories.get(`${on}#${method}`);
  }
  propertyKind(on: string, property: string): string | undefined {
    return this.properties.get(`${on}#${property}`);
  }
}

/** The package a declaration file belongs to, from its `node_modules` path. */
export function packageOfDeclarationFile(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = normalized.slice(at + '/node_modules/'.length).split('/');
  let name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  // `@types/node-fetch` types `node-fetch`.
  if (name.startsWith('@types/')) {
    const typed = name.slice('@types/'.length);
    name = typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
  }
  return name;
}
