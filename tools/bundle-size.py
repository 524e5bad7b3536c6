#!/usr/bin/env python3
"""What the first load of each page downloads from the release bundle (target/site/pkg, built
with `--split`): the entry JS and WASM, the split loader, the page's own chunk and the shared
chunks the split manifest lists for it. Prints raw / gzip / brotli bytes per page (the `.gz`
and `.br` copies cargo-leptos wrote) and fails when a page needs more brotli bytes than
--max-br (default 350 KB = 358,400 bytes).

    tools/bundle-size.py [--pkg target/site/pkg] [--max-br 358400]
"""
import argparse
import json
import os
import re
import sys

GROUPS = {  # split group (app/src/routes.rs) → its pages
    "home": "/",
    "listing": "/products, /search, /c/{slug}",
    "product": "/p/{slug}",
    "cart": "/cart",
    "checkout": "/checkout, /orders/{n}",
    "account": "/account/*, /unsubscribe",
    "admin": "/admin/*",
}


def sizes(pkg, name):
    out = []
    for ext in ("", ".gz", ".br"):
        path = os.path.join(pkg, name + ext)
        out.append(os.path.getsize(path) if os.path.exists(path) else 0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pkg", default="target/site/pkg")
    ap.add_argument("--max-br", type=int, default=350 * 1024)
    args = ap.parse_args()
    files = os.listdir(args.pkg)
    one = lambda pattern: next(f for f in files if re.fullmatch(pattern, f))
    entry = [one(r"storefront\.[\w-]+\.js"), one(r"storefront\.[\w-]+\.wasm")]
    split_js = [f for f in files if re.fullmatch(r"__wasm_split\.[\w-]+\.js", f)]
    manifest_file = [f for f in files if re.fullmatch(r"__wasm_split_manifest\.[\w-]+\.json", f)]
    manifest = json.load(open(os.path.join(args.pkg, manifest_file[0]))) if manifest_file else {}

    base = [sum(x) for x in zip(*(sizes(args.pkg, f) for f in entry + split_js))]
    print(f"{'page':<34}{'raw':>11}{'gzip':>11}{'brotli':>11}{'files':>7}")
    print(f"{'(entry JS + WASM + split loader)':<34}{base[0]:>11,}{base[1]:>11,}{base[2]:>11,}{3:>7}")
    worst = 0
    for key, path in GROUPS.items():
        view = next((k for k in manifest if re.fullmatch(rf"{key}_group_\d+", k)), None)
        if view is None:
            print(f"{path:<34} no chunk for this group in the manifest", file=sys.stderr)
            return 2
        # The manifest lists the page's own module and every shared chunk it needs.
        chunks = [c + ".wasm" for c in manifest[view]]
        total = list(base)
        for f in chunks:
            total = [a + b for a, b in zip(total, sizes(args.pkg, f))]
        worst = max(worst, total[2])
        flag = "  OVER" if total[2] > args.max_br else ""
        files_n = len(chunks) + 3
        print(f"{path:<34}{total[0]:>11,}{total[1]:>11,}{total[2]:>11,}{files_n:>7}{flag}")
    print(f"largest first load: {worst:,} bytes brotli (limit {args.max_br:,})")
    return 1 if worst > args.max_br else 0


if __name__ == "__main__":
    sys.exit(main())
