//! pynet::dns against dnsmasq (the real peer), against fake servers that misbehave on
//! purpose, against Python (reverse names, dnspython's wire format), and against random
//! bytes.

mod util;

use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use pynet::dns::{
    self, CLASS_INET, HostLookup, MX, Message, Question, RCODE_NAME_ERROR, RCODE_SERVER_FAILURE,
    RData, RR, Resolver, SRV, TXT, TYPE_A, TYPE_CNAME, TYPE_TXT,
};
use pynet::socket::{AF_INET, AF_INET6, Exception, Result, SOCK_DGRAM, SOCK_STREAM, Socket};
use util::dnsmasq::{self, Dnsmasq};
use util::{peer, within};

/// A resolver asking only `server`, quickly.
fn resolver_for(server: &Dnsmasq) -> Resolver {
    let mut resolver = Resolver::new([server.address()]).expect("a valid server");
    resolver.timeout = 2.0;
    resolver
}

/// Runs `check` with a resolver for a fresh dnsmasq, under a time limit; skips without
/// dnsmasq.
fn with_dnsmasq(test: &str, check: impl FnOnce(&Resolver) -> Result<()> + Send + 'static) {
    let Some(server) = Dnsmasq::start(test) else {
        return;
    };
    let resolver = resolver_for(&server);
    within(30.0, move || check(&resolver)).expect("the look-ups succeed");
    drop(server);
}

/// The items of `list` as a set, to compare records that come in any order.
fn set<T: std::hash::Hash + Eq + Clone>(list: &[T]) -> HashSet<T> {
    list.iter().cloned().collect()
}

/// Owned strings.
fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// ---- against dnsmasq ---------------------------------------------------------------------

#[test]
fn a_and_aaaa_records_equal_the_zone() {
    with_dnsmasq("a_and_aaaa_records_equal_the_zone", |r| {
        let r = Some(r);
        assert_eq!(dns::a(dnsmasq::APEX, r)?, [dnsmasq::APEX_A]);
        assert_eq!(dns::aaaa(dnsmasq::APEX, r)?, [dnsmasq::APEX_AAAA]);
        assert_eq!(
            set(&dns::a(dnsmasq::MULTI, r)?),
            set(&strings(&dnsmasq::MULTI_A))
        );
        assert_eq!(
            set(&dns::aaaa(dnsmasq::MULTI, r)?),
            set(&strings(&dnsmasq::MULTI_AAAA))
        );
        assert_eq!(dns::aaaa(dnsmasq::V6_ONLY, r)?, [dnsmasq::V6_ONLY_AAAA]);
        // The name exists but has no A record: no data is an empty list, as in idiokit.
        assert_eq!(dns::a(dnsmasq::V6_ONLY, r)?, Vec::<String>::new());
        Ok(())
    });
}

#[test]
fn cname_and_its_chain_are_followed() {
    with_dnsmasq("cname_and_its_chain_are_followed", |resolver| {
        let r = Some(resolver);
        assert_eq!(dns::cname(dnsmasq::WWW, r)?, [dnsmasq::APEX]);
        assert_eq!(dns::a(dnsmasq::WWW, r)?, [dnsmasq::APEX_A]);
        assert_eq!(dns::mx(dnsmasq::WWW, r)?.len(), dnsmasq::MX.len());
        for pair in dnsmasq::CHAIN.windows(2) {
            assert_eq!(dns::cname(pair[0], r)?, [pair[1]]);
        }
        let answer = resolver.query(dnsmasq::CHAIN[0], TYPE_A)?;
        assert_eq!(answer.name, dnsmasq::APEX, "the chain ends at the apex");
        assert_eq!(dns::aaaa(dnsmasq::CHAIN[0], r)?, [dnsmasq::APEX_AAAA]);
        Ok(())
    });
}

#[test]
fn txt_and_mx_records_equal_the_zone() {
    with_dnsmasq("txt_and_mx_records_equal_the_zone", |r| {
        let r = Some(r);
        let expected: Vec<TXT> = dnsmasq::TXT
            .iter()
            .map(|strings| TXT {
                strings: strings.iter().map(|s| s.as_bytes().to_vec()).collect(),
            })
            .collect();
        assert_eq!(set(&dns::txt(dnsmasq::APEX, r)?), set(&expected));
        let expected: Vec<MX> = dnsmasq::MX
            .iter()
            .map(|&(preference, exchange)| MX {
                preference,
                exchange: exchange.to_string(),
            })
            .collect();
        assert_eq!(dns::mx(dnsmasq::APEX, r)?, expected, "sorted by preference");
        Ok(())
    });
}

