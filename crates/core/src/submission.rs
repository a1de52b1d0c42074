//! The submission envelope sent by the app and received by any backend
//! (see `docs/submission-protocol.md`).

use serde::{Deserialize, Serialize};

/// Which form (and which version of it) a submission was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRef {
    pub id: String,
    pub version: String,
}

/// The JSON body (or the `submission` part of a multipart body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Submission {
    pub form: FormRef,
    /// A UUID per submission attempt; also sent as `Idempotency-Key`.
    pub submission_id: String,
    /// RFC 3339 timestamp of the browser.
    pub submitted_at: String,
    pub locale: crate::Locale,
    /// The payload built by [`crate::payload`].
    pub data: serde_json::Value,
}

/// The value of a file field (an array of these) in answers and payloads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileDescriptor {
    /// Name of the multipart part carrying the bytes (`file-0`, `file-1`, …).
    pub part: String,
    /// File name as chosen by the citizen (no directories).
    pub name: String,
    /// Media type (`application/pdf`).
    #[serde(rename = "type")]
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
}

/// The `201` answer of a backend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub reference: String,
    pub received_at: String,
}

/// The `422` answer with validation problems.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::Problem>,
}
