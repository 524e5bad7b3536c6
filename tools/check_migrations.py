#!/usr/bin/env python3
"""Checks migrations/{sqlite,postgres}/0002_catalog_search.sql against the real engines.

Standard library + the psql CLI only (no cargo). For each engine it:
  1. applies 0001 then 0002 on a fresh database, each in one transaction (as sqlx does);
  2. loads a small catalogue and makes every kind of write (variant insert / price / deactivate /
     move / delete, inventory to zero and back, images, attributes, SKUs, product and brand
     renames, product deactivation, brand and product deletes). After each write it compares
     every derived column, product_facets and the search documents with values recomputed in
     Python from the base tables. It also runs the search queries the app will use (prefix,
     multi-word, accents, SKUs, typo fallback, hostile input) and re-runs the rebuild block at
     the end of 0002 to check that it is idempotent;
  3. loads N synthetic products x 3 variants through the triggers (timed, with and without the
     0002 triggers) and prints EXPLAIN plans and timings for the listing and search queries.

  tools/check_migrations.py                       # both engines, N = 20000
  tools/check_migrations.py --sqlite-only -n 5000
  tools/check_migrations.py --pg-host /tmp/pg0002 --pg-port 55440 --pg-user postgres

To test against the SQLite that sqlx bundles rather than Python's, build libsqlite3.so.0 from
libsqlite3-sys's sqlite3/sqlite3.c and run with LD_LIBRARY_PATH pointing at it.

The PostgreSQL part needs a server you may create databases on (--pg-user is used to
create a non-superuser role `check_0002_app` and the databases `check_0002_*`, which are
dropped at the end unless --keep). The migrations run as that role, which shows that the
extensions are installable without superuser rights.
"""

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIG = {e: [os.path.join(ROOT, "migrations", e, f) for f in ("0001_schema.sql", "0002_catalog_search.sql")]
       for e in ("sqlite", "postgres")}
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("  FAIL:", what)
    return cond


def rebuild_block(engine):
    text = open(MIG[engine][1], encoding="utf-8").read()
    i = text.index("REBUILD / BACKFILL")
    return text[text.index("\n", i) + 1:]


# ---------------------------------------------------------------------------
# Query builders the app should copy (see the report / migration headers)
# ---------------------------------------------------------------------------

def fts_words(user_text, max_words=8):
    """The user's words (split on whitespace), each as its alphanumeric runs.

    Nothing but letters and digits survives, so no FTS operator, quote, bracket, NUL or emoji
    can reach the query syntax. A word with several runs ('NW-MCT', 'wi-fi') becomes a phrase.
    """
    words = []
    for w in user_text.split():
        toks = re.findall(r"[^\W_]+", w)
        if toks:
            words.append(toks)
    return words[:max_words]


def sqlite_match(user_text):
    # word -> "tok tok"* (a phrase; the * applies to its last token); words are ANDed (space)
    words = fts_words(user_text)
    return " ".join('"%s"*' % " ".join(w) for w in words) if words else None


def pg_tsquery(user_text):
    # word -> tok <-> tok:* (adjacent tokens, prefix on the last); words are ANDed with &
    words = fts_words(user_text)
    return " & ".join(" <-> ".join(w[:-1] + [w[-1] + ":*"]) for w in words) if words else None


def sqlite_trigram_match(user_text):
    grams = []
    for word in re.findall(r"\S+", user_text.lower()):
        for i in range(len(word) - 2):
            g = word[i:i + 3]
            if g not in grams:
                grams.append(g)
    return " OR ".join('"%s"' % g.replace('"', '""') for g in grams) if grams else None


SEARCH_SQL = {
    "sqlite": """SELECT p.id FROM product_fts JOIN products p ON p.id = product_fts.rowid
                  WHERE product_fts MATCH $1
                  ORDER BY bm25(product_fts, 10.0, 4.0, 4.0, 1.0), p.id LIMIT 25""",
    "postgres": """SELECT id FROM products
                    WHERE search_vector @@ to_tsquery('shop_search', $1)
                    ORDER BY ts_rank(search_vector, to_tsquery('shop_search', $1)) DESC, id LIMIT 25""",
}
TYPO_SQL = {
    "sqlite": """SELECT p.id FROM product_trgm JOIN products p ON p.id = product_trgm.rowid
                  WHERE product_trgm MATCH $1 ORDER BY rank, p.id LIMIT 10""",
    "postgres": """SELECT id FROM products
                    WHERE is_active = TRUE AND lower(unaccent($1)) <% search_name
                    ORDER BY word_similarity(lower(unaccent($1)), search_name) DESC, id LIMIT 10""",
}


# ---------------------------------------------------------------------------
# Engine adapters: rows come back as tuples of str / None on both engines
# ---------------------------------------------------------------------------

class Lite:
    engine = "sqlite"

    def __init__(self, path=":memory:"):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")

    def script(self, sql, tx=True):
        self.db.executescript(("BEGIN;\n" + sql + ";\nCOMMIT;") if tx else sql)

    def q(self, sql, *args):
        sql = re.sub(r"\$(\d+)", r"?\1", sql)
        return [tuple(None if v is None else str(v) for v in r) for r in self.db.execute(sql, args)]

    def x(self, sql, *args):
        self.q(sql, *args)


class Pg:
    engine = "postgres"

    def __init__(self, host, port, user, db):
        self.base = ["psql", "-h", host, "-p", str(port), "-U", user, "-d", db, "-X", "-q",
                     "-v", "ON_ERROR_STOP=1"]

    def run(self, args, stdin=None):
        r = subprocess.run(self.base + args, input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip())
        return r.stdout

    def script(self, sql, tx=True):
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(sql)
        try:
            self.run((["-1"] if tx else []) + ["-f", f.name])
        finally:
            os.unlink(f.name)

    @staticmethod
    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, int):
            return str(v)
        return "'" + str(v).replace("'", "''") + "'"

    def q(self, sql, *args):
        # Inline parameters as literals (text parameters as ...::text so that functions resolve).
        def sub(m):
            v = args[int(m.group(1)) - 1]
            return self.lit(v) + ("::text" if isinstance(v, str) else "")
        sql = re.sub(r"\$(\d+)", sub, sql)
        out = self.run(["-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\x01NULL\x01", "-c", sql])
        if out.endswith("\n"):
            out = out[:-1]
        if out == "":
            return []
        return [tuple(None if c == "\x01NULL\x01" else c for c in rec.split("\x1f")) for rec in out.split("\x1e")]

    def x(self, sql, *args):
        self.q(sql, *args)


