//! Keys of the record model's maps. The export format's field names are numbered when a record
//! is read: a record holds a byte per such key instead of a copy of its text, and a rule path
//! compiled to numbers finds a field by comparing bytes, not texts (key comparison was a tenth
//! of a check). Any other key keeps its text.

use std::borrow::Borrow;
use std::fmt;
use std::sync::OnceLock;

use crate::hashing::FastMap;

/// A map key: one of [`KNOWN`], by its place, or any other text.
#[derive(Clone, PartialEq, Eq)]
pub enum Key {
    Known(u8),
    Other(Box<str>),
}

/// The field names of the export format (every segment of `schema::FIELDS`, and `kind`, `id`),
/// sorted. `schema`'s tests check that it lists them all.
pub const KNOWN: &[&str] = &[
    "accountability",
    "adjustment",
    "approved_by",
    "approved_on",
    "assessment_meeting",
    "assessments",
    "assigned_to",
    "attendees",
    "branch",
    "case_id",
    "category",
    "cc",
    "circular",
    "clue_id",
    "clues",
    "completed_on",
    "conducted_by",
    "conducted_on",
    "consulted_on",
    "contingency_plan_on",
    "decided_on",
    "delivered_on",
    "departments",
    "disposal_form",
    "distributed_on",
    "distributed_to",
    "eight_rules",
    "entered_on",
    "feedback",
    "forwarded_on",
    "forwarded_to",
    "from",
    "group_approved_on",
    "group_decided_on",
    "group_reviewed_on",
    "handled_on",
    "held_on",
    "id",
    "intake_briefings",
    "issued_on",
    "kind",
    "leader",
    "leader_added",
    "leaders",
    "ledger_submissions",
    "life_meeting",
    "logistics_on",
    "materials_on",
    "members",
    "name",
    "names",
    "on",
    "opinion_on",
    "organizers",
    "outcome",
    "party_approved_on",
    "personal_matters_check",
    "petitions",
    "preparation",
    "problem_ids",
    "problems",
    "proposed_on",
    "raised_on",
    "received_on",
    "rectification_briefing",
    "rectification_reviews",
    "report",
    "reported_by",
    "requested_on",
    "result_fed_back_on",
    "reviewed_on",
    "revised_on",
    "round_id",
    "secretary_points",
    "submitted_on",
    "supervisor",
    "supervisor_org",
    "survey",
    "targets",
    "team",
    "to",
    "training",
    "transferred_on",
    "transferred_to",
    "type",
    "unit",
    "units",
    "urgent_matters",
    "vetted_on",
    "year",
];

/// The key of a known field name, worked out when the program is built (a name missing from
/// [`KNOWN`] fails the build): for lookups on hot paths, which would otherwise hash the name
/// on every call ([`Key::number`] was 3–4% of a check).
pub const fn known(name: &str) -> Key {
    let mut rest = KNOWN;
    let mut number = 0u8;
    while let [first, tail @ ..] = rest {
        if same_bytes(first.as_bytes(), name.as_bytes()) {
            return Key::Known(number);
        }
        rest = tail;
        number += 1;
    }
    panic!("not a field name of the export format")
}

const fn same_bytes(mut a: &[u8], mut b: &[u8]) -> bool {
    while let ([x, a_rest @ ..], [y, b_rest @ ..]) = (a, b) {
        if *x != *y {
            return false;
        }
        a = a_rest;
        b = b_rest;
    }
    a.is_empty() && b.is_empty()
}

// A map's known keys are noted in a 128-bit set where each map is walked (the data checks,
// the duplicate-key check): every number must fit.
const _: () = assert!(KNOWN.len() <= 128);

/// Keys every record or item is asked for.
pub const ID: Key = known("id");
pub const ROUND_ID: Key = known("round_id");

/// Known names by a signature of their first four, middle and last four bytes and their length
/// (no fewer tell the 90 names apart): a name is found with two multiplies and one comparison.
/// Hashing the whole name into a map took about 107 instructions a call, 8.5% of parsing
/// (callgrind, 20 MB export). `None` if no multiplier tells the names apart (then the map
/// answers).
struct Signatures {
    multiplier: u64,
    /// Per signature: 1 + the name's number, or 0 for none.
    slots: Vec<u8>,
}

const SIGNATURE_BITS: u32 = 12;

fn signature(bytes: &[u8], multiplier: u64) -> usize {
    let ends = match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(first), Some(last)) => {
            u64::from(u32::from_le_bytes(*first)) << 32 | u64::from(u32::from_le_bytes(*last))
        }
        // Shorter than four bytes: the bytes themselves.
        _ => bytes.iter().fold(0u64, |word, &b| word << 8 | u64::from(b)),
    };
    let middle = bytes.get(bytes.len() / 2).copied().unwrap_or(0);
    let rest = (bytes.len() as u64) << 8 | u64::from(middle);
    let mixed = ends.wrapping_mul(multiplier) ^ rest.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - SIGNATURE_BITS)) as usize
}

