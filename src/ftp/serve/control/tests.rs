//! Unit tests of the control relay's bookkeeping and of the commands nt answers itself.

use super::*;

fn rules(tls: bool) -> Rules {
    let out = Output::new(crate::output::Settings {
        json: false,
        quiet: true,
        verbose: 0,
        color: crate::output::ColorChoice::Never,
    });
    let tls = tls.then(|| {
        let id = crate::tls::Identity::self_signed(&[]).expect("identity");
        Tls { acceptor: net::acceptor(id.server_config().expect("config")), required: true }
    });
    Rules { out, tls, handshake: Duration::from_secs(1), write: false, guard: Guard::default() }
}

fn link() -> Link {
    Link {
        meter: Default::default(),
        handoff: Default::default(),
        stall: Duration::from_secs(1),
        max_upload: u64::MAX,
    }
}

fn logged_in<'a>(rules: &'a Rules, link: &'a Link) -> Session<'a> {
    let mut s = Session::new("127.0.0.1:1".parse().unwrap(), rules, link);
    s.on_reply(b"220 hello\r\n");
    s.logged_in = true;
    s
}

#[test]
fn replies_close_the_command_in_front() {
    let (rules, link) = (rules(false), link());
    let mut s = Session::new("127.0.0.1:1".parse().unwrap(), &rules, &link);
    assert!(!s.may_read_command(), "nothing is read before the greeting");
    s.on_reply(b"220 hello\r\n");
    assert!(s.may_read_command());
    assert!(matches!(s.on_command(b"feat\r\n"), Step::Forward));
    assert!(!s.may_read_command());
    s.on_reply(b"211-Extensions supported:\r\n");
    s.on_reply(b" SIZE\r\n");
    assert!(!s.may_read_command(), "a multi-line reply is not over yet");
    s.on_reply(b"211 END\r\n");
    assert!(s.may_read_command());
    s.logged_in = true;
    link.handoff.open(50000);
    assert!(matches!(s.on_command(b"RETR x\r\n"), Step::Forward));
    assert_eq!(s.on_reply(b"150 Sending\r\n"), None);
    assert!(s.may_read_command(), "a transfer under way lets ABOR through");
    s.on_reply(b"226 Done\r\n");
    assert!(s.pending.is_empty());
    assert!(matches!(s.on_command(b"CWD ..\r\n"), Step::Rewrite(b"CDUP\r\n")));
    assert!(matches!(s.on_command(b"CWD ../x\r\n"), Step::Forward));
}

#[test]
fn tls_required_is_enforced_before_login_and_data() {
    let (rules, link) = (rules(true), link());
    let mut s = Session::new("127.0.0.1:1".parse().unwrap(), &rules, &link);
    s.on_reply(b"220 hello\r\n");
    assert!(matches!(s.on_command(b"USER alice\r\n"), Step::Answer(534, _)));
    assert!(matches!(s.on_command(b"  pass secret\r\n"), Step::Answer(534, _)));
    assert!(matches!(s.on_command(b"PROT P\r\n"), Step::Answer(503, _)));
    assert!(matches!(s.on_command(b"AUTH TLS\r\n"), Step::StartTls));
    s.tls_on = true;
    assert!(matches!(s.on_command(b"AUTH TLS\r\n"), Step::Answer(503, _)));
    assert!(matches!(s.on_command(b"USER alice\r\n"), Step::Forward));
    s.on_reply(b"331 Password\r\n");
    assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Answer(521, _)));
    assert!(matches!(s.on_command(b"PROT P\r\n"), Step::Answer(200, _)), "nt answers PROT");
    assert!(s.prot_private);
    assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Forward), "not logged in yet");
    s.on_reply(b"530 Please log in\r\n");
    assert!(matches!(s.on_command(b"CCC\r\n"), Step::Answer(534, _)));
}