# ---------------------------------------------------------------------------
# Oracle: derived state recomputed in Python from the base tables
# ---------------------------------------------------------------------------

def facet_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    return None


def expected_state(c):
    prods = {r[0]: r for r in c.q("SELECT id, name, CAST(is_active AS INTEGER), brand_id, sku, description FROM products")}
    brands = dict(c.q("SELECT id, name FROM brands"))
    variants = c.q("""SELECT id, product_id, price_amount, compare_at_amount, currency, CAST(is_active AS INTEGER),
                             CAST(track_inventory AS INTEGER), position, CAST(attributes AS TEXT), sku
                        FROM product_variants""")
    inv = {r[0]: int(r[1]) - int(r[2]) for r in c.q("SELECT variant_id, on_hand, reserved FROM inventory")}
    images = c.q("SELECT id, product_id, url, position FROM product_images")
    summary, facets, docs = {}, set(), {}
    for pid in prods:
        act = [v for v in variants if v[1] == pid and v[5] == "1"]
        if act:
            cheapest = min(act, key=lambda v: (int(v[2]), int(v[7]), int(v[0])))
            cmp_at = cheapest[3] if cheapest[3] is not None and int(cheapest[3]) > int(cheapest[2]) else None
            instock = any(v[6] == "0" or inv.get(v[0], 0) > 0 for v in act)
            summary[pid] = (str(min(int(v[2]) for v in act)), str(max(int(v[2]) for v in act)), cmp_at,
                            cheapest[4], "1" if instock else "0")
        else:
            summary[pid] = (None, None, None, None, "0")
        imgs = sorted((i for i in images if i[1] == pid), key=lambda i: (int(i[3]), int(i[0])))
        summary[pid] += (imgs[0][2] if imgs else None,)
        for v in act:
            attrs = json.loads(v[8])
            if isinstance(attrs, dict):
                for k, val in attrs.items():
                    fv = facet_value(val)
                    if fv is not None:
                        facets.add((pid, k, fv))
        p = prods[pid]
        if p[2] == "1":
            skus = [p[4]] if p[4] else []
            skus += [v[9] for v in sorted((v for v in variants if v[1] == pid), key=lambda v: (int(v[7]), int(v[0])))]
            docs[pid] = (p[1], brands.get(p[3], "") if p[3] else "", " ".join(skus), p[5])
    return summary, facets, docs


def actual_state(c):
    summary = {r[0]: r[1:] for r in c.q("""SELECT id, price_min_amount, price_max_amount, compare_at_amount,
                 CAST(currency AS TEXT), CAST(in_stock AS INTEGER), image_url FROM products""")}
    facets = set(c.q("SELECT product_id, name, value FROM product_facets"))
    return summary, facets


def consistency(c, step):
    exp_sum, exp_facets, exp_docs = expected_state(c)
    act_sum, act_facets = actual_state(c)
    ok = True
    for pid in exp_sum:
        ok &= check(act_sum.get(pid) == exp_sum[pid],
                    f"[{c.engine}] {step}: product {pid} summary {act_sum.get(pid)} != expected {exp_sum[pid]}")
    ok &= check(act_facets == exp_facets,
                f"[{c.engine}] {step}: facets differ: missing {sorted(exp_facets - act_facets)}, "
                f"extra {sorted(act_facets - exp_facets)}")
    if c.engine == "sqlite":
        fts = {r[0]: r[1:] for r in c.q("SELECT rowid, name, brand, skus, description FROM product_fts")}
        ok &= check(set(fts) == set(exp_docs), f"[sqlite] {step}: FTS rowids {sorted(fts)} != active {sorted(exp_docs)}")
        for pid, d in exp_docs.items():
            if pid in fts:
                got = fts[pid]
                ok &= check((got[0], got[1], got[3]) == (d[0], d[1], d[3]) and sorted(got[2].split()) == sorted(d[2].split()),
                            f"[sqlite] {step}: FTS doc {pid} {got} != {d}")
        trgm = dict(c.q("SELECT rowid, name FROM product_trgm"))
        exp_trgm = {pid: (d[0].lower() + " " + d[1].lower()).strip() for pid, d in exp_docs.items()}
        ok &= check(trgm == exp_trgm, f"[sqlite] {step}: product_trgm {trgm} != {exp_trgm}")
        bad = c.q("SELECT id FROM products WHERE search_name IS NOT lower(name)")
        ok &= check(not bad, f"[sqlite] {step}: stale search_name {bad}")
    else:
        # Independent recomputation of the document (skus in position order, as the function does).
        bad = c.q("""SELECT id FROM products p WHERE search_vector IS DISTINCT FROM CASE WHEN is_active THEN
                        setweight(to_tsvector('shop_search', name), 'A')
                     || setweight(to_tsvector('shop_search', coalesce((SELECT name FROM brands WHERE id = p.brand_id), '')), 'B')
                     || setweight(to_tsvector('shop_search', concat_ws(' ', sku, (SELECT string_agg(sku, ' ' ORDER BY position, id)
                                                  FROM product_variants WHERE product_id = p.id))), 'B')
                     || setweight(to_tsvector('shop_search', description), 'C') END
                       OR search_name IS DISTINCT FROM lower(unaccent(name))""")
        ok &= check(not bad, f"[postgres] {step}: stale search_vector/search_name for products {bad}")
        active = {r[0] for r in c.q("SELECT id FROM products WHERE search_vector IS NOT NULL")}
        ok &= check(active == set(exp_docs), f"[postgres] {step}: searchable {sorted(active)} != active {sorted(exp_docs)}")
    return ok


def search(c, text):
    text = text.replace("\x00", "")
    m = sqlite_match(text) if c.engine == "sqlite" else pg_tsquery(text)
    if m is None:
        return []
    return [int(r[0]) for r in c.q(SEARCH_SQL[c.engine], m)]