/// The zone's SRV records, as pynet's type.
fn zone_srv() -> Vec<SRV> {
    dnsmasq::SRV
        .iter()
        .map(|&(priority, weight, port, target)| SRV {
            priority,
            weight,
            port,
            target: target.to_string(),
        })
        .collect()
}

#[test]
fn srv_records_come_in_rfc_2782_order() {
    with_dnsmasq("srv_records_come_in_rfc_2782_order", |r| {
        let mut a_first = 0;
        const CALLS: usize = 300;
        for _ in 0..CALLS {
            let records = dns::srv(dnsmasq::SRV_NAME, Some(r))?;
            assert_eq!(set(&records), set(&zone_srv()));
            let priorities: Vec<u16> = records.iter().map(|s| s.priority).collect();
            assert!(priorities.is_sorted(), "priority order: {priorities:?}");
            a_first += usize::from(records[0].target == "a.pynet.test");
        }
        // Weights 60 and 20: a comes first 3 times in 4 (the RFC's draw over 0..=80 gives
        // 61/81); far outside that range means the weights are ignored or inverted.
        let share = a_first as f64 / CALLS as f64;
        println!("srv: a.pynet.test first in {a_first} of {CALLS} calls ({share:.2})");
        assert!((0.62..0.88).contains(&share), "share {share}");
        assert!(
            dns::srv(dnsmasq::APEX, Some(r))?.is_empty(),
            "no SRV, no data"
        );
        Ok(())
    });
}

#[test]
fn ptr_and_reverse_lookup_v4_and_v6() {
    with_dnsmasq("ptr_and_reverse_lookup_v4_and_v6", |r| {
        let r = Some(r);
        assert_eq!(dns::ptr(dnsmasq::PTR_NAME, r)?, [dnsmasq::PTR_TARGET]);
        assert_eq!(
            dns::reverse_lookup(dnsmasq::PTR_IP, r)?,
            [dnsmasq::PTR_TARGET]
        );
        assert_eq!(dns::reverse_lookup(dnsmasq::APEX_A, r)?, [dnsmasq::APEX]);
        assert_eq!(dns::reverse_lookup(dnsmasq::APEX_AAAA, r)?, [dnsmasq::APEX]);
        assert_eq!(
            dns::reverse_lookup(dnsmasq::V6_ONLY_AAAA, r)?,
            [dnsmasq::V6_ONLY]
        );
        Ok(())
    });
}

#[test]
fn truncated_answer_is_asked_again_over_tcp() {
    with_dnsmasq("truncated_answer_is_asked_again_over_tcp", |r| {
        let records = dns::txt(dnsmasq::BIG, Some(r))?;
        let expected: HashSet<TXT> = (1..=dnsmasq::BIG_COUNT)
            .map(|i| TXT {
                strings: vec![dnsmasq::big_txt(i).into_bytes()],
            })
            .collect();
        assert_eq!(set(&records), expected);
        // Without TCP, only what fitted in 512 bytes: proof that the answer was truncated.
        let mut udp_only = r.clone();
        udp_only.use_tcp = false;
        let partial = dns::txt(dnsmasq::BIG, Some(&udp_only))?;
        println!(
            "big.pynet.test: {} TXT records over UDP, {} over TCP",
            partial.len(),
            records.len()
        );
        assert!(partial.len() < dnsmasq::BIG_COUNT);
        Ok(())
    });
}

#[test]
fn error_codes_are_response_errors_by_name() {
    with_dnsmasq("error_codes_are_response_errors_by_name", |r| {
        let e = dns::a(dnsmasq::MISSING, Some(r)).expect_err("NXDOMAIN");
        assert_eq!(e.exception(), Exception::ResponseError);
        assert_eq!(e.to_string(), "name error");
        assert!(e.is_instance(Exception::DNSError));
        let e = dns::a(dnsmasq::OUTSIDE, Some(r)).expect_err("REFUSED");
        assert_eq!(format!("{e:?}"), "idiokit.dns.ResponseError: refused");
        Ok(())
    });
}

