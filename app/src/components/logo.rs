//! The shop's mark and wordmark, inline in the header (the same art as `public/favicon.svg`
//! and `public/images/logo.svg`). An SVG `<img>` costs the browser a separate SVG document —
//! 20–40 ms of main thread each on a phone-class CPU — on every page; inline SVG is part of
//! the page. Decorative: the surrounding link carries the accessible name.
use leptos::prelude::*;

/// The square mark (phones) and the wordmark (wider screens).
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg
            viewBox="0 0 64 64"
            width="36"
            height="36"
            class="h-9 w-9 sm:hidden"
            aria-hidden="true"
            focusable="false"
        >
            <rect width="64" height="64" rx="14" fill="#5b4bb7" />
            <path
                d="M32 56.0 L32 13.0"
                stroke="#bfe3c8"
                stroke-width="1.5"
                stroke-linecap="round"
            />
            <g fill="#f4efff">
                <circle cx="28" cy="47" r="4.5" />
                <circle cx="36" cy="47" r="4.5" />
                <circle cx="28.5" cy="39" r="4" />
                <circle cx="35.5" cy="39" r="4" />
                <circle cx="29" cy="31.5" r="3.5" />
                <circle cx="35" cy="31.5" r="3.5" />
                <circle cx="29.5" cy="24.5" r="3" />
                <circle cx="34.5" cy="24.5" r="3" />
                <circle cx="30" cy="18" r="2.2" />
                <circle cx="34" cy="18" r="2.2" />
                <circle cx="32" cy="13" r="1.8" />
            </g>
        </svg>
        <svg
            viewBox="0 0 360 80"
            width="180"
            height="40"
            class="hidden h-10 w-auto sm:block"
            aria-hidden="true"
            focusable="false"
        >
            <circle cx="40" cy="40" r="34" fill="#ece8f7" />
            <path
                d="M40 68.5 L40 15.2"
                stroke="#3f7d4f"
                stroke-width="1.9"
                stroke-linecap="round"
            />
            <g fill="#5b4bb7">
                <circle cx="35" cy="57.4" r="5.6" />
                <circle cx="45" cy="57.4" r="5.6" />
                <circle cx="35.7" cy="47.4" r="5" />
                <circle cx="44.3" cy="47.4" r="5" />
                <circle cx="36.3" cy="38.1" r="4.3" />
                <circle cx="43.7" cy="38.1" r="4.3" />
                <circle cx="36.9" cy="29.5" r="3.7" />
                <circle cx="43.1" cy="29.5" r="3.7" />
                <circle cx="37.5" cy="21.4" r="2.8" />
                <circle cx="42.5" cy="21.4" r="2.8" />
                <circle cx="40" cy="15.2" r="2.2" />
            </g>
            <text
                x="86"
                y="50"
                font-family="Georgia, 'Times New Roman', serif"
                font-size="32"
                letter-spacing="0.5"
                fill="#2a2540"
            >
                "Larkspur "
                <tspan fill="#5b4bb7" font-style="italic">
                    "&"
                </tspan>
                " Co."
            </text>
        </svg>
    }
}
