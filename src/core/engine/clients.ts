import type ts from 'typescript';
import { calleeReceiver, enclosingClass, enclosingFunction, propertyNameText, returnedExpressions, type TS, unwrapAwait, unwrapExpression } from './ast.js';
import { declaredExpression, exportedExpression } from './commonjs.js';
import { baseClass, classMember, classNamed, exportedDeclaration, type ResolutionContext, resolveIdentifier } from './declarations.js';
import { type ClientTables, packageOfDeclarationFile } from './client-tables.js';
import { CallSites, functionName } from './call-sites.js';
import type { ClientRef } from './detector.js';
import { type FileIndex, importedEntity, requiredModule } from './file-index.js';
import type { ValueEvaluator } from './values.js';

const MAX_DEPTH = 16;

/** More calls than this by one name, and the name is too common to say whose parameter a client fills. */
const MAX_CALLERS = 64;
// The project's call sites (every file's calls by name), one per list of project files: a pure function of
// the files, shared by every file's scan.
const projectCallSites = new WeakMap<readonly ts.SourceFile[], CallSites>();

/**
 * Recognises clients by following where an expression comes from: `new Kafka()`, `kafka.producer()`, a
 * field assigned in a constructor, a constructor parameter typed `ClientKafka`, a const in another file.
 * With a checker, the type of the expression decides when tracing finds nothing.
 */
export class ClientClassifier {
  private readonly t: TS;
  private readonly memo = new WeakMap<ts.Node, ClientRef | null>();
  private readonly typeMemo = new WeakMap<ts.Node, ClientRef | null>();
  private typesLoaded: boolean | undefined;
  private readonly inProgress = new Set<ts.Node>();
  private readonly passedMemo = new WeakMap<ts.ParameterDeclaration, ClientRef | null>();

  constructor(
    private readonly context: ResolutionContext,
    private readonly tables: ClientTables,
    private readonly evaluator: ValueEvaluator,
  ) {
    this.t = context.ts;
  }

  classify(expression: ts.Expression): ClientRef | undefined {
    return this.classifyAt(expression, 0) ?? this.byType(expression);
  }