def typo(c, text):
    text = text.replace("\x00", "")  # PostgreSQL rejects NUL in text parameters: strip it first
    arg = sqlite_trigram_match(text) if c.engine == "sqlite" else text
    if arg is None:
        return []
    return [int(r[0]) for r in c.q(TYPO_SQL[c.engine], arg)]


# ---------------------------------------------------------------------------
# 2. Functional checks (identical SQL on both engines)
# ---------------------------------------------------------------------------

SEED = """
INSERT INTO brands (id, slug, name) VALUES (1, 'northwind', 'Northwind'), (2, 'cafe-co', 'Café Co'), (3, 'acme', 'Acme');
INSERT INTO categories (id, slug, name) VALUES (1, 'audio', 'Audio'), (2, 'apparel', 'Apparel'), (3, 'kitchen', 'Kitchen');
INSERT INTO products (id, slug, sku, name, description, category_id, brand_id) VALUES
  (1, 'studio-headphones', 'NW-HP', 'Studio Headphones', 'Over-ear wireless headphones with noise cancelling and a merino pouch', 1, 1),
  (2, 'merino-crew-tee', 'NW-MCT', 'Merino Crew Tee', 'Soft tee', 2, 1),
  (3, 'cafe-creme-mug', 'CC-MUG', 'Café Crème Mug', 'A mug for your café au lait', 3, 2),
  (4, 'ebook', NULL, 'Field Guide eBook', 'Digital download', 1, 3);
INSERT INTO product_images (id, product_id, url, position) VALUES
  (1, 1, '/img/hp-2.jpg', 1), (2, 1, '/img/hp-1.jpg', 0), (3, 2, '/img/tee.jpg', 0);
INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, compare_at_amount, currency, track_inventory, position) VALUES
  (1, 1, 'NW-HP-DEFAULT', 'Default', '{}', 19900, 24900, 'USD', TRUE, 0),
  (2, 2, 'NW-MCT-M-BLACK', 'M / Black', '{"size":"M","colour":"Black"}', 4500, 5000, 'EUR', TRUE, 0),
  (3, 2, 'NW-MCT-L-BLACK', 'L / Black', '{"size":"L","colour":"Black"}', 4500, 4000, 'EUR', TRUE, 1),
  (4, 2, 'NW-MCT-M-OAT', 'M / Oat', '{"size":"M","colour":"Oat","organic":true,"gsm":180,"fit":null,"w":1.5,"x":{"y":1}}', 4800, NULL, 'EUR', TRUE, 2),
  (5, 3, 'CC-MUG-WHITE', 'White', '{"colour":"White"}', 1200, NULL, 'GBP', TRUE, 0),
  (6, 4, 'FG-EBOOK', 'Default', '[]', 900, 1500, 'USD', FALSE, 0);
INSERT INTO inventory (variant_id, on_hand, reserved) VALUES (1, 10, 0), (2, 3, 0), (3, 0, 0), (4, 5, 5), (5, 2, 0);
"""

WRITES = [
    ("cheaper variant wins (price, compare-at, currency)",
     "UPDATE product_variants SET price_amount = 3900, compare_at_amount = 4900, currency = 'USD' WHERE id = 4"),
    ("price tie broken by position", "UPDATE product_variants SET price_amount = 4500 WHERE id = 4"),
    ("position beats id in price ties", "UPDATE product_variants SET position = -1 WHERE id = 3"),
    ("tie broken by id when positions equal", "UPDATE product_variants SET position = 0 WHERE id IN (3, 4)"),
    ("compare_at <= price gives NULL", "UPDATE product_variants SET compare_at_amount = 4500 WHERE id = 2"),
    ("deactivate cheapest variant", "UPDATE product_variants SET is_active = FALSE WHERE id = 2"),
    ("reactivate variant", "UPDATE product_variants SET is_active = TRUE WHERE id = 2"),
    ("no-op update (same values)", "UPDATE product_variants SET price_amount = price_amount, sku = sku, attributes = attributes WHERE id = 2"),
    ("reserve all stock -> out of stock", "UPDATE inventory SET reserved = on_hand WHERE variant_id IN (2, 3, 4)"),
    ("release stock -> back in stock", "UPDATE inventory SET reserved = 0 WHERE variant_id = 3"),
    ("restock a zero row", "UPDATE inventory SET on_hand = 7 WHERE variant_id = 3"),
    ("stock to zero again", "UPDATE inventory SET on_hand = 0, reserved = 0 WHERE variant_id = 3"),
    ("delete inventory row", "DELETE FROM inventory WHERE variant_id = 1"),
    ("insert inventory row", "INSERT INTO inventory (variant_id, on_hand, reserved) VALUES (1, 4, 1)"),
    ("move inventory row to another variant",
     "DELETE FROM inventory WHERE variant_id = 3; UPDATE inventory SET variant_id = 3 WHERE variant_id = 5"),
    ("untracked variant is always in stock", "UPDATE product_variants SET track_inventory = FALSE WHERE id = 5"),
    ("delete first image", "DELETE FROM product_images WHERE id = 2"),
    ("image position change", "UPDATE product_images SET position = 5 WHERE id = 1"),
    ("insert earlier image", "INSERT INTO product_images (id, product_id, url, position) VALUES (4, 1, '/img/hp-0.jpg', 0)"),
    ("move image to another product", "UPDATE product_images SET product_id = 3 WHERE id = 4"),
    ("delete all images of a product", "DELETE FROM product_images WHERE product_id = 2"),
    ("images with equal positions", "INSERT INTO product_images (id, product_id, url, position) VALUES (6, 3, '/img/mug-b.jpg', 0), (5, 3, '/img/mug-a.jpg', 0)"),
    ("image tie broken by id after delete", "DELETE FROM product_images WHERE id = 4"),
    ("attributes change", "UPDATE product_variants SET attributes = '{\"size\":\"XL\",\"colour\":\"Black\"}' WHERE id = 3"),
    ("new variant adds facets and sku", """INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, currency, position)
                                            VALUES (7, 2, 'NW-MCT-S-NAVY', 'S / Navy', '{"size":"S","colour":"Navy"}', 4400, 'EUR', 3)"""),
    ("new inactive variant", """INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, currency, is_active, position)
                                 VALUES (8, 2, 'NW-MCT-XS-RED', 'XS / Red', '{"size":"XS","colour":"Red"}', 100, 'EUR', FALSE, 4)"""),
    ("variant moved to another product", "UPDATE product_variants SET product_id = 3 WHERE id = 7"),
    ("sku change", "UPDATE product_variants SET sku = 'NW-MCT-L-CHARCOAL' WHERE id = 3"),
    ("delete variant", "DELETE FROM product_variants WHERE id = 4"),
    ("product rename", "UPDATE products SET name = 'Studio Headphones Pro' WHERE id = 1"),
    ("product sku + description change", "UPDATE products SET sku = 'NW-HP2', description = 'Closed-back monitors' WHERE id = 1"),
    ("brand rename", "UPDATE brands SET name = 'Northwind Audio' WHERE id = 1"),
    ("product moved to another brand", "UPDATE products SET brand_id = 3 WHERE id = 3"),
    ("deactivate product", "UPDATE products SET is_active = FALSE WHERE id = 2"),
    ("reactivate product", "UPDATE products SET is_active = TRUE WHERE id = 2"),
    ("delete brand (brand_id SET NULL)", "DELETE FROM brands WHERE id = 3"),
    ("insert inactive product, variants, then activate", """
        INSERT INTO products (id, slug, sku, name, description, category_id, brand_id, is_active)
             VALUES (5, 'naïve-art-print', 'AP-1', 'Naïve Art Print', 'Giclée print', 3, 2, FALSE);
        INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, currency, position)
             VALUES (9, 5, 'AP-1-A3', 'A3', '{"size":"A3"}', 2500, 'EUR', 0), (10, 5, 'AP-1-A2', 'A2', '{"size":"A2"}', 3500, 'EUR', 1);
        INSERT INTO inventory (variant_id, on_hand, reserved) VALUES (9, 1, 0);
        UPDATE products SET is_active = TRUE WHERE id = 5"""),
    ("delete product (cascade)", "DELETE FROM products WHERE id = 4"),
]


