//! The script that turns the server-rendered page into the hydrated app — loaded *after* the
//! page has painted, not in parallel with it.
//!
//! Leptos' own `<HydrationScripts>` preloads the entry JS and WASM from `<head>` (and, with
//! `--split`, every chunk of the page): on a slow phone connection ~260 KB of WASM then
//! competes with the stylesheet and the product pictures, and compiling and hydrating it can
//! run before the first frame — the largest paint waited for the whole bundle (Lighthouse LCP
//! 2.4–4.3 s, `docs/benchmarks.md`). Every page is a working HTML page without JavaScript
//! (plain forms and links), so nothing is lost by painting it first: this script waits for the
//! window's `load` event (or 3 s, whichever comes first), lets one frame paint, and only then
//! imports the entry module (which fetches the WASM) while preloading the page's chunks, and
//! hydrates. The end-to-end suite waits for `body[data-hydrated]` before using hydrated-only behaviour.
use leptos::prelude::*;

/// Which split group (`crate::routes`) serves a path: the first pattern that matches. Only a
/// hint for preloading — a path missing here still hydrates, its chunks just load one round
/// trip later.
const PAGE_GROUPS: &str = r#"[["^/$","home"],["^/(products|search|c/)","listing"],["^/p/","product"],["^/cart$","cart"],["^/(checkout|orders/)","checkout"],["^/(account|unsubscribe)","account"],["^/admin","admin"]]"#;

/// `<script type="module">` for the `<head>` of the shell (server side only). After the first
/// paint it imports the entry module (which fetches the WASM) and, in parallel, preloads the
/// current page's chunks listed in the split manifest, so hydration needs no extra round trip.
#[component]
pub fn DeferredHydrationScripts(options: LeptosOptions) -> impl IntoView {
    let names = bundle_file_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let manifest = names
        .manifest
        .map(|m| format!("{pkg}/{m}"))
        .unwrap_or_default();
    let split = names
        .split
        .map(|m| format!("{pkg}/{m}"))
        .unwrap_or_default();
    let (js, wasm) = (names.js, names.wasm);
    let script = format!(
        r#"(()=>{{let started=false;const pkg="{pkg}",manifest="{manifest}",split="{split}";
const preload=(href,wasm)=>{{const l=document.createElement("link");l.rel=wasm?"preload":"modulepreload";if(wasm){{l.as="fetch";l.type="application/wasm"}}l.crossOrigin="anonymous";l.href=href;document.head.append(l)}};
const chunks=()=>{{if(!manifest)return;if(split)preload(split,false);const g=({PAGE_GROUPS}).find(([re])=>new RegExp(re).test(location.pathname));if(!g)return;
fetch(manifest).then(r=>r.json()).then(m=>{{const key=Object.keys(m).find(k=>k.startsWith(g[1]+"_group_"));for(const c of m[key]||[])preload(pkg+"/"+c+".wasm",true)}}).catch(()=>{{}})}};
const go=()=>{{if(started)return;started=true;chunks();import("{pkg}/{js}.js").then(m=>m.default({{module_or_path:"{pkg}/{wasm}.wasm"}}).then(()=>m.hydrate()))}};
const afterPaint=()=>requestAnimationFrame(()=>setTimeout(go,0));
if(document.readyState==="complete")afterPaint();else{{addEventListener("load",afterPaint,{{once:true}});setTimeout(go,3000)}}}})()"#
    );
    let nonce = leptos::nonce::use_nonce();
    view! {
        <script type="module" nonce=nonce>
            {script}
        </script>
    }
}

/// The bundle's file names (without the `/pkg/` prefix).
#[derive(Clone)]
struct BundleNames {
    /// Entry JS, without extension.
    js: String,
    /// Entry WASM, without extension.
    wasm: String,
    /// The split manifest and loader (`--split` builds with hashed names).
    manifest: Option<String>,
    split: Option<String>,
}

/// The entry JS and WASM names — content-hashed when `hash-files` is on, read (once per
/// process) from the hash file cargo-leptos writes beside the server binary.
fn bundle_file_names(options: &LeptosOptions) -> BundleNames {
    if !options.hash_files {
        return read_bundle_file_names(options);
    }
    static HASHED: std::sync::OnceLock<BundleNames> = std::sync::OnceLock::new();
    HASHED
        .get_or_init(|| read_bundle_file_names(options))
        .clone()
}

fn read_bundle_file_names(options: &LeptosOptions) -> BundleNames {
    let (mut manifest, mut split) = (None, None);
    let mut js = options.output_name.to_string();
    let mut wasm = options.output_name.to_string();
    if options.hash_files {
        let hash_path = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.to_path_buf()))
            .unwrap_or_default()
            .join(options.hash_file.as_ref());
        let hashes = std::fs::read_to_string(&hash_path).unwrap_or_else(|err| {
            leptos::logging::error!(
                "hash-files is on but {} is unreadable: {err}",
                hash_path.display()
            );
            String::new()
        });
        for line in hashes.lines() {
            match line.trim().split_once(':') {
                Some(("js", hash)) => js = format!("{js}.{}", hash.trim()),
                Some(("wasm", hash)) => wasm = format!("{wasm}.{}", hash.trim()),
                Some(("manifest", hash)) => {
                    manifest = Some(format!("__wasm_split_manifest.{}.json", hash.trim()))
                }
                Some(("split", hash)) => split = Some(format!("__wasm_split.{}.js", hash.trim())),
                _ => {}
            }
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    BundleNames {
        js,
        wasm,
        manifest,
        split,
    }
}
