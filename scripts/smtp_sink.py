"""A loopback SMTP server for Roster's tests (aiosmtpd, installed by scripts/setup.sh).

    python3 scripts/smtp_sink.py PORT MAILDIR

Stores every message it accepts in MAILDIR (a Maildir: one file per message under new/).
While a file named `refuse` exists in MAILDIR it answers 451 (try again later); while one
named `reject` exists, 550 (no such mailbox); while one named `deny` exists, 535 (our
account is refused). Prints "ready" once it listens.
"""

import mailbox
import os
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, root):
        self.root = root
        self.box = mailbox.Maildir(root, create=True)

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.root, "refuse")):
            return "451 4.3.0 Try again later"
        if os.path.exists(os.path.join(self.root, "reject")):
            return "550 5.1.1 No such mailbox"
        if os.path.exists(os.path.join(self.root, "deny")):
            return "535 5.7.8 Authentication credentials invalid"
        self.box.add(envelope.original_content)
        return "250 OK"


def main():
    port, root = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(root), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
