import { it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';
import { createVirtualProgram, VIRTUAL_ROOT } from '../../../test/helpers/scan.js';

it('debug', () => {
  const { program } = createVirtualProgram({
    'd/kafka.ts': `import { Kafka } from 'kafkajs';\nexport const kafka = new Kafka({ clientId: 'x', brokers: [] });\nexport const producer = kafka.producer();\n`,
    'd/publisher.ts': `import { producer } from './kafka';\nexport async function f() { await producer.send({ topic: 'x', messages: [] }); }\n`,
  });
  const sf = program.getSourceFile(path.join(VIRTUAL_ROOT, 'd/publisher.ts'))!;
  const checker = program.getTypeChecker();
  console.log(program.getSemanticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === 'producer') {
      const s = checker.getSymbolAtLocation(n);
      console.log(n.parent.kind, s?.flags, s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s).declarations?.[0]?.getSourceFile().fileName : '-', checker.typeToString(checker.getTypeAtLocation(n)));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
});
