//! The access rule of every API route, in one table. The guard refuses a
//! route that has no rule, and the authorization matrix test fails when a
//! route is added without one.

use axum::http::Method;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in person.
    SignedIn,
    /// A platform-wide action, decided by casbin in the `platform` domain.
    Platform {
        object: &'static str,
        action: &'static str,
    },
    /// An action inside the organisation named by the `{org}` path segment,
    /// decided by casbin in that organisation's domain.
    Organisation {
        object: &'static str,
        action: &'static str,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn public(method: &'static str, path: &'static str) -> Rule {
    Rule {
        method,
        path,
        access: Access::Public,
    }
}

const fn signed_in(method: &'static str, path: &'static str) -> Rule {
    Rule {
        method,
        path,
        access: Access::SignedIn,
    }
}

const fn platform(
    method: &'static str,
    path: &'static str,
    object: &'static str,
    action: &'static str,
) -> Rule {
    Rule {
        method,
        path,
        access: Access::Platform { object, action },
    }
}

const fn organisation(
    method: &'static str,
    path: &'static str,
    object: &'static str,
    action: &'static str,
) -> Rule {
    Rule {
        method,
        path,
        access: Access::Organisation { object, action },
    }
}

pub const RULES: &[Rule] = &[
    public("GET", "/api/v1/companies"),
    public("GET", "/api/v1/companies/{siret}"),
    platform(
        "GET",
        "/api/v1/companies/{siret}/correction",
        "company_corrections",
        "read",
    ),
    platform(
        "PUT",
        "/api/v1/companies/{siret}/correction",
        "company_corrections",
        "update",
    ),
    platform(
        "DELETE",
        "/api/v1/companies/{siret}/correction",
        "company_corrections",
        "update",
    ),
    public("GET", "/api/v1/jobs"),
    public("GET", "/api/v1/places"),
    public("GET", "/api/v1/openapi.json"),
    public("POST", "/api/v1/auth/sign_in"),
    signed_in("POST", "/api/v1/auth/sign_out"),
    signed_in("GET", "/api/v1/auth/me"),
    public("POST", "/api/v1/auth/password/forgot"),
    public("POST", "/api/v1/auth/password/reset"),
    public("POST", "/api/v1/auth/magic_link"),
    public("POST", "/api/v1/auth/magic_link/sign_in"),
    public("GET", "/api/v1/invitations/{token}"),
    public("POST", "/api/v1/invitations/{token}/accept"),
    signed_in("GET", "/api/v1/me/emails"),
    signed_in("PATCH", "/api/v1/me/emails"),
    platform("GET", "/api/v1/outbox", "outbox", "read"),
    platform("POST", "/api/v1/outbox/{id}/retry", "outbox", "retry"),
    platform("GET", "/api/v1/imports", "imports", "read"),
    platform("GET", "/api/v1/imports/{id}/report", "imports", "read"),
    signed_in("GET", "/api/v1/orgs"),
    platform("POST", "/api/v1/orgs", "organisations", "create"),
    platform("GET", "/api/v1/audit", "audit", "read"),
    organisation("GET", "/api/v1/orgs/{org}", "organisation", "read"),
    platform("PATCH", "/api/v1/orgs/{org}", "organisations", "update"),
    platform(
        "POST",
        "/api/v1/orgs/{org}/archive",
        "organisations",
        "archive",
    ),
    organisation("PUT", "/api/v1/orgs/{org}/settings", "settings", "update"),
    organisation("GET", "/api/v1/orgs/{org}/members", "members", "read"),
    organisation(
        "PATCH",
        "/api/v1/orgs/{org}/members/{user}",
        "members",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/members/{user}/deactivate",
        "members",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/members/{user}/reactivate",
        "members",
        "update",
    ),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/invitations",
        "invitations",
        "read",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/invitations",
        "invitations",
        "create",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/invitations/{invitation}/resend",
        "invitations",
        "update",
    ),
    organisation(
        "DELETE",
        "/api/v1/orgs/{org}/invitations/{invitation}",
        "invitations",
        "update",
    ),
    organisation("GET", "/api/v1/orgs/{org}/seekers", "seekers", "read"),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/transfer",
        "seekers",
        "transfer",
    ),
    organisation("GET", "/api/v1/orgs/{org}/audit", "audit", "read"),
    // A seeker's journey. A seeker reaches only their own record: the
    // handlers answer 404 for another seeker's.
    organisation(
        "GET",
        "/api/v1/orgs/{org}/seekers/{seeker}",
        "journey",
        "read",
    ),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/seekers/{seeker}/profile",
        "journey",
        "read",
    ),
    organisation(
        "PUT",
        "/api/v1/orgs/{org}/seekers/{seeker}/profile",
        "journey",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/profile/import",
        "journey",
        "update",
    ),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/seekers/{seeker}/shortlist",
        "journey",
        "read",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/keep",
        "journey",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/shortlist/{siret}/dismiss",
        "journey",
        "update",
    ),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/seekers/{seeker}/applications",
        "journey",
        "read",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/status",
        "journey",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/applications/{siret}/contacts",
        "journey",
        "update",
    ),
    organisation(
        "POST",
        "/api/v1/orgs/{org}/seekers/{seeker}/notes",
        "notes",
        "create",
    ),
    // Everything about a seeker as one file: a permission of its own, so
    // that a role can see a journey without downloading it in bulk.
    organisation(
        "GET",
        "/api/v1/orgs/{org}/seekers/{seeker}/export",
        "journey",
        "export",
    ),
    // The organisation's figures and exports.
    organisation("GET", "/api/v1/orgs/{org}/figures", "figures", "read"),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/exports/caseload.csv",
        "exports",
        "read",
    ),
    organisation(
        "GET",
        "/api/v1/orgs/{org}/exports/contacts.csv",
        "exports",
        "read",
    ),
];

/// The rule of a route, by method and route pattern.
#[must_use]
pub fn rule_for(method: &Method, path: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|rule| rule.method == method.as_str() && rule.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_rules_name_the_organisation_in_the_fifth_segment() {
        for rule in RULES {
            if matches!(rule.access, Access::Organisation { .. }) {
                assert!(rule.path.starts_with("/api/v1/orgs/{org}"), "{}", rule.path);
            }
        }
    }

    #[test]
    fn each_route_has_one_rule() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                RULES[i + 1..]
                    .iter()
                    .all(|other| (other.method, other.path) != (rule.method, rule.path)),
                "{} {} twice",
                rule.method,
                rule.path
            );
        }
    }
}
