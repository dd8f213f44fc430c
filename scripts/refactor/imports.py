#!/usr/bin/env python3
"""Module dependencies of tandem's library (non-test code): import circles
between files, and imports that run against the layering of ARCHITECTURE.md.

    python3 scripts/refactor/imports.py [--edges]

A file's imports are its `use crate::...`, `use super::...` and inline
`crate::a::b` paths, resolved to files of src/. Test modules (`mod tests`
blocks, tests.rs files, testkit.rs) are left out. Exit 1 when there is a
circle or a layering violation.
"""
import os, re, sys
from itertools import combinations

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")
SRC = os.path.normpath(SRC)

# lowest first: a layer may import only layers at or below it
LAYERS = ["limits", "error", "model", "graph", "schedule", "replan", "input",
          "solve", "generate", "output", "session", "lib", "cli", "main"]

def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3]
    parts = rel.split(os.sep)
    if parts[-1] == "mod":
        parts = parts[:-1]
    return parts

files = {}
for root, _, names in os.walk(SRC):
    for n in names:
        if n.endswith(".rs"):
            p = os.path.join(root, n)
            m = module_of(p)
            if m and m[-1] in ("tests", "testkit"):
                continue
            files[tuple(m)] = p

def strip_tests(text):
    # drop `#[cfg(test)] mod x { ... }` blocks
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)

def resolve(parts):
    """The longest prefix of parts that is a file module."""
    for k in range(len(parts), 0, -1):
        if tuple(parts[:k]) in files:
            return tuple(parts[:k])
    return None

def layer(mod):
    if not mod:
        return "lib"
    return mod[0] if mod[0] in LAYERS else "lib"

edges = {}
for mod, path in files.items():
    text = strip_tests(open(path).read())
    text = re.sub(r"//[^\n]*", "", text)
    deps = set()
    for m in re.finditer(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
        head, rest = m.group(1), m.group(2).split("::")[1:]
        is_dir = os.path.basename(path) in ("mod.rs", "lib.rs", "main.rs")
        if head == "crate":
            base = [] if mod[0] != "cli" and mod != ("main",) else []
            parts = base + rest
            if mod and mod[0] == "cli" or mod == ("main",):
                continue  # the binary's crate:: is the binary
        else:
            parent = list(mod) if is_dir else list(mod[:-1])
            parts = parent[:-1] + rest if is_dir else parent + rest
            # `super` from a file module is its parent module
            parts = (list(mod[:-1]) if not is_dir else list(mod[:-1])) + rest
        # also `super::super`
        while parts and parts[0] == "super":
            parts = parts[1:]
        target = resolve(parts)
        if target and target != mod:
            deps.add(target)
    # the binary uses the library through `tandem::`
    edges[mod] = deps

def name(m):
    return "/".join(m) or "lib"

circles = [(a, b) for a, b in combinations(sorted(edges), 2)
           if b in edges[a] and a in edges[b]
           and a[:len(a)] != b[:len(a)] or False]
circles = [(a, b) for a, b in combinations(sorted(edges), 2)
           if b in edges[a] and a in edges[b]]
upward = []
for a, deps in sorted(edges.items()):
    la = layer(a)
    for b in sorted(deps):
        lb = layer(b)
        if la in LAYERS and lb in LAYERS and LAYERS.index(lb) > LAYERS.index(la):
            upward.append((a, b))

if "--edges" in sys.argv:
    for a in sorted(edges):
        print(name(a), "->", ", ".join(name(b) for b in sorted(edges[a])))
print(f"import circles between files: {len(circles)}")
for a, b in circles:
    print(f"  {name(a)} <-> {name(b)}")
print(f"imports against the layering ({' < '.join(LAYERS)}): {len(upward)}")
for a, b in upward:
    print(f"  {name(a)} -> {name(b)}")
sys.exit(1 if circles or upward else 0)
