//! `dns_records`: for one name, its CNAME, A, AAAA, TXT and MX records; then the PTR records
//! of an in-addr.arpa name, and the same through the `reverse_lookup` helper. Ports the DNS
//! example of idiokit's README (Python 2, which looked up www.github.com and 192.30.252.131).
//! Run it: `cargo run -p lessons --bin dns_records`, or ask a server of your own:
//! `cargo run -p lessons --bin dns_records -- --server 127.0.0.1 --port 5353 --name
//! www.pynet.test --ip 192.0.2.1`.
//! Unlike the original, which skips a look-up that fails without a word, the port prints the
//! error and exits with status 1 at the end.

use std::process::ExitCode;

use argh::FromArgs;
use pynet::dns::{self, MX, Resolver, TXT};
use pynet::socket::Error;

// ANCHOR: listing
/// Print the DNS records of a name and the names of an address.
#[derive(FromArgs)]
struct DnsRecords {
    /// the name to look up (default www.github.com)
    #[argh(option, default = "String::from(\"www.github.com\")")]
    name: String,
    /// the address to look up backwards (default 192.30.252.131)
    #[argh(option, default = "String::from(\"192.30.252.131\")")]
    ip: String,
    /// the DNS server's IP address (default: the nameservers of /etc/resolv.conf)
    #[argh(option)]
    server: Option<String>,
    /// the DNS server's port (default 53)
    #[argh(option, default = "53")]
    port: u16,
}

// ANCHOR: output
/// Prints one look-up's records under a heading, as idiokit's example does; a failure goes
/// to stderr instead. Returns whether the look-up succeeded.
fn output<T>(
    record_type: &str,
    query: &str,
    records: Result<Vec<T>, Error>,
    show: impl Fn(&T) -> String,
) -> bool {
    match records {
        Ok(records) => {
            println!("{record_type} records for {query}");
            for record in &records {
                println!("    {}", show(record));
            }
            true
        }
        Err(e) => {
            eprintln!("{record_type} records for {query}: {e:?}");
            false
        }
    }
}
// ANCHOR_END: output

fn main() -> ExitCode {
    let args: DnsRecords = argh::from_env();
    let resolver = match &args.server {
        Some(server) => match Resolver::new([(server.as_str(), args.port)]) {
            Ok(resolver) => Some(resolver),
            Err(e) => {
                eprintln!("--server {server}: {e:?}");
                return ExitCode::FAILURE;
            }
        },
        None => None, // the system's resolver, from /etc/resolv.conf
    };
    let resolver = resolver.as_ref();
    let name = args.name.as_str();
    let text = |s: &String| s.clone();

    // ANCHOR: lookups
    let mut ok = output("CNAME", name, dns::cname(name, resolver), text);
    ok &= output("A", name, dns::a(name, resolver), text);
    ok &= output("AAAA", name, dns::aaaa(name, resolver), text);
    ok &= output("TXT", name, dns::txt(name, resolver), txt_repr);
    ok &= output("MX", name, dns::mx(name, resolver), mx_repr);

    let helper = "PTR (using reverse_lookup() helper)";
    match dns::reverse_name(&args.ip) {
        Ok(arpa) => {
            ok &= output("PTR", &arpa, dns::ptr(&arpa, resolver), text);
            ok &= output(
                helper,
                &args.ip,
                dns::reverse_lookup(&args.ip, resolver),
                text,
            );
        }
        Err(e) => ok &= output::<String>(helper, &args.ip, Err(e), text),
    }
    // ANCHOR_END: lookups
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A TXT record as Python prints its strings, a tuple of bytes:
/// `(b'hello world', b'second string')`, or `(b'v=spf1 -all',)` for one string.
fn txt_repr(record: &TXT) -> String {
    let strings: Vec<String> = record
        .strings
        .iter()
        .map(|s| format!("b'{}'", s.escape_ascii()))
        .collect();
    match strings.as_slice() {
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    }
}

/// An MX record as idiokit prints it: `MX(preference=10, exchange='mail.pynet.test')`.
fn mx_repr(record: &MX) -> String {
    format!(
        "MX(preference={}, exchange='{}')",
        record.preference, record.exchange
    )
}
// ANCHOR_END: listing
