//! The one way Relais hands an email to an SMTP server: lettre, configured
//! by the `mailer:` block of `config/<env>.yaml` (host, port, `tls:
//! starttls | implicit | none`, credentials), or an in-memory stub that
//! keeps every message for tests and for `MAILER_STUB=true`.

use std::sync::Arc;

use lettre::{
    message::{
        header::{ContentType, Header, HeaderName, HeaderValue},
        Mailbox, MultiPart, SinglePart,
    },
    transport::{
        smtp::{
            authentication::{Credentials, Mechanism},
            client::{AsyncSmtpConnection, TlsParameters},
            extension::ClientId,
        },
        stub::StubTransport,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use loco_rs::{
    app::AppContext,
    config::{MailerTls, SmtpMailer},
    Error, Result,
};

/// SMTP connections used at once: messages are sent this many at a time.
pub const CONNECTIONS: usize = 16;

/// A message ready to go: what the outbox keeps until it is sent.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// One-click unsubscribe address (RFC 8058), for the coach's emails.
    pub unsubscribe_url: Option<String>,
}

/// Why a message did not go out.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SendFailure {
    pub message: String,
    /// The server refused the message for good (a 5xx answer, an invalid
    /// address): trying again will not help.
    pub permanent: bool,
    /// The server could not be reached at all (no answer, refused
    /// connection): the other messages would fail the same way.
    pub unreachable: bool,
}

#[derive(Clone)]
pub enum Postman {
    /// Cleartext or STARTTLS: Relais' own connections, see [`Connections`].
    Smtp(Arc<Connections>),
    /// Implicit TLS (port 465): lettre's pooled transport.
    SmtpImplicitTls(AsyncSmtpTransport<Tokio1Executor>),
    Stub(StubTransport),
}

/// Open SMTP connections, reused from one message to the next.
///
/// lettre writes a message's body and its final `.` in two writes; on a
/// socket with Nagle's algorithm on, the second waits for the server to
/// acknowledge the first, which a server delays by up to 40 ms: 40 ms per
/// message. These connections are opened with `TCP_NODELAY`, then driven
/// by lettre's own SMTP client (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA).
///
/// Limitation: lettre 0.11.23, its latest release, opens its sockets
/// without `TCP_NODELAY` and offers no way to set it; its development
/// branch sets it. Once a release does, `AsyncSmtpTransport`'s own pool
/// can serve every mode and this type can go. Until then implicit TLS
/// (port 465), which goes through that pool, pays the 40 ms per message.
pub struct Connections {
    host: String,
    port: u16,
    starttls: bool,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: std::time::Duration,
    /// Connections between two messages, with the moment each was parked.
    idle: tokio::sync::Mutex<Vec<(AsyncSmtpConnection, std::time::Instant)>>,
}

/// How long a parked connection is kept: servers close idle sessions
/// after a few minutes, so an older one is closed rather than tried.
const IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// How long a parked connection may take to answer `NOOP`.
const NOOP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

impl Connections {
    fn unreachable(&self, err: &dyn std::fmt::Display) -> SendFailure {
        SendFailure {
            message: format!("SMTP: cannot reach {}:{}: {err}", self.host, self.port),
            permanent: false,
            unreachable: true,
        }
    }

    /// A new connection, ready to send: connected, greeted, encrypted and
    /// signed in within the timeout, as a server that accepts and then
    /// says nothing must not hold the run.
    async fn open(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        tokio::time::timeout(self.timeout, self.handshake())
            .await
            .map_err(|_| self.unreachable(&"no greeting within the timeout"))?
    }

    async fn handshake(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let stream = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|err| self.unreachable(&err))?;
        stream
            .set_nodelay(true)
            .map_err(|err| self.unreachable(&err))?;
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello)
                .await
                .map_err(smtp_failure)?;
        if self.starttls {
            let parameters = TlsParameters::new(self.host.clone()).map_err(smtp_failure)?;
            connection
                .starttls(parameters, &self.hello)
                .await
                .map_err(smtp_failure)?;
            if !connection.is_encrypted() {
                return Err(SendFailure {
                    message: format!("SMTP: {} does not offer STARTTLS", self.host),
                    permanent: false,
                    unreachable: true,
                });
            }
        }
        if let Some(credentials) = &self.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(smtp_failure)?;
        }
        Ok(connection)
    }

    /// A parked connection that still answers (`NOOP`, as lettre's own
    /// pool checks), or a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        loop {
            let parked = self.idle.lock().await.pop();
            let Some((mut connection, since)) = parked else {
                return self.open().await;
            };
            let answers = since.elapsed() < IDLE_LIMIT
                && tokio::time::timeout(NOOP_TIMEOUT, connection.test_connected())
                    .await
                    .unwrap_or(false);
            if answers {
                return Ok(connection);
            }
            connection.abort().await;
        }
    }

    async fn send(&self, message: &Message) -> Result<(), SendFailure> {
        let mut connection = self.connection().await?;
        let sent = tokio::time::timeout(
            self.timeout,
            connection.send(message.envelope(), &message.formatted()),
        )
        .await;
        match sent {
            Ok(Ok(_)) => {
                let parked = (connection, std::time::Instant::now());
                self.idle.lock().await.push(parked);
                Ok(())
            }
            // The connection may be out of step: it is closed, not reused.
            Ok(Err(err)) => {
                connection.abort().await;
                Err(smtp_failure(err))
            }
            Err(elapsed) => {
                connection.abort().await;
                Err(SendFailure {
                    message: format!("SMTP: no answer from {}: {elapsed}", self.host),
                    permanent: false,
                    unreachable: false,
                })
            }
        }
    }
}