def functional(c):
    c.script(SEED, tx=True)
    consistency(c, "seed")
    e = c.engine
    s = lambda t: search(c, t)
    check(s("Studio Headphones") == [1], f"[{e}] exact name")
    check(s("headph") == [1], f"[{e}] prefix 'headph' -> {s('headph')}")
    check(s("merino tee") == [2], f"[{e}] multi-word AND 'merino tee' -> {s('merino tee')}")
    check(s("merino mug") == [], f"[{e}] multi-word AND finds nothing for 'merino mug'")
    check(s("merino") == [2, 1], f"[{e}] name (A) ranks above description (C): {s('merino')}")
    check(s("cafe") == [3], f"[{e}] accent-insensitive 'cafe' -> {s('cafe')}")
    check(s("CAFÉ crème") == [3], f"[{e}] 'CAFÉ crème' -> {s('CAFÉ crème')}")
    check(s("NW-MCT") == [2], f"[{e}] SKU 'NW-MCT' -> {s('NW-MCT')}")
    check(s("nw mct") == [2], f"[{e}] SKU 'nw mct'")
    check(s("NW-MCT-M-BLACK") == [2], f"[{e}] full variant SKU")
    check(s("mct-m-bl") == [2], f"[{e}] partial SKU prefix")
    check(s("black-m") == [], f"[{e}] hyphenated word is a phrase (order matters)")
    check(s("cc-mug") == [3], f"[{e}] product SKU")
    check(sorted(s("northwind")) == [1, 2], f"[{e}] brand")
    check(s("cancelling") == [1], f"[{e}] description")
    check(s("ebook") == [4], f"[{e}] product without sku/inventory")
    check(typo(c, "hedphones")[:1] == [1], f"[{e}] typo 'hedphones' -> {typo(c, 'hedphones')}")
    check(typo(c, "merrino")[:1] == [2], f"[{e}] typo 'merrino' -> {typo(c, 'merrino')}")
    hostile = ['"', "'", '""', "\\", "AND", "OR NOT", "NOT", "(", ")", "*", "a:*", "NEAR(a b)", "-", "^", "name:headph",
               "&|!<->", "😀", "😀 headph", "👩‍👩‍👧", "e\u0301", "\u0903", "x" * 300, "%_", "NULL", "'; DROP TABLE products; --",
               "{\"a\":1}", "headph*", '"headph"*', "!headph", "headph:*", "\x00"]
    for h in hostile:
        try:
            r = s(h)
        except Exception as ex:  # noqa: BLE001
            check(False, f"[{e}] hostile search input {h!r} raised {ex}")
            continue
        if h in ("😀 headph", "headph*", '"headph"*', "!headph", "headph:*"):
            check(r == [1], f"[{e}] hostile {h!r} should still find product 1, got {r}")
        try:
            typo(c, h)
        except Exception as ex:  # noqa: BLE001
            check(False, f"[{e}] hostile typo input {h!r} raised {ex}")
    print(f"  [{e}] search checks done ({len(hostile)} hostile inputs)")

    for step, sql in WRITES:
        c.script(sql, tx=True)
        consistency(c, step)
        if step == "sku change":
            check(s("NW-MCT-L-BLACK") == [] and s("NW-MCT-L-CHARCOAL") == [2], f"[{e}] old sku gone / new sku found")
        if step == "product rename":
            check(s("pro") == [1], f"[{e}] renamed product found")
        if step == "brand rename":
            check(sorted(s("northwind audio")) == [1, 2], f"[{e}] renamed brand found")
        if step == "deactivate product":
            check(2 not in s("merino") and 2 not in typo(c, "merrino") and 2 not in s("nw mct"),
                  f"[{e}] deactivated product vanished from search")
        if step == "reactivate product":
            check(2 in s("nw mct") and typo(c, "merrino")[:1] == [2], f"[{e}] reactivated product is back")
        if step == "insert inactive product, variants, then activate":
            check(s("naive") == [5] and s("ap a3") == [5], f"[{e}] activated product (accents, skus) found")
    print(f"  [{e}] {len(WRITES)} writes checked against the oracle")

    before = actual_state(c)
    docs_before = (c.q("SELECT rowid, name, brand, skus, description FROM product_fts ORDER BY rowid") if e == "sqlite"
                   else c.q("SELECT id, search_vector::text, search_name FROM products ORDER BY id"))
    c.script(rebuild_block(e), tx=True)
    after = actual_state(c)
    docs_after = (c.q("SELECT rowid, name, brand, skus, description FROM product_fts ORDER BY rowid") if e == "sqlite"
                  else c.q("SELECT id, search_vector::text, search_name FROM products ORDER BY id"))
    check(before == after and docs_before == docs_after, f"[{e}] rebuild block changed trigger-maintained state")
    consistency(c, "after rebuild block")
    print(f"  [{e}] rebuild block is idempotent")