#[test]
fn host_lookup_literal_hosts_file_then_dns() {
    with_dnsmasq("host_lookup_literal_hosts_file_then_dns", |r| {
        let r = Some(r);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let hosts = dir.path().join("hosts");
        std::fs::write(
            &hosts,
            "# test\n192.0.2.99 Multi.pynet.test other # comment\n",
        )
        .expect("write the hosts file");
        let lookup = HostLookup::new(&hosts);
        let v4 = |ip: &str| (AF_INET, ip.to_string());
        let v6 = |ip: &str| (AF_INET6, ip.to_string());
        assert_eq!(lookup.host_lookup("2001:DB8::1", r)?, [v6("2001:db8::1")]);
        assert_eq!(
            lookup.host_lookup("multi.pynet.test", r)?,
            [v4("192.0.2.99")]
        );
        assert_eq!(
            lookup.host_lookup(dnsmasq::APEX, r)?,
            [v4(dnsmasq::APEX_A), v6(dnsmasq::APEX_AAAA)]
        );
        assert_eq!(
            lookup.host_lookup(dnsmasq::V6_ONLY, r)?,
            [v6(dnsmasq::V6_ONLY_AAAA)]
        );
        let e = lookup
            .host_lookup(dnsmasq::MISSING, r)
            .expect_err("NXDOMAIN");
        assert_eq!(e.to_string(), "name error");
        Ok(())
    });
}

// ---- bad names and resolver settings -----------------------------------------------------

#[test]
fn bad_names_are_value_errors_before_any_query() {
    // Port 9 (discard) is never asked: the name is checked first.
    let resolver = Resolver::new([("127.0.0.1", 9)]).expect("a valid server");
    let long_label = "x".repeat(64);
    let long_name = vec!["x".repeat(63); 4].join(".") + ".x";
    for (name, why) in [
        ("a..b", "it has an empty label"),
        (".a", "it has an empty label"),
        (long_label.as_str(), "a label is 64 bytes, over 63"),
        (long_name.as_str(), "it is 259 bytes on the wire, over 255"),
    ] {
        let e = dns::a(name, Some(&resolver)).expect_err(name);
        assert_eq!(e.exception(), Exception::ValueError);
        assert_eq!(e.to_string(), format!("bad DNS name '{name}': {why}"));
    }
}

#[test]
fn servers_are_ips_with_port_53_by_default() {
    let resolver = Resolver::new(["192.0.2.53", "2001:db8::53"]).expect("valid servers");
    let ports: Vec<u16> = resolver.servers().iter().map(|s| s.1).collect();
    assert_eq!(ports, [53, 53]);
    assert_eq!((resolver.timeout, resolver.tries), (5.0, 3));
    let e = Resolver::new(["dns.example"]).expect_err("not an IP");
    assert_eq!(e.to_string(), "'dns.example' is not a valid IPv4/6 address");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let conf = dir.path().join("resolv.conf");
    std::fs::write(
        &conf,
        "nameserver 127.0.0.53\noptions timeout:1 attempts:2\n",
    )
    .unwrap();
    let system = Resolver::from_path(&conf);
    assert_eq!(system.servers(), [("127.0.0.53".parse().unwrap(), 53)]);
    assert_eq!((system.timeout, system.tries), (1.0, 2));
    let empty = Resolver::from_path(dir.path().join("missing"));
    assert_eq!(empty.servers(), [("127.0.0.1".parse().unwrap(), 53)]);
}

// ---- fake servers ------------------------------------------------------------------------

/// A UDP socket on 127.0.0.1 and a thread running `script` on it: the fake server.
fn fake_udp(script: impl FnOnce(Socket) + Send + 'static) -> (u16, JoinHandle<()>) {
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("a UDP socket");
    sock.bind(("127.0.0.1", 0)).expect("bind");
    sock.settimeout(Some(10.0)).expect("settimeout");
    let port = sock
        .getsockname()
        .expect("its address")
        .port()
        .expect("a port");
    (port, thread::spawn(move || script(sock)))
}

