import type ts from 'typescript';
import { compareStrings } from '../core/model/compare.js';
import type { FileFacts } from '../core/model/facts.js';
import type { Location } from '../core/model/result.js';
import type { ServiceDefinition } from './services.js';

/** A source file as the analyzer holds it: where it is, the services that own it, what its scan found. */
export interface ScannedFile {
  readonly relativePath: string;
  readonly sourceFile: ts.SourceFile;
  /** The service its folder names (or, in a shared folder, the first that reaches it): `services[0]`. */
  readonly service: ServiceDefinition;
  /**
   * Every service that runs this file: one, except for a shared module that several services import (each
   * runs its own copy of what it does).
   */
  readonly services: readonly ServiceDefinition[];
  readonly facts: FileFacts;
}

export function locationOf(file: string, sourceFile: ts.SourceFile, node: ts.Node): Location {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function compareLocations(a: Location, b: Location): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}