# ---------------------------------------------------------------------------
# 3./4. Synthetic catalogue, insert rate, plans
# ---------------------------------------------------------------------------

ADJ = ["Classic", "Urban", "Alpine", "Coastal", "Studio", "Nordic", "Vintage", "Café", "Merino", "Wireless",
       "Compact", "Deluxe", "Organic", "Rugged", "Silk", "Smart"]
NOUN = ["Headphones", "Tee", "Mug", "Jacket", "Backpack", "Lamp", "Speaker", "Sneakers", "Blanket", "Kettle",
        "Watch", "Scarf", "Notebook", "Bottle", "Chair", "Hoodie"]
SIZES, COLOURS = ["S", "M", "L", "XL"], ["Black", "Oat", "Navy", "Red", "Olive", "Grey"]
N_CATEGORIES, N_BRANDS = 20, 50


def synth(n, seed=7):
    rnd = random.Random(seed)
    products, variants, inventory, images = [], [], [], []
    vid = 0
    for i in range(1, n + 1):
        name = f"{rnd.choice(ADJ)} {rnd.choice(NOUN)} {i}"
        created = "2025-%02d-%02dT%02d:%02d:00.000Z" % (1 + i % 12, 1 + i % 28, i % 24, i % 60)
        products.append((i, f"p-{i}", f"SKU{i}", name, f"A {name.lower()} made from recycled materials.",
                         1 + i % N_CATEGORIES, 1 + i % N_BRANDS, rnd.randrange(0, 5000), created, i % 50 != 0))
        base = rnd.randrange(500, 50000)
        for k in range(3):
            vid += 1
            size, colour = SIZES[k], rnd.choice(COLOURS)
            price = base + 100 * k
            variants.append((vid, i, f"SKU{i}-{size}-{colour.upper()}", f"{size} / {colour}",
                             json.dumps({"size": size, "colour": colour}), price,
                             price + 1000 if rnd.random() < 0.2 else None, "USD", k))
            inventory.append((vid, rnd.choice([0, 0, 3, 5, 10, 20]), 0))
        images.append((i, f"/img/{i}.jpg", 0))
    return products, variants, inventory, images


def fresh_sqlite(path, with_0002):
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(path + ext):
            os.unlink(path + ext)
    c = Lite(path)
    c.script(open(MIG["sqlite"][0], encoding="utf-8").read())
    if with_0002:
        c.script(open(MIG["sqlite"][1], encoding="utf-8").read())
    setup_reference_rows(c)
    c.db.close()


def load_sqlite(path, data):
    """Per-product inserts in the seeder's order, 1000 products per transaction."""
    c = Lite(path)
    products, variants, inventory, images = data
    by_product = {}
    for v, inv in zip(variants, inventory):
        by_product.setdefault(v[1], []).append((v, inv))
    db = c.db
    t0 = time.perf_counter()
    db.execute("BEGIN")
    for n, p in enumerate(products, 1):
        db.execute("""INSERT INTO products (id, slug, sku, name, description, category_id, brand_id, sales_count, created_at, is_active)
                      VALUES (?,?,?,?,?,?,?,?,?,?)""", p)
        db.execute("INSERT INTO product_images (product_id, url, position) VALUES (?,?,?)", images[n - 1])
        for v, inv in by_product[p[0]]:
            db.execute("""INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, compare_at_amount, currency, position)
                          VALUES (?,?,?,?,?,?,?,?,?)""", v)
            db.execute("INSERT INTO inventory (variant_id, on_hand, reserved) VALUES (?,?,?)", inv)
        if n % 1000 == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    return c, time.perf_counter() - t0


def pg_load_sql(data, batch=500):
    products, variants, inventory, images = data
    L = Pg.lit
    out = []

    def emit(head, rows):
        for i in range(0, len(rows), batch):
            out.append(head + "\n" + ",\n".join("(" + ", ".join(L(v) for v in r) + ")" for r in rows[i:i + batch]) + ";")
    emit("INSERT INTO products (id, slug, sku, name, description, category_id, brand_id, sales_count, created_at, is_active) VALUES",
         products)
    emit("INSERT INTO product_images (product_id, url, position) VALUES", images)
    emit("INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, compare_at_amount, currency, position) VALUES",
         variants)
    emit("INSERT INTO inventory (variant_id, on_hand, reserved) VALUES", inventory)
    return "\n".join(out)


def setup_reference_rows(c):
    cats = ",".join(f"({i}, 'cat-{i}', 'Category {i}')" for i in range(1, N_CATEGORIES + 1))
    brands = ",".join(f"({i}, 'brand-{i}', 'Brand {i}')" for i in range(1, N_BRANDS + 1))
    c.script(f"INSERT INTO categories (id, slug, name) VALUES {cats};\nINSERT INTO brands (id, slug, name) VALUES {brands};")