/// The next query the fake server gets, and who sent it.
fn next_query(sock: &Socket) -> (Message, pynet::socket::Address) {
    let (data, client) = sock.recvfrom(512).expect("a query");
    (Message::unpack(&data).expect("a valid query"), client)
}

/// An A record.
fn a_record(name: &str, ip: [u8; 4]) -> RR {
    RR {
        name: name.to_string(),
        type_: TYPE_A,
        cls: CLASS_INET,
        ttl: 60,
        data: RData::A(Ipv4Addr::from(ip)),
    }
}

/// A CNAME record.
fn cname_record(name: &str, target: &str) -> RR {
    RR {
        name: name.to_string(),
        type_: TYPE_CNAME,
        cls: CLASS_INET,
        ttl: 60,
        data: RData::CNAME(target.to_string()),
    }
}

/// A resolver asking the fake server on `port` once, for `timeout` seconds.
fn fake_resolver(port: u16, timeout: f64) -> Resolver {
    let mut resolver = Resolver::new([("127.0.0.1", port)]).expect("a valid server");
    resolver.timeout = timeout;
    resolver.tries = 1;
    resolver
}

#[test]
fn wrong_replies_are_ignored_until_the_right_one() {
    let (port, server) = fake_udp(|sock| {
        let (query, client) = next_query(&sock);
        let reply = |id: u16, name: &str, ip: [u8; 4]| {
            let mut message = query.response(0, vec![a_record(name, ip)]);
            message.id = id;
            message.questions[0].name = name.to_string();
            message.pack().expect("pack")
        };
        let send = |data: &[u8]| sock.sendto(data, &client).expect("sendto");
        send(b"garbage that is no DNS message");
        let other = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("another socket");
        other
            .sendto(&reply(query.id, "fake.test", [192, 0, 2, 101]), &client)
            .expect("sendto from another port");
        send(&reply(
            query.id.wrapping_add(1),
            "fake.test",
            [192, 0, 2, 102],
        ));
        send(&reply(query.id, "other.test", [192, 0, 2, 103]));
        let mut not_a_response = query.clone();
        not_a_response.answers = vec![a_record("fake.test", [192, 0, 2, 104])];
        send(&not_a_response.pack().expect("pack"));
        send(&reply(query.id, "fake.test", [192, 0, 2, 1]));
    });
    let resolver = fake_resolver(port, 5.0);
    let ips = within(10.0, move || dns::a("fake.test", Some(&resolver))).expect("resolved");
    assert_eq!(ips, ["192.0.2.1"]);
    server.join().expect("the fake server");
}

#[test]
fn silence_times_out_after_tries_times_timeout() {
    let (port, server) = fake_udp(|sock| {
        sock.settimeout(Some(3.0)).expect("settimeout");
        let mut ids = Vec::new();
        while let Ok((data, _)) = sock.recvfrom(512) {
            ids.push(Message::unpack(&data).expect("a query").id);
        }
        assert_eq!(ids.len(), 3, "one query per try");
    });
    let mut resolver = fake_resolver(port, 0.2);
    resolver.tries = 3;
    let started = Instant::now();
    let e = within(10.0, move || dns::a("fake.test", Some(&resolver))).expect_err("silence");
    let elapsed = started.elapsed().as_secs_f64();
    println!("timed out after {elapsed:.3} s (3 tries x 0.2 s)");
    assert_eq!(e.exception(), Exception::TimeoutError);
    assert_eq!(e.to_string(), "timed out");
    assert!((0.6..1.2).contains(&elapsed), "{elapsed} s");
    server.join().expect("the fake server");
}

/// A fake server answering its one query with `answer(query)`.
fn fake_answering(answer: impl FnOnce(&Message) -> Vec<u8> + Send + 'static) -> u16 {
    let (port, _server) = fake_udp(move |sock| {
        let (query, client) = next_query(&sock);
        sock.sendto(&answer(&query), &client).expect("sendto");
    });
    port
}

/// How a fake server makes its reply from the query.
type Respond = fn(&Message) -> Message;

