#!/usr/bin/env python3
"""Validate the demo catalogue and (re)generate its SVG artwork.

Usage (from anywhere; stdlib only):
    python3 tools/gen_demo_images.py           # validate, then write images
    python3 tools/gen_demo_images.py --check   # validate only

Reads   server/src/demo/catalog.json
Writes  public/images/products/<slug>.svg  (one per product, 800x800: the source artwork)
        public/images/logo.svg
        public/favicon.svg

The shop shows WebP rasters of the product artwork (`<slug>.webp`, what the catalogue
references): a browser builds a separate SVG document for every SVG <img>, 20-40 ms of main
thread each on a phone-class CPU, where a WebP decodes off the main thread. After changing the
artwork, rasterise it with Chromium:
    node tools/rasterize-demo-images.mjs public/images/products

Output is deterministic: the same catalogue always yields byte-identical files.
"""

import hashlib
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "server" / "src" / "demo" / "catalog.json"
PUBLIC = ROOT / "public"
PRODUCTS_DIR = PUBLIC / "images" / "products"
MAX_BYTES = 4096

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = {"PHYSICAL", "DIGITAL", "BUNDLE"}


# --------------------------------------------------------------------------
# Catalogue validation
# --------------------------------------------------------------------------

def variant_count(options):
    n = 1
    for values in options.values():
        n *= len(values)
    return n


def sku_part(value):
    """Mirror of the Rust loader's sku_part (server/src/demo/catalog.rs)."""
    out = []
    for ch in value:
        if ch.isascii() and ch.isalnum():
            out.append(ch.upper())
        elif ch in " -_/.":
            out.append("-")
    return "".join(out)


def validate(cat):
    errors = []
    err = errors.append
    if cat.get("currency") != "USD":
        err("currency must be USD")

    cats = {}
    for c in cat["categories"]:
        if not SLUG_RE.match(c["slug"]):
            err(f"category slug not lowercase-hyphen: {c['slug']!r}")
        if c["slug"] in cats:
            err(f"duplicate category slug {c['slug']}")
        cats[c["slug"]] = c
        if not c.get("name") or not c.get("description"):
            err(f"category {c['slug']} needs name and description")
    for c in cat["categories"]:
        seen, p = {c["slug"]}, c["parent"]
        while p is not None:
            if p not in cats:
                err(f"category {c['slug']}: unknown parent {p}")
                break
            if p in seen:
                err(f"category {c['slug']}: parent cycle")
                break
            seen.add(p)
            p = cats[p]["parent"]

    brands = set()
    for b in cat["brands"]:
        if not SLUG_RE.match(b["slug"]):
            err(f"brand slug not lowercase-hyphen: {b['slug']!r}")
        if b["slug"] in brands:
            err(f"duplicate brand slug {b['slug']}")
        brands.add(b["slug"])

    products = {}
    skus = set()
    fields = ["slug", "name", "sku", "category", "brand", "kind", "description", "price",
              "compare_at", "weight_grams", "image", "featured", "options", "stock",
              "price_overrides", "bundle_of"]
    for p in cat["products"]:
        s = p.get("slug", "?")
        missing = [f for f in fields if f not in p]
        if missing:
            err(f"product {s}: missing fields {missing}")
            continue
        extra = sorted(set(p) - set(fields))
        if extra:
            err(f"product {s}: unexpected fields {extra}")
        if not SLUG_RE.match(s):
            err(f"product slug not lowercase-hyphen: {s!r}")
        if s in products:
            err(f"duplicate product slug {s}")
        products[s] = p
        if p["category"] not in cats:
            err(f"product {s}: unknown category {p['category']}")
        if p["brand"] not in brands:
            err(f"product {s}: unknown brand {p['brand']}")
        if p["kind"] not in KINDS:
            err(f"product {s}: bad kind {p['kind']}")
        if not isinstance(p["price"], int) or p["price"] <= 0:
            err(f"product {s}: price must be a positive integer")
        if p["compare_at"] is not None and (not isinstance(p["compare_at"], int) or p["compare_at"] <= p["price"]):
            err(f"product {s}: compare_at must exceed price")
        if p["image"] != f"/images/products/{s}.webp":
            err(f"product {s}: image path should be /images/products/{s}.webp")
        if p["kind"] == "DIGITAL" and p["weight_grams"] != 0:
            err(f"product {s}: digital products weigh 0 g")
        if p["kind"] != "DIGITAL" and p["weight_grams"] <= 0:
            err(f"product {s}: physical goods need a weight")
        d = p["description"]
        if d.count(". ") + 1 > 5 or len(d) < 40:
            err(f"product {s}: description should be 1-4 sentences of copy")
        opts = p["options"]
        for k, vals in opts.items():
            if not vals or len(set(vals)) != len(vals):
                err(f"product {s}: option {k} needs distinct values")
        n = variant_count(opts)
        st = p["stock"]
        if len(st) not in (1, n):
            err(f"product {s}: stock has {len(st)} entries, expected 1 or {n}")
        if any((not isinstance(q, int)) or q < 0 for q in st):
            err(f"product {s}: stock values must be non-negative integers")
        all_values = {v for vals in opts.values() for v in vals}
        for k, v in p["price_overrides"].items():
            if k not in all_values:
                err(f"product {s}: price override for unknown option value {k}")
            if not isinstance(v, int) or v <= 0:
                err(f"product {s}: override price must be positive")
        if p["kind"] == "BUNDLE":
            if len(p["bundle_of"]) < 2:
                err(f"product {s}: bundle needs at least two components")
        elif p["bundle_of"]:
            err(f"product {s}: only BUNDLE products list bundle_of")
        for v in all_values:
            part = sku_part(v)
            if not part or "--" in part or part.startswith("-") or part.endswith("-"):
                err(f"product {s}: option value {v!r} makes an awkward SKU part {part!r}")
        # Variant SKUs as the loader builds them: BASE-<OPTION VALUES>.
        combos = list(itertools.product(*opts.values())) or [()]
        for combo in combos:
            sku = "-".join([p["sku"]] + [sku_part(v) for v in combo])
            if sku in skus:
                err(f"product {s}: duplicate variant sku {sku}")
            skus.add(sku)
    for p in cat["products"]:
        for comp in p.get("bundle_of", []):
            if comp not in products:
                err(f"bundle {p['slug']}: unknown component {comp}")
            elif products[comp]["kind"] == "BUNDLE":
                err(f"bundle {p['slug']}: component {comp} is itself a bundle")
    return errors