LISTING = [
    ("category + price, page 1",
     """SELECT id, name, price_min_amount, currency, in_stock, image_url FROM products
         WHERE is_active = TRUE AND category_id = 7 AND price_min_amount IS NOT NULL
         ORDER BY price_min_amount, id LIMIT 25""", "idx_products_listing_category_price"),
    ("category + price, keyset page (row value)",
     """SELECT id, name, price_min_amount FROM products
         WHERE is_active = TRUE AND category_id = 7 AND price_min_amount IS NOT NULL
           AND (price_min_amount, id) > (20000, 5000)
         ORDER BY price_min_amount, id LIMIT 25""", "idx_products_listing_category_price"),
    ("category + price, keyset page (expanded)",
     """SELECT id, name, price_min_amount FROM products
         WHERE is_active = TRUE AND category_id = 7
           AND price_min_amount >= 20000 AND (price_min_amount > 20000 OR id > 5000)
         ORDER BY price_min_amount, id LIMIT 25""", "idx_products_listing_category_price"),
    ("category + price, bare `p.is_active` (informational: SQLite cannot use the listing index)",
     """SELECT id, name, price_min_amount FROM products p
         WHERE p.is_active AND p.category_id IN (7) AND p.price_min_amount IS NOT NULL
         ORDER BY p.price_min_amount, p.id LIMIT 25""", None),
    ("category IN (...) + price",
     """SELECT id, name, price_min_amount FROM products
         WHERE is_active = TRUE AND category_id IN (3, 7, 11) AND price_min_amount IS NOT NULL
         ORDER BY price_min_amount, id LIMIT 25""", None),
    ("category IN (...) + price, UNION ALL form",
     """SELECT id, name, price_min_amount FROM (
          SELECT * FROM (SELECT id, name, price_min_amount FROM products WHERE is_active = TRUE AND category_id = 3
                          AND price_min_amount IS NOT NULL ORDER BY price_min_amount, id LIMIT 25) a
          UNION ALL
          SELECT * FROM (SELECT id, name, price_min_amount FROM products WHERE is_active = TRUE AND category_id = 7
                          AND price_min_amount IS NOT NULL ORDER BY price_min_amount, id LIMIT 25) b
          UNION ALL
          SELECT * FROM (SELECT id, name, price_min_amount FROM products WHERE is_active = TRUE AND category_id = 11
                          AND price_min_amount IS NOT NULL ORDER BY price_min_amount, id LIMIT 25) c) u
         ORDER BY price_min_amount, id LIMIT 25""", "idx_products_listing_category_price"),
    ("all products, best sellers",
     """SELECT id, name, sales_count FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL
         ORDER BY sales_count DESC, id DESC LIMIT 25""", "idx_products_listing_sales"),
    ("all products, best sellers, keyset page",
     """SELECT id, name, sales_count FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL
           AND (sales_count, id) < (2500, 10000)
         ORDER BY sales_count DESC, id DESC LIMIT 25""", "idx_products_listing_sales"),
    ("category, newest",
     """SELECT id, name, created_at FROM products WHERE is_active = TRUE AND category_id = 7 AND price_min_amount IS NOT NULL
         ORDER BY created_at DESC, id DESC LIMIT 25""", "idx_products_listing_category_created"),
    ("category, name A-Z",
     """SELECT id, name FROM products WHERE is_active = TRUE AND category_id = 7 AND price_min_amount IS NOT NULL
         ORDER BY name, id LIMIT 25""", "idx_products_listing_category_name"),
    ("all products, cheapest first, in stock, price range",
     """SELECT id, name, price_min_amount FROM products
         WHERE is_active = TRUE AND in_stock = TRUE AND price_min_amount BETWEEN 10000 AND 20000
         ORDER BY price_min_amount, id LIMIT 25""", "idx_products_listing_price"),
    ("brand filter",
     """SELECT id, name FROM products WHERE brand_id = 5 AND is_active = TRUE ORDER BY id LIMIT 25""",
     None),  # a filter index; the planner may prefer the pkey order on small tables
    ("category + facet filter + price",
     """SELECT p.id, p.name, p.price_min_amount FROM products p
         WHERE p.is_active = TRUE AND p.category_id = 7 AND p.price_min_amount IS NOT NULL
           AND EXISTS (SELECT 1 FROM product_facets f WHERE f.product_id = p.id AND f.name = 'colour' AND f.value = 'Navy')
         ORDER BY p.price_min_amount, p.id LIMIT 25""", None),
    ("facet counts for a category",
     """SELECT f.name, f.value, count(*) FROM products p JOIN product_facets f ON f.product_id = p.id
         WHERE p.is_active = TRUE AND p.category_id = 7 GROUP BY f.name, f.value ORDER BY f.name, f.value""", None),
]


def explain(c, sql):
    if c.engine == "sqlite":
        return "\n".join("    " + r[-1] for r in c.db.execute("EXPLAIN QUERY PLAN " + sql))
    return "\n".join("    " + r[0] for r in c.q("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) " + sql))


def timed(c, sql, *args, reps=30):
    if c.engine == "sqlite":
        stmt = re.sub(r"\$(\d+)", r"?\1", sql)
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            c.db.execute(stmt, args).fetchall()
            ts.append((time.perf_counter() - t0) * 1000)
        return statistics.median(ts), sorted(ts)[int(0.95 * (reps - 1))]
    # PostgreSQL: server-side execution time from EXPLAIN ANALYZE (psql start-up would dominate).
    def sub(m):
        v = args[int(m.group(1)) - 1]
        return Pg.lit(v) + ("::text" if isinstance(v, str) else "")
    stmt = re.sub(r"\$(\d+)", sub, sql)
    body = "\n".join(f"EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) {stmt};" for _ in range(reps))
    out = c.run(["-A", "-t", "-f", "-"], stdin=body)
    ts = [float(x) for x in re.findall(r'"Execution Time": ([0-9.]+)', out)]
    return statistics.median(ts), sorted(ts)[int(0.95 * (len(ts) - 1))]


