#!/usr/bin/env python3
"""Import cycles between the top-level modules of each crate (`crate::a` used from module `b`).

Usage: tools/module-cycles.py [crate_src_dir ...]  (default: every crate's src/ in the workspace)
Exits 1 when any crate has a cycle, printing each strongly connected group and the edges
(with one file:line example per edge) that hold it together.
"""
import os
import re
import sys

REF = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
USE_GROUP = re.compile(r"\buse\s+crate::\{([^;]*)\}", re.S)


def top_modules(src):
    mods = set()
    for name in os.listdir(src):
        if name.endswith(".rs") and name not in ("lib.rs", "main.rs"):
            mods.add(name[:-3])
        elif os.path.isdir(os.path.join(src, name)) and name != "bin":
            mods.add(name)
    return mods


def module_of(src, path):
    rel = os.path.relpath(path, src)
    first = rel.split(os.sep)[0]
    return first[:-3] if first.endswith(".rs") else first


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def edges_of(src):
    mods = top_modules(src)
    edges = {}
    for root, _, files in os.walk(src):
        if os.path.relpath(root, src).split(os.sep)[0] == "bin":
            continue
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            here = module_of(src, path)
            if here not in mods:
                continue
            text = strip_comments(open(path, encoding="utf8").read())
            targets = []
            for m in REF.finditer(text):
                targets.append((m.group(1), text[: m.start()].count("\n") + 1))
            for g in USE_GROUP.finditer(text):
                line = text[: g.start()].count("\n") + 1
                for part in re.split(r"[,{}\s]+", g.group(1)):
                    name = part.split("::")[0]
                    if name:
                        targets.append((name, line))
            for target, line in targets:
                if target in mods and target != here:
                    edges.setdefault((here, target), f"{os.path.relpath(path)}:{line}")
    return mods, edges


def sccs(nodes, edges):
    graph = {n: sorted({b for (a, b) in edges if a == n}) for n in nodes}
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs = sys.argv[1:] or sorted(
        os.path.join(root, d, "src") if d != "." else os.path.join(root, "src")
        for d in os.listdir(root) + ["."]
        if os.path.isfile(os.path.join(root, d, "Cargo.toml")) and os.path.isdir(os.path.join(root, d, "src"))
    )
    failed = False
    for src in dirs:
        mods, edges = edges_of(src)
        groups = sccs(mods, edges)
        rel = os.path.relpath(src, root)
        if not groups:
            print(f"{rel}: no cycles between its {len(mods)} top-level modules")
            continue
        failed = True
        for g in groups:
            print(f"{rel}: cycle through {len(g)} modules: {', '.join(g)}")
            for (a, b), where in sorted(edges.items()):
                if a in g and b in g:
                    print(f"    {a} -> {b}   ({where})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