def stats(cat):
    kinds = {}
    variants = oos = low = 0
    for p in cat["products"]:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        n = variant_count(p["options"])
        variants += n
        st = p["stock"] * n if len(p["stock"]) == 1 else p["stock"]
        if p["kind"] != "DIGITAL":
            oos += sum(1 for q in st if q == 0)
            low += sum(1 for q in st if 1 <= q <= 4)
    top = sum(1 for c in cat["categories"] if c["parent"] is None)
    sale = sum(1 for p in cat["products"] if p["compare_at"])
    return (f"{len(cat['products'])} products ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
            f"{len(cat['categories'])} categories ({top} top-level), {len(cat['brands'])} brands, "
            f"{variants} variants, {oos} out of stock, {low} low (1-4), {sale} on sale")


# --------------------------------------------------------------------------
# Colour helpers
# --------------------------------------------------------------------------

def _rgb(h):
    h = h.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)]


def _hex(rgb):
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in rgb)


def mix(a, b, t):
    ra, rb = _rgb(a), _rgb(b)
    return _hex([x + (y - x) * t for x, y in zip(ra, rb)])


def darker(c, t=0.25):
    return mix(c, "#000000", t)


def lighter(c, t=0.3):
    return mix(c, "#ffffff", t)


def luminance(c):
    r, g, b = _rgb(c)
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


NAMED = {
    "black": "#2c2c30", "matte black": "#2a2a2d", "white": "#f5f2ea", "oat": "#d8c7a4",
    "oatmeal": "#d4c4a6", "navy": "#283a5e", "sage": "#93a982", "ecru": "#e6dcc3",
    "charcoal": "#3f4247", "sand": "#d6bf96", "sky": "#8fbcdf", "forest": "#2f5a44",
    "heather grey": "#a3a5aa", "grey": "#8c9096", "rust": "#b4532d", "camel": "#c0935a",
    "olive": "#6b7345", "tobacco": "#7a5230", "cobalt": "#2d58b5", "moss": "#6a7a3c",
    "indigo": "#2f3c6d", "khaki": "#c2ad84", "slate": "#5b6976", "coral": "#ee7d67",
    "natural": "#e4d8bf", "red": "#c6413a", "tan": "#bf8955", "dark brown": "#4d3325",
    "mustard": "#d5a336", "cream": "#eee4cb", "stone": "#bab3a2", "tortoise": "#7a4a29",
    "clay": "#bf7858", "graphite": "#4a4d53", "teal": "#2d8a88", "walnut": "#6d4a2f",
    "brass": "#c6a24a", "speckled white": "#ebe5da", "terracotta": "#c3663e",
    "speckled": "#e4dccd", "glacier": "#b9d9e5", "ember": "#cf592b", "brown": "#6a452f",
    "leather": "#8a5a3b", "canvas": "#b9ab86", "rinse": "#2b3558",
}

# Top-level category -> (gradient from, gradient to, default product colour, accent)
PALETTES = {
    "clothing": ("#f6ebe1", "#e6c9b3", "#5b6c8e", "#e07a5f"),
    "footwear": ("#e8f1f5", "#c3d9e3", "#ece7dd", "#3d6e8f"),
    "accessories": ("#f7efd9", "#e5cf9d", "#7a4a29", "#c0392b"),
    "bags-travel": ("#e8efe3", "#c4d6ba", "#4d5b46", "#d08c45"),
    "electronics": ("#e9e8f5", "#c5c2e4", "#34373f", "#6c63ff"),
    "home-kitchen": ("#f8e8dd", "#e9c0a8", "#c3663e", "#4f7c6b"),
    "digital": ("#e1f2ee", "#b3ddd2", "#2f6f68", "#f2a541"),
}


def top_category(cats, slug):
    while cats[slug]["parent"] is not None:
        slug = cats[slug]["parent"]
    return slug


def digest(s):
    return hashlib.sha256(s.encode()).digest()


# --------------------------------------------------------------------------
# Icons: each takes (m, d, l, a) = main, dark, light, accent colours and
# returns SVG markup drawn around the centre of an 800x800 canvas.
# --------------------------------------------------------------------------

def p(d, fill, extra=""):
    return f'<path d="{d}" fill="{fill}"{extra}/>'


def r(x, y, w, h, fill, rx=0, extra=""):
    rr = f' rx="{rx}"' if rx else ""
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}"{rr} fill="{fill}"{extra}/>'


def c(cx, cy, rad, fill, extra=""):
    return f'<circle cx="{cx}" cy="{cy}" r="{rad}" fill="{fill}"{extra}/>'


def line(d, stroke, w, extra=""):
    return f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{w}" stroke-linecap="round" stroke-linejoin="round"{extra}/>'


