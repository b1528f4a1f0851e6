// @vitest-environment jsdom
import fs from 'node:fs';
import path from 'node:path';
import mermaid from 'mermaid';
import { expect, it } from 'vitest';
import { GOLDEN } from '../helpers/paths.js';

it('the golden map of the shop example is a diagram Mermaid accepts', async () => {
  const diagram = fs.readFileSync(path.join(GOLDEN, 'shop.mmd'), 'utf8');
  await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  // The check itself can fail: a broken edge is rejected.
  await expect(mermaid.parse(diagram.replace('-.->', '-.->>>'))).rejects.toThrow();
});
