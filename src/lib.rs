//! visiolint: a linter for meeting invitations against an institution's
//! videoconferencing policy (the CNRS good-practice guide by default).
//!
//! Data flows one way: bytes → decoded text with a position map
//! ([`input`], [`mapped`]) → invitations → meetings, credentials,
//! attendance, sensitivity ([`extract`]) → findings ([`rules`], against the
//! [`policy`]) → a report ([`model`], [`report`]).

pub mod ascii;
pub mod check;
pub mod cli;
pub mod config;
pub mod extract;
pub mod fix;
pub mod i18n;
pub mod input;
pub mod mapped;
pub mod model;
pub mod policy;
pub mod redact;
pub mod report;
pub mod rules;
pub mod selection;
pub mod session;
pub mod source;
pub mod walk;