def icon_tee(m, d, l, a):
    return (p("M300 230 L360 210 Q400 250 440 210 L500 230 L600 300 L555 370 L510 345 L510 590 L290 590 L290 345 L245 370 L200 300 Z", m)
            + p("M360 210 Q400 250 440 210 L430 206 Q400 236 370 206 Z", d)
            + r(445, 300, 40, 44, d, 4, ' opacity=".35"'))


def icon_longsleeve(m, d, l, a, henley=False):
    s = (p("M300 230 L360 212 Q400 248 440 212 L500 230 L560 290 L620 520 L570 535 L510 370 L510 590 L290 590 L290 370 L230 535 L180 520 L240 290 Z", m)
         + p("M360 212 Q400 248 440 212 L432 206 Q400 236 368 206 Z", d)
         + r(290, 570, 220, 20, d, 0, ' opacity=".35"'))
    if henley:
        s += line("M400 240 L400 310", d, 6) + c(412, 262, 6, l) + c(412, 292, 6, l)
    return s


def icon_henley(m, d, l, a):
    return icon_longsleeve(m, d, l, a, henley=True)


def icon_hoodie(m, d, l, a):
    return (icon_longsleeve(m, d, l, a)
            + p("M340 230 Q340 160 400 160 Q460 160 460 230 Q430 270 400 270 Q370 270 340 230 Z", d)
            + p("M360 232 Q365 185 400 185 Q435 185 440 232 Q420 252 400 252 Q380 252 360 232 Z", darker(d, .3))
            + line("M400 270 L400 590", l, 6)
            + p("M330 470 L470 470 L490 540 L310 540 Z", d, ' opacity=".45"'))


def icon_jacket(m, d, l, a):
    return (icon_longsleeve(m, d, l, a)
            + p("M350 214 L400 290 L450 214 L480 222 L420 320 L400 300 L380 320 L320 222 Z", d)
            + line("M400 300 L400 590", darker(d, .2), 5)
            + r(310, 420, 70, 60, d, 6, ' opacity=".55"') + r(420, 420, 70, 60, d, 6, ' opacity=".55"'))


def icon_vest(m, d, l, a):
    s = p("M320 215 L370 205 Q400 240 430 205 L480 215 Q490 300 540 330 L540 590 L260 590 L260 330 Q310 300 320 215 Z", m)
    for y in range(300, 590, 55):
        s += line(f"M262 {y} L538 {y}", d, 4, ' opacity=".5"')
    return s + line("M400 240 L400 590", d, 5)


def icon_pants(m, d, l, a):
    return (p("M300 200 L500 200 L540 610 L440 610 L400 330 L360 610 L260 610 Z", m)
            + r(300, 200, 200, 34, d)
            + line("M330 240 Q340 290 312 300 M470 240 Q460 290 488 300", d, 5)
            + c(400, 217, 7, l))


def icon_sneaker(m, d, l, a):
    return (p("M190 470 Q200 360 260 330 L330 330 Q380 390 460 400 L560 420 Q620 440 620 500 L620 520 L190 520 Z", m)
            + r(180, 510, 450, 40, l, 18)
            + r(180, 535, 450, 15, d, 6, ' opacity=".4"')
            + line("M300 350 L340 400 M330 340 L370 392 M360 345 L395 395", d, 7)
            + p("M480 420 Q540 430 600 470", "none", f' stroke="{a}" stroke-width="14" stroke-linecap="round"'))


def icon_boot(m, d, l, a):
    return (p("M300 200 L440 200 L440 420 Q540 430 600 470 Q620 500 610 540 L300 540 Z", m)
            + r(290, 530, 330, 44, darker(d, .2), 12)
            + p("M310 250 Q370 300 430 250 L430 380 Q370 420 310 380 Z", d, ' opacity=".45"')
            + r(325, 180, 90, 30, d, 8))


def icon_socks(m, d, l, a):
    one = (p("M0 0 L110 0 L110 240 Q110 300 60 330 L-40 390 Q-90 410 -105 360 Q-115 320 -70 300 L0 260 Z", m)
           + r(0, 0, 110, 50, d) + p("M-105 360 Q-80 340 -60 385 Q-90 410 -105 360 Z", a)
           + r(0, 180, 110, 16, l, 0, ' opacity=".6"'))
    return f'<g transform="translate(300 190)">{one}</g><g transform="translate(430 220)" opacity=".92">{one}</g>'


def icon_beanie(m, d, l, a):
    s = p("M230 470 Q230 230 400 230 Q570 230 570 470 Z", m) + r(215, 450, 370, 100, d, 22) + c(400, 215, 38, a)
    for x in range(250, 560, 40):
        s += line(f"M{x} 460 L{x} 540", darker(d, .2), 6, ' opacity=".5"')
    return s


def icon_cap(m, d, l, a):
    return (p("M230 460 Q230 260 400 260 Q570 260 570 460 Z", m)
            + p("M540 455 Q660 455 680 505 L540 505 Z", d)
            + r(225, 450, 330, 30, d, 10)
            + line("M400 262 L400 455 M320 280 Q300 360 310 455 M480 280 Q500 360 490 455", d, 5, ' opacity=".5"')
            + c(400, 258, 14, d))


def icon_sunglasses(m, d, l, a):
    lens = "#3a3f4a"
    return (p("M160 330 L380 330 Q380 470 280 470 Q170 470 160 330 Z", m)
            + p("M420 330 L640 330 Q630 470 520 470 Q420 470 420 330 Z", m)
            + p("M185 352 L355 352 Q350 445 280 445 Q195 445 185 352 Z", lens)
            + p("M445 352 L615 352 Q605 445 520 445 Q450 445 445 352 Z", lens)
            + line("M380 345 Q400 325 420 345", m, 16)
            + p("M200 370 L260 370 L230 420 Z", "#ffffff", ' opacity=".18"')
            + p("M460 370 L520 370 L490 420 Z", "#ffffff", ' opacity=".18"'))