fn signatures() -> Option<&'static Signatures> {
    static SIGNATURES: OnceLock<Option<Signatures>> = OnceLock::new();
    SIGNATURES
        .get_or_init(|| {
            // Odd multipliers, tried in a fixed order: the first that gives each name its own slot.
            (0..20_000u64)
                .map(|i| {
                    0xD6E8_FEB8_6659_FD93_u64.wrapping_add(i.wrapping_mul(0x0002_0000_0002)) | 1
                })
                .find_map(signatures_with)
        })
        .as_ref()
}

fn signatures_with(multiplier: u64) -> Option<Signatures> {
    let mut slots = vec![0u8; 1 << SIGNATURE_BITS];
    for (number, name) in (1..=u8::MAX).zip(KNOWN) {
        let slot = slots.get_mut(signature(name.as_bytes(), multiplier))?;
        if *slot != 0 {
            return None;
        }
        *slot = number;
    }
    Some(Signatures { multiplier, slots })
}

fn numbers() -> &'static FastMap<&'static str, u8> {
    static NUMBERS: OnceLock<FastMap<&'static str, u8>> = OnceLock::new();
    NUMBERS.get_or_init(|| {
        (0..=u8::MAX)
            .zip(KNOWN.iter())
            .map(|(i, k)| (*k, i))
            .collect()
    })
}

impl Key {
    /// The key for `text`: numbered when the export format names it.
    pub fn new(text: &str) -> Key {
        match Key::number(text) {
            Some(n) => Key::Known(n),
            None => Key::Other(text.into()),
        }
    }

    /// [`Key::new`], keeping `text`'s allocation when it is not a known name.
    pub fn from_string(text: String) -> Key {
        match Key::number(&text) {
            Some(n) => Key::Known(n),
            None => Key::Other(text.into_boxed_str()),
        }
    }

    /// The number of a known field name.
    pub fn number(text: &str) -> Option<u8> {
        let Some(table) = signatures() else {
            return numbers().get(text).copied();
        };
        let slot = table
            .slots
            .get(signature(text.as_bytes(), table.multiplier))
            .copied()?;
        let number = slot.checked_sub(1)?;
        (KNOWN.get(usize::from(number)) == Some(&text)).then_some(number)
    }

    /// The keys of a dotted path (`report.submitted_on`), for [`crate::model::Node::get_keys`].
    pub fn path(dotted: &str) -> Vec<Key> {
        dotted.split('.').map(Key::new).collect()
    }

    /// A date field of the export format: every one is named `on` or `…_on`, and no other
    /// field is (`schema`'s tests check both).
    pub fn is_date(&self) -> bool {
        matches!(self, Key::Known(_)) && {
            let name = self.as_str();
            name == "on" || name.ends_with("_on")
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Key::Known(n) => KNOWN.get(usize::from(*n)).copied().unwrap_or_default(),
            Key::Other(text) => text,
        }
    }

    /// Whether this is the key `text`, looked up once by the caller ([`Key::number`]).
    pub fn is(&self, number: Option<u8>, text: &str) -> bool {
        match (self, number) {
            (Key::Known(n), Some(m)) => *n == m,
            (Key::Other(own), None) => **own == *text,
            _ => false,
        }
    }
}

impl std::ops::Deref for Key {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

// A known name is always numbered, so two keys are equal exactly when their texts are: hashing
// and ordering by text agree with the derived equality.
impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Key {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        Key::new(text)
    }
}

impl From<String> for Key {
    fn from(text: String) -> Key {
        Key::from_string(text)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_are_sorted_unique_and_numbered_by_place() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN.len() <= usize::from(u8::MAX) + 1);
        for (i, name) in KNOWN.iter().enumerate() {
            assert_eq!(Key::new(name), Key::Known(i as u8));
            assert_eq!(Key::new(name).as_str(), *name);
        }
    }

    #[test]
    fn names_are_numbered_by_signature_as_the_map_numbers_them() {
        assert!(signatures().is_some(), "a multiplier separates the names");
        let mut texts: Vec<String> = KNOWN.iter().map(|k| k.to_string()).collect();
        for name in KNOWN {
            // Same signature bytes, different middle: must not be taken for the name.
            texts.push(format!("{name}x"));
            texts.push(name.to_uppercase());
            texts.push(name.replace('_', "-"));
            texts.push(name[..name.len() - 1].to_string());
        }
        texts.extend(["", "名称", "o", "n", "on "].map(String::from));
        for text in &texts {
            assert_eq!(
                Key::number(text),
                numbers().get(text.as_str()).copied(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn keys_are_equal_exactly_when_their_texts_are() {
        let texts = ["kind", "id", "case_id", "x", "kind ", "", "名称"];
        for a in texts {
            for b in texts {
                assert_eq!(Key::new(a) == Key::new(b), a == b, "{a:?} {b:?}");
                assert_eq!(Key::new(a).cmp(&Key::new(b)), a.cmp(b));
                assert_eq!(Key::new(a).is(Key::number(b), b), a == b);
            }
            assert_eq!(Key::from_string(a.to_string()), Key::new(a));
        }
    }
}
