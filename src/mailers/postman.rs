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
        smtp::authentication::Credentials, smtp::extension::ClientId, stub::StubTransport,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use loco_rs::{
    app::AppContext,
    config::{MailerTls, SmtpMailer},
    Error, Result,
};

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
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Stub(StubTransport),
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

    /// # Errors
    /// When the host cannot be used for TLS.
    pub fn smtp(config: &SmtpMailer) -> Result<Self> {
        let host = config.host.as_str();
        let tls_error = |err: lettre::transport::smtp::Error| {
            Error::string(&format!("mailer: TLS to {host}: {err}"))
        };
        let mut builder = match config.tls_mode() {
            MailerTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(tls_error)?
            }
            MailerTls::Implicit => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(tls_error)?
            }
            MailerTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        }
        .port(config.port)
        .timeout(Some(std::time::Duration::from_secs(20)));
        if let Some(auth) = &config.auth {
            builder =
                builder.credentials(Credentials::new(auth.user.clone(), auth.password.clone()));
        }
        if let Some(name) = &config.hello_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        Ok(Self::Smtp(builder.build()))
    }

    /// Sends one message.
    ///
    /// # Errors
    /// When the message cannot be built or the server does not take it.
    pub async fn send(&self, envelope: &Envelope) -> Result<(), SendFailure> {
        let message = build(envelope)?;
        match self {
            Self::Smtp(transport) => {
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
            Self::Smtp(_) => Vec::new(),
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