#[test]
fn outcomes_known_beforehand_are_answered_before_any_150() {
    let (rules, link) = (rules(false), link());
    let mut s = logged_in(&rules, &link);
    for line in ["STOR x", "APPE x", "RNFR a.txt", "DELE a.txt", "MKD d", "RMD sub"] {
        let step = s.on_command(format!("{line}\r\n").as_bytes());
        assert!(matches!(step, Step::Answer(550, _)), "{line}: read-only");
    }
    assert!(matches!(s.on_command(b"RETR a.txt\r\n"), Step::Answer(425, _)), "no port");
    assert!(matches!(s.on_command(b"RETR ../etc/passwd\r\n"), Step::Answer(550, _)));
    assert!(matches!(s.on_command(b"STOR a\rb\r\n"), Step::Answer(501, _)));
    assert!(matches!(s.on_command(b"RETR \xff\r\n"), Step::Answer(501, _)));
    assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Passive(true)));
    s.on_reply(b"229 Entering Extended Passive Mode (|||50001|)\r\n");
    assert!(matches!(s.on_command(b"EPSV ALL\r\n"), Step::Answer(200, _)));
    assert!(matches!(s.on_command(b"PASV\r\n"), Step::Answer(503, _)), "after EPSV ALL");
    link.handoff.open(50001);
    assert!(matches!(s.on_command(b"LIST\r\n"), Step::Forward));
    assert!(matches!(s.on_command(b"EPSV\r\n"), Step::Answer(503, _)), "during a transfer");
}

#[test]
fn the_working_directory_follows_libunftp_for_the_jail_check() {
    let (rules, link) = (rules(false), link());
    let mut s = logged_in(&rules, &link);
    assert!(matches!(s.on_command(b"CWD sub\r\n"), Step::Forward));
    s.on_reply(b"250 OK\r\n");
    assert!(matches!(s.on_command(b"RETR ../../x\r\n"), Step::Answer(550, _)));
    assert!(matches!(s.on_command(b"CDUP\r\n"), Step::Forward));
    s.on_reply(b"250 OK\r\n");
    assert!(matches!(s.on_command(b"RETR ../x\r\n"), Step::Answer(550, _)));
    link.handoff.open(50000);
    assert!(matches!(s.on_command(b"RETR sub/../x\r\n"), Step::Forward));
}

#[test]
fn a_failed_data_connection_replaces_the_150_or_follows_it() {
    let (rules, link) = (rules(false), link());
    let mut s = logged_in(&rules, &link);
    link.handoff.open(50000);
    assert!(matches!(s.on_command(b"RETR a.txt\r\n"), Step::Forward));
    assert_eq!(s.data_failed((425, "none came")), None, "before the 150");
    assert_eq!(s.on_reply(b"150 Sending\r\n").as_deref(), Some("425 none came\r\n"));
    assert!(s.pending.is_empty());
    link.handoff.open(50001);
    assert!(matches!(s.on_command(b"LIST\r\n"), Step::Forward));
    assert_eq!(s.on_reply(b"150 Sending\r\n"), None);
    assert_eq!(s.data_failed((522, "TLS failed")), Some((522, "TLS failed")));
    assert!(s.pending.is_empty() && s.may_read_command());
}

#[test]
fn failed_logins_are_counted_and_held_back() {
    let (rules, link) = (rules(false), link());
    let mut s = Session::new("127.0.0.1:1".parse().unwrap(), &rules, &link);
    s.on_reply(b"220 hello\r\n");
    for n in 1..=2 {
        assert!(matches!(s.on_command(b"USER bob\r\n"), Step::Forward));
        s.on_reply(b"331 Password\r\n");
        assert!(matches!(s.on_command(b"PASS guess\r\n"), Step::Forward));
        let delay = s.failed_login(b"530 Wrong\r\n").expect("a 530 to PASS is held");
        assert_eq!(delay, guard::FIRST_DELAY * n);
        s.on_reply(b"530 Wrong\r\n");
        assert_eq!(s.failures, n);
    }
    assert!(!s.logged_in);
}
