//! Organisation names as exports write them, brought to the regulation's canonical form.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::hashing::FastMap;

/// Folds full-width ASCII to half-width and drops every kind of space (a name never needs one).
pub fn fold(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            '\u{3000}' => None,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect()
}

/// [`fold`], borrowing the name when folding would not change it: names are compared on every
/// rule of every case, and almost all are already folded.
pub fn folded(name: &str) -> Cow<'_, str> {
    let changes = |c: char| c.is_whitespace() || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if name.chars().any(changes) {
        Cow::Owned(fold(name))
    } else {
        Cow::Borrowed(name)
    }
}

/// The pack's naming knowledge: synonyms, prefixes that say nothing, and classes of bodies.
#[derive(Debug, Clone, Default)]
pub struct OrgNames {
    synonyms: FastMap<String, String>,
    /// The canonical names the synonyms lead to.
    canonical: std::collections::BTreeSet<String>,
    strip_prefixes: Vec<String>,
    classes: FastMap<String, OrgClass>,
}

#[derive(Debug, Clone, Default)]
pub struct OrgClass {
    pub names: Vec<String>,
    pub suffixes: Vec<String>,
}

impl OrgNames {
    pub fn new(
        synonyms: impl IntoIterator<Item = (String, Vec<String>)>,
        strip_prefixes: Vec<String>,
        classes: HashMap<String, OrgClass>,
    ) -> Self {
        let mut map = FastMap::default();
        let mut known = std::collections::BTreeSet::new();
        for (canonical, names) in synonyms {
            let canonical = fold(&canonical);
            known.insert(canonical.clone());
            for name in names {
                map.insert(fold(&name), canonical.clone());
            }
        }
        let mut names = OrgNames {
            synonyms: map,
            canonical: known,
            strip_prefixes: strip_prefixes.iter().map(|p| fold(p)).collect(),
            classes: FastMap::default(),
        };
        names.classes = classes
            .into_iter()
            .map(|(name, class)| (name, names.normalized_class(class)))
            .collect();
        names
    }

    /// The class with its names in canonical form, so a membership test normalises one name.
    fn normalized_class(&self, class: OrgClass) -> OrgClass {
        OrgClass {
            names: class
                .names
                .iter()
                .map(|n| self.normalize(n).into_owned())
                .collect(),
            suffixes: class.suffixes,
        }
    }

    /// Canonical form: folded, then a synonym of the whole name, else the name without a
    /// leading prefix such as 中国科学院 (and a synonym of that). Borrowed when that is the
    /// name itself or a part of it, or a synonym.
    pub fn normalize<'a>(&'a self, name: &'a str) -> Cow<'a, str> {
        let folded = folded(name);
        if let Some(canonical) = self.synonyms.get(folded.as_ref()) {
            return Cow::Borrowed(canonical);
        }
        let Some(rest_at) = self.prefix_len(&folded) else {
            return folded;
        };
        let rest = &folded[rest_at..];
        if let Some(canonical) = self.synonyms.get(rest) {
            return Cow::Borrowed(canonical);
        }
        match folded {
            Cow::Borrowed(name) => Cow::Borrowed(&name[rest_at..]),
            Cow::Owned(name) => Cow::Owned(name[rest_at..].to_string()),
        }
    }

    /// A name as a reader is told who must act: its canonical form where the pack knows the
    /// organisation, else the name as written (folded). Unlike [`OrgNames::normalize`] it never
    /// strips a prefix off a name the pack does not know: 中国科学院大学 stays itself.
    pub fn display_name(&self, name: &str) -> String {
        let canonical = self.normalize(name);
        if self.canonical.contains(canonical.as_ref()) {
            canonical.into_owned()
        } else {
            fold(name)
        }
    }

    /// The length of the first strip prefix that `folded` starts with and is longer than.
    fn prefix_len(&self, folded: &str) -> Option<usize> {
        self.strip_prefixes
            .iter()
            .find(|p| folded.len() > p.len() && folded.starts_with(p.as_str()))
            .map(String::len)
    }

    pub fn same(&self, a: &str, b: &str) -> bool {
        self.normalize(a) == self.normalize(b)
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.classes.contains_key(class)
    }

    /// Whether the (normalised) name belongs to a class such as `discipline_body`.
    pub fn in_class(&self, name: &str, class: &str) -> bool {
        let Some(class) = self.classes.get(class) else {
            return false;
        };
        let name = self.normalize(name);
        class.names.iter().any(|n| *n == name)
            || class.suffixes.iter().any(|s| name.ends_with(s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> OrgNames {
        let mut classes = HashMap::new();
        classes.insert(
            "discipline_body".to_string(),
            OrgClass {
                names: vec!["驻院纪检监察组".into()],
                suffixes: vec!["纪委".into(), "纪检组".into()],
            },
        );
        OrgNames::new(
            [
                ("人事局".to_string(), vec!["院人事局".to_string()]),
                (
                    "驻院纪检监察组".to_string(),
                    vec!["中央纪委国家监委驻中国科学院纪检监察组".to_string()],
                ),
                ("院党组".to_string(), vec!["中国科学院党组".to_string()]),
            ],
            vec!["中国科学院".into()],
            classes,
        )
    }

    #[test]
    fn folds_width_and_spaces() {
        assert_eq!(fold("　人事局 "), "人事局");
        assert_eq!(fold("ＡＢＣ　１"), "ABC1");
    }

    #[test]
    fn folded_borrows_only_what_fold_leaves_alone() {
        for name in [
            "人事局",
            "ABC1",
            "　人事局 ",
            "ＡＢＣ　１",
            "a\tb",
            "",
            "Ｚ",
        ] {
            let f = folded(name);
            assert_eq!(f, fold(name), "{name:?}");
            assert_eq!(matches!(f, Cow::Borrowed(_)), f == name, "{name:?}");
        }
    }

    #[test]
    fn synonyms_and_prefixes() {
        let n = names();
        assert_eq!(n.normalize("中国科学院人事局"), "人事局");
        assert_eq!(n.normalize("院人事局"), "人事局");
        assert_eq!(n.normalize("中国科学院上海分院分党组"), "上海分院分党组");
        assert_eq!(n.normalize("中国科学院党组"), "院党组");
        assert_eq!(n.normalize("中国科学院"), "中国科学院");
    }

    #[test]
    fn display_names_keep_what_the_pack_does_not_know() {
        let n = names();
        assert_eq!(n.display_name("中国科学院人事局"), "人事局");
        assert_eq!(
            n.display_name("中央纪委国家监委驻中国科学院纪检监察组"),
            "驻院纪检监察组"
        );
        assert_eq!(n.display_name("中国科学院大学"), "中国科学院大学");
        assert_eq!(n.display_name(" 某研究所 "), "某研究所");
    }

    #[test]
    fn classes_by_name_and_suffix() {
        let n = names();
        assert!(n.in_class("中央纪委国家监委驻中国科学院纪检监察组", "discipline_body"));
        assert!(n.in_class("某研究所纪委", "discipline_body"));
        assert!(!n.in_class("人事局", "discipline_body"));
        assert!(!n.in_class("人事局", "no_such_class"));
    }
}