def plans_and_timings(c, label):
    print(f"\n  [{c.engine}] EXPLAIN {label}")
    for name, sql, want_index in LISTING:
        plan = explain(c, sql)
        med, p95 = timed(c, sql)
        print(f"  -- {name}: median {med:.2f} ms, p95 {p95:.2f} ms")
        print(plan)
        if want_index:
            check(want_index in plan, f"[{c.engine}] {label} {name}: expected {want_index}")
            sorted_ = ("TEMP B-TREE" in plan) if c.engine == "sqlite" else bool(re.search(r"^\s*(->\s*)?Sort\b", plan, re.M))
            if "UNION" not in name:
                check(not sorted_, f"[{c.engine}] {label} {name}: plan sorts")
            check("Seq Scan on products" not in plan and not re.search(r"\bSCAN products\b(?! USING)", plan),
                  f"[{c.engine}] {label} {name}: full table scan")
    for name, fn, text in [("search 'headph'", search, "headph"), ("search 'merino tee'", search, "merino tee"),
                           ("search 'sku12345'", search, "sku12345"), ("search 'café'", search, "café"),
                           ("typo 'hedphones'", typo, "hedphones")]:
        arg = (sqlite_match(text) if fn is search else sqlite_trigram_match(text)) if c.engine == "sqlite" else \
              (pg_tsquery(text) if fn is search else text)
        sql = (SEARCH_SQL if fn is search else TYPO_SQL)[c.engine]
        med, p95 = timed(c, sql, arg, reps=10)
        n = len(fn(c, text))
        print(f"  -- {name}: {n} hits (limit 25/10), median {med:.2f} ms, p95 {p95:.2f} ms")


def bulk_sqlite(n, tmpdir):
    print(f"\n== SQLite bulk: {n} products x 3 variants (+3 inventory, 1 image), per-product inserts, 1000/tx, WAL")
    data = synth(n)
    base, trig = os.path.join(tmpdir, "base.db"), os.path.join(tmpdir, "trig.db")
    fresh_sqlite(base, with_0002=False)
    cb, t0 = load_sqlite(base, data)
    tm = time.perf_counter()
    cb.script(open(MIG["sqlite"][1], encoding="utf-8").read())  # the migration's own backfill
    tm = time.perf_counter() - tm
    cb.db.close()
    fresh_sqlite(trig, with_0002=True)
    c, t1 = load_sqlite(trig, data)
    print(f"  without 0002 triggers: {t0:.1f} s = {n / t0:,.0f} products/s")
    print(f"  with 0002 triggers:    {t1:.1f} s = {n / t1:,.0f} products/s (x{t1 / t0:.1f})"
          f" -> 1M products ~ {1_000_000 / (n / t1) / 60:.0f} min")
    print(f"  0002 migration on the populated 0001 db (backfill): {tm:.1f} s")
    consistency_sample(c)
    tr = time.perf_counter()
    c.script(rebuild_block("sqlite"))
    print(f"  re-running the rebuild block on {n} products: {time.perf_counter() - tr:.1f} s")
    consistency_sample(c)
    return c


def consistency_sample(c):
    """Oracle check on a sample of synthetic products (the full oracle is O(n^2) in Python)."""
    exp_sum, exp_facets, exp_docs = expected_state_sample(c)
    act = {r[0]: r[1:] for r in c.q("""SELECT id, price_min_amount, price_max_amount, compare_at_amount,
                 CAST(currency AS TEXT), CAST(in_stock AS INTEGER), image_url FROM products WHERE id % 97 = 1""")}
    bad = [pid for pid in exp_sum if act.get(pid) != exp_sum[pid]]
    check(not bad, f"[{c.engine}] bulk: summary mismatch for {bad[:5]}")
    facets = set(c.q("SELECT product_id, name, value FROM product_facets WHERE product_id % 97 = 1"))
    check(facets == exp_facets, f"[{c.engine}] bulk: facet mismatch")
    if c.engine == "sqlite":
        fts = {r[0] for r in c.q("SELECT rowid FROM product_fts WHERE rowid % 97 = 1")}
    else:
        fts = {r[0] for r in c.q("SELECT id FROM products WHERE search_vector IS NOT NULL AND id % 97 = 1")}
    check(fts == set(exp_docs), f"[{c.engine}] bulk: searchable set mismatch")
    print(f"  [{c.engine}] sampled oracle check on {len(exp_sum)} products: {'ok' if not bad else 'MISMATCH'}")


def expected_state_sample(c):
    prods = {r[0]: r for r in c.q("SELECT id, name, CAST(is_active AS INTEGER) FROM products WHERE id % 97 = 1")}
    variants = c.q("""SELECT v.id, v.product_id, v.price_amount, v.compare_at_amount, v.currency, CAST(v.is_active AS INTEGER),
                             CAST(v.track_inventory AS INTEGER), v.position, CAST(v.attributes AS TEXT),
                             i.on_hand - i.reserved
                        FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id WHERE v.product_id % 97 = 1""")
    images = c.q("SELECT id, product_id, url, position FROM product_images WHERE product_id % 97 = 1")
    summary, facets, docs = {}, set(), {}
    for pid in prods:
        act = [v for v in variants if v[1] == pid and v[5] == "1"]
        if act:
            ch = min(act, key=lambda v: (int(v[2]), int(v[7]), int(v[0])))
            cmp_at = ch[3] if ch[3] is not None and int(ch[3]) > int(ch[2]) else None
            ins = any(v[6] == "0" or (v[9] is not None and int(v[9]) > 0) for v in act)
            summary[pid] = (str(min(int(v[2]) for v in act)), str(max(int(v[2]) for v in act)), cmp_at, ch[4], "1" if ins else "0")
        else:
            summary[pid] = (None, None, None, None, "0")
        imgs = sorted((i for i in images if i[1] == pid), key=lambda i: (int(i[3]), int(i[0])))
        summary[pid] += (imgs[0][2] if imgs else None,)
        for v in act:
            for k, val in json.loads(v[8]).items():
                facets.add((pid, k, facet_value(val)))
        if prods[pid][2] == "1":
            docs[pid] = True
    return summary, facets, docs


