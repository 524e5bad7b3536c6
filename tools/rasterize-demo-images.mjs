// WebP rasters of the demo product artwork: every `<slug>.svg` in the given folder becomes
// `<slug>.webp` (800x800, quality 0.85), drawn by Debian's Chromium through Playwright. The demo
// catalogue references the WebP files (see tools/gen_demo_images.py for why).
//
//   node tools/rasterize-demo-images.mjs public/images/products
import { chromium } from 'playwright';
import fs from 'fs';
const dir = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.setContent('<canvas id=c width=800 height=800></canvas>');
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.svg')).sort()) {
  const svg = fs.readFileSync(`${dir}/${f}`, 'utf8');
  const url = await page.evaluate(async (svg) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;base64,' + btoa(svg);
    await img.decode();
    const c = document.getElementById('c'); const ctx = c.getContext('2d');
    ctx.clearRect(0, 0, 800, 800); ctx.drawImage(img, 0, 0, 800, 800);
    return c.toDataURL('image/webp', 0.85);
  }, svg);
  fs.writeFileSync(`${dir}/${f.replace(/\.svg$/, '.webp')}`, Buffer.from(url.split(',')[1], 'base64'));
}
await browser.close();
