#!/usr/bin/env python3
"""Functions longer than a limit (default 120 lines) in the workspace's Rust sources, tests
excluded (`tests/` folders and `#[cfg(test)]` modules).

Usage: tools/long-functions.py [LIMIT] [--list]  — exits 1 when any function is over LIMIT.
"""
import os
import re
import sys

FN = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+([a-zA-Z_][a-zA-Z0-9_]*)")
CRATES = ["src", "shared/src", "services/src", "app/src", "server/src", "frontend/src", "bench/src"]


def functions(path):
    lines = open(path, encoding="utf8").read().split("\n")
    out = []
    skip_until = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if skip_until is not None:
            if i >= skip_until:
                skip_until = None
            else:
                i += 1
                continue
        if line.strip() == "#[cfg(test)]":
            # Skip the test module: from its opening brace to the matching close.
            end = block_end(lines, i + 1)
            skip_until = (end if end is not None else i + 1) + 1
            i += 1
            continue
        m = FN.match(line)
        if m and not line.rstrip().endswith(";"):
            end = block_end(lines, i)
            if end is not None:
                out.append((m.group(7), i + 1, end - i + 1))
        i += 1
    return out


def block_end(lines, start):
    """The line index where the block opened at or after `start` closes (naive brace count,
    skipping string literals and line comments)."""
    depth = 0
    opened = False
    for j in range(start, len(lines)):
        text = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j].split("//")[0])
        text = re.sub(r"'(\\.|[^'\\])'", "''", text)
        for ch in text:
            if ch == "{":
                depth += 1
                opened = True
            elif ch == "}":
                depth -= 1
                if opened and depth == 0:
                    return j
        if not opened and text.rstrip().endswith(";"):
            return None
    return None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    limit = int(args[0]) if args else 120
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for crate in CRATES:
        base = os.path.join(root, crate)
        for dirpath, _, files in os.walk(base):
            for f in files:
                if f.endswith(".rs"):
                    p = os.path.join(dirpath, f)
                    for name, line, n in functions(p):
                        if n > limit:
                            found.append((n, os.path.relpath(p, root), line, name))
    found.sort(reverse=True)
    for n, p, line, name in found:
        print(f"{n:4} lines  {p}:{line}  {name}")
    if found:
        print(f"{len(found)} functions over {limit} lines (outside tests)")
        sys.exit(1)
    print(f"no function over {limit} lines (outside tests)")


if __name__ == "__main__":
    main()
