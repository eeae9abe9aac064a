//! What changed between two snapshots of a record (the audit trail's before and after).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// Dotted path of the field, e.g. `budget.minor`.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The leaf fields whose values differ, in key order. Objects are compared field by field;
/// anything else (arrays, scalars) as a whole.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(&p, b.get(k), a.get(k), out);
            }
        }
        (b, a) if b == a => {}
        (b, a) => out.push(FieldChange {
            field: path.to_string(),
            before: b.map(show),
            after: a.map(show),
        }),
    }
}

/// Marks what a reader may not see: values under `hidden` (a top-level key, e.g. the
/// onboarding data) show as "(hidden)". A change there is still listed, so readers know
/// it happened; its values are not.
pub fn changes_hiding(
    before: Option<&Value>,
    after: Option<&Value>,
    hidden: &str,
) -> Vec<FieldChange> {
    const HIDDEN: &str = "(hidden)";
    fn mask(v: &Value, hidden: &str) -> Value {
        let mut v = v.clone();
        if let Some(Value::Object(inner)) = v.get_mut(hidden) {
            for value in inner.values_mut() {
                if !value.is_null() {
                    *value = Value::String(HIDDEN.into());
                }
            }
        }
        v
    }
    let prefix = format!("{hidden}.");
    let mut out = if before.is_some() && after.is_some() {
        changes(before, after)
    } else {
        // A creation or deletion is one whole snapshot: mask it before it is shown.
        changes(
            before.map(|v| mask(v, hidden)).as_ref(),
            after.map(|v| mask(v, hidden)).as_ref(),
        )
    };
    for c in &mut out {
        if c.field == hidden || c.field.starts_with(&prefix) {
            c.before = c.before.as_ref().map(|_| HIDDEN.into());
            c.after = c.after.as_ref().map(|_| HIDDEN.into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_changed_leaves_only() {
        let before =
            json!({"name": "Spring", "budget": {"minor": 100, "currency": "EUR"}, "tags": [1]});
        let after =
            json!({"name": "Spring", "budget": {"minor": 250, "currency": "EUR"}, "tags": [1, 2]});
        let c = changes(Some(&before), Some(&after));
        assert_eq!(
            c,
            vec![
                FieldChange {
                    field: "budget.minor".into(),
                    before: Some("100".into()),
                    after: Some("250".into())
                },
                FieldChange {
                    field: "tags".into(),
                    before: Some("[1]".into()),
                    after: Some("[1,2]".into())
                },
            ]
        );
    }

    #[test]
    fn a_creation_has_no_before() {
        let after = json!({"name": "X"});
        let c = changes(None, Some(&after));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].before, None);
        assert!(changes(Some(&after), Some(&after)).is_empty());
    }

    #[test]
    fn hidden_values_never_show_but_their_changes_do() {
        let before = json!({"Name": "Ana", "Onboarding": {"Tax id": "T-1", "Legal name": null}});
        let after = json!({"Name": "Ana", "Onboarding": {"Tax id": "T-2", "Legal name": null}});
        let c = changes_hiding(Some(&before), Some(&after), "Onboarding");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, "Onboarding.Tax id");
        assert_eq!(c[0].after.as_deref(), Some("(hidden)"));
        for (b, a) in [(None, Some(&after)), (Some(&before), None)] {
            let shown = format!("{:?}", changes_hiding(b, a, "Onboarding"));
            assert!(!shown.contains("T-1") && !shown.contains("T-2"), "{shown}");
            assert!(shown.contains("Ana"), "the rest still shows: {shown}");
        }
    }
}
