//! Order lines with a quantity field each, for shipping, refunding or returning some units.

use leptos::prelude::*;

use super::INPUT;

/// One row per line, posted as the parallel `item[i]` / `qty[i]` fields the server's line
/// pickers read. `rows`: (order item id, label, units left). With `prefill` each quantity
/// starts at what is left (ship everything), else empty (nothing).
#[component]
pub fn LineQuantities(
    rows: Vec<(i64, String, u32)>,
    prefill: bool,
    /// For the fields' labels: "Units of … to {verb}".
    verb: &'static str,
    /// `data-testid` prefix of the quantity fields (`{testid}-{i}`).
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <table class="w-full text-sm">
            <tbody>
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (id, label, left))| {
                        view! {
                            <tr>
                                <td class="py-1">{label.clone()}</td>
                                <td class="w-28">
                                    <input
                                        type="hidden"
                                        name=format!("item[{i}]")
                                        value=id.to_string()
                                    />
                                    <input
                                        type="number"
                                        min="0"
                                        max=left.to_string()
                                        name=format!("qty[{i}]")
                                        value=prefill.then(|| left.to_string())
                                        placeholder="0"
                                        class=INPUT
                                        data-testid=testid.map(|t| format!("{t}-{i}"))
                                        aria-label=format!("Units of {label} to {verb}")
                                    />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
