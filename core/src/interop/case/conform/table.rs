//! The table of CASE 1.1: for every object of a CFPackage, the properties
//! of the CASE 1.1 JSON Schema (`getCFPackage` response, draft 2020-12)
//! with their types, formats and whether they are required; the
//! association types.

/// An object of a CFPackage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Package,
    Document,
    Item,
    Association,
    Definitions,
    Concept,
    Subject,
    License,
    ItemType,
    Grouping,
    Rubric,
    RubricCriterion,
    RubricLevel,
    /// `LinkURIDType`: title, identifier (a UUID) and uri, all required.
    Link,
    /// `LinkGenURIDType` (association ends): the identifier may be any text.
    NodeLink,
}

impl Kind {
    /// The name used in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Package => "CFPackage",
            Kind::Document => "CFDocument",
            Kind::Item => "CFItem",
            Kind::Association => "CFAssociation",
            Kind::Definitions => "CFDefinitions",
            Kind::Concept => "CFConcept",
            Kind::Subject => "CFSubject",
            Kind::License => "CFLicense",
            Kind::ItemType => "CFItemType",
            Kind::Grouping => "CFAssociationGrouping",
            Kind::Rubric => "CFRubric",
            Kind::RubricCriterion => "CFRubricCriterion",
            Kind::RubricLevel => "CFRubricCriterionLevel",
            Kind::Link => "link",
            Kind::NodeLink => "association end",
        }
    }
}

/// The type (and format) of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// A string, format `uri` (RFC 3986, with a scheme).
    Uri,
    /// A string, format `date-time` (RFC 3339, with a time zone).
    DateTime,
    /// A string, format `date` (`YYYY-MM-DD`).
    Date,
    /// A string matching the schema's UUID pattern (RFC 4122 variant).
    Uuid,
    /// An array of strings.
    Strings,
    /// An integer (format `int32`).
    Int,
    /// A number.
    Num,
    /// An extension object (any properties).
    Ext,
    /// An array of extension objects.
    ExtList,
    /// `caseVersion`: only `1.1`.
    CaseVersion,
    /// `associationType`: the CASE vocabulary or `ext:NAME`.
    AssocType,
    /// `targetType` of an association end: `CASE` or `ext:NAME`.
    TargetType,
    /// An object of a kind.
    Obj(Kind),
    /// An array of objects of a kind.
    List(Kind),
}

/// One property of an object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prop {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// Read (and its presence and JSON type checked) by the importer
    /// itself: here only its format is checked.
    pub(crate) hard: bool,
}

const fn p(name: &'static str, ty: Ty) -> Prop {
    Prop {
        name,
        ty,
        required: false,
        hard: false,
    }
}
const fn req(name: &'static str, ty: Ty) -> Prop {
    Prop {
        name,
        ty,
        required: true,
        hard: false,
    }
}
const fn hard(name: &'static str, ty: Ty, required: bool) -> Prop {
    Prop {
        name,
        ty,
        required,
        hard: true,
    }
}

