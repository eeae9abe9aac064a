//! How many event streams one person may hold open at once: each open page holds one (two
//! on some), so a generous cap costs no one anything, while a script opening thousands
//! cannot pin the server's memory and connections.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Open streams per person.
pub const PER_PERSON: usize = 24;

/// The streams open in this process, per person.
#[derive(Clone, Debug, Default)]
pub struct StreamSlots {
    open: Arc<Mutex<HashMap<i32, usize>>>,
}

/// One open stream; its place is given back when it is dropped (the stream ended).
#[derive(Debug)]
pub struct Slot {
    slots: StreamSlots,
    user_id: i32,
}

impl StreamSlots {
    /// A place for one more stream of `user_id`, unless they hold [`PER_PERSON`] already.
    pub fn take(&self, user_id: i32) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let held = open.entry(user_id).or_default();
        if *held >= PER_PERSON {
            return None;
        }
        *held += 1;
        Some(Slot {
            slots: self.clone(),
            user_id,
        })
    }

    /// Streams `user_id` holds open now.
    pub fn held(&self, user_id: i32) -> usize {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.get(&user_id).copied().unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = open.get_mut(&self.user_id) {
            *held = held.saturating_sub(1);
            if *held == 0 {
                open.remove(&self.user_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_holds_a_bounded_number_of_streams_and_gets_them_back() {
        let slots = StreamSlots::default();
        let mut held: Vec<Slot> = (0..PER_PERSON).map(|_| slots.take(7).unwrap()).collect();
        assert!(slots.take(7).is_none(), "one more is refused");
        assert!(slots.take(8).is_some(), "someone else is not affected");
        held.pop();
        assert!(
            slots.take(7).is_some(),
            "a closed stream gives its place back"
        );
        drop(held);
        assert_eq!(slots.held(7), 0);
    }
}
