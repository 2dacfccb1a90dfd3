//! JSON Schemas (draft-07, as taplo / Even Better TOML read them) of the project file and of
//! rule profiles, generated from the types that read them so they cannot drift apart.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::profile::ProfileFile;
use crate::project::ProjectFile;

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Project,
    Rules,
}

/// The schema as pretty JSON, ending in a newline.
pub fn json(kind: Kind) -> String {
    match kind {
        Kind::Project => render::<ProjectFile>(),
        Kind::Rules => render::<ProfileFile>(),
    }
}

fn render<T: JsonSchema>() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    drop_null(&mut value);
    let mut text = serde_json::to_string_pretty(&value).expect("schemas serialize");
    text.push('\n');
    text
}

/// TOML has no null: an optional key is simply left out, so `Option<T>` is just `T`.
fn drop_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_string(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if any.len() == 1 {
                    let only = any.remove(0);
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (key, value) in inner {
                            map.entry(key).or_insert(value);
                        }
                    }
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schemas are what editors load: they must match the code.
    #[test]
    fn committed_schemas_match_the_code() {
        let committed = [
            (Kind::Project, include_str!("../schema/project.json")),
            (Kind::Rules, include_str!("../schema/rules.json")),
        ];
        for (kind, text) in committed {
            assert_eq!(
                json(kind),
                text,
                "schema/ is out of date: run `perf-eval schema project > schema/project.json` and `perf-eval schema rules > schema/rules.json`"
            );
        }
    }
}