#[test]
fn rcodes_and_cname_loops_are_errors() {
    let cases: [(Respond, &str, &str); 3] = [
        (
            |q| q.response(RCODE_SERVER_FAILURE, vec![]),
            "idiokit.dns.ResponseError",
            "server failure",
        ),
        (
            |q| q.response(9, vec![]),
            "idiokit.dns.ResponseError",
            "rcode 9",
        ),
        (
            |q| {
                let loop_ = vec![
                    cname_record("fake.test", "b.test"),
                    cname_record("b.test", "FAKE.test"),
                ];
                q.response(0, loop_)
            },
            "idiokit.dns.DNSError",
            "CNAME loop",
        ),
    ];
    for (respond, class, text) in cases {
        let port = fake_answering(move |q| respond(q).pack().expect("pack"));
        let resolver = fake_resolver(port, 5.0);
        let e = within(10.0, move || dns::a("fake.test", Some(&resolver))).expect_err(text);
        assert_eq!(format!("{e:?}"), format!("{class}: {text}"));
    }
    assert_eq!(
        dns::rcode_string(RCODE_NAME_ERROR),
        "name error",
        "idiokit's word"
    );
}

/// A compressed reply to `query` whose answer's name is a pointer to itself.
fn pointer_loop_reply(query: &Message) -> Vec<u8> {
    let mut reply = query.response(0, vec![]).pack().expect("pack");
    reply[7] = 1; // one answer
    let here = reply.len() as u16;
    reply.extend_from_slice(&(0xc000 | here).to_be_bytes());
    reply.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    reply
}

#[test]
fn compression_loop_is_a_message_error() {
    let query = Message::query(7, Question::new("fake.test", TYPE_A));
    let e = Message::unpack(&pointer_loop_reply(&query)).expect_err("a loop");
    assert_eq!(
        format!("{e:?}"),
        "idiokit.dns.MessageError: packed name contains a jump loop"
    );
    // Two names pointing at each other, and a pointer past the end.
    let e = dns::unpack_name(b"\x01a\xc0\x04\x01b\xc0\x00", 0).expect_err("a loop");
    assert_eq!(e.exception(), Exception::MessageError);
    let e = dns::unpack_name(b"\x01a\xc0", 0).expect_err("cut short");
    assert_eq!(e.to_string(), "not enough data for name");
}

/// A fake server on one port for UDP and TCP: UDP answers truncated with `udp_answers`, TCP
/// answers with `tcp_reply(query)`.
fn fake_truncating(
    udp_answers: Vec<RR>,
    tcp_reply: impl FnOnce(&Message) -> Vec<u8> + Send + 'static,
) -> u16 {
    let (port, udp, tcp) = loop {
        let udp = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("a UDP socket");
        udp.bind(("127.0.0.1", 0)).expect("bind");
        let port = udp.getsockname().expect("address").port().expect("port");
        let tcp = Socket::new(AF_INET, SOCK_STREAM, 0).expect("a TCP socket");
        if tcp.bind(("127.0.0.1", port)).is_ok() {
            tcp.listen(1).expect("listen");
            break (port, udp, tcp);
        }
    };
    thread::spawn(move || {
        udp.settimeout(Some(10.0)).expect("settimeout");
        let (query, client) = next_query(&udp);
        let mut cut = query.response(0, udp_answers);
        cut.truncated = true;
        udp.sendto(&cut.pack().expect("pack"), &client)
            .expect("sendto");
        tcp.settimeout(Some(10.0)).expect("settimeout");
        let (conn, _) = tcp.accept().expect("accept");
        conn.settimeout(Some(10.0)).expect("settimeout");
        let length = util::recv_exactly(&conn, 2).expect("length");
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        let query = Message::unpack(&util::recv_exactly(&conn, length).expect("query"))
            .expect("a valid query");
        let reply = tcp_reply(&query);
        let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
        framed.extend(reply);
        conn.sendall(&framed).expect("sendall");
    });
    port
}

#[test]
fn truncated_reply_goes_to_tcp_of_the_same_server() {
    let all: Vec<RR> = (1..=3)
        .map(|i| a_record("fake.test", [192, 0, 2, i]))
        .collect();
    let first = vec![all[0].clone()];
    let port = fake_truncating(first, move |q| q.response(0, all).pack().expect("pack"));
    let resolver = fake_resolver(port, 5.0);
    let ips = within(10.0, move || dns::a("fake.test", Some(&resolver))).expect("resolved");
    assert_eq!(ips, ["192.0.2.1", "192.0.2.2", "192.0.2.3"]);

    let port = fake_truncating(Vec::new(), pointer_loop_reply);
    let resolver = fake_resolver(port, 5.0);
    let e = within(10.0, move || dns::a("fake.test", Some(&resolver))).expect_err("a loop");
    assert_eq!(e.exception(), Exception::MessageError);
}

