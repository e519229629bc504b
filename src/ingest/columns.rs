//! Where a generic table keeps each field: `[input.columns]` and the
//! `--text-col` … flags, checked.

use crate::core::Platform;
use serde::Serialize;

/// Checked column names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Columns {
    pub text: Option<String>,
    pub id: Option<String>,
    pub created_at: Option<String>,
    pub author: Option<String>,
    pub likes: Option<String>,
    pub shares: Option<String>,
    pub comments: Option<String>,
    pub views: Option<String>,
    pub platform: Option<PlatformColumn>,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    /// The post a row replies to, reposts or quotes.
    pub parent: Option<String>,
    /// The link a row shares.
    pub link: Option<String>,
}

/// The platform of a generic table: a constant or a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PlatformColumn {
    Constant(Platform),
    Column(String),
}
