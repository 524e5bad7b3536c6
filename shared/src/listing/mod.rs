//! Product listing: the validated query (shared by URL, server function and REST API), its
//! keyset cursors, and the page of results with facet counts.

mod cursor;
mod page;
mod query;

pub use cursor::Cursor;
pub use page::{CategoryCrumb, FacetGroup, FacetValue, ListingPage, PRICE_BUCKETS, PriceBucket};
pub use query::{DEFAULT_PER_PAGE, ListingQuery, MAX_PER_PAGE, MAX_QUERY_LEN, Sort, url_encode};
