//! STUB
pub fn payload(
    _form: &crate::Form,
    _answers: &serde_json::Value,
    _ctx: &crate::Ctx,
) -> serde_json::Value {
    serde_json::Value::Null
}