def icon_watch(m, d, l, a):
    return (r(345, 150, 110, 500, m, 26)
            + c(400, 400, 120, darker(l, .1)) + c(400, 400, 100, "#fbfaf6")
            + line("M400 400 L400 330 M400 400 L450 420", "#2d2d30", 9)
            + c(400, 400, 10, a)
            + r(508, 385, 26, 30, darker(l, .2), 6))


def icon_wallet(m, d, l, a):
    return (r(230, 280, 340, 250, m, 26)
            + p("M230 306 Q230 280 256 280 L544 280 Q570 280 570 306 L570 380 L230 380 Z", d)
            + line("M250 510 L550 510", l, 4, ' stroke-dasharray="10 10" opacity=".7"')
            + r(280, 250, 180, 60, a, 6, ' opacity=".9"'))


def icon_scarf(m, d, l, a):
    s = (p("M300 200 Q400 260 500 200 L510 260 Q400 330 290 260 Z", m)
         + p("M420 280 L480 270 L500 560 L440 570 Z", d)
         + p("M320 270 L380 290 L370 600 L310 590 Z", m))
    for x in range(312, 372, 14):
        s += line(f"M{x} 596 L{x - 2} 630", d, 5)
    for x in range(444, 500, 14):
        s += line(f"M{x} 566 L{x + 2} 600", m, 5)
    return s


def icon_belt(m, d, l, a):
    return (p("M170 380 L630 380 L630 440 L170 440 Z", m)
            + r(200, 360, 120, 100, "none", 10, f' stroke="{a}" stroke-width="16"')
            + line("M260 370 L260 450", a, 12)
            + c(420, 410, 8, d) + c(480, 410, 8, d) + c(540, 410, 8, d)
            + line("M170 392 L630 392 M170 428 L630 428", d, 3, ' stroke-dasharray="8 8" opacity=".6"'))


def icon_backpack(m, d, l, a):
    return (p("M360 210 Q360 170 400 170 Q440 170 440 210", "none", f' stroke="{d}" stroke-width="18"')
            + r(270, 200, 260, 400, m, 60)
            + r(310, 400, 180, 150, d, 26)
            + line("M320 420 L480 420", a, 8)
            + r(270, 200, 260, 80, d, 40, ' opacity=".35"')
            + r(380, 240, 40, 14, l, 7))


def icon_rolltop(m, d, l, a):
    return (r(270, 250, 260, 350, m, 50)
            + p("M285 260 L515 260 L530 150 L270 150 Z", lighter(m, .08))
            + r(262, 150, 276, 40, d, 14) + r(262, 200, 276, 30, d, 12)
            + r(385, 180, 30, 140, a, 6) + r(375, 300, 50, 30, "#2c2c30", 6)
            + r(310, 420, 180, 140, d, 24) + r(330, 440, 140, 8, l, 4, ' opacity=".6"'))


def icon_duffel(m, d, l, a):
    return (p("M330 330 Q330 250 400 250 Q470 250 470 330", "none", f' stroke="{d}" stroke-width="22"')
            + r(190, 320, 420, 220, m, 100)
            + line("M240 340 L560 340", l, 8)
            + c(190, 430, 55, d) + c(610, 430, 55, d)
            + r(330, 380, 140, 90, d, 14, ' opacity=".5"'))


def icon_tote(m, d, l, a):
    return (p("M320 320 Q320 170 400 170 Q480 170 480 320", "none", f' stroke="{d}" stroke-width="20"')
            + p("M250 300 L550 300 L580 600 L220 600 Z", m)
            + c(400, 450, 55, a, ' opacity=".85"') + c(400, 450, 22, l))


def icon_sling(m, d, l, a):
    return (line("M240 470 Q300 180 560 260", d, 20)
            + p("M200 430 Q400 380 600 430 Q610 560 400 590 Q190 560 200 430 Z", m)
            + line("M230 450 Q400 410 570 450", l, 8)
            + r(370, 470, 60, 40, d, 8))


def icon_cubes(m, d, l, a):
    return (r(210, 420, 380, 150, m, 20) + r(210, 420, 380, 40, d, 20)
            + r(250, 290, 300, 130, mix(m, a, .4), 18) + r(250, 290, 300, 34, darker(mix(m, a, .4), .2), 16)
            + r(300, 190, 200, 100, a, 16) + r(300, 190, 200, 28, darker(a, .2), 14))


def icon_dopp(m, d, l, a):
    return (r(220, 310, 360, 250, m, 50)
            + line("M250 340 L550 340", "#c9a44c", 10)
            + r(530, 322, 50, 36, d, 10)
            + r(220, 480, 360, 80, d, 40, ' opacity=".3"'))


def icon_suitcase(m, d, l, a):
    s = (r(360, 150, 80, 60, "none", 16, f' stroke="{d}" stroke-width="16"')
         + r(280, 200, 240, 380, m, 36))
    for x in (330, 400, 470):
        s += line(f"M{x} 230 L{x} 550", d, 10, ' opacity=".45"')
    return s + c(320, 600, 20, "#2c2c30") + c(480, 600, 20, "#2c2c30")


def icon_headphones(m, d, l, a):
    return (p("M230 450 Q230 220 400 220 Q570 220 570 450", "none", f' stroke="{m}" stroke-width="36"')
            + r(200, 400, 100, 180, m, 40) + r(500, 400, 100, 180, m, 40)
            + r(270, 420, 50, 140, d, 20) + r(480, 420, 50, 140, d, 20))