const PACKAGE: &[Prop] = &[
    hard("CFDocument", Ty::Obj(Kind::Document), true),
    hard("CFItems", Ty::List(Kind::Item), false),
    hard("CFAssociations", Ty::List(Kind::Association), false),
    p("CFDefinitions", Ty::Obj(Kind::Definitions)),
    hard("CFRubrics", Ty::List(Kind::Rubric), false),
    p("extensions", Ty::Ext),
];
const DOCUMENT: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    req("uri", Ty::Uri),
    p("frameworkType", Ty::Str),
    p("caseVersion", Ty::CaseVersion),
    req("creator", Ty::Str),
    hard("title", Ty::Str, true),
    req("lastChangeDateTime", Ty::DateTime),
    p("officialSourceURL", Ty::Uri),
    p("publisher", Ty::Str),
    p("description", Ty::Str),
    p("subject", Ty::Strings),
    p("subjectURI", Ty::List(Kind::Link)),
    p("language", Ty::Str),
    p("version", Ty::Str),
    p("adoptionStatus", Ty::Str),
    p("statusStartDate", Ty::Date),
    p("statusEndDate", Ty::Date),
    p("licenseURI", Ty::Obj(Kind::Link)),
    p("notes", Ty::Str),
    p("extensions", Ty::Ext),
];
const ITEM: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    hard("fullStatement", Ty::Str, true),
    p("alternativeLabel", Ty::Str),
    p("CFItemType", Ty::Str),
    req("uri", Ty::Uri),
    p("humanCodingScheme", Ty::Str),
    p("listEnumeration", Ty::Str),
    p("abbreviatedStatement", Ty::Str),
    p("conceptKeywords", Ty::Strings),
    p("conceptKeywordsURI", Ty::Obj(Kind::Link)),
    p("notes", Ty::Str),
    p("subject", Ty::Strings),
    p("subjectURI", Ty::List(Kind::Link)),
    p("language", Ty::Str),
    p("educationLevel", Ty::Strings),
    p("CFItemTypeURI", Ty::Obj(Kind::Link)),
    p("licenseURI", Ty::Obj(Kind::Link)),
    p("statusStartDate", Ty::Date),
    p("statusEndDate", Ty::Date),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const ASSOCIATION: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    hard("associationType", Ty::AssocType, true),
    hard("sequenceNumber", Ty::Int, false),
    req("uri", Ty::Uri),
    hard("originNodeURI", Ty::Obj(Kind::NodeLink), true),
    hard("destinationNodeURI", Ty::Obj(Kind::NodeLink), true),
    p("CFAssociationGroupingURI", Ty::Obj(Kind::Link)),
    req("lastChangeDateTime", Ty::DateTime),
    p("notes", Ty::Str),
    p("extensions", Ty::Ext),
];
const DEFINITIONS: &[Prop] = &[
    p("CFConcepts", Ty::List(Kind::Concept)),
    p("CFSubjects", Ty::List(Kind::Subject)),
    p("CFLicenses", Ty::List(Kind::License)),
    p("CFItemTypes", Ty::List(Kind::ItemType)),
    p("CFAssociationGroupings", Ty::List(Kind::Grouping)),
    p("extensions", Ty::Ext),
];
const CONCEPT: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("keywords", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const SUBJECT: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const LICENSE: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("description", Ty::Str),
    req("licenseText", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const ITEM_TYPE: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    req("description", Ty::Str),
    req("hierarchyCode", Ty::Str),
    p("typeCode", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const GROUPING: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    req("title", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::Ext),
];
const RUBRIC: &[Prop] = &[
    hard("identifier", Ty::Uuid, true),
    req("uri", Ty::Uri),
    p("title", Ty::Str),
    p("description", Ty::Str),
    req("lastChangeDateTime", Ty::DateTime),
    hard("CFRubricCriteria", Ty::List(Kind::RubricCriterion), false),
    p("extensions", Ty::Ext),
];
const RUBRIC_CRITERION: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    p("category", Ty::Str),
    p("description", Ty::Str),
    hard("CFItemURI", Ty::Obj(Kind::Link), false),
    p("weight", Ty::Num),
    p("position", Ty::Int),
    p("rubricId", Ty::Uuid),
    req("lastChangeDateTime", Ty::DateTime),
    p("CFRubricCriterionLevels", Ty::List(Kind::RubricLevel)),
    p("extensions", Ty::Ext),
];
const RUBRIC_LEVEL: &[Prop] = &[
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
    p("description", Ty::Str),
    p("quality", Ty::Str),
    p("score", Ty::Num),
    p("feedback", Ty::Str),
    p("position", Ty::Int),
    p("rubricCriterionId", Ty::Uuid),
    req("lastChangeDateTime", Ty::DateTime),
    p("extensions", Ty::ExtList),
];
const LINK: &[Prop] = &[
    req("title", Ty::Str),
    req("identifier", Ty::Uuid),
    req("uri", Ty::Uri),
];
const NODE_LINK: &[Prop] = &[
    req("title", Ty::Str),
    hard("identifier", Ty::Str, true),
    req("uri", Ty::Uri),
    p("targetType", Ty::TargetType),
];

/// The properties CASE 1.1 defines for `kind`, in the schema's order.
pub(crate) fn props(kind: Kind) -> &'static [Prop] {
    match kind {
        Kind::Package => PACKAGE,
        Kind::Document => DOCUMENT,
        Kind::Item => ITEM,
        Kind::Association => ASSOCIATION,
        Kind::Definitions => DEFINITIONS,
        Kind::Concept => CONCEPT,
        Kind::Subject => SUBJECT,
        Kind::License => LICENSE,
        Kind::ItemType => ITEM_TYPE,
        Kind::Grouping => GROUPING,
        Kind::Rubric => RUBRIC,
        Kind::RubricCriterion => RUBRIC_CRITERION,
        Kind::RubricLevel => RUBRIC_LEVEL,
        Kind::Link => LINK,
        Kind::NodeLink => NODE_LINK,
    }
}

/// The property names of `kind`.
pub(crate) fn names(kind: Kind) -> Vec<&'static str> {
    props(kind).iter().map(|p| p.name).collect()
}

/// The association types of CASE 1.1.
pub(crate) const ASSOC_TYPES: &[&str] = &[
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
];

/// `ext:NAME`, as the schema's pattern for extension vocabulary.
pub(crate) fn is_ext_type(t: &str) -> bool {
    t.strip_prefix("ext:").is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    })
}

