//! A real SMTP server on loopback, in the test process (mailin-embedded),
//! that keeps every message it receives.

use std::{
    net::TcpListener,
    sync::{Arc, Mutex},
};

use loco_rs::config::{MailerTls, SmtpMailer};
use mailin_embedded::{response, Handler, Response, Server, SslConfig};
use relais::mailers::postman::Postman;

/// A message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone, Default)]
struct Keeper {
    received: Arc<Mutex<Vec<Received>>>,
    /// Recipients the server refuses, with the SMTP code it answers.
    refused: Arc<Mutex<Vec<(String, u16)>>>,
    current: Option<Received>,
}

impl Handler for Keeper {
    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self.refused.lock().unwrap();
        match refused.iter().find(|(address, _)| address == to) {
            Some((_, code)) => Response::custom(*code, "refused by the test server".to_string()),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            to: to.to_vec(),
            data: String::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(current) = self.current.take() {
            self.received.lock().unwrap().push(current);
        }
        response::OK
    }
}

pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refused: Arc<Mutex<Vec<(String, u16)>>>,
}

impl SmtpServer {
    /// A port on which nothing listens yet: the server is "down" until
    /// [`SmtpServer::listen`].
    pub fn down() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self {
            port,
            received: Arc::default(),
            refused: Arc::default(),
        }
    }

    /// From now on, answers `code` (4xx: try later, 5xx: never) to the
    /// recipient `address`.
    pub fn refuse(&self, address: &str, code: u16) {
        self.refused
            .lock()
            .unwrap()
            .push((address.to_string(), code));
    }

    /// A server listening now.
    pub fn start() -> Self {
        let server = Self::down();
        server.listen();
        server
    }

    /// Starts listening on the server's port.
    pub fn listen(&self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).expect("bind the SMTP port");
        let keeper = Keeper {
            received: self.received.clone(),
            refused: self.refused.clone(),
            current: None,
        };
        let mut server = Server::new(keeper);
        server
            .with_name("smtp.relais.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            // As many sessions at once as the postman opens connections.
            .with_num_threads(32)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
    }

    /// A postman that sends to this server.
    pub fn postman(&self) -> Postman {
        postman_to(self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The messages received for `to`, oldest first, decoded enough to be
    /// read: quoted-printable soft breaks and `=3D` undone.
    pub fn to(&self, to: &str) -> Vec<String> {
        self.received()
            .into_iter()
            .filter(|message| message.to.iter().any(|address| address == to))
            .map(|message| {
                // Headers as sent; the body with quoted-printable undone.
                let (head, body) = message
                    .data
                    .split_once("\r\n\r\n")
                    .unwrap_or((message.data.as_str(), ""));
                let body = body
                    .replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=");
                format!("{head}\r\n\r\n{body}")
            })
            .collect()
    }
}

/// A postman that sends in clear to port `port` of 127.0.0.1.
pub fn postman_to(port: u16) -> Postman {
    Postman::smtp(&SmtpMailer {
        enable: true,
        host: "127.0.0.1".to_string(),
        port,
        secure: false,
        tls: Some(MailerTls::None),
        auth: None,
        hello_name: None,
    })
    .unwrap()
}

/// The value of header `name` in a raw message, unfolded.
pub fn header(message: &str, name: &str) -> Option<String> {
    let unfolded = message.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
}

/// The addresses in a message that start with `prefix`, in order.
pub fn links(message: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find(prefix) {
        let link: String = rest[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '<' | '>'))
            .collect();
        rest = &rest[start + link.len()..];
        if !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

/// An SMTP server on loopback that takes one message per connection, then
/// closes it without a word, as a server does with a session it found
/// idle for too long. Counts the messages and the connections.
pub struct ClosingSmtpServer {
    pub port: u16,
    pub messages: Arc<std::sync::atomic::AtomicUsize>,
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
}

impl ClosingSmtpServer {
    pub fn start() -> Self {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering;

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (counted, opened) = (messages.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                opened.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let _ = stream.write_all(b"220 closing.relais.test ESMTP\r\n");
                let mut line = String::new();
                while matches!(reader.read_line(&mut line), Ok(read) if read > 0) {
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    line.clear();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 closing.relais.test\r\n",
                        "QUIT" => b"221 bye\r\n",
                        "DATA" => {
                            let _ = stream.write_all(b"354 go ahead\r\n");
                            while matches!(reader.read_line(&mut line), Ok(read) if read > 0) {
                                let end = line == ".\r\n";
                                line.clear();
                                if end {
                                    break;
                                }
                            }
                            counted.fetch_add(1, Ordering::SeqCst);
                            let _ = stream.write_all(b"250 kept\r\n");
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    if stream.write_all(answer).is_err() || verb == "QUIT" {
                        break;
                    }
                }
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        });
        Self {
            port,
            messages,
            connections,
        }
    }

    /// A postman that sends to this server.
    pub fn postman(&self) -> Postman {
        postman_to(self.port)
    }
}

/// A server on loopback that accepts connections and never says a word.
/// Returns its port; it listens until the test process ends.
pub fn silent_smtp_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}
