#!/usr/bin/env python3
"""What the first load of a page downloads from the release bundle (target/site/pkg): the entry
JS and the WASM module holding every island (`#[island]` components; the rest of the shop is
server-rendered HTML and ships no WebAssembly), plus the stylesheet. Every page loads the same
files. Prints raw / gzip / brotli bytes (the `.gz` and `.br` copies cargo-leptos wrote) and
fails when the JS + WASM need more brotli bytes than --max-br (default 350 KB = 358,400 bytes).

    tools/bundle-size.py [--pkg target/site/pkg] [--max-br 358400]
"""
import argparse
import os
import re
import sys


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

    def one(pattern):
        found = [f for f in files if re.fullmatch(pattern, f)]
        if len(found) != 1:
            sys.exit(f"expected one file matching {pattern} in {args.pkg}, found {found}")
        return found[0]

    rows = [("entry JS", one(r"storefront\.[\w-]+\.js")), ("WASM (all islands)", one(r"storefront\.[\w-]+\.wasm"))]
    css = ("stylesheet", one(r"storefront\.[\w-]+\.css"))
    print(f"{'file':<22}{'raw':>11}{'gzip':>11}{'brotli':>11}  name")
    total = [0, 0, 0]
    for label, name in rows + [css]:
        s = sizes(args.pkg, name)
        print(f"{label:<22}{s[0]:>11,}{s[1]:>11,}{s[2]:>11,}  {name}")
        if (label, name) != css:
            total = [a + b for a, b in zip(total, s)]
    print(f"{'JS + WASM':<22}{total[0]:>11,}{total[1]:>11,}{total[2]:>11,}")
    print(f"first load of any page: {total[2]:,} bytes brotli of JS + WASM (limit {args.max_br:,})")
    return 1 if total[2] > args.max_br else 0


if __name__ == "__main__":
    sys.exit(main())
