//! How many event streams may be open at once: per person, since each open page holds one
//! (two on some), so a generous cap costs no one anything while a script opening thousands
//! cannot pin the server's memory and connections; and per organization, so that many
//! accounts of one organization (or one compromised admin inviting them) cannot take every
//! connection the process has from the others it serves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Open streams per person.
pub const PER_PERSON: usize = 24;
/// Open streams per organization, in one server process: a hundred colleagues with a
/// dozen pages open each, and room for the live wall screens.
pub const PER_ORGANIZATION: usize = 2_000;

/// The streams open in this process, per person and per organization.
#[derive(Clone, Debug, Default)]
pub struct StreamSlots {
    open: Arc<Mutex<Open>>,
}

#[derive(Debug, Default)]
struct Open {
    people: HashMap<i32, usize>,
    organizations: HashMap<i32, usize>,
}

/// One open stream; its place is given back when it is dropped (the stream ended).
#[derive(Debug)]
pub struct Slot {
    slots: StreamSlots,
    user_id: i32,
    organization_id: Option<i32>,
}

/// Takes one from a count, forgetting it at zero.
fn give_back(counts: &mut HashMap<i32, usize>, key: i32) {
    if let Some(held) = counts.get_mut(&key) {
        *held = held.saturating_sub(1);
        if *held == 0 {
            counts.remove(&key);
        }
    }
}

impl StreamSlots {
    /// A place for one more stream of `user_id`, a member of `organization_id` (none for a
    /// creator), unless they or their organization are at their cap already.
    pub fn take(&self, user_id: i32, organization_id: Option<i32>) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let person = open.people.get(&user_id).copied().unwrap_or(0);
        let organization =
            organization_id.map_or(0, |o| open.organizations.get(&o).copied().unwrap_or(0));
        if person >= PER_PERSON || organization >= PER_ORGANIZATION {
            return None;
        }
        *open.people.entry(user_id).or_default() += 1;
        if let Some(o) = organization_id {
            *open.organizations.entry(o).or_default() += 1;
        }
        Some(Slot {
            slots: self.clone(),
            user_id,
            organization_id,
        })
    }

    /// Streams `user_id` holds open now.
    pub fn held(&self, user_id: i32) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.people.get(&user_id).copied().unwrap_or(0)
    }

    /// Streams the members of `organization_id` hold open now.
    pub fn held_by_organization(&self, organization_id: i32) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.organizations
            .get(&organization_id)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        give_back(&mut open.people, self.user_id);
        if let Some(o) = self.organization_id {
            give_back(&mut open.organizations, o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_holds_a_bounded_number_of_streams_and_gets_them_back() {
        let slots = StreamSlots::default();
        let mut held: Vec<Slot> = (0..PER_PERSON)
            .map(|_| slots.take(7, Some(1)).unwrap())
            .collect();
        assert!(slots.take(7, Some(1)).is_none(), "one more is refused");
        assert!(
            slots.take(8, Some(1)).is_some(),
            "a colleague is not affected"
        );
        held.pop();
        assert!(
            slots.take(7, Some(1)).is_some(),
            "a closed stream gives its place back"
        );
        drop(held);
        assert_eq!(slots.held(7), 0);
    }

    #[test]
    fn an_organization_holds_a_bounded_number_of_streams_and_others_are_unaffected() {
        let slots = StreamSlots::default();
        let people = PER_ORGANIZATION.div_ceil(PER_PERSON);
        let mut held: Vec<Slot> = (0..PER_ORGANIZATION)
            .map(|i| slots.take((i % people) as i32, Some(1)).unwrap())
            .collect();
        assert_eq!(slots.held_by_organization(1), PER_ORGANIZATION);
        assert!(
            slots.take(people as i32 + 1, Some(1)).is_none(),
            "a member with no stream open yet is refused at the organization's cap"
        );
        assert!(
            slots.take(people as i32 + 1, Some(2)).is_some(),
            "another organization is not affected"
        );
        assert!(slots.take(10_000, None).is_some(), "nor is a creator");
        held.pop();
        assert!(slots.take(people as i32 + 1, Some(1)).is_some());
        drop(held);
        assert_eq!(slots.held_by_organization(1), 0);
    }
}