/// `ext:NAME` for a type outside the vocabulary (characters an extension
/// name cannot hold become `-`).
pub(crate) fn ext_type(t: &str) -> String {
    let name: String = t
        .strip_prefix("ext:")
        .unwrap_or(t)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "ext:unknown".into()
    } else {
        format!("ext:{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The table is the vendored CASE 1.1 schema's: the same properties
    /// for every object, the same required ones, the same types and formats.
    #[test]
    fn the_table_is_the_schemas() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/schemas/case-v1p1-cfpackage-schema.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let schema: Value = serde_json::from_str(&text).unwrap_or_default();
        let defs = &schema["$defs"];
        let def = |kind: Kind| -> &Value {
            match kind {
                Kind::Package => &schema,
                Kind::Document => &defs["CFPckgDocumentDType"],
                Kind::Item => &defs["CFPckgItemDType"],
                Kind::Association => &defs["CFPckgAssociationDType"],
                Kind::Definitions => &defs["CFDefinitionDType"],
                Kind::Concept => &defs["CFConceptDType"],
                Kind::Subject => &defs["CFSubjectDType"],
                Kind::License => &defs["CFLicenseDType"],
                Kind::ItemType => &defs["CFItemTypeDType"],
                Kind::Grouping => &defs["CFAssociationGroupingDType"],
                Kind::Rubric => &defs["CFRubricDType"],
                Kind::RubricCriterion => &defs["CFRubricCriterionDType"],
                Kind::RubricLevel => &defs["CFRubricCriterionLevelDType"],
                Kind::Link => &defs["LinkURIDType"],
                Kind::NodeLink => &defs["LinkGenURIDType"],
            }
        };
        let resolve = |v: &Value| -> String {
            v["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .unwrap_or("")
                .to_string()
        };
        let name_of = |k: Kind| -> String {
            let d = def(k);
            defs.as_object()
                .and_then(|m| m.iter().find(|(_, v)| std::ptr::eq(*v, d)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default()
        };
        let kinds = [
            Kind::Package,
            Kind::Document,
            Kind::Item,
            Kind::Association,
            Kind::Definitions,
            Kind::Concept,
            Kind::Subject,
            Kind::License,
            Kind::ItemType,
            Kind::Grouping,
            Kind::Rubric,
            Kind::RubricCriterion,
            Kind::RubricLevel,
            Kind::Link,
            Kind::NodeLink,
        ];
        for kind in kinds {
            let d = def(kind);
            assert_eq!(d["additionalProperties"], Value::Bool(false), "{kind:?}");
            let props_s = d["properties"].as_object().cloned().unwrap_or_default();
            let mut ours: Vec<&str> = names(kind);
            let mut theirs: Vec<&str> = props_s.keys().map(String::as_str).collect();
            ours.sort_unstable();
            theirs.sort_unstable();
            assert_eq!(ours, theirs, "{kind:?}");
            let required: Vec<&str> = d["required"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for p in props(kind) {
                assert_eq!(
                    p.required,
                    required.contains(&p.name),
                    "{kind:?}.{}",
                    p.name
                );
                let s = &props_s[p.name];
                let (ty, format) = (s["type"].as_str(), s["format"].as_str());
                let ok = match p.ty {
                    Ty::Str => {
                        ty == Some("string") && format.is_none() && s.get("pattern").is_none()
                    }
                    Ty::Uri => ty == Some("string") && format == Some("uri"),
                    Ty::DateTime => ty == Some("string") && format == Some("date-time"),
                    Ty::Date => ty == Some("string") && format == Some("date"),
                    Ty::Uuid => {
                        ty == Some("string")
                            && s["pattern"]
                                .as_str()
                                .is_some_and(|x| x.contains("[8-9a-b]"))
                    }
                    Ty::Strings => ty == Some("array") && s["items"]["type"] == "string",
                    Ty::Int => ty == Some("integer") && format == Some("int32"),
                    Ty::Num => ty == Some("number"),
                    Ty::Ext => resolve(s).ends_with("ExtensionDType"),
                    Ty::ExtList => {
                        ty == Some("array") && resolve(&s["items"]).ends_with("ExtensionDType")
                    }
                    Ty::CaseVersion => s["enum"] == serde_json::json!(["1.1"]),
                    Ty::AssocType => {
                        s["anyOf"][0]["enum"] == serde_json::json!(ASSOC_TYPES)
                            && s["anyOf"][1]["pattern"]
                                .as_str()
                                .is_some_and(|x| x.starts_with("(ext:)"))
                    }
                    Ty::TargetType => s["anyOf"][0]["enum"] == serde_json::json!(["CASE"]),
                    Ty::Obj(k) => resolve(s) == name_of(k),
                    Ty::List(k) => ty == Some("array") && resolve(&s["items"]) == name_of(k),
                };
                assert!(ok, "{kind:?}.{}: {s}", p.name);
            }
        }
    }
}