// ---- parity with Python -------------------------------------------------------------------

#[test]
fn reverse_names_match_pythons_reverse_pointer() {
    let ips = [
        "192.0.2.1",
        "127.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "2001:db8::1",
        "::1",
        "::",
        "::ffff:192.0.2.1",
        "2001:DB8:0:0:8:800:200C:417A",
        "fe80::1:2:3:4",
        "test",
        "256.0.0.1",
        "1.2.3",
        "2001:db8::12345",
        "",
    ];
    let code = "import ipaddress, sys\n\
                for ip in sys.argv[1:]:\n\
                \x20   try: print(ipaddress.ip_address(ip).reverse_pointer)\n\
                \x20   except ValueError as e: print('ValueError:', e)\n";
    let python = util::python_output(code, &strings(&ips));
    for (ip, theirs) in ips.iter().zip(python.lines()) {
        let ours = match dns::reverse_name(ip) {
            Ok(name) => name,
            Err(e) => format!("ValueError: {e}"),
        };
        assert_eq!(ours, theirs, "reverse of {ip:?}");
    }
    println!(
        "parity reverse_name: {} cases compared, all equal",
        ips.len()
    );
}

/// `/usr/bin/python3` if it has dnspython; `None` (after saying why `test` is skipped)
/// otherwise, or a failure under PYNET_REQUIRE_PEERS=1.
fn dnspython(test: &str) -> Option<std::process::Command> {
    let python = std::process::Command::new("/usr/bin/python3")
        .args(["-c", "import dns.message"])
        .output();
    if python.is_ok_and(|out| out.status.success()) {
        return Some(std::process::Command::new("/usr/bin/python3"));
    }
    let why = "/usr/bin/python3 has no dnspython (apt-get install python3-dnspython)";
    assert!(
        !peer::required(),
        "{test}: {why}, and PYNET_REQUIRE_PEERS=1"
    );
    println!("skipped {test}: {why}");
    None
}

#[test]
fn queries_are_the_bytes_dnspython_makes() {
    let Some(mut python) = dnspython("queries_are_the_bytes_dnspython_makes") else {
        return;
    };
    let names = [
        "pynet.test",
        "www.pynet.test.",
        "a-b.c_d.example",
        r"a\.b.test",
        "x",
    ];
    let code = "import sys, dns.message, dns.flags\n\
                for name in sys.argv[1:]:\n\
                \x20   q = dns.message.make_query(name, 'TXT', id=4660, flags=dns.flags.RD)\n\
                \x20   print(q.to_wire().hex())\n";
    let output = within(60.0, move || python.args(["-c", code]).args(names).output())
        .expect("dnspython runs");
    let theirs = String::from_utf8(output.stdout).expect("UTF-8");
    for (name, hex) in names.iter().zip(theirs.lines()) {
        let ours = Message::query(4660, Question::new(name, TYPE_TXT))
            .pack()
            .expect("pack");
        let ours: String = ours.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(ours, hex, "query for {name:?}");
    }
}