  private classifyAt(expression: ts.Expression, depth: number): ClientRef | undefined {
    const cached = this.memo.get(expression);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > MAX_DEPTH || this.inProgress.has(expression)) return undefined;
    this.inProgress.add(expression);
    try {
      const found = this.trace(expression, depth + 1);
      this.memo.set(expression, found ?? null);
      return found;
    } finally {
      this.inProgress.delete(expression);
    }
  }

  private trace(expression: ts.Expression, depth: number): ClientRef | undefined {
    const t = this.t;
    const node = unwrapAwait(t, expression);
    const index = this.context.indexOf(node.getSourceFile());
    // `const axios = require('axios')`, `require('axios').default`, `await import('axios')`: the module's
    // own value, as an import of it would be.
    const required = requiredModule(t, node);
    if (required) {
      const kind = this.tables.valueKind(required.module, required.viaDefault ? 'default' : '*');
      return kind ? { kind, via: 'trace' } : undefined;
    }
    if (t.isNewExpression(node)) {
      const entity = importedEntity(t, index, node.expression);
      const kind = entity && this.tables.constructorKind(entity.module, entity.name);
      return kind ? { kind, creation: node, via: 'trace' } : undefined;
    }
    if (t.isCallExpression(node)) {
      // `express()`, `Router()`, `express.Router()`, `require('fastify')({ logger: true })`.
      const callee = unwrapExpression(t, node.expression);
      const required = requiredModule(t, callee);
      const called = required ? { module: required.module, name: required.viaDefault ? 'default' : '*' } : importedEntity(t, index, callee);
      const calledKind = called && this.tables.callKind(called.module, called.name);
      if (calledKind) return { kind: calledKind, creation: node, via: 'trace' };
      // `inject(HttpClient)`: the token names the client.
      const token = node.arguments[0];
      if (called && token && this.tables.isInjector(called.module, called.name)) {
        const entity = importedEntity(t, index, token);
        const kind = entity && this.tables.typeKind(entity.module, entity.name);
        if (kind) return { kind, via: 'trace' };
      }
      const receiver = calleeReceiver(t, node);
      const method = t.isPropertyAccessExpression(unwrapExpression(t, node.expression))
        ? (unwrapExpression(t, node.expression) as ts.PropertyAccessExpression).name.text
        : undefined;
      if (receiver && method) {
        const owner = this.classifyAt(receiver, depth) ?? this.valueOfImport(receiver);
        const kind = owner && this.tables.factoryKind(owner.kind, method);
        if (kind) return { kind, creation: node, via: owner.via };
        if (owner) return undefined;
        // A factory method of a project class: `this.createInstance(baseUrl)` returning `axios.create(...)`.
        const ownerClass = unwrapExpression(t, receiver).kind === t.SyntaxKind.ThisKeyword ? enclosingClass(t, node) : this.classOf(receiver, depth);
        const factory = ownerClass && this.methodOf(ownerClass, method);
        return factory ? this.returnedClient(factory, node, depth) : undefined;
      }
      // A factory function: `const createClient = (baseURL) => axios.create({ baseURL })`.
      if (t.isIdentifier(callee)) {
        const origin = resolveIdentifier(this.context, callee);
        const fn = origin?.kind === 'declaration' ? functionOfDeclaration(t, origin.node) : undefined;
        if (fn) return this.returnedClient(fn, node, depth);
      }
      return undefined;
    }
    if (t.isIdentifier(node)) return this.identifier(node, depth);
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) return this.member(node, index, depth);
    return undefined;
  }

  /** A client read as a member: a client's property, a library's value, a field of a class, an object's or a module's property. */
  private member(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, index: FileIndex, depth: number): ClientRef | undefined {
    const t = this.t;
    const owner = unwrapExpression(t, node.expression);
    const name = t.isPropertyAccessExpression(node) ? node.name.text : undefined;
    if (name === undefined) return undefined;
    if (owner.kind === t.SyntaxKind.ThisKeyword) return this.thisMember(node, name, depth);
    const ownerClient = this.classifyAt(owner, depth) ?? this.valueOfImport(owner);
    if (ownerClient) {
      const kind = this.tables.propertyKind(ownerClient.kind, name);
      return kind ? { kind, via: ownerClient.via } : undefined;
    }
    const entity = importedEntity(t, index, node);
    if (entity) {
      const kind = this.tables.valueKind(entity.module, entity.name);
      if (kind) return { kind, via: 'trace' };
    }
    // `this.kafkaClients.sagaClient` where the injected `KafkaClients` provider declares
    // `@Client({...}) sagaClient: ClientKafka`.
    const ownerClass = this.classOf(owner, depth);
    if (ownerClass) {
      const found = this.memberOf(ownerClass, name, depth, this.constructionOf(owner, depth));
      if (found) return found;
    }
    // `clients.payment` where `const clients = { payment: axios.create(...) }`.
    const container = this.evaluator.container(owner);
    // `client.kafka` where `const client = require('./client')` and client.js sets `exports.kafka = new Kafka()`.
    if (container?.kind === 'module') {
      const declaration = exportedDeclaration(this.context, container.node, name);
      return declaration && this.declared(declaration, depth);
    }
    if (container?.kind === 'object') {
      const property = container.node.properties.find(
        (p) => (t.isPropertyAssignment(p) || t.isShorthandPropertyAssignment(p)) && t.isIdentifier(p.name) && p.name.text === name,
      );
      if (property && t.isPropertyAssignment(property)) return this.classifyAt(property.initializer, depth);
      if (property && t.isShorthandPropertyAssignment(property)) return this.classifyAt(property.name, depth);
    }
    return undefined;
  }

  /** The client a factory returns, made by this call of it: its parameters are what the call passes. */
  private returnedClient(fn: ts.SignatureDeclaration, call: ts.CallExpression, depth: number): ClientRef | undefined {
    for (const returned of returnedExpressions(this.t, fn)) {
      const found = this.classifyAt(returned, depth);
      if (found) return fn.parameters.length > 0 ? { ...found, madeBy: [...(found.madeBy ?? []), { fn, call }] } : found;
    }
    return undefined;
  }

  /** A method with a body that a class (or one of its bases) declares. */
  private methodOf(start: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined {
    const t = this.t;
    for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(this.context, classNode)) {
      const method = classNode.members.find((member): member is ts.MethodDeclaration => t.isMethodDeclaration(member) && member.body !== undefined && propertyNameText(t, member.name) === name);
      if (method) return method;
    }
    return undefined;
  }

  /** The `new X(...)` an expression's instance comes from, when the code shows one (`const api = new Api(url)`). */
  private constructionOf(expression: ts.Expression, depth: number): ts.NewExpression | undefined {
    const t = this.t;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapAwait(t, expression);
    if (t.isNewExpression(node)) return node;
    // `this.api` set once (`this.api = new ApiClient(url)` in the constructor, or as the field's initializer).
    if (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword) {
      const classNode = enclosingClass(t, node);
      const member = classNode && classMember(t, classNode, node.name.text);
      const declaration = member?.declaration;
      const initializer = declaration && t.isPropertyDeclaration(declaration) ? declaration.initializer : undefined;
      const sources = [...(initializer ? [initializer] : []), ...(member?.assignments ?? [])];
      return sources.length === 1 ? this.constructionOf(sources[0]!, depth + 1) : undefined;
    }
    if (!t.isIdentifier(node)) return undefined;
    const origin = resolveIdentifier(this.context, node);
    if (origin?.kind !== 'declaration') return undefined;
    // `module.exports = new PaymentsClient(url)`, required elsewhere.
    const exported = exportedExpression(t, origin.node);
    if (exported) return this.constructionOf(exported, depth + 1);
    if (!t.isVariableDeclaration(origin.node) || !origin.node.initializer) return undefined;
    if ((origin.node.parent.flags & t.NodeFlags.Const) === 0) return undefined;
    return this.constructionOf(origin.node.initializer, depth + 1);
  }

  /** An imported binding that is a client by itself (the default export of `axios`). */
  private valueOfImport(expression: ts.Expression): ClientRef | undefined {
    const t = this.t;
    const entity = importedEntity(t, this.context.indexOf(expression.getSourceFile()), expression);
    const kind = entity && this.tables.valueKind(entity.module, entity.name);
    return kind ? { kind, via: 'trace' } : undefined;
  }

  private identifier(node: ts.Identifier, depth: number): ClientRef | undefined {
    const t = this.t;
    const origin = resolveIdentifier(this.context, node);
    if (origin === undefined) return undefined;
    if (origin.kind === 'import') {
      const kind = this.tables.valueKind(origin.binding.module, origin.binding.name);
      return kind ? { kind, via: 'trace' } : undefined;
    }
    if (origin.kind === 'module') return undefined;
    const declaration = origin.node;
    if (t.isVariableDeclaration(declaration)) {
      if (declaration.initializer) {
        const found = this.classifyAt(declaration.initializer, depth);
        if (found) return found;
      }
      if (declaration.type) {
        const found = this.annotation(declaration.type);
        if (found) return found;
      }
      // `let producer; ... producer = kafka.producer()`.
      if (t.isIdentifier(declaration.name)) {
        const assignments = this.context.indexOf(declaration.getSourceFile()).assignmentsByName.get(declaration.name.text) ?? [];
        for (const assigned of assignments) {
          const found = this.classifyAt(assigned, depth);
          if (found) return found;
        }
      }
      return undefined;
    }
    if (t.isParameter(declaration)) {
      return (declaration.type ? this.annotation(declaration.type) : undefined) ?? this.passedIn(declaration, depth);
    }
    if (t.isPropertyDeclaration(declaration)) {
      return declaration.type ? this.annotation(declaration.type) : undefined;
    }
    // What another module exports: `module.exports = kafka`, `exports.kafka = ...`, `module.exports = { kafka }`.
    const exported = this.declared(declaration, depth);
    if (exported) return exported;
    // `const { httpClient } = this;`, `const { producer } = kafkaClients;`
    if (t.isBindingElement(declaration) && t.isObjectBindingPattern(declaration.parent) && t.isVariableDeclaration(declaration.parent.parent)) {
      const source = declaration.parent.parent.initializer;
      const key = declaration.propertyName ? propertyNameText(t, declaration.propertyName) : t.isIdentifier(declaration.name) ? declaration.name.text : undefined;
      if (source === undefined || key === undefined) return undefined;
      if (unwrapExpression(t, source).kind === t.SyntaxKind.ThisKeyword) return this.thisMember(declaration, key, depth);
      const ownerClass = this.classOf(source, depth);
      return ownerClass ? this.memberOf(ownerClass, key, depth) : undefined;
    }
    return undefined;
  }

  /**
   * A client handed to a function by its callers (`publishEvent(kafkaProducer, args)` calling
   * `producer.send(...)`): what the calls of the function across the project (the CLI; `CallSites` says which
   * calls are its) pass at the parameter's place, when they all pass clients of one kind. A class method's
   * clients come through its instance instead; a name called from everywhere is bounded work and no answer;
   * ESLint, with one file, reads types instead.
   */
  private passedIn(parameter: ts.ParameterDeclaration, depth: number): ClientRef | undefined {
    const known = this.passedMemo.get(parameter);
    if (known !== undefined) return known ?? undefined;
    const t = this.t;
    const fn = parameter.parent;
    const sites = this.callSites();
    const name = t.isMethodDeclaration(fn) || t.isConstructorDeclaration(fn) ? undefined : functionName(t, fn);
    if (sites === undefined || name === undefined || parameter.dotDotDotToken !== undefined || !t.isIdentifier(parameter.name)) return undefined;
    if (sites.named(name).length > MAX_CALLERS) return undefined;
    const index = fn.parameters.indexOf(parameter);
    let found: ClientRef | undefined;
    let kinds = 0;
    for (const call of sites.of(fn, parameter)) {
      const argument = call.arguments?.[index];
      if (argument === undefined || t.isSpreadElement(argument)) continue;
      const passed = this.classifyAt(argument, depth + 1);
      if (passed === undefined || passed.kind === found?.kind) continue;
      kinds++;
      found = { kind: passed.kind, via: 'trace' };
    }
    const decided = kinds === 1 ? found : undefined;
    this.passedMemo.set(parameter, decided ?? null);
    return decided;
  }

  /** The project's call sites, built once per project; none without the project's files (ESLint). */
  private callSites(): CallSites | undefined {
    const files = this.context.projectFiles?.();
    if (files === undefined) return undefined;
    let sites = projectCallSites.get(files);
    if (sites === undefined) {
      // A name declared once in the project is that function wherever it is called: no package is known here.
      sites = new CallSites(this.context, this.evaluator, files.map((file) => this.context.indexOf(file)), () => true);
      projectCallSites.set(files, sites);
    }
    return sites;
  }

  /** The client a declaration another module exports holds: an export assignment or an object's property. */
  private declared(declaration: ts.Node, depth: number): ClientRef | undefined {
    const t = this.t;
    const exported = exportedExpression(t, declaration);
    if (exported) return this.classifyAt(exported, depth);
    if (t.isPropertyAssignment(declaration)) return this.classifyAt(declaration.initializer, depth);
    if (t.isShorthandPropertyAssignment(declaration)) return this.classifyAt(declaration.name, depth);
    if (t.isVariableDeclaration(declaration) && declaration.initializer) return this.classifyAt(declaration.initializer, depth);
    return undefined;
  }

  private thisMember(at: ts.Node, name: string, depth: number): ClientRef | undefined {
    const start = enclosingClass(this.t, at);
    return start ? this.memberOf(start, name, depth) : undefined;
  }

  /**
   * A client kept in a member of a class (or of its bases): assigned, initialised or annotated. With the
   * `construction` that made the instance, a client the constructor creates from its parameters is this
   * instance's: the construction's arguments are bound (`new ApiClient(AUTH_URL).http` has AUTH_URL as base).
   */
  private memberOf(start: ts.ClassLikeDeclaration, name: string, depth: number, construction?: ts.NewExpression): ClientRef | undefined {
    const t = this.t;
    for (let classNode: ts.ClassLikeDeclaration | undefined = start; classNode !== undefined; classNode = baseClass(this.context, classNode)) {
      const member = classMember(t, classNode, name);
      if (member === undefined) continue;
      // What is assigned says the most (it carries options such as a base URL); the annotation comes next.
      for (const assigned of member.assignments) {
        const found = this.classifyAt(assigned, depth);
        if (!found) continue;
        const constructor = enclosingFunction(t, assigned);
        if (construction && classNode === start && constructor && t.isConstructorDeclaration(constructor) && constructor.parameters.length > 0) {
          return { ...found, madeBy: [...(found.madeBy ?? []), { fn: constructor, call: construction }] };
        }
        return found;
      }
      const declaration = member.declaration;
      if (declaration && t.isPropertyDeclaration(declaration) && declaration.initializer) {
        const found = this.classifyAt(declaration.initializer, depth);
        if (found) return found;
      }
      if (declaration && 'type' in declaration && declaration.type) {
        const found = this.annotation(declaration.type);
        if (found) return found;
      }
      return undefined;
    }
    return undefined;
  }

  /**
   * The project class an expression holds an instance of: from a member's or variable's annotation
   * (`private readonly clients: KafkaClients`), or from `new KafkaClients()`.
   */
  private classOf(expression: ts.Expression, depth: number): ts.ClassLikeDeclaration | undefined {
    const t = this.t;
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapAwait(t, expression);
    if (t.isNewExpression(node)) return classNamed(this.context, node.expression);
    let declaration: ts.Node | undefined;
    if (t.isPropertyAccessExpression(node) && node.expression.kind === t.SyntaxKind.ThisKeyword) {
      for (let classNode = enclosingClass(t, node); classNode !== undefined && declaration === undefined; classNode = baseClass(this.context, classNode)) {
        const member = classMember(t, classNode, node.name.text);
        declaration = member?.declaration;
        if (declaration === undefined && member?.assignments[0]) return this.classOf(member.assignments[0], depth + 1);
      }
    } else if (t.isIdentifier(node)) {
      const origin = resolveIdentifier(this.context, node);
      declaration = origin?.kind === 'declaration' ? origin.node : undefined;
    }
    if (declaration === undefined) return undefined;
    const type = (declaration as { type?: ts.TypeNode }).type;
    if (type && t.isTypeReferenceNode(type)) return classNamed(this.context, type.typeName);
    const initializer = (declaration as { initializer?: ts.Expression }).initializer;
    return initializer ? this.classOf(initializer, depth + 1) : undefined;
  }


  /** `Producer`, `kafkajs.Producer`, `Producer | undefined` written as a type annotation. */
  private annotation(type: ts.TypeNode): ClientRef | undefined {
    const t = this.t;
    if (t.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const found = this.annotation(member);
        if (found) return found;
      }
      return undefined;
    }
    if (!t.isTypeReferenceNode(type)) return undefined;
    const entity = this.typeEntity(this.context.indexOf(type.getSourceFile()), type.typeName);
    const kind = entity && this.tables.typeKind(entity.module, entity.name);
    return kind ? { kind, via: 'trace' } : undefined;
  }

  /**
   * The imported entity a type name refers to, named as `importedEntity` names values: `Producer`,
   * `kafkajs.Producer` (namespace) gives `Producer`, `KafkaJS.Producer` (a named import) gives
   * `KafkaJS.Producer`, `Kafka.Producer` (a default import) gives `default.Producer`.
   */
  private typeEntity(index: FileIndex, typeName: ts.EntityName): { module: string; name: string } | undefined {
    const t = this.t;
    if (t.isIdentifier(typeName)) {
      const binding = index.imports.get(typeName.text);
      return binding ? { module: binding.module, name: binding.name } : undefined;
    }
    const left = this.typeEntity(index, typeName.left);
    if (left === undefined) return undefined;
    return { module: left.module, name: left.name === '*' ? typeName.right.text : `${left.name}.${typeName.right.text}` };
  }

  /**
   * The checker's view: the declared type of the expression, when it comes from a package we know. Asked
   * only when the program holds declaration files of such a package (a repository analysed without its
   * node_modules has none, and the checker could only answer `any`), and once per expression.
   */
  private byType(expression: ts.Expression): ClientRef | undefined {
    const checker = this.context.checker;
    if (checker === undefined) return undefined;
    const declared = this.context.declaredPackages;
    this.typesLoaded ??= declared === undefined || [...this.tables.typedPackages].some((name) => declared.has(name));
    if (!this.typesLoaded) return undefined;
    const cached = this.typeMemo.get(expression);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.askChecker(checker, expression);
    this.typeMemo.set(expression, found ?? null);
    return found;
  }

  private askChecker(checker: ts.TypeChecker, expression: ts.Expression): ClientRef | undefined {
    const t = this.t;
    try {
      let type = checker.getTypeAtLocation(expression);
      if (type.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) return undefined;
      type = checker.getNonNullableType(type);
      const candidates = type.isUnion() ? type.types : [type];
      for (const candidate of candidates) {
        for (const symbol of [candidate.aliasSymbol, candidate.getSymbol()]) {
          const declaration = symbol?.declarations?.[0];
          if (symbol === undefined || declaration === undefined) continue;
          const packageName = packageOfDeclarationFile(declaration.getSourceFile().fileName);
          if (packageName === undefined) continue;
          const kind = this.tables.typeKindInPackage(packageName, symbol.name);
          if (kind) return { kind, via: 'type' };
        }
      }
    } catch {
      // A checker failure on odd code must not stop the scan.
    }
    return undefined;
  }
}

function functionOfDeclaration(t: TS, declaration: ts.Node): ts.SignatureDeclaration | undefined {
  if (t.isFunctionDeclaration(declaration)) return declaration;
  const assigned = declaredExpression(t, declaration);
  if (assigned) {
    const initializer = unwrapExpression(t, assigned);
    if (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}
