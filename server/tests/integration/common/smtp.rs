//! A real SMTP server for the mail tests: `scripts/smtp_sink.py` (aiosmtpd) on a loopback
//! port, storing what it accepts in a Maildir the tests read.

use super::{TempDir, unique};
use server::config::{Smtp, SmtpTls};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub maildir: TempDir,
}

impl SmtpSink {
    pub fn start() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let maildir = TempDir(std::env::temp_dir().join(unique("roster_mail")));
        // A port the system just gave out is free for the moment it takes to start.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new("python3")
            .arg(root.join("scripts/smtp_sink.py"))
            .arg(port.to_string())
            .arg(&maildir.0)
            .env("PYTHONPATH", root.join(".tools/python"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs scripts/smtp_sink.py (scripts/setup.sh installs aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the SMTP sink starts");
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink {
            child,
            port,
            maildir,
        }
    }

    pub fn config(&self) -> Smtp {
        Smtp {
            host: "127.0.0.1".into(),
            port: self.port,
            username: None,
            password: None,
            from: "Roster <roster@roster.test>".into(),
            tls: SmtpTls::None,
        }
    }

    /// Answer 451 (`"refuse"`), 550 (`"reject"`), 535 (`"deny"`), or accept (`None`).
    pub fn answer(&self, refusal: Option<&str>) {
        for file in ["refuse", "reject", "deny"] {
            let _ = std::fs::remove_file(self.maildir.0.join(file));
        }
        if let Some(file) = refusal {
            std::fs::write(self.maildir.0.join(file), "").unwrap();
        }
    }

    /// Every message received, as raw text.
    pub fn received(&self) -> Vec<String> {
        let new: PathBuf = self.maildir.0.join("new");
        let mut files: Vec<_> = std::fs::read_dir(new)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
