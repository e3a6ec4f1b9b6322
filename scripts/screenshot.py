"""Screenshot a graph page in headless Chromium (how docs/screenshot*.png are made).

    python scripts/screenshot.py output/graph.html docs/screenshot.png [--select] [--focus TYPE [--depth N]]

--select clicks the entity with the most relations first, so the node panel shows its evidence.
--focus OFFICE shows the neighbourhood (--depth steps, default 1) of the OFFICE with the most
relations among those drawn, as a click on it and on "1 step" in its panel does.
--no-evidence leaves the panel empty (for a corpus whose sentences must not be copied into a picture).
Uses Debian's /usr/bin/chromium (scripts/ci_deps.sh installs it); every non-file request is
blocked, as in the tests.
"""
import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SELECT_BUSIEST = """() => {
  const degree = {};
  for (const e of window.kgEdges.get()) {
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
  }
  const nodes = window.kgNodes.get().filter(n => n.group !== 'ARTICLE' && n.type !== 'ARTICLE');
  nodes.sort((a, b) => (degree[b.id] || 0) - (degree[a.id] || 0));
  window.kgNetwork.selectNodes([nodes[0].id]);
  window.kgNetwork.emit('click', {nodes: [nodes[0].id], edges: []});
}"""
FOCUS_BUSIEST = """([type, depth]) => {
  const data = window.kgData, quiet = new Set(data.meta.quiet);
  const degree = new Array(data.nodes.length).fill(0);
  data.edges.forEach((e) => { if (!quiet.has(e.r)) { degree[e.f]++; degree[e.t]++; } });
  let best = -1;
  data.nodes.forEach((n, i) => { if (n.t === type && (best < 0 || degree[i] > degree[best])) { best = i; } });
  if (best < 0) { throw new Error("no node of type " + type); }
  window.kgFocusNode(best);
  window.kgShowNeighbourhood(best, depth);
  return data.nodes[best].l;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--select", action="store_true")
    ap.add_argument("--focus", metavar="TYPE", help="show the neighbourhood of the busiest node of this type")
    ap.add_argument("--depth", type=int, default=1, choices=(1, 2))
    ap.add_argument("--no-evidence", action="store_true")
    args = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(args.page.resolve().as_uri())
        page.wait_for_function("window.kgReady === true", timeout=30000)
        page.wait_for_timeout(800)
        if args.select:
            page.evaluate(SELECT_BUSIEST)
            page.wait_for_timeout(800)
        if args.focus:
            print("focused on", page.evaluate(FOCUS_BUSIEST, [args.focus, args.depth]))
            page.wait_for_timeout(800)
        if args.no_evidence:
            page.evaluate("() => window.kgNetwork.emit('click', {nodes: [], edges: []})")
            page.wait_for_timeout(300)
        page.screenshot(path=str(args.png))
        browser.close()


if __name__ == "__main__":
    main()
