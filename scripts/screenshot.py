"""Screenshot a graph page in headless Chromium (how docs/screenshot*.png are made).

    python scripts/screenshot.py output/graph.html docs/screenshot.png [--select]

--select clicks the entity with the most relations first, so the node panel shows its evidence.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--select", action="store_true")
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
        page.screenshot(path=str(args.png))
        browser.close()


if __name__ == "__main__":
    main()
