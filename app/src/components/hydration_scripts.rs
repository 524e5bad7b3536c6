//! The script that brings the page's islands to life — loaded *after* the page has painted,
//! not in parallel with it.
//!
//! The shop is server-rendered HTML that works without JavaScript (plain forms and links);
//! only the `#[island]` components (the category dropdown, search suggestions, instant
//! filters, the add-to-cart form…) run in the browser. Leptos' own `<HydrationScripts>`
//! preloads the bundle from `<head>`, where it competes with the stylesheet and the product
//! pictures on a slow phone connection; this script waits for the window's `load` event (or
//! 3 s, whichever comes first), lets one frame paint, then imports the entry module (which
//! fetches the WASM), creates the reactive root (`hydrate`) and hydrates every
//! `<leptos-island>` in document order by calling the export named in its
//! `data-component`, as Leptos' island script does. Then it marks `<body data-hydrated>`: the
//! end-to-end suite waits for that before using hydrated-only behaviour.
use leptos::prelude::*;

/// `<script type="module">` for the `<head>` of the shell (server side only).
#[component]
pub fn DeferredHydrationScripts(options: LeptosOptions) -> impl IntoView {
    let names = bundle_file_names(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let (js, wasm) = (names.js, names.wasm);
    let script = format!(
        r#"(()=>{{let started=false;const kids=[];
const island=async(el,m)=>{{const f=m[el.dataset.component];if(!f){{console.warn("no WASM export for island "+el.dataset.component);return}}const cb=kids[kids.length-1];if(cb)cb();const r=f(el);if(r&&r.then)await r}};
const walk=async(node,m)=>{{if(node.nodeType!==1)return;const tag=node.tagName.toLowerCase();if(tag==="leptos-island"){{await island(node,m);for(const c of node.children)await walk(c,m)}}else if(tag==="leptos-children"){{kids.push(node.$$on_hydrate);for(const c of node.children)await walk(c,m);kids.pop()}}else{{for(const c of node.children)await walk(c,m)}}}};
const go=()=>{{if(started)return;started=true;import("{pkg}/{js}.js").then(m=>m.default({{module_or_path:"{pkg}/{wasm}.wasm"}}).then(async()=>{{m.hydrate();await walk(document.body,m);document.body.setAttribute("data-hydrated","true")}}))}};
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
                _ => {}
            }
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    BundleNames { js, wasm }
}