#[test]
fn compressed_answers_from_dnspython_decode() {
    let Some(mut python) = dnspython("compressed_answers_from_dnspython_decode") else {
        return;
    };
    // dnspython compresses every name it can: each record's owner points at the question.
    let code = "import dns.message, dns.rrset\n\
                q = dns.message.make_query('www.pynet.test', 'A', id=1)\n\
                r = dns.message.make_response(q)\n\
                for text in ['CNAME pynet.test.', 'A 192.0.2.1', 'AAAA 2001:db8::1',\n\
                \x20            'MX 10 mail.pynet.test.', 'TXT \"hello world\" \"two\"',\n\
                \x20            'SRV 10 60 5222 a.pynet.test.', 'PTR ptr.pynet.test.']:\n\
                \x20   rtype, data = text.split(' ', 1)\n\
                \x20   r.answer.append(dns.rrset.from_text('www.pynet.test.', 60, 'IN', rtype, data))\n\
                print(r.to_wire().hex())\n";
    let output = within(60.0, move || python.args(["-c", code]).output()).expect("dnspython");
    let hex = String::from_utf8(output.stdout).expect("UTF-8");
    let wire: Vec<u8> = (0..hex.trim().len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    let message = Message::unpack(&wire).expect("dnspython's answer decodes");
    assert!(
        wire.len() < message.pack().expect("pack").len(),
        "it was compressed"
    );
    let data: Vec<RData> = message.answers.iter().map(|rr| rr.data.clone()).collect();
    assert!(message.answers.iter().all(|rr| rr.name == "www.pynet.test"));
    assert_eq!(
        data,
        [
            RData::CNAME("pynet.test".into()),
            RData::A(Ipv4Addr::new(192, 0, 2, 1)),
            RData::AAAA("2001:db8::1".parse::<Ipv6Addr>().unwrap()),
            RData::MX(MX {
                preference: 10,
                exchange: "mail.pynet.test".into()
            }),
            RData::TXT(TXT {
                strings: vec![b"hello world".to_vec(), b"two".to_vec()]
            }),
            RData::SRV(SRV {
                priority: 10,
                weight: 60,
                port: 5222,
                target: "a.pynet.test".into()
            }),
            RData::PTR("ptr.pynet.test".into()),
        ]
    );
}

// ---- robustness ---------------------------------------------------------------------------

/// Valid messages to mutate: a query, and an answer of every type with compression.
fn seed_messages() -> Vec<Vec<u8>> {
    let query = Message::query(1, Question::new("www.pynet.test", TYPE_A));
    let mut answers = vec![cname_record("www.pynet.test", "pynet.test")];
    answers.push(a_record("pynet.test", [192, 0, 2, 1]));
    let mut answer = query.response(0, answers).pack().expect("pack");
    // A TXT record whose owner is a pointer to the question's name.
    answer[7] += 1;
    answer.extend_from_slice(&[
        0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 6, 2, b'h', b'i', 2, b'y', b'o',
    ]);
    vec![
        query.pack().expect("pack"),
        answer,
        pointer_loop_reply(&query),
    ]
}

#[test]
fn decoder_survives_random_and_mutated_messages() {
    const MESSAGES: usize = 100_000;
    let seeds = seed_messages();
    let mut rng = fastrand::Rng::with_seed(0xd15);
    let (mut decoded, mut errors) = (0, 0);
    let started = Instant::now();
    for i in 0..MESSAGES {
        let message = if i % 4 == 0 {
            let length = rng.usize(0..120);
            util::random_bytes(rng.u64(..), length)
        } else {
            mutate(&mut rng, &seeds[i % seeds.len()])
        };
        match Message::unpack(&message) {
            Ok(parsed) => {
                decoded += 1;
                // Whatever decodes must encode again (or refuse with an error, not a panic).
                let _ = parsed.pack();
            }
            Err(_) => errors += 1,
        }
    }
    println!(
        "dns fuzz: {MESSAGES} messages decoded, {errors} errors, no panic ({decoded} read as messages, {:.2} s)",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(decoded + errors, MESSAGES);
    assert!(decoded > 1000 && errors > 1000, "both paths ran");
}

/// `seed` with a few random bytes changed, cut short, or grown.
fn mutate(rng: &mut fastrand::Rng, seed: &[u8]) -> Vec<u8> {
    let mut message = seed.to_vec();
    for _ in 0..rng.usize(1..4) {
        match rng.u8(0..4) {
            0 if !message.is_empty() => {
                let at = rng.usize(..message.len());
                message[at] = rng.u8(..);
            }
            1 if !message.is_empty() => {
                let at = rng.usize(..message.len());
                message.truncate(at);
            }
            2 => {
                let at = rng.usize(..=message.len());
                message.insert(at, rng.u8(..));
            }
            _ if message.len() > 12 => {
                // A pointer somewhere: the cases compression code gets wrong.
                let at = rng.usize(12..message.len());
                message[at] = 0xc0 | rng.u8(..0x40);
            }
            _ => {}
        }
    }
    message
}
