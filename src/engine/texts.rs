//! Texts a sweep holds many times over (unit names, round ids, problem categories, item ids,
//! dates, field labels, findings' messages), each held once: numbered for packed cases and kept
//! identities, shared as `Arc<str>` and `Arc<Msg>` by findings.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use crate::hashing::FastMap;
use crate::text::Msg;

#[derive(Default)]
pub struct Texts {
    numbers: FastMap<Arc<str>, u32>,
    texts: Vec<Arc<str>>,
    /// A set: the held copy is the key.
    messages: FastMap<Arc<Msg>, ()>,
}

impl Texts {
    /// The text's number; `None` once four billion texts are numbered (the caller then keeps
    /// the text itself).
    pub fn number(&mut self, text: &str) -> Option<u32> {
        if let Some(&n) = self.numbers.get(text) {
            return Some(n);
        }
        let n = u32::try_from(self.texts.len()).ok()?;
        let held: Arc<str> = text.into();
        self.texts.push(Arc::clone(&held));
        self.numbers.insert(held, n);
        Some(n)
    }

    /// The text's number if it has one.
    pub fn known(&self, text: &str) -> Option<u32> {
        self.numbers.get(text).copied()
    }

    pub fn text(&self, number: u32) -> Option<&str> {
        self.texts.get(usize::try_from(number).ok()?).map(|t| &**t)
    }

    /// Makes `text` the copy held here, adding it if it is new.
    pub fn share(&mut self, text: &mut Arc<str>) {
        if let Some(held) = self.number(text).and_then(|n| self.held(n)) {
            *text = held;
        }
    }

    /// Makes `message` the copy held here, adding it if it is new (one lookup either way).
    pub fn share_message(&mut self, message: &mut Arc<Msg>) {
        match self.messages.entry(Arc::clone(message)) {
            Entry::Occupied(held) => *message = Arc::clone(held.key()),
            Entry::Vacant(new) => {
                new.insert(());
            }
        }
    }

    fn held(&self, number: u32) -> Option<Arc<str>> {
        self.texts.get(usize::try_from(number).ok()?).cloned()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.texts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_numbered_and_shared_once() {
        let mut texts = Texts::default();
        let first = texts.number("甲所");
        assert_eq!(texts.number("乙所"), Some(1));
        assert_eq!(texts.number("甲所"), first);
        assert_eq!(first.and_then(|n| texts.text(n)), Some("甲所"));
        let (mut a, mut b): (Arc<str>, Arc<str>) = ("甲所".into(), "丙所".into());
        texts.share(&mut a);
        texts.share(&mut b);
        let mut again: Arc<str> = "丙所".into();
        texts.share(&mut again);
        assert!(Arc::ptr_eq(&b, &again));
        assert_eq!(&*a, "甲所");
        assert_eq!(texts.len(), 3);
    }

    #[test]
    fn a_message_is_shared_once() {
        let mut texts = Texts::default();
        let mut first = Arc::new(Msg::new("缺少甲", "missing A"));
        let mut second = Arc::new(Msg::new("缺少甲", "missing A"));
        let mut other = Arc::new(Msg::new("缺少乙", "missing B"));
        for m in [&mut first, &mut second, &mut other] {
            texts.share_message(m);
        }
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other.get(crate::text::Lang::En), "missing B");
    }
}
