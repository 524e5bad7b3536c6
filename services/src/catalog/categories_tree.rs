//! The category tree (small; loaded whole per request).

use crate::args;
use crate::db::Db;
use shared::listing::CategoryCrumb;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub position: i32,
}

#[derive(Clone, Debug)]
pub struct CategoryTree {
    pub nodes: Vec<CategoryNode>,
}

impl CategoryTree {
    pub async fn load(db: &Db) -> anyhow::Result<Self> {
        let nodes: Vec<CategoryNode> = db
            .all(
                "SELECT id, parent_id, slug, name, position FROM categories
                  WHERE is_active ORDER BY position, name",
                args![],
            )
            .await?;
        Ok(CategoryTree { nodes })
    }

    pub fn by_slug(&self, slug: &str) -> Option<&CategoryNode> {
        self.nodes.iter().find(|n| n.slug == slug)
    }

    pub fn by_id(&self, id: i64) -> Option<&CategoryNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn children(&self, parent: Option<i64>) -> impl Iterator<Item = &CategoryNode> {
        self.nodes.iter().filter(move |n| n.parent_id == parent)
    }

    /// `id` and all its descendants.
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            out.extend(
                self.nodes
                    .iter()
                    .filter(|n| n.parent_id == Some(cur))
                    .map(|n| n.id),
            );
            i += 1;
            if out.len() > self.nodes.len() {
                break; // a cycle in bad data; stop rather than loop forever
            }
        }
        out
    }

    /// `id` and its ancestors, nearest first, through active categories only (the same
    /// reachability as [`CategoryTree::subtree`]).
    pub fn ancestors(&self, id: i64) -> Vec<&CategoryNode> {
        let mut out = Vec::new();
        let mut cur = self.by_id(id);
        while let Some(n) = cur {
            out.push(n);
            if out.len() > self.nodes.len() {
                break; // a cycle in bad data
            }
            cur = n.parent_id.and_then(|p| self.by_id(p));
        }
        out
    }

    /// Root first, ending with `id`.
    pub fn breadcrumbs(&self, id: i64) -> Vec<CategoryCrumb> {
        self.ancestors(id)
            .into_iter()
            .rev()
            .map(|n| CategoryCrumb {
                slug: n.slug.clone(),
                name: n.name.clone(),
            })
            .collect()
    }

    /// For each of `nodes`, the sum of `counts` (per category id) over the node's subtree.
    pub fn subtree_totals(
        &self,
        nodes: impl IntoIterator<Item = i64>,
        counts: &[(Option<i64>, i64)],
    ) -> Vec<(i64, i64)> {
        nodes
            .into_iter()
            .map(|node| {
                let subtree = self.subtree(node);
                let n = counts
                    .iter()
                    .filter(|(c, _)| c.is_some_and(|c| subtree.contains(&c)))
                    .map(|(_, n)| n)
                    .sum();
                (node, n)
            })
            .collect()
    }
}