fn smtp_failure(err: lettre::transport::smtp::Error) -> SendFailure {
    SendFailure {
        permanent: err.is_permanent(),
        unreachable: !err.is_permanent() && !err.is_transient(),
        message: format!("SMTP: {err}"),
    }
}

impl Postman {
    /// The application's postman, built once from its configuration.
    ///
    /// # Errors
    /// When the SMTP settings cannot make a transport.
    pub fn of(ctx: &AppContext) -> Result<Arc<Self>> {
        if let Some(postman) = ctx.shared_store.get::<Arc<Self>>() {
            return Ok(postman);
        }
        let postman = Arc::new(Self::from_config(ctx.config.mailer.as_ref())?);
        ctx.shared_store.insert(postman.clone());
        Ok(postman)
    }

    /// Replaces the application's postman (tests point it at their own SMTP
    /// server).
    pub fn install(ctx: &AppContext, postman: Self) {
        ctx.shared_store.insert(Arc::new(postman));
    }

    /// # Errors
    /// When the SMTP settings cannot make a transport.
    pub fn from_config(config: Option<&loco_rs::config::Mailer>) -> Result<Self> {
        match config {
            Some(config) if !config.stub => match &config.smtp {
                Some(smtp) if smtp.enable => Self::smtp(smtp),
                _ => Err(Error::string(
                    "mailer: `stub` is false but no enabled `smtp:` block says where to send",
                )),
            },
            _ => Ok(Self::Stub(StubTransport::new_ok())),
        }
    }

    /// A transport keeping up to [`CONNECTIONS`] connections open, so
    /// that messages sent at once go out in parallel.
    ///
    /// # Errors
    /// When the host cannot be used for TLS.
    pub fn smtp(config: &SmtpMailer) -> Result<Self> {
        let hello = config
            .hello_name
            .clone()
            .map_or_else(ClientId::default, ClientId::Domain);
        let credentials = config
            .auth
            .as_ref()
            .map(|auth| Credentials::new(auth.user.clone(), auth.password.clone()));
        let starttls = match config.tls_mode() {
            MailerTls::Implicit => return Self::implicit_tls(config, hello, credentials),
            MailerTls::Starttls => true,
            MailerTls::None => false,
        };
        Ok(Self::Smtp(Arc::new(Connections {
            host: config.host.clone(),
            port: config.port,
            starttls,
            credentials,
            hello,
            timeout: std::time::Duration::from_secs(20),
            idle: tokio::sync::Mutex::new(Vec::new()),
        })))
    }

    fn implicit_tls(
        config: &SmtpMailer,
        hello: ClientId,
        credentials: Option<Credentials>,
    ) -> Result<Self> {
        let host = config.host.as_str();
        let tls_error = |err: lettre::transport::smtp::Error| {
            Error::string(&format!("mailer: TLS to {host}: {err}"))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(tls_error)?
            .port(config.port)
            .timeout(Some(std::time::Duration::from_secs(20)))
            .hello_name(hello)
            .pool_config(lettre::transport::smtp::PoolConfig::new().max_size(CONNECTIONS as u32));
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        Ok(Self::SmtpImplicitTls(builder.build()))
    }

    /// Sends one message.
    ///
    /// # Errors
    /// When the message cannot be built or the server does not take it.
    pub async fn send(&self, envelope: &Envelope) -> Result<(), SendFailure> {
        let message = build(envelope)?;
        match self {
            Self::Smtp(connections) => connections.send(&message).await,
            Self::SmtpImplicitTls(transport) => {
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|err| SendFailure {
                        permanent: err.is_permanent(),
                        unreachable: !err.is_permanent() && !err.is_transient(),
                        message: format!("SMTP: {err}"),
                    })
            }
            Self::Stub(stub) => {
                lettre::Transport::send(stub, &message).map_err(|err| SendFailure {
                    permanent: false,
                    unreachable: false,
                    message: err.to_string(),
                })
            }
        }
    }

    /// The raw messages the stub took, oldest first (empty for SMTP).
    #[must_use]
    pub fn stubbed(&self) -> Vec<String> {
        match self {
            Self::Stub(stub) => stub
                .messages()
                .into_iter()
                .map(|(_, message)| message)
                .collect(),
            Self::Smtp(_) | Self::SmtpImplicitTls(_) => Vec::new(),
        }
    }
}

fn build(envelope: &Envelope) -> Result<Message, SendFailure> {
    let invalid = |what: &str, err: &dyn std::fmt::Display| SendFailure {
        message: format!("invalid {what}: {err}"),
        permanent: true,
        unreachable: false,
    };
    let from: Mailbox = envelope
        .from
        .parse()
        .map_err(|err| invalid("sender", &err))?;
    let to: Mailbox = envelope
        .to
        .parse()
        .map_err(|err| invalid("recipient", &err))?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(envelope.subject.trim());
    if let Some(url) = &envelope.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(format!("<{url}>")))
            .header(ListUnsubscribePost)
            .header(AutoSubmitted);
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(envelope.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(envelope.html.clone()),
                ),
        )
        .map_err(|err| invalid("message", &err))
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(text.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): mail
/// clients unsubscribe with one POST, without opening a page.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): out-of-office replies stay
/// away from the coach's emails.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}
