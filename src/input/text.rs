//! Plain text, web pages once converted, and pasted invitations.

use std::borrow::Cow;

use super::{Field, Invitation, InvitationKind};
use crate::mapped::Mapped;

/// A whole document as one invitation with one text field.
pub fn document(text: Mapped, field_name: &'static str) -> Invitation {
    let mut invitation = Invitation::new(InvitationKind::Document, 0);
    invitation.fields.push(Field {
        name: Cow::Borrowed(field_name),
        text,
        conference: false,
    });
    invitation
}
