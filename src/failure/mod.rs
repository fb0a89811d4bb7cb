//! Why a command could not do what it was asked (exit status 2). Its own module, below every
//! command and the configuration, so that each can fail without importing another.

mod located;

pub use located::LocatedError;

use crate::pack::PackError;
use crate::text::{Lang, Msg};

/// A run that could not be done as asked: exit status 2.
pub enum Failure {
    Message(Msg),
    Pack(PackError),
    /// An input read up to a place it could not go past (e.g. a holiday notice's sentence).
    Located(Box<LocatedError>),
}

impl From<crate::load::LoadError> for Failure {
    fn from(e: crate::load::LoadError) -> Failure {
        Failure::Message(e.message().clone())
    }
}

impl Failure {
    /// The failure on standard error, as `clausecheck: message` or a located diagnostic.
    pub fn report(&self, lang: Lang) {
        match self {
            Failure::Message(m) => eprintln!("clausecheck: {}", m.get(lang)),
            Failure::Pack(e) => eprintln!("{:?}", e.to_report(lang)),
            Failure::Located(e) => eprintln!("{:?}", e.to_report(lang)),
        }
    }
}
