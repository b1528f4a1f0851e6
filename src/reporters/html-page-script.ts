/**
 * The script of the HTML report, run by the browser after Mermaid's bundle: draws the map from the text in
 * `#diagram-source`, pans (drag) and zooms (wheel, buttons), and focuses a service on click (the rest dimmed)
 * using the graph in `#map-data`. It is plain ES2020 in a string because the report inlines it (its hash goes
 * into the page's Content-Security-Policy); the browser test (test/html-report.browser.test.ts) runs it.
 *
 * Mermaid gives each drawn node an element whose `id` ends with `flowchart-<node id>-<n>`, and each edge a path
 * whose `id` (or `data-id`) is `L_<from>_<to>_<n>`, the same ids as the edge label's `data-id`; node ids here
 * are `[A-Za-z0-9_]`, so both can be read back.
 */
export const PAGE_SCRIPT = String.raw`(() => {
  'use strict';
  const byId = (id) => document.getElementById(id);
  const source = byId('diagram-source');
  const canvas = byId('canvas');
  const viewport = byId('viewport');
  const status = byId('map-status');
  const zoomLevel = byId('zoom-level');
  const focusLabel = byId('focus-label');
  const data = JSON.parse(byId('map-data').textContent);
  let scale = 1;
  let x = 0;
  let y = 0;

  const apply = () => {
    canvas.style.transform = 'translate(' + x + 'px, ' + y + 'px) scale(' + scale + ')';
    zoomLevel.textContent = Math.round(scale * 100) + '%';
  };
  const svgSize = () => {
    const svg = canvas.querySelector('svg');
    if (!svg) return { width: 1, height: 1 };
    const box = svg.viewBox.baseVal;
    return box && box.width > 0 ? { width: box.width, height: box.height } : svg.getBBox();
  };
  // Fit the width (never above 100%), top-aligned: a map reads from its top.
  const fit = () => {
    const size = svgSize();
    scale = Math.min(1, viewport.clientWidth / size.width);
    x = Math.max(0, (viewport.clientWidth - size.width * scale) / 2);
    y = 0;
    apply();
  };
  const fitAll = () => {
    const size = svgSize();
    scale = Math.min(1, viewport.clientWidth / size.width, viewport.clientHeight / size.height);
    x = Math.max(0, (viewport.clientWidth - size.width * scale) / 2);
    y = 0;
    apply();
  };
  const zoomAt = (factor, pointX, pointY) => {
    const next = Math.min(4, Math.max(0.1, scale * factor));
    x = pointX - ((pointX - x) * next) / scale;
    y = pointY - ((pointY - y) * next) / scale;
    scale = next;
    apply();
  };
  const centre = () => ({ x: viewport.clientWidth / 2, y: viewport.clientHeight / 2 });
  byId('zoom-in').addEventListener('click', () => zoomAt(1.25, centre().x, centre().y));
  byId('zoom-out').addEventListener('click', () => zoomAt(0.8, centre().x, centre().y));
  byId('zoom-fit').addEventListener('click', fit);
  byId('zoom-all').addEventListener('click', fitAll);
  byId('zoom-reset').addEventListener('click', () => { scale = 1; x = 0; y = 0; apply(); });
  viewport.addEventListener('wheel', (event) => {
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    zoomAt(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  let drag = null;
  viewport.addEventListener('pointerdown', (event) => {
    drag = { startX: event.clientX, startY: event.clientY, x, y, moved: false };
  });
  viewport.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (drag.moved) { x = drag.x + dx; y = drag.y + dy; apply(); }
  });
  window.addEventListener('pointerup', () => { setTimeout(() => { drag = null; }, 0); });

  const nodeElements = new Map();
  const edgeElements = [];
  const index = () => {
    for (const element of canvas.querySelectorAll('g.node')) {
      const match = /flowchart-([A-Za-z0-9_]+)-\d+$/.exec(element.id);
      if (match && data.nodes[match[1]]) nodeElements.set(match[1], element);
    }
    const edgeId = (element) => element.getAttribute('data-id') || element.id || '';
    const labels = new Map();
    for (const label of canvas.querySelectorAll('.edgeLabel [data-id], .edgeLabel[data-id]')) labels.set(label.getAttribute('data-id'), label.closest('.edgeLabel'));
    const paths = [...canvas.querySelectorAll('path[id^="L_"], path[data-id^="L_"]')];
    for (const [from, to] of data.edges) {
      const prefix = 'L_' + from + '_' + to + '_';
      for (const path of paths) {
        const id = edgeId(path);
        if (id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))) edgeElements.push({ from, to, elements: [path, labels.get(id)].filter(Boolean) });
      }
    }
  };

  let focused = null;
  const focusOn = (id) => {
    focused = id;
    // Its neighbours, and through each topic it sends (receives), the services receiving (sending) it; two
    // consumers of one topic are not neighbours.
    const produced = new Set(data.edges.filter(([from, to]) => from === id && data.nodes[to].carriesTopics).map(([, to]) => to));
    const consumed = new Set(data.edges.filter(([from, to]) => to === id && data.nodes[from].carriesTopics).map(([from]) => from));
    const shownEdge = ([from, to]) => from === id || to === id || produced.has(from) || consumed.has(to);
    const keep = new Set([id]);
    for (const edge of data.edges) if (shownEdge(edge)) { keep.add(edge[0]); keep.add(edge[1]); }
    for (const [node, element] of nodeElements) element.classList.toggle('dimmed', !keep.has(node));
    for (const edge of edgeElements) {
      for (const element of edge.elements) element.classList.toggle('dimmed', !shownEdge([edge.from, edge.to]));
    }
    focusLabel.textContent = 'Focused on ' + data.nodes[id].name + ': click it again, or the background, to show all.';
    document.body.dataset.focused = id;
  };
  const clearFocus = () => {
    focused = null;
    for (const element of canvas.querySelectorAll('.dimmed')) element.classList.remove('dimmed');
    focusLabel.textContent = 'Click a service to focus it.';
    delete document.body.dataset.focused;
  };
  byId('clear-focus').addEventListener('click', clearFocus);
  canvas.addEventListener('click', (event) => {
    if (drag && drag.moved) return;
    const element = event.target.closest('g.node');
    const entry = element && [...nodeElements].find(([, candidate]) => candidate === element);
    if (!entry || data.nodes[entry[0]].kind !== 'service' || focused === entry[0]) clearFocus();
    else focusOn(entry[0]);
  });

  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { useMaxWidth: false }, maxTextSize: 50000, maxEdges: 500 });
  mermaid.render('service-map-svg', source.textContent).then(({ svg }) => {
    canvas.innerHTML = svg;
    source.hidden = true;
    index();
    fit();
    clearFocus();
    document.body.dataset.rendered = 'true';
  }).catch((error) => {
    status.textContent = 'The map could not be drawn (' + (error && error.message ? error.message : String(error)) + '); its Mermaid text is below.';
    document.body.dataset.rendered = 'error';
  });
})();
`;
