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
}