def icon_earbuds(m, d, l, a):
    return (r(260, 380, 280, 200, darker(m, .05), 90)
            + line("M270 470 L530 470", d, 6, ' opacity=".5"')
            + c(400, 520, 10, a)
            + c(330, 300, 55, m) + r(305, 300, 40, 110, m, 20)
            + c(480, 280, 55, m) + r(455, 280, 40, 110, m, 20)
            + c(330, 300, 25, d) + c(480, 280, 25, d))


def icon_speaker(m, d, l, a):
    s = r(240, 280, 320, 260, m, 90) + r(240, 250, 320, 60, d, 30)
    for cx in range(300, 520, 40):
        for cy in range(340, 500, 40):
            s += c(cx, cy, 9, d, ' opacity=".55"')
    return s


def icon_bookshelf(m, d, l, a):
    one = r(0, 0, 150, 260, m, 12) + c(75, 80, 38, "#2c2c30") + c(75, 80, 14, d) + c(75, 185, 52, "#2c2c30") + c(75, 185, 20, d)
    return f'<g transform="translate(210 270)">{one}</g><g transform="translate(440 270)">{one}</g>'


def icon_turntable(m, d, l, a):
    return (r(190, 290, 420, 290, m, 24)
            + c(370, 435, 120, "#232326") + c(370, 435, 40, a) + c(370, 435, 7, "#eeeeee")
            + line("M560 320 L560 450 L470 500", "#d8d8d8", 10)
            + c(560, 320, 18, d))


def icon_powerbank(m, d, l, a):
    return (r(300, 200, 200, 390, m, 34)
            + p("M415 290 L350 420 L400 420 L385 510 L455 370 L405 370 Z", a)
            + r(370, 555, 60, 14, d, 7))


def icon_charger(m, d, l, a):
    return (r(390, 200, 16, 80, "#b7b7b7", 4) + r(440, 200, 16, 80, "#b7b7b7", 4)
            + r(290, 270, 260, 300, m, 40)
            + r(345, 470, 40, 16, "#2c2c30", 8) + r(410, 470, 40, 16, "#2c2c30", 8) + r(475, 466, 30, 24, "#2c2c30", 4)
            + p("M430 330 L390 410 L420 410 L410 450 L455 380 L425 380 Z", a))


def icon_cable(m, d, l, a):
    return (line("M250 230 Q250 420 400 420 Q560 420 550 600", m, 22)
            + r(220, 160, 60, 90, d, 12) + r(236, 130, 28, 40, "#b7b7b7", 6)
            + r(520, 580, 60, 90, d, 12) + r(536, 660, 28, 40, "#b7b7b7", 6))


def icon_pad(m, d, l, a):
    return (c(400, 450, 180, m) + c(400, 450, 150, lighter(m, .15))
            + r(320, 250, 160, 280, "#2c2c30", 28) + r(334, 268, 132, 244, d, 18)
            + p("M410 330 L375 400 L400 400 L390 450 L430 380 L405 380 Z", a))


def icon_ereader(m, d, l, a):
    s = r(270, 170, 260, 430, m, 28) + r(295, 200, 210, 330, "#f4f1e8", 6)
    for i, y in enumerate(range(230, 500, 28)):
        w = 150 if i % 4 != 3 else 90
        s += r(320, y, w, 8, "#9a9a9a", 4)
    return s + r(370, 550, 60, 14, d, 7)


def icon_keyboard(m, d, l, a):
    s = r(170, 310, 460, 200, m, 24)
    for row, y in enumerate(range(335, 470, 42)):
        for x in range(195, 590, 44):
            s += r(x, y, 34, 32, d if (x + row) % 5 else a, 6)
    return s + r(300, 461, 200, 30, d, 6)


def icon_tracker(m, d, l, a):
    return (r(350, 170, 100, 460, m, 40)
            + r(330, 330, 140, 150, "#23252b", 30)
            + p("M350 410 L375 410 L390 380 L410 440 L425 405 L450 405", "none", f' stroke="{a}" stroke-width="7" stroke-linejoin="round"'))


def icon_desklamp(m, d, l, a):
    return (p("M400 320 L620 600 L400 600 Z", "#fff6cf", ' opacity=".6"')
            + r(220, 580, 180, 30, m, 12)
            + line("M300 580 L260 400 L400 280", m, 18)
            + c(260, 400, 16, d)
            + p("M360 250 L470 230 L500 330 L420 350 Z", m))


def icon_tablelamp(m, d, l, a):
    return (p("M290 200 L510 200 L560 360 L240 360 Z", "#efe6d2")
            + r(240, 350, 320, 14, darker("#efe6d2", .1))
            + p("M330 380 Q300 470 360 560 L440 560 Q500 470 470 380 Z", m)
            + r(340, 560, 120, 30, d, 10))


def icon_lantern(m, d, l, a):
    return (p("M350 200 Q350 150 400 150 Q450 150 450 200", "none", f' stroke="{d}" stroke-width="14"')
            + r(300, 200, 200, 50, m, 14) + r(320, 250, 160, 250, "#fff1c4", 10)
            + c(400, 375, 45, "#ffd36a") + line("M320 250 L320 500 M480 250 L480 500", m, 14)
            + r(300, 500, 200, 60, m, 14))


def icon_mug(m, d, l, a):
    return (line("M350 180 Q330 210 350 240 Q370 270 350 300 M430 180 Q410 210 430 240 Q450 270 430 300", "#ffffff", 10, ' opacity=".75"')
            + p("M510 380 Q600 380 600 450 Q600 520 510 520", "none", f' stroke="{m}" stroke-width="34"')
            + r(260, 330, 270, 280, m, 34)
            + r(260, 330, 270, 36, d, 18, ' opacity=".4"'))


