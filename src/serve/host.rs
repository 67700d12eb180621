//! Which `Host` a request may name. A web page the editor visits can point
//! a name of its own at 127.0.0.1 (DNS rebinding) and then read the preview
//! as its own origin; the browser still sends that name as `Host`, so the
//! preview answers only to the names it is really reached by.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The names the server answers to.
#[derive(Clone, Debug)]
pub struct Allowed {
    bound: IpAddr,
    /// Given with `--allow-host`, lowercased.
    names: Vec<String>,
}

impl Allowed {
    pub fn new(bound: SocketAddr, names: &[String]) -> Allowed {
        Allowed {
            bound: bound.ip(),
            names: names.iter().map(|n| n.trim().to_lowercase()).collect(),
        }
    }

    /// Whether a `Host` header (`name`, `name:port`, `[v6]:port`) is one
    /// of the server's: a loopback name or address, the bound address (any
    /// address of this machine when bound to all of them), or one named
    /// with `--allow-host`.
    pub fn accepts(&self, host: &str) -> bool {
        let name = host_name(host).to_lowercase();
        if name.is_empty() {
            return false;
        }
        if name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name) {
            return true;
        }
        match name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// The name part of a `Host` header, without its port.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Refuses, with 403 and one line saying why, a request for any other host.
pub async fn check(State(allowed): State<Allowed>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    if allowed.accepts(&host) {
        return next.run(request).await;
    }
    let shown: String = host_name(&host)
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "beian serve answers only to localhost and the address it listens on, not to `{shown}`; to preview under that name, restart it with --allow-host {shown}\n"
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(bound: &str, names: &[&str]) -> Allowed {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        Allowed::new(bound.parse().unwrap(), &names)
    }

    #[test]
    fn loopback_names_and_the_bound_address_are_accepted() {
        let a = on("127.0.0.1:1111", &[]);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "app.localhost:1111",
            "[::1]:1111",
            "127.0.0.2",
        ] {
            assert!(a.accepts(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost.evil.example",
            "192.168.1.5:1111",
            "",
            ":1111",
        ] {
            assert!(!a.accepts(host), "{host}");
        }
    }

    #[test]
    fn other_names_only_when_allowed_and_any_address_when_bound_to_all() {
        let a = on("192.168.1.5:1111", &["Preview.Lan"]);
        assert!(a.accepts("192.168.1.5:1111"));
        assert!(a.accepts("preview.lan:1111"));
        assert!(!a.accepts("10.0.0.1:1111"));
        let all = on("0.0.0.0:1111", &[]);
        assert!(all.accepts("10.0.0.1:1111"));
        assert!(!all.accepts("evil.example"));
    }
}