def bulk_pg(args, n, dbs):
    print(f"\n== PostgreSQL bulk: {n} products x 3 variants (+3 inventory, 1 image), multi-row INSERTs of 500, one transaction")
    data = synth(n)
    load = pg_load_sql(data)
    results = {}
    for key, with_0002 in (("base", False), ("trig", True), ("trig_an", True)):
        db = dbs[key]
        c = Pg(args.pg_host, args.pg_port, APP_ROLE, db)
        c.script(open(MIG["postgres"][0], encoding="utf-8").read())
        if with_0002:
            c.script(open(MIG["postgres"][1], encoding="utf-8").read())
        setup_reference_rows(c)
        if key == "trig_an":  # stats say "empty" while the load runs (e.g. autovacuum analyzed a fresh db)
            c.x("VACUUM ANALYZE")
        t0 = time.perf_counter()
        c.script(load)
        results[key] = (c, time.perf_counter() - t0)
    (cb, t0), (c, t1) = results["base"], results["trig"]
    print(f"  without 0002 triggers: {t0:.1f} s = {n / t0:,.0f} products/s")
    print(f"  with 0002 triggers:    {t1:.1f} s = {n / t1:,.0f} products/s (x{t1 / t0:.1f})"
          f" -> 1M products ~ {1_000_000 / (n / t1) / 60:.0f} min")
    ta = results["trig_an"][1]
    print(f"  with 0002 triggers, after VACUUM ANALYZE of the empty tables: {ta:.1f} s = {n / ta:,.0f} products/s")
    consistency_sample(results["trig_an"][0])
    tm = time.perf_counter()
    cb.script(open(MIG["postgres"][1], encoding="utf-8").read())
    print(f"  0002 migration on the populated 0001 db (backfill): {time.perf_counter() - tm:.1f} s")
    # Generator workaround: triggers disabled during the load, then the rebuild block.
    db = dbs["off"]
    co = Pg(args.pg_host, args.pg_port, APP_ROLE, db)
    co.script(open(MIG["postgres"][0], encoding="utf-8").read())
    co.script(open(MIG["postgres"][1], encoding="utf-8").read())
    setup_reference_rows(co)
    off = "\n".join(f"ALTER TABLE {t} DISABLE TRIGGER USER;" for t in ("products", "product_variants", "inventory", "product_images", "brands"))
    on = off.replace("DISABLE", "ENABLE")
    t2 = time.perf_counter()
    co.script(off + "\n" + load + "\n" + on)
    t2 = time.perf_counter() - t2
    t3 = time.perf_counter()
    co.script(rebuild_block("postgres"))
    t3 = time.perf_counter() - t3
    print(f"  triggers disabled (ALTER TABLE ... DISABLE TRIGGER USER) + rebuild block: load {t2:.1f} s + rebuild {t3:.1f} s"
          f" = {n / (t2 + t3):,.0f} products/s")
    same = co.q("SELECT md5(string_agg(concat_ws('|', id, price_min_amount, price_max_amount, compare_at_amount, currency, in_stock, image_url, search_name, search_vector::text), ',' ORDER BY id)) FROM products")
    same2 = c.q("SELECT md5(string_agg(concat_ws('|', id, price_min_amount, price_max_amount, compare_at_amount, currency, in_stock, image_url, search_name, search_vector::text), ',' ORDER BY id)) FROM products")
    f1 = co.q("SELECT md5(string_agg(concat_ws('|', product_id, name, value), ',' ORDER BY product_id, name, value)) FROM product_facets")
    f2 = c.q("SELECT md5(string_agg(concat_ws('|', product_id, name, value), ',' ORDER BY product_id, name, value)) FROM product_facets")
    check(same == same2 and f1 == f2, "[postgres] triggers-off load + rebuild block != trigger-maintained load")
    print(f"  trigger-maintained state == triggers-off + rebuild state: {same == same2 and f1 == f2}")
    consistency_sample(c)
    c.x("ANALYZE")
    return c


APP_ROLE = "check_0002_app"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20000, help="synthetic products for timing / EXPLAIN")
    ap.add_argument("--sqlite-only", action="store_true")
    ap.add_argument("--pg-only", action="store_true")
    ap.add_argument("--pg-host", default="/tmp/pg0002")
    ap.add_argument("--pg-port", type=int, default=55440)
    ap.add_argument("--pg-user", default="postgres", help="role allowed to create roles and databases")
    ap.add_argument("--keep", action="store_true", help="keep the check_0002_* databases")
    args = ap.parse_args()

    if not args.pg_only:
        v = sqlite3.sqlite_version
        print(f"== SQLite {v} (python sqlite3; sqlx 0.8 bundles 3.46.0)")
        check(tuple(map(int, v.split("."))) >= (3, 34, 0), "SQLite >= 3.34 needed for the trigram tokenizer")
        c = Lite()
        for f in MIG["sqlite"]:
            c.script(open(f, encoding="utf-8").read())
        print("  applied 0001 + 0002 (each in one transaction)")
        functional(c)
        with tempfile.TemporaryDirectory() as tmp:
            cb = bulk_sqlite(args.n, tmp)
            plans_and_timings(cb, "(no ANALYZE)")
            cb.db.execute("ANALYZE")
            plans_and_timings(cb, "(after ANALYZE)")
            cb.db.close()

    if not args.sqlite_only:
        admin = Pg(args.pg_host, args.pg_port, args.pg_user, "postgres")
        print("\n== " + admin.q("SELECT version()")[0][0])
        dbs = {k: f"check_0002_{k}" for k in ("func", "base", "trig", "trig_an", "off")}
        if not admin.q(f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}'"):
            admin.x(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER")
        for db in dbs.values():
            admin.run(["-c", f"DROP DATABASE IF EXISTS {db}"])
            admin.run(["-c", f"CREATE DATABASE {db} OWNER {APP_ROLE}"])
        try:
            c = Pg(args.pg_host, args.pg_port, APP_ROLE, dbs["func"])
            for f in MIG["postgres"]:
                c.run(["-1", "-f", f])
            print(f"  applied 0001 + 0002 with psql -1 -v ON_ERROR_STOP=1 as non-superuser {APP_ROLE}")
            functional(c)
            cp = bulk_pg(args, args.n, dbs)
            plans_and_timings(cp, "(after ANALYZE)")
        finally:
            if not args.keep:
                for db in dbs.values():
                    admin.run(["-c", f"DROP DATABASE IF EXISTS {db}"])
                admin.run(["-c", f"DROP ROLE IF EXISTS {APP_ROLE}"])

    print()
    if FAILURES:
        print(f"{len(FAILURES)} checks FAILED")
        for f in FAILURES:
            print("  -", f)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