def icon_bottle(m, d, l, a):
    return (r(360, 150, 80, 60, "#3a3a3e", 12)
            + p("M340 210 L460 210 Q500 250 500 300 L500 600 Q500 630 470 630 L330 630 Q300 630 300 600 L300 300 Q300 250 340 210 Z", m)
            + r(330, 300, 30, 260, "#ffffff", 15, ' opacity=".25"'))


def icon_pourover(m, d, l, a):
    return (p("M280 220 L520 220 L450 360 L350 360 Z", "#f4f1ea") + r(265, 205, 270, 24, darker("#f4f1ea", .08), 10)
            + p("M300 380 L500 380 Q520 480 470 600 L330 600 Q280 480 300 380 Z", "#dce9ef", ' opacity=".85"')
            + p("M318 480 L482 480 Q480 540 465 590 L335 590 Q320 540 318 480 Z", "#6b4226")
            + r(330, 360, 140, 26, d, 8))


def icon_grinder(m, d, l, a):
    return (line("M400 240 L400 190 L520 170", "#4a4a4f", 14) + c(530, 168, 22, "#7a4a29")
            + r(320, 240, 160, 60, d, 16)
            + r(310, 290, 180, 320, m, 30)
            + line("M310 420 L490 420", d, 8, ' opacity=".5"'))


def icon_skillet(m, d, l, a):
    return (r(520, 395, 200, 50, "#2b2b2e", 22)
            + c(360, 420, 190, "#2b2b2e") + c(360, 420, 155, "#3a3a3f")
            + c(320, 380, 40, "#ffffff", ' opacity=".06"'))


def icon_knife(m, d, l, a):
    return (p("M170 430 L520 380 Q570 376 580 410 L580 450 L170 450 Z", "#d9dde2")
            + p("M260 425 Q300 405 340 425 Q380 445 420 420", "none", ' stroke="#b0b6bd" stroke-width="5"')
            + r(570, 395, 200, 60, "#6d4a2f", 18) + c(620, 425, 7, "#c6a24a") + c(700, 425, 7, "#c6a24a"))


def icon_towel(m, d, l, a):
    s = r(220, 230, 360, 24, "#8a6a4a", 12) + r(270, 250, 260, 360, m, 8)
    if a:
        for y in (310, 340, 520, 550):
            s += r(270, y, 260, 14, a)
    return s + r(270, 250, 260, 30, d, 0, ' opacity=".3"')


def icon_candle(m, d, l, a):
    return (p("M400 230 Q430 280 400 320 Q370 280 400 230 Z", "#ffb648")
            + p("M400 262 Q414 290 400 312 Q386 290 400 262 Z", "#fff0b8")
            + line("M400 320 L400 360", "#333333", 5)
            + r(290, 350, 220, 260, "#b36a2e", 26, ' opacity=".9"')
            + r(320, 430, 160, 110, "#f4efe4", 8))


def icon_blanket(m, d, l, a):
    s = ""
    for i, y in enumerate((470, 390, 310)):
        col = m if i % 2 == 0 else lighter(m, .18)
        s += r(210, y, 380, 90, col, 24)
        s += line(f"M230 {y + 45} L570 {y + 45}", d, 4, ' stroke-dasharray="14 10" opacity=".5"')
    return s + r(210, 540, 380, 20, d, 10, ' opacity=".3"')


def icon_cushion(m, d, l, a):
    return (p("M220 250 Q400 290 580 250 Q540 420 580 590 Q400 550 220 590 Q260 420 220 250 Z", m)
            + line("M300 320 Q400 340 500 320 M300 520 Q400 500 500 520", d, 4, ' opacity=".35"'))


def icon_planter(m, d, l, a):
    leaf = "#3f7d4f"
    return (p("M400 400 Q300 300 320 200 Q400 260 400 400 Z", leaf)
            + p("M400 400 Q500 290 500 210 Q420 250 400 400 Z", darker(leaf, .15))
            + p("M400 400 Q360 330 250 330 Q300 400 400 400 Z", lighter(leaf, .15))
            + p("M400 400 Q460 340 560 350 Q500 410 400 400 Z", leaf)
            + p("M270 400 L530 400 L500 610 L300 610 Z", m)
            + r(255, 390, 290, 40, d, 10))


def icon_book(m, d, l, a):
    return (r(260, 190, 300, 420, d, 16) + r(280, 200, 290, 410, "#f4f0e6", 10)
            + r(250, 180, 290, 420, m, 16)
            + r(250, 180, 30, 420, d, 10, ' opacity=".5"')
            + c(410, 340, 70, a, ' opacity=".9"') + r(330, 470, 160, 14, l, 7) + r(350, 500, 120, 10, l, 5))


def icon_app_editor(m, d, l, a):
    s = r(180, 210, 440, 360, m, 28) + r(180, 210, 440, 52, d, 28) + r(180, 240, 440, 22, d)
    s += c(215, 236, 9, "#ff6b5b") + c(245, 236, 9, "#ffc34d") + c(275, 236, 9, "#4cd07d")
    s += p("M220 540 L330 400 L400 480 L460 420 L580 540 Z", a) + c(520, 340, 34, "#ffe08a")
    return s


def icon_app_timer(m, d, l, a):
    return (r(380, 170, 40, 40, d, 8)
            + c(400, 410, 200, m) + c(400, 410, 165, "#f7f5ef")
            + p("M400 410 L400 245 A165 165 0 0 1 543 493 Z", a, ' opacity=".85"')
            + c(400, 410, 14, d))


def icon_giftcard(m, d, l, a):
    return (r(170, 260, 460, 290, m, 30)
            + r(340, 260, 44, 290, a) + r(170, 380, 460, 40, a)
            + p("M362 380 Q300 300 330 280 Q360 270 362 380 Q370 280 400 290 Q420 310 362 380 Z", darker(a, .15))
            + r(440, 480, 150, 16, l, 8, ' opacity=".8"'))


