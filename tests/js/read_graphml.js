// Read a GraphML file with graphology-graphml (the parser Gephi Lite uses) and print a JSON
// summary on stdout: node/edge counts, labels, attribute types. Used by tests/test_export_graphml.py.
//   node read_graphml.js graph.graphml
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const { parse } = require("graphology-graphml");

const source = fs.readFileSync(process.argv[2], "utf-8");
const graph = parse(Graph, source);
const nodes = {};
graph.forEachNode((id, attr) => {
  const types = {};
  for (const [k, v] of Object.entries(attr)) types[k] = typeof v;
  nodes[id] = { label: attr.label, key: attr.key, type: attr.type, aliases: attr.aliases, color: attr.color, x: attr.x, y: attr.y, size: attr.size, types };
});
const edges = [];
graph.forEachEdge((id, attr, source, target) => {
  edges.push({ id, source, target, relation: attr.relation, weight: attr.weight, weightType: typeof attr.weight });
});
process.stdout.write(JSON.stringify({ order: graph.order, size: graph.size, multi: graph.multi, type: graph.type, nodes, edges }));
