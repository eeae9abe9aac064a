//! argon2id password hashes. Hashing is deliberately slow and memory-hungry (19 MiB each),
//! so it runs on threads of its own that yield the cores to the request threads, a bounded
//! number at a time: a flood of sign-ins from many addresses slows sign-in and, past the queue, is
//! told to try again, instead of taking the cores from every other request and memory
//! without limit.

use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads, one per core but one (which stays with the requests whatever the
/// scheduler does), fed in order of arrival.
static HASHERS: LazyLock<Sender<Job>> = LazyLock::new(|| {
    let (jobs, next) = channel::<Job>();
    let next = Arc::new(Mutex::new(next));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    for n in 0..cores.saturating_sub(1).max(1) {
        let next = next.clone();
        std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                yield_to_requests();
                loop {
                    let job = match next.lock() {
                        Ok(next) => next.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panicking hash fails its own request (its answer is dropped), not
                    // the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            })
            .expect("a hashing thread");
    }
    jobs
});

/// Puts the calling thread in Linux's idle scheduling class: it runs on a core no request
/// thread wants (a nice value still takes a share of a contended core, and measurably
/// slowed the board under a flood). Where that is refused, the lowest nice value.
fn yield_to_requests() {
    // SAFETY: on Linux, sched_setscheduler(0, …) and setpriority(PRIO_PROCESS, 0, …) change
    // the calling thread's own scheduling; `param` is a valid, initialised value that the
    // call only reads. A failure leaves the scheduling as it was.
    #[cfg(target_os = "linux")]
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, 0, 19);
        }
    }
}

/// Hashes waiting for their turn; one more is refused. At a few dozen milliseconds a hash,
/// the last in line waits a couple of seconds.
const QUEUE: usize = 64;
/// Places kept apart for sign-ins from an address the account already signed in from, so
/// a flood of guesses from everywhere else does not lock out the people it targets.
const USUAL_QUEUE: usize = 16;
static WAITING: [AtomicUsize; 2] = [AtomicUsize::new(0), AtomicUsize::new(0)];

/// A place in the queue, given back however the wait ends (the caller may go away).
#[must_use = "a place in the queue is only used by verify"]
pub struct Place(usize);

/// A place in the queue for one hash (`usual`: a sign-in from the account's own address),
/// or `RateLimited` when that queue is full. Sign-in takes its place before it writes
/// anything, so a flood past the queue costs no database write.
pub fn queue(usual: bool) -> Result<Place, AppError> {
    let (line, cap) = if usual { (1, USUAL_QUEUE) } else { (0, QUEUE) };
    let ahead = WAITING[line].fetch_add(1, Ordering::SeqCst);
    if ahead >= cap {
        WAITING[line].fetch_sub(1, Ordering::SeqCst);
        return Err(AppError::RateLimited(2));
    }
    Ok(Place(line))
}

impl Drop for Place {
    fn drop(&mut self) {
        WAITING[self.0].fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `work` (a hash or a verification) on a hashing thread when its turn comes. The
/// place is held until it is done: the queue counts the running hashes too.
async fn in_turn<T: Send + 'static>(
    place: Place,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    HASHERS
        .send(Box::new(move || {
            let _ = answer.send(work());
        }))
        .map_err(|_| AppError::Internal)?;
    let done = answered.await.map_err(|_| AppError::Internal);
    drop(place);
    done
}

pub async fn hash(password: String) -> Result<String, AppError> {
    in_turn(queue(false)?, move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Verifies `password` against `stored` in its turn (`place`, from [`queue`]). With no
/// stored hash it still does the work of a verification, so response time does not reveal
/// which emails have accounts.
pub async fn verify(
    place: Place,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    in_turn(place, move || {
        let real = stored.is_some();
        let decoy;
        let stored = match &stored {
            Some(s) => s.as_str(),
            None => {
                decoy = DECOY.get_or_init(|| {
                    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
                    Argon2::default()
                        .hash_password(b"decoy password", &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                });
                decoy.as_str()
            }
        };
        let ok = PasswordHash::new(stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        // The decoy hash never authenticates, whatever the password.
        ok && real
    })
    .await
}

static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// A new password, checked before it is kept: the length rule every form shows, then a
/// strength estimate (zxcvbn) that refuses common and breached passwords, keyboard walks,
/// dates and anything built from `about_the_user` (their name, email, organization), with
/// the estimator's reason.
pub fn check_new(password: &str, about_the_user: &[&str]) -> Result<(), String> {
    crate::domain::validate::password(password)?;
    // Each input whole, word by word, and its words run together ("Maya Chen" gives
    // "maya", "chen" and "mayachen"), so a password made of them is seen through.
    let mut words: Vec<String> = Vec::new();
    for input in about_the_user {
        let lower = input.to_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.push(parts.concat());
        words.extend(parts.iter().map(|w| w.to_string()));
        words.push(lower.clone());
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!("{w} "))
        .unwrap_or_default();
    Err(format!(
        "{why}This password would be guessed too easily: add words of your own, or choose a longer one."
    ))
}

#[cfg(test)]
mod tests {
    use super::{QUEUE, check_new, queue, verify};
    use crate::error::AppError;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_flood_of_verifications_queues_a_bounded_number_and_the_rest_try_again() {
        let flood = 200;
        let answers =
            futures::future::join_all((0..flood).map(|_| async {
                verify(queue(false)?, "a guess at a password".into(), None).await
            }))
            .await;
        let refused = answers
            .iter()
            .filter(|a| matches!(a, Err(AppError::RateLimited(_))))
            .count();
        let verified = answers.iter().filter(|a| matches!(a, Ok(false))).count();
        assert_eq!(refused + verified, flood, "nothing else: {answers:?}");
        assert!(
            (1..=QUEUE).contains(&verified),
            "{verified} verified: at most the queue, running ones included"
        );
        // With every ordinary place taken, a sign-in from the account's own address still
        // gets one, and is verified in its turn.
        let taken: Vec<_> = (0..QUEUE).map(|_| queue(false).ok()).collect();
        assert!(
            taken.iter().all(Option::is_some),
            "the queue is empty again"
        );
        assert!(queue(false).is_err(), "the queue is full");
        let usual = queue(true).expect("a place apart");
        drop(taken);
        assert_eq!(verify(usual, "again".into(), None).await.ok(), Some(false));
    }

    #[test]
    fn common_guessable_and_personal_passwords_are_refused_with_a_reason() {
        for weak in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "aaaaaaaaaaaa",
            "Password2026",
        ] {
            let why = check_new(weak, &[]).expect_err(weak);
            assert!(why.contains("guessed too easily"), "{weak}: {why}");
        }
        // Long enough, but made of the user's own name and email.
        assert!(check_new("mayachen2026", &["Maya Chen", "maya.chen@brand.example"]).is_err());
        assert!(check_new("short", &[]).unwrap_err().contains("at least 12"));
        for strong in [
            "correct horse battery staple",
            "violet-harbor-ninety-kettle",
        ] {
            assert_eq!(check_new(strong, &[]), Ok(()), "{strong}");
        }
    }
}