def icon_box(m, d, l, a):
    return (r(220, 330, 360, 280, m, 14) + r(200, 280, 400, 80, d, 14)
            + r(375, 280, 50, 330, a)
            + p("M400 280 Q320 180 300 230 Q290 280 400 280 Q510 280 500 230 Q480 180 400 280 Z", darker(a, .12)))


ICONS = {
    "tee": icon_tee, "longsleeve": icon_longsleeve, "henley": icon_henley, "hoodie": icon_hoodie,
    "jacket": icon_jacket, "vest": icon_vest, "pants": icon_pants, "sneaker": icon_sneaker,
    "boot": icon_boot, "socks": icon_socks, "beanie": icon_beanie, "cap": icon_cap,
    "sunglasses": icon_sunglasses, "watch": icon_watch, "wallet": icon_wallet, "scarf": icon_scarf,
    "belt": icon_belt, "backpack": icon_backpack, "duffel": icon_duffel, "tote": icon_tote,
    "rolltop": icon_rolltop, "sling": icon_sling, "cubes": icon_cubes, "dopp": icon_dopp, "suitcase": icon_suitcase,
    "headphones": icon_headphones, "earbuds": icon_earbuds, "speaker": icon_speaker,
    "bookshelf": icon_bookshelf, "turntable": icon_turntable, "powerbank": icon_powerbank,
    "charger": icon_charger, "cable": icon_cable, "pad": icon_pad, "ereader": icon_ereader,
    "keyboard": icon_keyboard, "tracker": icon_tracker, "desklamp": icon_desklamp,
    "tablelamp": icon_tablelamp, "lantern": icon_lantern, "mug": icon_mug, "bottle": icon_bottle,
    "pourover": icon_pourover, "grinder": icon_grinder, "skillet": icon_skillet, "knife": icon_knife,
    "towel": icon_towel, "candle": icon_candle, "blanket": icon_blanket, "cushion": icon_cushion,
    "planter": icon_planter, "book": icon_book, "app-editor": icon_app_editor,
    "app-timer": icon_app_timer, "giftcard": icon_giftcard, "box": icon_box,
}

# First keyword found as whole hyphen-separated words of the slug picks the
# icon (order matters: "belt-drive-turntable" is a turntable, not a belt).
KEYWORDS = [
    ("turntable", "turntable"), ("roll-top", "rolltop"), ("henley", "henley"), ("tee", "tee"), ("rollneck", "longsleeve"), ("sweatshirt", "longsleeve"),
    ("hoodie", "hoodie"), ("vest", "vest"), ("jacket", "jacket"), ("chino", "pants"),
    ("jeans", "pants"), ("joggers", "pants"), ("sneaker", "sneaker"), ("runner", "sneaker"),
    ("low-top", "sneaker"), ("running-shoe", "sneaker"), ("boot", "boot"), ("socks", "socks"),
    ("beanie", "beanie"), ("cap", "cap"), ("sunglasses", "sunglasses"), ("watch", "watch"),
    ("wallet", "wallet"), ("scarf", "scarf"), ("belt", "belt"), ("backpack", "backpack"),
    ("daypack", "backpack"), ("hiking-pack", "backpack"), ("weekender", "duffel"), ("tote", "tote"),
    ("sling", "sling"), ("cubes", "cubes"), ("dopp", "dopp"), ("carry-on", "suitcase"),
    ("headphones", "headphones"), ("earbuds", "earbuds"), ("bookshelf", "bookshelf"),
    ("speaker", "speaker"), ("turntable", "turntable"), ("power-bank", "powerbank"),
    ("charger", "charger"), ("cable", "cable"), ("charging-pad", "pad"), ("e-reader", "ereader"),
    ("keyboard", "keyboard"), ("tracker", "tracker"), ("desk-lamp", "desklamp"),
    ("table-lamp", "tablelamp"), ("lantern", "lantern"), ("mug", "mug"), ("bottle", "bottle"),
    ("pour-over", "pourover"), ("grinder", "grinder"), ("skillet", "skillet"), ("knife", "knife"),
    ("towels", "towel"), ("candle", "candle"), ("blanket", "blanket"), ("cushion", "cushion"),
    ("planter", "planter"), ("photo-editor", "app-editor"), ("timer", "app-timer"),
    ("gift-card", "giftcard"),
]
COLOUR_OPTIONS = ("colour", "finish", "glaze", "strap")

# Main colour for products without a colour option (otherwise the palette default).
SLUG_COLOURS = {
    "bloom-graphic-tee": "#8a7bc8", "sherpa-trucker-jacket": "#2f3c6d", "selvedge-denim-jeans": "#2b3558",
    "trail-running-shoe": "#4f7a5a", "waterproof-hiking-boot": "#8a5a3b", "merino-hiking-socks": "#6a7a3c",
    "alpine-hiking-pack": "#c3663e", "heavy-canvas-market-tote": "#d9cdb0", "packing-cubes-set": "#3d6e8f",
    "waxed-canvas-dopp-kit": "#6b7345", "belt-drive-turntable": "#6d4a2f", "slim-power-bank": "#7d8590",
    "gan-wall-charger-65w": "#f1efe9", "wireless-charging-pad": "#9aa3ad", "paperlight-e-reader": "#2c2c30",
    "rechargeable-camp-lantern": "#3f7d4f", "pour-over-coffee-set": "#c3663e", "manual-burr-grinder": "#6b6f76",
    "ceramic-planter": "#d9cfc0", "capsule-wardrobe-guide": "#b4532d", "one-pot-trail-cooking": "#3f7d4f",
    "home-barista-handbook": "#6b4226", "lumen-photo-editor": "#2d58b5", "deepwork-focus-timer": "#2f6f68",
    "weekend-away-kit": "#6b7345", "home-coffee-bundle": "#c3663e", "desk-power-bundle": "#34373f",
}


