//! STUB
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub path: String,
    pub code: String,
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
    pub message: String,
}
pub fn validate(
    _form: &crate::Form,
    _answers: &serde_json::Value,
    _ctx: &crate::Ctx,
) -> Vec<Problem> {
    vec![]
}
pub fn validate_page(
    _form: &crate::Form,
    _answers: &serde_json::Value,
    _page: usize,
    _ctx: &crate::Ctx,
) -> Vec<Problem> {
    vec![]
}
pub fn validate_field(
    _form: &crate::Form,
    _answers: &serde_json::Value,
    _path: &str,
    _ctx: &crate::Ctx,
) -> Vec<Problem> {
    vec![]
}