def pick_icon(product, top):
    if product["kind"] == "BUNDLE":
        return "box"
    if product["category"] == "e-books":
        return "book"
    words = f"-{product['slug']}-"
    for kw, icon in KEYWORDS:
        if f"-{kw}-" in words:
            return icon
    raise SystemExit(f"no icon for {product['slug']} (top category {top})")


def product_svg(product, top):
    bg1, bg2, default_main, accent = PALETTES[top]
    h = digest(product["slug"])
    main = SLUG_COLOURS.get(product["slug"], default_main)
    for key in COLOUR_OPTIONS:
        vals = product["options"].get(key)
        if vals and vals[0].lower() in NAMED:
            main = NAMED[vals[0].lower()]
            break
    # Keep very light products visible on light backgrounds.
    if luminance(main) > 0.86:
        bg1, bg2 = mix(bg1, bg2, .6), darker(bg2, .12)
    dark = darker(main, .28)
    light = lighter(main, .45)
    if product["slug"] == "linen-tea-towels":
        accent_for_icon = "#c0563f"
    else:
        accent_for_icon = accent
    angle_x = 20 + h[0] % 60
    # Two soft decorative discs, positioned per product.
    d1 = (120 + h[1] % 200, 110 + h[2] % 160, 90 + h[3] % 80)
    d2 = (520 + h[4] % 180, 560 + h[5] % 160, 70 + h[6] % 90)
    body = ICONS[pick_icon(product, top)](main, dark, light, accent_for_icon)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" width="800" height="800">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="{angle_x / 100:.2f}" y2="1">'
        f'<stop offset="0" stop-color="{bg1}"/><stop offset="1" stop-color="{bg2}"/></linearGradient></defs>'
        '<rect width="800" height="800" fill="url(#g)"/>'
        f'<circle cx="{d1[0]}" cy="{d1[1]}" r="{d1[2]}" fill="#ffffff" opacity=".28"/>'
        f'<circle cx="{d2[0]}" cy="{d2[1]}" r="{d2[2]}" fill="{accent}" opacity=".12"/>'
        '<ellipse cx="400" cy="660" rx="250" ry="26" fill="#000000" opacity=".08"/>'
        f"{body}</svg>\n"
    )


def flower(cx, cy, scale, petal, stem):
    """A stylised larkspur spike: stacked petals tapering up a stem."""
    parts = [f'<path d="M{cx} {cy + 46 * scale:.1f} L{cx} {cy - 40 * scale:.1f}" stroke="{stem}" '
             f'stroke-width="{3 * scale:.1f}" stroke-linecap="round"/>']
    for i, (dy, rr) in enumerate(((28, 9), (12, 8), (-3, 7), (-17, 6), (-30, 4.5))):
        y = cy + dy * scale
        off = (8 - i) * scale
        for dx in (-off, off):
            parts.append(f'<circle cx="{cx + dx:.1f}" cy="{y:.1f}" r="{rr * scale:.1f}" fill="{petal}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy - 40 * scale:.1f}" r="{3.5 * scale:.1f}" fill="{petal}"/>')
    return "".join(parts)


def logo_svg():
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 80" width="360" height="80" '
        'role="img" aria-label="Larkspur &amp; Co.">'
        '<title>Larkspur &amp; Co.</title>'
        '<circle cx="40" cy="40" r="34" fill="#ece8f7"/>'
        + flower(40, 40, 0.62, "#5b4bb7", "#3f7d4f")
        + '<text x="86" y="50" font-family="Georgia, \'Times New Roman\', serif" font-size="32" '
        'letter-spacing="0.5" fill="#2a2540">Larkspur <tspan fill="#5b4bb7" font-style="italic">&amp;</tspan> Co.</text>'
        "</svg>\n"
    )


def favicon_svg():
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        '<rect width="64" height="64" rx="14" fill="#5b4bb7"/>'
        + flower(32, 33, 0.5, "#f4efff", "#bfe3c8")
        + "</svg>\n"
    )


def main(argv):
    cat = json.loads(CATALOG.read_text(encoding="utf-8"))
    errors = validate(cat)
    if errors:
        for e in errors:
            print("catalog error:", e, file=sys.stderr)
        return 1
    print("catalog ok:", stats(cat))
    if "--check" in argv:
        return 0

    cats = {c["slug"]: c for c in cat["categories"]}
    PRODUCTS_DIR.mkdir(parents=True, exist_ok=True)
    wanted = set()
    largest = 0
    for product in cat["products"]:
        svg = product_svg(product, top_category(cats, product["category"]))
        size = len(svg.encode())
        if size > MAX_BYTES:
            print(f"{product['slug']}.svg is {size} bytes (> {MAX_BYTES})", file=sys.stderr)
            return 1
        largest = max(largest, size)
        out = PUBLIC / product["image"].lstrip("/")
        out.write_text(svg, encoding="utf-8")
        wanted.add(out.name)
    for stale in PRODUCTS_DIR.glob("*.svg"):
        if stale.name not in wanted:
            stale.unlink()
    (PUBLIC / "images" / "logo.svg").write_text(logo_svg(), encoding="utf-8")
    (PUBLIC / "favicon.svg").write_text(favicon_svg(), encoding="utf-8")
    print(f"wrote {len(wanted)} product images (largest {largest} bytes), logo.svg, favicon.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
